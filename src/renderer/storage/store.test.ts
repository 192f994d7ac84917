import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { District, GridUnit } from '@core/model';
import { asGridCode } from '@core/model';
import { makeImportedMicroGrid, makeSmallDistrict } from '../../../test/fixtures/db/small-district';
import { type GridroomStore, openStore } from './index';
import { counts, recordChunks, storeError, storeOpener } from './test-support';

const stores = storeOpener('store-test');
const { openWithDb } = stores;
async function open(label: string): Promise<GridroomStore> {
  return stores.track(await openStore(stores.uniqueName(label)));
}
afterEach(() => {
  stores.closeAll();
  vi.restoreAllMocks();
});

describe('loadOrSeed', () => {
  it('seeds on first start only, and gives back exactly the district it was given', async () => {
    const store = await open('seed');
    expect(await store.loadDistrict()).toBeNull();
    const makeDemo = vi.fn(makeSmallDistrict);

    const first = await store.loadOrSeed(makeDemo);
    expect(first.seeded).toBe(true);
    expect(makeDemo).toHaveBeenCalledTimes(1);

    const second = await store.loadOrSeed(makeDemo);
    expect(second.seeded).toBe(false);
    expect(makeDemo).toHaveBeenCalledTimes(1);
    // Read back from IndexedDB, not the object passed in: same content, same array order.
    expect(second.district).toStrictEqual(makeSmallDistrict());
    expect(await store.loadDistrict()).toStrictEqual(makeSmallDistrict());
  });

  it('survives closing and reopening the database', async () => {
    const name = stores.uniqueName('reopen');
    const a = await openStore(name);
    await a.loadOrSeed(makeSmallDistrict);
    a.close();
    const b = await openStore(name);
    stores.track(b);
    expect(await b.loadDistrict()).toStrictEqual(makeSmallDistrict());
  });

  it('writes nothing when the seed transaction fails at its last table, and seeds on the next start', async () => {
    const { db, store } = openWithDb('seed-fail');
    const failPois = (): void => {
      throw new Error('injected failure writing pois');
    };
    db.pois.hook('creating', failPois);
    await expect(store.loadOrSeed(makeSmallDistrict)).rejects.toThrow('injected failure');
    expect(await counts(db)).toEqual({ meta: 0, grids: 0, buildings: 0, staff: 0, roads: 0, pois: 0, importLog: 0, allocationBatches: 0, incidents: 0, feeds: 0, trackChunks: 0, patrolVisits: 0, dailyReports: 0 });
    expect(await store.loadDistrict()).toBeNull();

    db.pois.hook('creating').unsubscribe(failPois);
    const retry = await store.loadOrSeed(makeSmallDistrict);
    expect(retry.seeded).toBe(true);
    expect(await store.loadDistrict()).toStrictEqual(makeSmallDistrict());
  });

  it('asks IndexedDB for strict durability on every write transaction', async () => {
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const store = await open('durability');
    await store.loadOrSeed(makeSmallDistrict);
    await store.importGrids([makeImportedMicroGrid(1)], { fileName: 'a.geojson' });
    await store.resetTo(makeSmallDistrict());
    await store.setSetting('k', 1);
    await store.appendPatrol([{ workerId: 's-7', lon: 113.605, lat: 34.745, t: 1 }], [], []);
    await store.prunePatrol(0);
    const writes = spy.mock.calls.filter(([, mode]) => mode === 'readwrite');
    expect(writes.length).toBeGreaterThanOrEqual(6);
    for (const [, , options] of writes) expect(options).toEqual({ durability: 'strict' });
  });

  it('writes large tables in chunks inside one transaction', async () => {
    const { db, store } = openWithDb('chunks');
    const big: District = makeSmallDistrict();
    for (let i = 0; i < 2500; i++) big.grids.push(makeImportedMicroGrid(i + 10));
    const chunkSizes: number[] = [];
    const putAll = db.grids.bulkPut.bind(db.grids);
    vi.spyOn(db.grids, 'bulkPut').mockImplementation((items, ...rest) => {
      chunkSizes.push(items.length);
      return putAll(items, ...(rest as []));
    });
    await store.loadOrSeed(() => big);
    expect(chunkSizes).toEqual([1000, 1000, 507]);
    expect(await store.loadDistrict()).toStrictEqual(big);
  });
});

describe('importGrids', () => {
  it('adds the units after the existing ones and logs the import', async () => {
    const { db, store } = openWithDb('import');
    await store.loadOrSeed(makeSmallDistrict);
    const added = [makeImportedMicroGrid(2), makeImportedMicroGrid(1)];
    const after = await store.importGrids(added, { fileName: 'new-grids.geojson' });

    expect(after.grids).toStrictEqual([...makeSmallDistrict().grids, ...added]);
    expect(await store.loadDistrict()).toStrictEqual(after);
    const log = await db.importLog.toArray();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ fileName: 'new-grids.geojson', codes: added.map((g) => g.code) });
    expect(Number.isNaN(Date.parse(log[0].at))).toBe(false);
  });

  it('rejects a batch with one existing code and writes nothing', async () => {
    const { db, store } = openWithDb('dup');
    await store.loadOrSeed(makeSmallDistrict);
    const before = await counts(db);
    const existing: GridUnit = { ...makeSmallDistrict().grids[4], name: '改名的微网格' };

    const err = await storeError(
      store.importGrids([makeImportedMicroGrid(1), existing, makeImportedMicroGrid(2)], { fileName: 'x.geojson' }),
      'duplicate_code',
    );
    expect(err.codes).toEqual([existing.code]);
    expect(await counts(db)).toEqual(before);
    // The existing unit was not overwritten either.
    expect(await store.loadDistrict()).toStrictEqual(makeSmallDistrict());
  });

  it('rejects a batch that repeats a code within itself', async () => {
    const { db, store } = openWithDb('dup-self');
    await store.loadOrSeed(makeSmallDistrict);
    const before = await counts(db);
    const err = await storeError(
      store.importGrids([makeImportedMicroGrid(3), makeImportedMicroGrid(3)], { fileName: 'y.geojson' }),
      'duplicate_code',
    );
    expect(err.codes).toEqual([makeImportedMicroGrid(3).code]);
    expect(await counts(db)).toEqual(before);
  });

  it('leaves the store untouched when a write fails after the first chunk was written', async () => {
    const { db, store } = openWithDb('midway');
    await store.loadOrSeed(makeSmallDistrict);
    const before = await counts(db);
    const batch = Array.from({ length: 1500 }, (_, i) => makeImportedMicroGrid(i + 10));
    const poison = batch[1200].code;
    db.grids.hook('creating', (_key, row) => {
      if (row.code === poison) throw new Error('injected failure in chunk 2');
    });
    const chunks = recordChunks(db.grids);

    await expect(store.importGrids(batch, { fileName: 'big.geojson' })).rejects.toThrow('injected failure');
    // The first chunk really was written inside the transaction before the failure...
    expect(chunks).toEqual(['1000 ok', '500 failed']);
    // ...and was rolled back with it.
    expect(await counts(db)).toEqual(before);
    expect(await store.loadDistrict()).toStrictEqual(makeSmallDistrict());
  });

  it('rolls the grids back when writing the log row fails', async () => {
    const { db, store } = openWithDb('log-fails');
    await store.loadOrSeed(makeSmallDistrict);
    const before = await counts(db);
    db.importLog.hook('creating', () => {
      throw new Error('injected failure writing the log');
    });
    await expect(
      store.importGrids([makeImportedMicroGrid(1)], { fileName: 'z.geojson' }),
    ).rejects.toThrow('injected failure');
    expect(await counts(db)).toEqual(before);
  });

  it('rolls back on a record IndexedDB cannot store (invalid value, not a hook)', async () => {
    const { db, store } = openWithDb('uncloneable');
    await store.loadOrSeed(makeSmallDistrict);
    const before = await counts(db);
    // A function cannot be structured-cloned: IndexedDB throws DataCloneError for that put.
    const bad = { ...makeImportedMicroGrid(2), name: (() => 'x') as unknown as string };
    await expect(
      store.importGrids([makeImportedMicroGrid(1), bad], { fileName: 'bad.geojson' }),
    ).rejects.toThrow();
    expect(await counts(db)).toEqual(before);
  });

  it('refuses to import before a district exists', async () => {
    const { db, store } = openWithDb('no-district');
    await storeError(store.importGrids([makeImportedMicroGrid(1)], { fileName: 'a.geojson' }), 'no_district');
    expect((await counts(db)).grids).toBe(0);
  });
});

describe('resetTo', () => {
  it('replaces imported grids, keeps settings, and keeps the import log', async () => {
    const { db, store } = openWithDb('reset');
    await store.loadOrSeed(makeSmallDistrict);
    await store.setSetting('ui.theme', 'dark');
    await store.importGrids([makeImportedMicroGrid(1)], { fileName: 'a.geojson' });

    const other: District = { ...makeSmallDistrict(), name: '另一个街道', seed: 7, grids: makeSmallDistrict().grids.slice(0, 3) };
    const result = await store.resetTo(other);
    expect(result).toStrictEqual(other);
    expect(await store.loadDistrict()).toStrictEqual(other);
    expect(await db.grids.get(asGridCode(makeImportedMicroGrid(1).code))).toBeUndefined();
    expect(await store.getSetting('ui.theme', (v) => (typeof v === 'string' ? v : null))).toBe('dark');
    expect(await db.importLog.count()).toBe(1);
  });

  it('keeps the old district when the reset fails halfway', async () => {
    const { db, store } = openWithDb('reset-fail');
    await store.loadOrSeed(makeSmallDistrict);
    await store.importGrids([makeImportedMicroGrid(1)], { fileName: 'a.geojson' });
    const before = await store.loadDistrict();
    db.roads.hook('creating', () => {
      throw new Error('injected failure writing roads');
    });
    await expect(store.resetTo({ ...makeSmallDistrict(), name: 'new' })).rejects.toThrow('injected failure');
    expect(await store.loadDistrict()).toStrictEqual(before);
  });
});

describe('settings', () => {
  const asTheme = (v: unknown): 'dark' | 'light' | null => (v === 'dark' || v === 'light' ? v : null);

  it('round-trips a value through parse', async () => {
    const store = await open('settings');
    expect(await store.getSetting('ui.theme', asTheme)).toBeNull();
    await store.setSetting('ui.theme', 'light');
    expect(await store.getSetting('ui.theme', asTheme)).toBe('light');
  });

  it('returns null for a stored value parse rejects, whether it returns null or throws', async () => {
    const store = await open('settings-bad');
    await store.setSetting('ui.theme', { legacy: 'blue' });
    expect(await store.getSetting('ui.theme', asTheme)).toBeNull();
    const throwing = (): never => {
      throw new Error('not a theme');
    };
    expect(await store.getSetting('ui.theme', throwing)).toBeNull();
  });

  it('keeps settings apart from the district header', async () => {
    const store = await open('settings-ns');
    await store.loadOrSeed(makeSmallDistrict);
    // A setting named like the header key must not touch the header.
    await store.setSetting('district', 'not a header');
    expect(await store.loadDistrict()).toStrictEqual(makeSmallDistrict());
    expect(await store.getSetting('district', (v) => (typeof v === 'string' ? v : null))).toBe('not a header');
  });
});

describe('openStore', () => {
  it('does not need navigator.storage (Node has none)', async () => {
    expect(typeof navigator === 'undefined' || navigator.storage === undefined).toBe(true);
    const store = await open('no-navigator');
    expect(await store.loadDistrict()).toBeNull();
  });
});
