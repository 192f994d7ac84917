/**
 * The Dexie database behind the store. Its schema is SCHEMA_HISTORY replayed in order, so an old
 * database upgrades step by step; a database written by a newer Gridroom is refused, never
 * opened and half-understood.
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type {
  AllocationBatchRow,
  BuildingRow,
  DailyReportRow,
  FeedRow,
  GridRow,
  IncidentRow,
  ImportLogRow,
  MetaRow,
  PatrolVisitRow,
  PoiRow,
  RoadRow,
  StaffRow,
  TrackChunkRow,
} from './rows';
import { CURRENT_SCHEMA_VERSION, SCHEMA_HISTORY, type SchemaVersion } from './schema-history';
import { StoreError } from './store-error';

/** The database name the app uses; tests pass their own. */
export const DEFAULT_DB_NAME = 'gridroom';

/**
 * Declares `history` on `db`, optionally only up to version `upTo` (what an older build of the
 * app declared). Must run before the database opens.
 */
export function applySchemaHistory(
  db: Dexie,
  history: readonly SchemaVersion[] = SCHEMA_HISTORY,
  upTo: number = Number.POSITIVE_INFINITY,
): void {
  for (const entry of history) {
    if (entry.version > upTo) break;
    const version = db.version(entry.version).stores(entry.stores);
    if (entry.upgrade) version.upgrade(entry.upgrade);
  }
}

/**
 * Dexie keeps `version × 10` in IndexedDB (and may add 1 when it patches an unversioned schema
 * change), so the Dexie version is the native one divided by 10, rounded down.
 */
export function dexieVersionOf(nativeVersion: number): number {
  return Math.floor(nativeVersion / 10);
}

function newerVersionError(found: number): StoreError {
  return new StoreError(
    'newer_version',
    `This database was written by a newer Gridroom (schema ${found}); this one reads up to schema ${CURRENT_SCHEMA_VERSION}. Update Gridroom to open it.`,
    { foundVersion: found, supportedVersion: CURRENT_SCHEMA_VERSION },
  );
}

/**
 * The Dexie version of the database `name` as installed, or null when it does not exist or the
 * browser cannot tell (`indexedDB.databases()` is missing in some engines). Looked up before
 * opening because Dexie 4 opens a newer database rather than failing, and may even patch its
 * schema to match ours.
 */
export async function installedSchemaVersion(name: string): Promise<number | null> {
  const factory: IDBFactory | undefined = globalThis.indexedDB;
  if (!factory || typeof factory.databases !== 'function') return null;
  try {
    const found = (await factory.databases()).find((info) => info.name === name);
    return found?.version ? dexieVersionOf(found.version) : null;
  } catch {
    return null;
  }
}

/** Throws StoreError 'newer_version' when `found` is above what this build knows. */
export function assertNotNewer(found: number | null): void {
  if (found !== null && found > CURRENT_SCHEMA_VERSION) throw newerVersionError(found);
}

/** Gridroom's IndexedDB database: tables typed by their row shapes. */
export class GridroomDb extends Dexie {
  declare meta: Table<MetaRow, string>;
  declare grids: Table<GridRow, string>;
  declare buildings: Table<BuildingRow, string>;
  declare staff: Table<StaffRow, string>;
  declare roads: Table<RoadRow, string>;
  declare pois: Table<PoiRow, string>;
  declare importLog: EntityTable<ImportLogRow, 'id'>;
  /** Since schema 2. */
  declare allocationBatches: Table<AllocationBatchRow, string>;
  /** Since schema 3. */
  declare incidents: Table<IncidentRow, string>;
  /** Since schema 3. */
  declare feeds: Table<FeedRow, string>;
  /** Since schema 4. */
  declare trackChunks: EntityTable<TrackChunkRow, 'id'>;
  /** Since schema 4; keyed by [workerId, buildingId, t]. */
  declare patrolVisits: Table<PatrolVisitRow, [string, string, number]>;
  /** Since schema 4; keyed by [gridCode, date, at, by]. */
  declare dailyReports: Table<DailyReportRow, [string, string, string, string]>;

  constructor(name: string = DEFAULT_DB_NAME) {
    // Chrome commits 'relaxed' by default since 121 (acknowledged before it reaches disk); the
    // district and imports must survive a crash or power cut, so every rw transaction is strict.
    super(name, { chromeTransactionDurability: 'strict' });
    applySchemaHistory(this);
    // Checked on every open, including Dexie's automatic reopen after another window upgraded
    // the database, which the pre-open lookup in openStore cannot see.
    this.on(
      'ready',
      (vipDb: Dexie) => {
        assertNotNewer(dexieVersionOf(vipDb.backendDB().version));
      },
      true,
    );
  }
}
