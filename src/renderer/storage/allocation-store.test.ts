import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asBuildingId, type Building, type District } from '@core/model';
import { makeSmallDistrict } from '../../../test/fixtures/db/small-district';
import { counts, recordChunks, storeError, storeOpener } from './test-support';

const stores = storeOpener('alloc-store-test');
const { openWithDb } = stores;
afterEach(() => {
  stores.closeAll();
  vi.restoreAllMocks();
});

/** `n` new buildings shaped like the district's first residential one, in its micro-grid. */
function newBuildings(n: number, prefix = 'nb'): Building[] {
  const template = makeSmallDistrict().buildings.find((b) => b.use === 'residential') ?? makeSmallDistrict().buildings[0];
  return Array.from({ length: n }, (_, i) => ({
    ...structuredClone(template),
    id: asBuildingId(`${prefix}-${i}`),
    name: `新楼${i}`,
    households: (i % 7) + 1,
    residents: (i % 7) * 3,
  }));
}

describe('commitAllocation / undoAllocation', () => {
  it('commits buildings after the existing ones, records the batch, and undo restores the district exactly', async () => {
    const { db, store } = openWithDb('commit-undo');
    const { district: before } = await store.loadOrSeed(makeSmallDistrict);
    const added = newBuildings(5);

    const { batchId, district } = await store.commitAllocation(added, { fileName: 'new.geojson' });
    expect(district.buildings).toStrictEqual([...before.buildings, ...added]);
    expect(await store.loadDistrict()).toStrictEqual(district);
    const batches = await store.listAllocationBatches();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({
      id: batchId,
      fileName: 'new.geojson',
      buildingIds: added.map((b) => b.id),
      counts: { buildings: 5, households: added.reduce((s, b) => s + b.households, 0), residents: added.reduce((s, b) => s + b.residents, 0) },
    });
    expect(batches[0].undoneAt).toBeUndefined();
    expect(Number.isNaN(Date.parse(batches[0].at))).toBe(false);

    const undone = await store.undoAllocation(batchId);
    expect(undone).toStrictEqual(before);
    expect(await store.loadDistrict()).toStrictEqual(makeSmallDistrict());
    expect((await db.buildings.count())).toBe(makeSmallDistrict().buildings.length);
    const [marked] = await store.listAllocationBatches();
    expect(marked.id).toBe(batchId);
    expect(typeof marked.undoneAt).toBe('string');
  });

  it('undoes exactly its own batch when two are committed', async () => {
    const { store } = openWithDb('two-batches');
    await store.loadOrSeed(makeSmallDistrict);
    const a = newBuildings(3, 'a');
    const b = newBuildings(4, 'bb');
    const first = await store.commitAllocation(a, { fileName: 'a.csv' });
    const second = await store.commitAllocation(b, { fileName: 'b.csv' });
    expect(second.district.buildings).toStrictEqual([...makeSmallDistrict().buildings, ...a, ...b]);

    const afterUndo = await store.undoAllocation(first.batchId);
    expect(afterUndo.buildings).toStrictEqual([...makeSmallDistrict().buildings, ...b]);
    expect(await store.undoAllocation(second.batchId)).toStrictEqual(makeSmallDistrict());
    expect((await store.listAllocationBatches()).map((x) => x.fileName)).toEqual(['a.csv', 'b.csv']);
  });

  it('undoing twice, or an unknown batch, is StoreError no_batch and changes nothing', async () => {
    const { db, store } = openWithDb('undo-twice');
    await store.loadOrSeed(makeSmallDistrict);
    const { batchId } = await store.commitAllocation(newBuildings(2), { fileName: 'x.geojson' });
    await store.undoAllocation(batchId);
    const before = await counts(db);
    const batchesBefore = await store.listAllocationBatches();

    const twice = await storeError(store.undoAllocation(batchId), 'no_batch');
    expect(twice.batchId).toBe(batchId);
    expect(twice.message).toMatch(/already undone/);
    const unknown = await storeError(store.undoAllocation('no-such-batch'), 'no_batch');
    expect(unknown.message).toMatch(/no allocation batch/);
    expect(await counts(db)).toEqual(before);
    expect(await store.listAllocationBatches()).toStrictEqual(batchesBefore);
  });

  it('rejects a batch with an existing id with duplicate_building and writes nothing', async () => {
    const { db, store } = openWithDb('dup');
    await store.loadOrSeed(makeSmallDistrict);
    const before = await counts(db);
    const existing = { ...makeSmallDistrict().buildings[1], name: '改名' };
    const err = await storeError(store.commitAllocation([...newBuildings(3), existing], { fileName: 'dup.geojson' }), 'duplicate_building');
    expect(err.ids).toEqual([existing.id]);
    expect(await counts(db)).toEqual(before);
    // The existing building was not overwritten either.
    expect(await store.loadDistrict()).toStrictEqual(makeSmallDistrict());
  });

  it('rejects a batch that repeats an id within itself', async () => {
    const { db, store } = openWithDb('dup-self');
    await store.loadOrSeed(makeSmallDistrict);
    const before = await counts(db);
    const [one] = newBuildings(1);
    const err = await storeError(store.commitAllocation([one, { ...one }], { fileName: 'rep.geojson' }), 'duplicate_building');
    expect(err.ids).toEqual([one.id]);
    expect(await counts(db)).toEqual(before);
  });

  it('refuses to commit before a district exists', async () => {
    const { db, store } = openWithDb('no-district');
    await storeError(store.commitAllocation(newBuildings(1), { fileName: 'a.geojson' }), 'no_district');
    expect((await counts(db)).buildings).toBe(0);
  });

  it('writes in chunks of 1,000 inside one strict transaction, and rolls all back when a later chunk fails', async () => {
    // Spied before the database opens (Dexie keeps its own reference afterwards).
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const { db, store } = openWithDb('midway');
    await store.loadOrSeed(makeSmallDistrict);
    const before = await counts(db);
    const batch = newBuildings(2500);
    const poison = batch[2100].id;
    db.buildings.hook('creating', (_key, row) => {
      if (row.id === poison) throw new Error('injected failure in chunk 3');
    });
    const chunks = recordChunks(db.buildings);
    const writesBefore = spy.mock.calls.filter(([, mode]) => mode === 'readwrite').length;

    await expect(store.commitAllocation(batch, { fileName: 'big.geojson' })).rejects.toThrow('injected failure');
    expect(chunks).toEqual(['1000 ok', '1000 ok', '500 failed']);
    // One readwrite transaction for the whole commit, strict.
    const writes = spy.mock.calls.filter(([, mode]) => mode === 'readwrite').slice(writesBefore);
    expect(writes).toHaveLength(1);
    expect(writes[0][2]).toEqual({ durability: 'strict' });
    expect(await counts(db)).toEqual(before);
    expect(await store.loadDistrict()).toStrictEqual(makeSmallDistrict());
  });

  it('rolls the buildings back when writing the batch record fails', async () => {
    const { db, store } = openWithDb('batch-fails');
    await store.loadOrSeed(makeSmallDistrict);
    const before = await counts(db);
    db.allocationBatches.hook('creating', () => {
      throw new Error('injected failure writing the batch');
    });
    await expect(store.commitAllocation(newBuildings(3), { fileName: 'z.geojson' })).rejects.toThrow('injected failure');
    expect(await counts(db)).toEqual(before);
  });

  it('undo is all or nothing: a failure marking the batch keeps its buildings', async () => {
    const { db, store } = openWithDb('undo-fails');
    await store.loadOrSeed(makeSmallDistrict);
    const { batchId, district } = await store.commitAllocation(newBuildings(1500), { fileName: 'u.geojson' });
    db.allocationBatches.hook('updating', () => {
      throw new Error('injected failure marking the batch');
    });
    await expect(store.undoAllocation(batchId)).rejects.toThrow('injected failure');
    expect(await store.loadDistrict()).toStrictEqual(district);
    expect((await store.listAllocationBatches())[0].undoneAt).toBeUndefined();
  });
});

describe('resetTo with allocation batches', () => {
  it('keeps working: replaces the district, clears its batches, keeps settings and the import log', async () => {
    const { db, store } = openWithDb('reset');
    await store.loadOrSeed(makeSmallDistrict);
    await store.setSetting('ui.theme', 'dark');
    const { batchId } = await store.commitAllocation(newBuildings(3), { fileName: 'r.geojson' });

    const other: District = { ...makeSmallDistrict(), name: '另一个街道' };
    expect(await store.resetTo(other)).toStrictEqual(other);
    expect(await store.loadDistrict()).toStrictEqual(other);
    expect(await store.listAllocationBatches()).toEqual([]);
    expect(await store.getSetting('ui.theme', (v) => v)).toBe('dark');
    // The batch belonged to the replaced district: it cannot be undone into the new one.
    await storeError(store.undoAllocation(batchId), 'no_batch');
    expect(await store.loadDistrict()).toStrictEqual(other);
    expect(await db.importLog.count()).toBe(0);

    // And allocation works again on the new district.
    const again = await store.commitAllocation(newBuildings(2, 'again'), { fileName: 'again.geojson' });
    expect(await store.undoAllocation(again.batchId)).toStrictEqual(other);
  });
});
