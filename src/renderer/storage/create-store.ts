/**
 * The GridroomStore over an open GridroomDb. Every operation that writes runs in one
 * transaction, so a crash or an error leaves the previous state, never half of the new one.
 */
import type { Building, District, GridCode, GridUnit } from '@core/model';
import type { GridroomDb } from './db';
import type { GridroomStore } from './index';
import {
  type AllocationBatchRow,
  DISTRICT_KEY,
  type DistrictHeaderRow,
  type DistrictRows,
  type MetaRow,
  SETTING_PREFIX,
  districtToRows,
  feedToRow,
  rowToFeed,
  rowsToDistrict,
  sortByReportedAt,
  withSeq,
} from './rows';
import { patrolStore } from './patrol-store';
import { StoreError, asStoreError } from './store-error';
import { deleteChunked, putChunked } from './write-chunks';

export { WRITE_CHUNK, deleteChunked, putChunked } from './write-chunks';

/** A batch id: a random UUID where the platform has one (browsers, Electron, Node 19+). */
function newBatchId(): string {
  const c: Crypto | undefined = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `batch-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function isHeader(row: MetaRow | undefined): row is DistrictHeaderRow {
  return row !== undefined && row.key === DISTRICT_KEY;
}

function repeatedCodes<T extends string = GridCode>(codes: readonly T[]): T[] {
  const seen = new Set<T>();
  const repeated = new Set<T>();
  for (const code of codes) {
    if (seen.has(code)) repeated.add(code);
    seen.add(code);
  }
  return [...repeated];
}

/** Rethrows our own errors as they are, unwrapped from Dexie's wrappers. */
function rethrow(err: unknown): never {
  throw asStoreError(err) ?? err;
}

/** Builds the store on `db` (open, or opened on first use). {@link openStore} is the usual way in. */
export function createStore(db: GridroomDb): GridroomStore {
  const dataTables = [db.grids, db.buildings, db.staff, db.roads, db.pois] as const;

  /** Reads the district; call inside a transaction covering meta and the data tables. */
  async function readDistrict(): Promise<District | null> {
    const header = await db.meta.get(DISTRICT_KEY);
    if (!isHeader(header)) return null;
    const [grids, buildings, staff, roads, pois] = await Promise.all([
      db.grids.toArray(),
      db.buildings.toArray(),
      db.staff.toArray(),
      db.roads.toArray(),
      db.pois.toArray(),
    ]);
    return rowsToDistrict({ header, grids, buildings, staff, roads, pois });
  }

  /**
   * Swaps the district for `rows`; settings and the import log stay. Allocation batches go: they
   * name buildings of the district being replaced. Call inside a rw transaction over
   * {@link replaceScope}.
   */
  async function replaceDistrict(rows: DistrictRows): Promise<void> {
    for (const table of dataTables) await table.clear();
    await db.allocationBatches.clear();
    await db.meta.put(rows.header);
    await putChunked(db.grids, rows.grids);
    await putChunked(db.buildings, rows.buildings);
    await putChunked(db.staff, rows.staff);
    await putChunked(db.roads, rows.roads);
    await putChunked(db.pois, rows.pois);
  }

  const replaceScope = [db.meta, ...dataTables, db.allocationBatches];
  /**
   * resetTo also clears the incidents, feed snapshots and patrol data: a reset is a fresh start,
   * and a new district may not have the workers, buildings and grids the old patrols name.
   */
  const patrolTables = [db.trackChunks, db.patrolVisits, db.dailyReports];
  const resetScope = [...replaceScope, db.incidents, db.feeds, ...patrolTables];
  const patrol = patrolStore(db);

  async function loadDistrict(): Promise<District | null> {
    // One read transaction, so a concurrent write is seen whole or not at all.
    return db.transaction('r', [db.meta, ...dataTables], readDistrict).catch(rethrow);
  }

  return {
    loadDistrict,

    async loadOrSeed(makeDemo) {
      const existing = await loadDistrict();
      if (existing) return { district: existing, seeded: false };
      // Generated outside the transaction: IndexedDB commits a transaction left idle, and a
      // generator may take a while.
      const demo = makeDemo();
      const rows = districtToRows(demo);
      return db
        .transaction('rw', replaceScope, async () => {
          // Another window may have seeded while we generated; its district wins.
          const raced = await readDistrict();
          if (raced) return { district: raced, seeded: false };
          await replaceDistrict(rows);
          return { district: demo, seeded: true };
        })
        .catch(rethrow);
    },

    async resetTo(demo) {
      const rows = districtToRows(demo);
      await db
        .transaction('rw', resetScope, async () => {
          await db.incidents.clear();
          await db.feeds.clear();
          for (const table of patrolTables) await table.clear();
          await replaceDistrict(rows);
        })
        .catch(rethrow);
      return demo;
    },

    async importGrids(grids, source) {
      const codes = grids.map((grid: GridUnit) => grid.code);
      await db
        .transaction('rw', [db.meta, db.grids, db.importLog], async () => {
          // meta is only read: grids without a district would be unreachable orphans.
          if (!isHeader(await db.meta.get(DISTRICT_KEY))) {
            throw new StoreError('no_district', 'There is no district to import grids into yet.');
          }
          if (codes.length === 0) return;
          const stored = await db.grids.bulkGet(codes);
          const taken = codes.filter((_, i) => stored[i] !== undefined);
          const duplicates = [...new Set([...taken, ...repeatedCodes(codes)])];
          if (duplicates.length > 0) {
            throw new StoreError(
              'duplicate_code',
              `${duplicates.length} grid code(s) already exist or repeat in ${source.fileName}: ${duplicates.slice(0, 10).join(', ')}`,
              { codes: duplicates },
            );
          }
          // Imported grids go after the existing ones, in file order.
          let next = 0;
          await db.grids.each((row) => {
            next = Math.max(next, row.seq + 1);
          });
          await putChunked(db.grids, withSeq(grids, next));
          await db.importLog.add({ at: new Date().toISOString(), fileName: source.fileName, codes });
        })
        .catch(rethrow);
      const district = await loadDistrict();
      if (!district) throw new StoreError('no_district', 'The district disappeared during the import.');
      return district;
    },

    async commitAllocation(buildings: readonly Building[], batch: { fileName: string }) {
      const ids = buildings.map((b) => b.id);
      const batchId = newBatchId();
      return db
        .transaction('rw', replaceScope, async () => {
          if (!isHeader(await db.meta.get(DISTRICT_KEY))) {
            throw new StoreError('no_district', 'There is no district to add buildings to yet.');
          }
          const stored = ids.length === 0 ? [] : await db.buildings.bulkGet(ids);
          const taken = ids.filter((_, i) => stored[i] !== undefined);
          const duplicates = [...new Set([...taken, ...repeatedCodes(ids)])];
          if (duplicates.length > 0) {
            throw new StoreError(
              'duplicate_building',
              `${duplicates.length} building id(s) already exist or repeat in ${batch.fileName}: ${duplicates.slice(0, 10).join(', ')}`,
              { ids: duplicates },
            );
          }
          // New buildings go after the existing ones, in the order given.
          let next = 0;
          await db.buildings.each((row) => {
            next = Math.max(next, row.seq + 1);
          });
          await putChunked(db.buildings, withSeq(buildings, next));
          const row: AllocationBatchRow = {
            id: batchId,
            at: new Date().toISOString(),
            fileName: batch.fileName,
            buildingIds: ids,
            counts: {
              buildings: buildings.length,
              households: buildings.reduce((sum, b) => sum + b.households, 0),
              residents: buildings.reduce((sum, b) => sum + b.residents, 0),
            },
          };
          // add, not put: a colliding id must fail the whole commit, never overwrite a batch.
          await db.allocationBatches.add(row);
          const district = await readDistrict();
          if (!district) throw new StoreError('no_district', 'The district disappeared during the commit.');
          return { batchId, district };
        })
        .catch(rethrow);
    },

    async undoAllocation(batchId) {
      return db
        .transaction('rw', replaceScope, async () => {
          const batch = await db.allocationBatches.get(batchId);
          if (!batch || batch.undoneAt !== undefined) {
            throw new StoreError(
              'no_batch',
              batch ? `Allocation batch ${batchId} was already undone (${batch.undoneAt}).` : `There is no allocation batch ${batchId}.`,
              { batchId },
            );
          }
          await deleteChunked(db.buildings, batch.buildingIds);
          await db.allocationBatches.put({ ...batch, undoneAt: new Date().toISOString() });
          const district = await readDistrict();
          if (!district) throw new StoreError('no_district', 'The district disappeared during the undo.');
          return district;
        })
        .catch(rethrow);
    },

    async listAllocationBatches() {
      return db.allocationBatches.orderBy('at').toArray();
    },

    async putIncidents(incidents, feed) {
      if (incidents.length === 0 && feed === undefined) return;
      // Converted before the transaction opens: IndexedDB commits a transaction left idle.
      const feedRow = feed === undefined ? null : feedToRow(feed);
      await db
        .transaction('rw', [db.incidents, db.feeds], async () => {
          // Order inside the transaction does not matter: if any chunk fails, the snapshot goes too.
          if (feedRow) await db.feeds.put(feedRow);
          await putChunked(db.incidents, incidents);
        })
        .catch(rethrow);
    },

    async loadIncidents() {
      const [incidentRows, feedRows] = await db
        .transaction('r', [db.incidents, db.feeds], () => Promise.all([db.incidents.toArray(), db.feeds.toArray()]))
        .catch(rethrow);
      // Read by primary key, not through the reportedAt index: a row whose reportedAt is not a
      // valid key would be missing from the index, and the index compares strings, not instants.
      return { incidents: sortByReportedAt(incidentRows), feeds: feedRows.map(rowToFeed) };
    },

    async appendPatrol(fixes, visits, reports) {
      await patrol.appendPatrol(fixes, visits, reports).catch(rethrow);
    },

    async loadPatrol(sinceMs) {
      return patrol.loadPatrol(sinceMs).catch(rethrow);
    },

    async prunePatrol(beforeMs) {
      return patrol.prunePatrol(beforeMs).catch(rethrow);
    },

    async getSetting<T>(key: string, parse: (value: unknown) => T | null): Promise<T | null> {
      const row = await db.meta.get(`${SETTING_PREFIX}${key}`);
      if (row === undefined || !('value' in row)) return null;
      try {
        // Settings outlive app versions: anything parse cannot vouch for is treated as unset.
        return parse(row.value) ?? null;
      } catch {
        return null;
      }
    },

    async setSetting(key, value) {
      await db.meta.put({ key: `${SETTING_PREFIX}${key}`, value });
    },

    close() {
      db.close();
    },
  };
}
