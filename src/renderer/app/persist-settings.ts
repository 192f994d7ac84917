/**
 * Writes the operator's settings back to the store whenever they change. Nothing is written until
 * the stored settings were read (`settingsLoaded`), or the defaults would overwrite them.
 */
import { SETTING_KEYS, parseStoredFeeds, type AppState } from '@core/state';
import type { GridroomStore } from '../storage';
import type { AppStore } from './app-store';

type SettingKey = keyof typeof SETTING_KEYS;

/** Where each stored setting lives in the state. */
const FIELDS: Readonly<Record<SettingKey, (s: AppState) => unknown>> = {
  language: (s) => s.language,
  basemap: (s) => s.basemap,
  visibleLevels: (s) => s.visibleLevels,
  choropleth: (s) => s.choropleth,
  feeds: (s) => s.feedConfigs,
  operator: (s) => s.operator,
};

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
    for (const key of Object.keys(FIELDS) as SettingKey[]) {
      const value = FIELDS[key](state);
      if (value !== FIELDS[key](previous)) store.setSetting(SETTING_KEYS[key], value).catch(onError);
    }
    previous = state;
  });
}

/**
 * Reads the configured feeds back and hands them to the state (as `settingsLoaded` with only
 * `feeds`). Separate from the other settings because feeds must be known only once the district
 * and the incidents are back, just before the connectors start. Unreadable: none.
 */
export async function loadFeedSettings(appStore: AppStore, store: GridroomStore): Promise<void> {
  let feeds: ReturnType<typeof parseStoredFeeds> = null;
  try {
    feeds = await store.getSetting(SETTING_KEYS.feeds, parseStoredFeeds);
  } catch {
    // A broken setting must never stop the app: no configured feeds then.
  }
  if (feeds && feeds.length > 0) appStore.dispatch({ type: 'settingsLoaded', settings: { feeds } });
}
