/**
 * Connects the app store to `window.__gridroom` (see ../test-hooks.ts): `getState` reads the
 * current state, `feed` delivers a batch of raw feed messages (tests, benchmarks), and `ready` turns true once the district is loaded and the map said
 * 'gridroom:map-ready'.
 */
import { testHooks } from '../test-hooks';
import type { AppStore } from './app-store';

/** The window event the map dispatches after its first render with grids. */
export const MAP_READY_EVENT = 'gridroom:map-ready';

/** Installs the hooks and the map-ready listener; returns the function that removes them. */
export function watchMapReady(appStore: AppStore): () => void {
  const hooks = testHooks();
  hooks.getState = () => appStore.getState();
  hooks.feed = (batch) => appStore.dispatch({ type: 'feedBatchReceived', batch: [...batch] });
  const onMapReady = (): void => appStore.dispatch({ type: 'mapReady' });
  const update = (): void => {
    const state = appStore.getState();
    const ready = state.mapReady && state.district !== null && state.phase === 'ready';
    if (hooks.ready !== ready) hooks.ready = ready;
  };
  window.addEventListener(MAP_READY_EVENT, onMapReady);
  const unsubscribe = appStore.subscribe(update);
  update();
  return () => {
    window.removeEventListener(MAP_READY_EVENT, onMapReady);
    unsubscribe();
    hooks.feed = null;
  };
}
