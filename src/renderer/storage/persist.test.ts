import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as StorageModule from './index';

/** persist.ts remembers its one request per page; each test gets a fresh module to count calls. */
async function freshStorageModule(): Promise<typeof StorageModule> {
  vi.resetModules();
  return import('./index');
}

let counter = 0;
const uniqueName = (): string => `persist-test-${++counter}-${Date.now()}`;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('navigator.storage.persist', () => {
  it('is asked once, however many stores open', async () => {
    const persist = vi.fn(() => Promise.resolve(true));
    vi.stubGlobal('navigator', { storage: { persist } });
    const { openStore } = await freshStorageModule();
    const a = await openStore(uniqueName());
    const b = await openStore(uniqueName());
    a.close();
    b.close();
    expect(persist).toHaveBeenCalledTimes(1);
  });

  it('never fails the open, whether it rejects or throws', async () => {
    const rejecting = vi.fn(() => Promise.reject(new Error('denied')));
    vi.stubGlobal('navigator', { storage: { persist: rejecting } });
    let mod = await freshStorageModule();
    const a = await mod.openStore(uniqueName());
    expect(await a.loadDistrict()).toBeNull();
    expect(await mod.requestPersistentStorage()).toBeNull();
    a.close();
    expect(rejecting).toHaveBeenCalledTimes(1);

    const throwing = vi.fn((): Promise<boolean> => {
      throw new Error('SecurityError');
    });
    vi.stubGlobal('navigator', { storage: { persist: throwing } });
    mod = await freshStorageModule();
    const b = await mod.openStore(uniqueName());
    b.close();
    expect(throwing).toHaveBeenCalledTimes(1);
  });

  it('is skipped where the API is missing', async () => {
    vi.stubGlobal('navigator', {});
    const { openStore, requestPersistentStorage } = await freshStorageModule();
    const store = await openStore(uniqueName());
    store.close();
    expect(await requestPersistentStorage()).toBeNull();
  });
});
