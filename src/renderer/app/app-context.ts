/**
 * React access to the app store and the platform services (local store, bridge). Components read
 * slices of state with `useAppState` and change it only by dispatching.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AppState } from '@core/state';
import type { GridroomBridge } from '@shared/bridge';
import type { GridroomStore } from '../storage';
import type { AppStore, Dispatch } from './app-store';

export interface AppServices {
  appStore: AppStore;
  /** Null until the local database is open. */
  store: GridroomStore | null;
  bridge: GridroomBridge;
}

export const AppServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) throw new Error('useServices outside AppServicesContext');
  return services;
}

/**
 * A slice of the state; the component re-renders when the slice changes (by identity). Select
 * stable references (state fields), not freshly built objects, or it re-renders on every action.
 */
export function useAppState<T>(select: (state: AppState) => T): T {
  const { appStore } = useServices();
  return useSyncExternalStore(
    appStore.subscribe,
    () => select(appStore.getState()),
    () => select(appStore.getState()),
  );
}

export function useDispatch(): Dispatch {
  return useServices().appStore.dispatch;
}
