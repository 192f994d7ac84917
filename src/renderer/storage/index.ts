/**
 * The renderer's local store (Dexie over IndexedDB): the district, imported grids, settings,
 * allocation batches, incidents, the feeds' ingest state and the patrol data (tracks, visits,
 * daily reports).
 * Open it with {@link openStore}; everything else here is for tests, fixtures and tooling.
 */
import type { Incident } from '@core/incidents';
import type { Building, District, GridUnit } from '@core/model';
import type { DailyReport, ReportedVisit, RestoredPatrol, TrackFix } from '@core/patrol';
import { createStore } from './create-store';
import type { AllocationBatchRow, StoredFeed } from './rows';
import { DEFAULT_DB_NAME, GridroomDb, assertNotNewer, installedSchemaVersion } from './db';
import type { PatrolPruneCounts } from './patrol-store';
import { requestPersistentStorage } from './persist';
import { StoreError, asStoreError } from './store-error';

export interface GridroomStore {
  /** The stored district, or null before first start. */
  loadDistrict(): Promise<District | null>;
  /** Loads the district; on first start generates it with `makeDemo` and writes it in one transaction. */
  loadOrSeed(makeDemo: () => District): Promise<{ district: District; seeded: boolean }>;
  /**
   * A fresh start: replaces the district (grids, buildings, staff, roads, pois) with `demo` and
   * clears allocation batches, incidents and feed snapshots, all in one transaction. Settings and
   * the import log stay. After a reset a feed has no resume point: it reconnects without `since`.
   */
  resetTo(demo: District): Promise<District>;
  /**
   * Adds new grid units in one transaction. Rejects (and writes nothing) if any code already
   * exists. Returns the district as stored afterwards.
   */
  importGrids(grids: readonly GridUnit[], source: { fileName: string }): Promise<District>;
  /** A stored setting, passed through `parse` (untrusted: it may be from an older version). */
  getSetting<T>(key: string, parse: (value: unknown) => T | null): Promise<T | null>;
  setSetting(key: string, value: unknown): Promise<void>;
  /**
   * Adds allocated buildings (their gridCode already set) and a batch record, in one strict
   * transaction written in chunks. Rejects with StoreError 'duplicate_building' (writing nothing)
   * if any id exists or repeats, 'no_district' before a district exists. Returns the batch id
   * (for undoAllocation) and the district as stored afterwards.
   */
  commitAllocation(buildings: readonly Building[], batch: { fileName: string }): Promise<{ batchId: string; district: District }>;
  /**
   * Removes exactly the buildings batch `batchId` added and marks the batch undone, in one
   * transaction. Rejects with StoreError 'no_batch' for an unknown or already undone batch
   * (nothing changes). Returns the district as stored afterwards.
   */
  undoAllocation(batchId: string): Promise<District>;
  /** Every allocation batch since the last reset, oldest first; undone ones carry `undoneAt`. */
  listAllocationBatches(): Promise<AllocationBatchRow[]>;
  /**
   * Writes (inserts or replaces, by id) `incidents` and, when given, the ingest state of the feed
   * they came from, in one strict transaction written in chunks: a crash never leaves a feed's
   * resume point ahead of the incidents it covers (nor the incidents without it). Rejects, writing
   * nothing, if any row cannot be stored. The caller decides what wins: an incident is stored as
   * given, even if its version is below the stored one (workflow edits keep the feed version).
   * An empty list with no feed does nothing; an empty list with a feed saves the feed alone.
   */
  putIncidents(incidents: readonly Incident[], feed?: StoredFeed): Promise<void>;
  /**
   * Every stored incident, oldest reportedAt first (by instant, so offsets may differ; ties by
   * id), and every feed's ingest state (by feed id), read in one transaction so they match.
   * @throws StoreError 'corrupt_data' when a stored feed snapshot is not one.
   */
  loadIncidents(): Promise<{ incidents: Incident[]; feeds: StoredFeed[] }>;
  /**
   * Adds patrol data in one strict transaction, written in chunks: `fixes` go onto their workers'
   * stored tracks (a fix at or before the worker's newest stored fix is dropped: tracks only grow
   * forward), visits and reports are put by their keys (worker+building+time, grid+day+time+sender),
   * so one delivered twice is stored once. Rejects, writing nothing, if any row cannot be stored.
   * Nothing given does nothing.
   */
  appendPatrol(fixes: readonly TrackFix[], visits: readonly ReportedVisit[], reports: readonly DailyReport[]): Promise<void>;
  /**
   * The stored fixes, visits and reports at or after `sinceMs` (epoch ms), read in one
   * transaction: fixes grouped by worker (workers by id), each worker's in time order; visits by
   * time; reports by the instant they were sent. What core's patrolRestored takes.
   */
  loadPatrol(sinceMs: number): Promise<RestoredPatrol>;
  /**
   * Deletes patrol data before `beforeMs` (epoch ms; callers pass now − PATROL_RETENTION_MS), in
   * one transaction: visits and reports before it, and track chunks whose last fix is before it (a
   * chunk reaching past the cut stays whole). Returns the rows deleted per table.
   */
  prunePatrol(beforeMs: number): Promise<PatrolPruneCounts>;
  close(): void;
}

/**
 * Opens (creating or upgrading as needed) the database `dbName` and returns the store.
 * @throws StoreError 'newer_version' when a newer Gridroom wrote the database (it is left as it
 *   is), 'open_failed' when IndexedDB refuses for another reason.
 */
export async function openStore(dbName: string = DEFAULT_DB_NAME): Promise<GridroomStore> {
  assertNotNewer(await installedSchemaVersion(dbName));
  const db = new GridroomDb(dbName);
  try {
    await db.open();
  } catch (err) {
    db.close();
    const known = asStoreError(err);
    if (known) throw known;
    throw new StoreError('open_failed', `Could not open the local database "${dbName}".`, { cause: err });
  }
  // Not awaited: persistence is best effort and may wait on a permission prompt.
  void requestPersistentStorage();
  return createStore(db);
}

export { StoreError, asStoreError, type StoreErrorCode, type StoreErrorDetails } from './store-error';
export {
  DISTRICT_FORMAT_VERSION,
  DISTRICT_KEY,
  SETTING_PREFIX,
  districtToRows,
  rowsToDistrict,
  type AllocationBatchCounts,
  type AllocationBatchRow,
  type BuildingRow,
  type DailyReportRow,
  type DistrictHeaderRow,
  type DistrictRows,
  type FeedRow,
  type GridRow,
  type IncidentRow,
  type ImportLogRow,
  type MetaRow,
  type Ordered,
  type PatrolVisitRow,
  type PoiRow,
  type RoadRow,
  type SettingRow,
  type StaffRow,
  type StoredFeed,
  type TrackChunkRow,
  feedToRow,
  reportToRow,
  rowToReport,
  rowToFeed,
  sortByReportedAt,
} from './rows';
export { CURRENT_SCHEMA_VERSION, SCHEMA_HISTORY, type SchemaVersion } from './schema-history';
export { DEFAULT_DB_NAME, GridroomDb, applySchemaHistory } from './db';
export { WRITE_CHUNK, createStore, deleteChunked, putChunked } from './create-store';
export { requestPersistentStorage } from './persist';
export {
  PATROL_CHUNK_FIXES,
  PATROL_CHUNK_SPAN_MS,
  PATROL_RESTORE_MS,
  PATROL_RETENTION_MS,
  TRACK_CHUNKS_PER_PUT,
  chunkRows,
  chunksToFixes,
  groupFixes,
  type PatrolPruneCounts,
} from './patrol-store';
