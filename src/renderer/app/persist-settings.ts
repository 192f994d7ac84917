/**
 * Writes the operator's settings back to the store whenever they change. Nothing is written until
 * the stored settings were read (`settingsLoaded`), or the defaults would overwrite them.
 */
import { SETTING_KEYS, type AppState } from '@core/state';
import type { GridroomStore } from '../storage';
import type { AppStore } from './app-store';

type PersistedField = keyof typeof SETTING_KEYS;
const FIELDS: readonly PersistedField[] = ['language', 'basemap', 'visibleLevels', 'choropleth'];

/** Starts watching; returns the function that stops it. Write failures go to `onError`. */
export function persistSettings(
  appStore: AppStore,
  store: GridroomStore,
  onError: (err: unknown) => void = () => undefined,
): () => void {
  let previous: AppState | null = appStore.getState().settingsLoaded ? appStore.getState() : null;
  return appStore.subscribe(() => {
    const state = appStore.getState();
    if (!state.settingsLoaded) return;
    if (previous === null) {
      previous = state;
      return;
    }
    for (const field of FIELDS) {
      if (state[field] !== previous[field]) {
        store.setSetting(SETTING_KEYS[field], state[field]).catch(onError);
      }
    }
    previous = state;
  });
}
