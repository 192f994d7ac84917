/**
 * A minimal external store around the pure reducer of @core/state. Not React's useReducer: the
 * reducer runs exactly once per action (StrictMode would run it twice, and import validation is
 * not free), and the test hooks and async commands can read the current state at any time.
 */
import { appReducer, initialAppState, type AppAction, type AppState } from '@core/state';

export type Dispatch = (action: AppAction) => void;

export interface AppStore {
  getState(): AppState;
  dispatch: Dispatch;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export function createAppStore(initial: AppState = initialAppState()): AppStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = appReducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
