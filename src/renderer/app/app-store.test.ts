import { describe, expect, it, vi } from 'vitest';
import type { District, GridUnit } from '@core/model';
import type { GridroomStore } from '../storage';
import { createAppStore } from './app-store';
import { persistSettings } from './persist-settings';

describe('createAppStore', () => {
  it('runs the reducer once per action and notifies only on change', () => {
    const store = createAppStore();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.dispatch({ type: 'languageChanged', language: 'en' });
    expect(store.getState().language).toBe('en');
    expect(listener).toHaveBeenCalledTimes(1);
    // Same language again: the updater returns the same state, nobody is woken.
    store.dispatch({ type: 'languageChanged', language: 'en' });
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    store.dispatch({ type: 'languageToggled' });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

function fakeStore(): GridroomStore & { writes: [string, unknown][] } {
  const writes: [string, unknown][] = [];
  const never = (): Promise<never> => Promise.reject(new Error('not used'));
  return {
    writes,
    loadDistrict: never,
    loadOrSeed: never,
    resetTo: (d: District) => Promise.resolve(d),
    importGrids: (_g: readonly GridUnit[]) => never(),
    commitAllocation: never,
    undoAllocation: never,
    listAllocationBatches: never,
    putIncidents: never,
    loadIncidents: never,
    appendPatrol: never,
    loadPatrol: never,
    prunePatrol: never,
    getSetting: () => Promise.resolve(null),
    setSetting: (key: string, value: unknown) => {
      writes.push([key, value]);
      return Promise.resolve();
    },
    close: () => undefined,
  };
}

describe('persistSettings', () => {
  it('writes nothing before the stored settings were read, then each changed setting once', () => {
    const appStore = createAppStore();
    const store = fakeStore();
    const stop = persistSettings(appStore, store);
    appStore.dispatch({ type: 'languageChanged', language: 'en' });
    expect(store.writes).toEqual([]);
    appStore.dispatch({ type: 'settingsLoaded', settings: { language: 'zh' } });
    expect(store.writes).toEqual([]);
    appStore.dispatch({ type: 'levelToggled', level: 4 });
    appStore.dispatch({ type: 'choroplethChanged', mode: 'population' });
    appStore.dispatch({ type: 'languageToggled' });
    appStore.dispatch({ type: 'basemapChanged', config: { kind: 'none' } });
    appStore.dispatch({ type: 'gridHovered', code: null });
    expect(store.writes.map(([k]) => k)).toEqual(['visibleLevels', 'choropleth', 'language', 'basemap']);
    expect(store.writes[0][1]).toEqual({ 1: true, 2: true, 3: true, 4: false });
    stop();
    appStore.dispatch({ type: 'languageToggled' });
    expect(store.writes).toHaveLength(4);
  });
});
