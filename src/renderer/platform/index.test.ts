import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GridroomBridge } from '@shared/bridge';
import pkg from '../../../package.json';

const preloadBridge: GridroomBridge = {
  platform: 'electron',
  openTextFile: async () => null,
  saveTextFile: async () => ({ saved: false }),
  getAppInfo: async () => ({ name: 'Gridroom', version: '9.9.9', platform: 'electron' }),
  onMenuCommand: () => () => undefined,
};

/** A fresh copy of the module each time: getBridge memoises per page. */
async function freshGetBridge() {
  vi.resetModules();
  return (await import('./index')).getBridge;
}

afterEach(() => vi.unstubAllGlobals());

describe('getBridge', () => {
  it('returns the preload bridge when Electron exposed one, every time', async () => {
    vi.stubGlobal('window', { gridroom: preloadBridge });
    const getBridge = await freshGetBridge();
    expect(getBridge()).toBe(preloadBridge);
    expect(getBridge()).toBe(getBridge());
  });

  it('falls back to the browser adapter, memoised', async () => {
    vi.stubGlobal('window', {});
    const getBridge = await freshGetBridge();
    const bridge = getBridge();
    expect(bridge.platform).toBe('browser');
    expect(getBridge()).toBe(bridge);
    expect(Object.keys(bridge).sort()).toEqual(['getAppInfo', 'onMenuCommand', 'openTextFile', 'platform', 'saveTextFile']);
    await expect(bridge.getAppInfo()).resolves.toEqual({ name: 'Gridroom', version: pkg.version, platform: 'browser' });
    const unsubscribe = bridge.onMenuCommand(() => {
      throw new Error('a browser has no native menu');
    });
    expect(unsubscribe()).toBeUndefined();
  });
});
