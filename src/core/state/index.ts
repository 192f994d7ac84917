/**
 * The app state of the operator window: its shape, the actions, the named pure updaters, search
 * and read-only views. No React here; the renderer wraps it in a store.
 */
export * from './app-state';
export * from './actions';
export * from './reducer';
export * from './search';
export * from './selectors';
export * from './settings';
export * from './basemap-form';
export * from './allocation-wizard';
export * from './incidents-state';
export * from './patrol-view';
