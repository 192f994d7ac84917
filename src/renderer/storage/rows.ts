/**
 * The District as table rows, and back. Pure: no Dexie, no IndexedDB, so the round trip can be
 * checked without a database and other code (export, fixtures) can reuse the row shapes.
 *
 * Each entity row carries `seq`, its position in the District's array: IndexedDB hands rows back
 * in key order, and the lists the UI shows (and deep equality in tests) follow the order the
 * generator or importer produced, not the lexical order of codes.
 */
import type {
  Building,
  BuildingId,
  District,
  GridCode,
  GridUnit,
  LngLat,
  Poi,
  Road,
  Staff,
} from '@core/model';
import {
  type FeedIngestSnapshot,
  type FeedIngestState,
  fromIngestSnapshot,
  parseFeedTime,
  toIngestSnapshot,
} from '@core/feed';
import type { Incident } from '@core/incidents';
import type { DailyReport, ReportedVisit } from '@core/patrol';
import { StoreError } from './store-error';

/** Meta key of the district header row. */
export const DISTRICT_KEY = 'district';
/** Meta keys of settings are this prefix plus the setting's key. */
export const SETTING_PREFIX = 'setting:';
/** The District formatVersion this build reads and writes. */
export const DISTRICT_FORMAT_VERSION = 1;

/** The District's scalar fields, stored as one meta row. */
export interface DistrictHeaderRow {
  key: typeof DISTRICT_KEY;
  formatVersion: District['formatVersion'];
  seed: number | null;
  region: string;
  name: string;
  center: LngLat;
}

/** A setting, stored raw; readers validate it (it may come from an older version). */
export interface SettingRow {
  key: `${typeof SETTING_PREFIX}${string}`;
  value: unknown;
}

export type MetaRow = DistrictHeaderRow | SettingRow;

/** An entity plus its position in the District's array. */
export type Ordered<T> = T & { seq: number };
export type GridRow = Ordered<GridUnit>;
export type BuildingRow = Ordered<Building>;
export type StaffRow = Ordered<Staff>;
export type RoadRow = Ordered<Road>;
export type PoiRow = Ordered<Poi>;

/** One grid import, kept as an audit trail (it survives resetTo). */
export interface ImportLogRow {
  /** Auto-incremented by IndexedDB. */
  id: number;
  /** ISO 8601 time of the import. */
  at: string;
  fileName: string;
  codes: GridCode[];
}

/**
 * One committed allocation of new buildings (schema 2), so it can be undone as a whole. Kept,
 * marked with `undoneAt`, after an undo; cleared with the district by resetTo.
 */
export interface AllocationBatchRow {
  /** A random UUID. */
  id: string;
  /** ISO 8601 time of the commit. */
  at: string;
  /** The file the buildings came from, as the planner chose it. */
  fileName: string;
  /** The buildings this batch added, in commit order. */
  buildingIds: BuildingId[];
  counts: AllocationBatchCounts;
  /** ISO 8601 time of the undo; absent while the batch stands. */
  undoneAt?: string;
}

/** Totals of a batch's buildings. */
export interface AllocationBatchCounts {
  buildings: number;
  households: number;
  residents: number;
}

/**
 * One incident (schema 3): the core Incident exactly as the workflow left it, history included,
 * keyed by its id. Plain JSON-safe data, so it needs no conversion either way.
 */
export type IncidentRow = Incident;

/**
 * One feed's ingest state (schema 3), as `toIngestSnapshot` makes it: the resume seq and the
 * dedupe maps as entry lists. Written in the same transaction as the incidents it covers.
 */
export interface FeedRow {
  /** The feed's id (the caller's choice, e.g. its configured name or URL). */
  id: string;
  snapshot: FeedIngestSnapshot;
}

/** A feed's id and its ingest state, as putIncidents takes it and loadIncidents returns it. */
export interface StoredFeed {
  id: string;
  ingest: FeedIngestState;
}

/** The row that stores `feed`. Inverse of {@link rowToFeed}. */
export function feedToRow(feed: StoredFeed): FeedRow {
  return { id: feed.id, snapshot: toIngestSnapshot(feed.ingest) };
}

const isEntryList = (value: unknown): boolean =>
  Array.isArray(value) &&
  value.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && typeof e[1] === 'number');

/** Whether `value` has the shape of a FeedIngestSnapshot (the parts fromIngestSnapshot relies on). */
function isIngestSnapshot(value: unknown): value is FeedIngestSnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<Record<keyof FeedIngestSnapshot, unknown>>;
  return (
    typeof s.lastSeq === 'number' &&
    isEntryList(s.incidentVersions) &&
    isEntryList(s.workerFixes) &&
    (s.patrolKeys === undefined || isEntryList(s.patrolKeys)) &&
    Array.isArray(s.rejected) &&
    typeof s.counts === 'object' &&
    s.counts !== null &&
    (s.lastMessageAt === null || typeof s.lastMessageAt === 'string')
  );
}

/**
 * The feed a row stores. Inverse of {@link feedToRow}.
 * @throws StoreError 'corrupt_data' when the row does not hold an ingest snapshot.
 */
export function rowToFeed(row: FeedRow): StoredFeed {
  if (typeof row.id !== 'string' || !isIngestSnapshot(row.snapshot)) {
    throw new StoreError('corrupt_data', `The stored state of feed ${String(row.id)} is not readable.`);
  }
  return { id: row.id, ingest: fromIngestSnapshot(row.snapshot) };
}

/**
 * Incidents sorted by the instant of reportedAt (ISO times with different offsets compare right),
 * then by id; a time that cannot be read sorts last. Returns a new array.
 */
export function sortByReportedAt<T extends Pick<IncidentRow, 'id' | 'reportedAt'>>(rows: readonly T[]): T[] {
  const keyed = rows.map((row) => ({ row, ms: parseFeedTime(row.reportedAt) ?? Number.POSITIVE_INFINITY }));
  keyed.sort((a, b) => a.ms - b.ms || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0));
  return keyed.map(({ row }) => row);
}

/**
 * Up to PATROL_CHUNK_FIXES consecutive fixes of one worker's track (schema 4), as parallel plain
 * number arrays: one row per fix would be 1.44 million rows for 500 workers over 8 hours, and
 * plain arrays (rather than Float64Array) survive every IndexedDB engine, fake-indexeddb and the
 * JSON fixtures alike. `t` is strictly increasing within a row, and a worker's rows do not
 * overlap in time: each starts after the previous one's endT.
 */
export interface TrackChunkRow {
  /** Auto-numbered by IndexedDB; absent before the first write. */
  id?: number;
  workerId: string;
  /** Epoch ms of the first and last fix. */
  startT: number;
  endT: number;
  /** WGS-84 degrees. */
  lon: number[];
  lat: number[];
  /** Epoch ms. */
  t: number[];
}

/** An explicit visit (schema 4): the core ReportedVisit as is, keyed by worker, building and time. */
export type PatrolVisitRow = ReportedVisit;

/** A daily report (schema 4): the core DailyReport plus the instant it was sent, for range reads. */
export type DailyReportRow = DailyReport & {
  /** Epoch ms of `at`; 0 when `at` is not a time (the row is then pruned at once, never loaded). */
  atMs: number;
};

/** The row that stores `report`. Inverse of {@link rowToReport}. */
export function reportToRow(report: DailyReport): DailyReportRow {
  return { ...report, atMs: parseFeedTime(report.at) ?? 0 };
}

/** The report a row stores, without `atMs`. Inverse of {@link reportToRow}. */
export function rowToReport(row: DailyReportRow): DailyReport {
  const report: Partial<DailyReportRow> = { ...row };
  delete report.atMs;
  return report as DailyReport;
}

/** Everything a District is made of, table by table. */
export interface DistrictRows {
  header: DistrictHeaderRow;
  grids: GridRow[];
  buildings: BuildingRow[];
  staff: StaffRow[];
  roads: RoadRow[];
  pois: PoiRow[];
}

/** Tags each item with its index, starting at `from`. */
export function withSeq<T extends object>(items: readonly T[], from = 0): Ordered<T>[] {
  return items.map((item, i) => ({ ...item, seq: from + i }));
}

/** Sorts rows back into array order and drops `seq`. */
function withoutSeq<T extends object>(rows: readonly Ordered<T>[]): T[] {
  return [...rows]
    .sort((a, b) => a.seq - b.seq)
    .map((row) => {
      const copy: Partial<Ordered<T>> = { ...row };
      delete copy.seq;
      // `seq` was the only field added to T, so what is left is T again.
      return copy as T;
    });
}

/** Splits a District into the rows of each table. Inverse of {@link rowsToDistrict}. */
export function districtToRows(district: District): DistrictRows {
  return {
    header: {
      key: DISTRICT_KEY,
      formatVersion: district.formatVersion,
      seed: district.seed,
      region: district.region,
      name: district.name,
      center: district.center,
    },
    grids: withSeq(district.grids),
    buildings: withSeq(district.buildings),
    staff: withSeq(district.staff),
    roads: withSeq(district.roads),
    pois: withSeq(district.pois),
  };
}

/**
 * Assembles a District from table rows, in any row order. Inverse of {@link districtToRows}.
 * @throws StoreError 'newer_version' when the header's formatVersion is above what this build
 *   reads, 'corrupt_data' when the header is not a District header at all.
 */
export function rowsToDistrict(rows: DistrictRows): District {
  const { header } = rows;
  const formatVersion: unknown = header.formatVersion;
  if (typeof formatVersion === 'number' && formatVersion > DISTRICT_FORMAT_VERSION) {
    throw new StoreError(
      'newer_version',
      `The stored district has format ${formatVersion}; this Gridroom reads up to ${DISTRICT_FORMAT_VERSION}.`,
      { foundVersion: formatVersion, supportedVersion: DISTRICT_FORMAT_VERSION },
    );
  }
  if (formatVersion !== DISTRICT_FORMAT_VERSION || header.key !== DISTRICT_KEY) {
    throw new StoreError('corrupt_data', `The stored district header is not readable (format ${String(formatVersion)}).`);
  }
  return {
    formatVersion: header.formatVersion,
    seed: header.seed,
    region: header.region,
    name: header.name,
    center: header.center,
    grids: withoutSeq(rows.grids),
    buildings: withoutSeq(rows.buildings),
    staff: withoutSeq(rows.staff),
    roads: withoutSeq(rows.roads),
    pois: withoutSeq(rows.pois),
  };
}
