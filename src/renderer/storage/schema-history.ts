/**
 * Every IndexedDB schema version Gridroom has ever shipped, oldest first. The database class
 * declares them all, in order, so Dexie can walk a database from whatever version a user's
 * machine last saw up to the newest one: this list *is* the migration path. Never edit or
 * remove a shipped entry; users' databases were built by it.
 *
 * How to add version N:
 * 1. Append `{ version: N, stores: { ...only the tables whose keys or indexes change
 *    (null deletes a table)... }, upgrade: async (tx) => { ...rewrite rows with tx.table(...) } }`.
 *    Dexie carries over tables a version does not mention.
 * 2. Run `npx tsx test/fixtures/db/dump-fixture.ts` to write test/fixtures/db/v<N>.json from a
 *    database the new code built; keep the older fixtures as they are (they are what old installs
 *    hold) and update only their `expected` blocks if the District shape changed. v3.json also
 *    holds incidents and a feed snapshot (with `expected.incidents` / `expected.feeds`), written
 *    through putIncidents: a new fixture should hold rows in every table the version has.
 * 3. The migration test then opens every v<N>.json fixture with the new code; it fails while the
 *    number of fixtures differs from the number of versions here.
 */
import type { Transaction } from 'dexie';

/** One shipped schema version, in Dexie's `stores()` syntax. */
export interface SchemaVersion {
  /** Dexie version number (Dexie stores it in IndexedDB multiplied by 10). */
  readonly version: number;
  /** Table name to Dexie index spec; `null` deletes the table. */
  readonly stores: Readonly<Record<string, string | null>>;
  /** Rewrites rows from the previous version's shape; runs inside the upgrade transaction. */
  readonly upgrade?: (tx: Transaction) => Promise<void> | void;
}

export const SCHEMA_HISTORY: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      // The district header under 'district', settings under 'setting:<key>'.
      meta: '&key',
      grids: '&code, level, parentCode, kind',
      buildings: '&id, gridCode, compound',
      staff: '&id, gridCode, role',
      roads: '&id',
      pois: '&id',
      importLog: '++id, at',
    },
  },
  {
    // Committed allocations of new buildings, for undo (AllocationBatchRow). A new table only:
    // existing rows keep their shape, so there is no upgrade function.
    version: 2,
    stores: {
      allocationBatches: '&id, at',
    },
  },
  {
    // Incidents and the feeds' resume points. New tables only, so no upgrade function.
    // - incidents (IncidentRow: the core Incident as is, keyed by its id). `status`, `gridCode` and
    //   `reportedAt` serve the UI's filters and replay; `[status+reportedAt]` lists the open cases
    //   (one range per OPEN_STATUSES entry) oldest first without reading the closed archive, which
    //   only grows. A row whose gridCode is null (outside every grid) is simply absent from the
    //   gridCode index: null is not an IndexedDB key. reportedAt is compared as a string by
    //   IndexedDB, which is chronological only among times written with the same offset.
    // - feeds (FeedRow: `{ id, snapshot }`, the FeedIngestSnapshot of one feed). Its own table
    //   rather than meta rows: meta holds the district header and settings, which resetTo and
    //   settings code treat differently, and a table of its own lists every feed in one read.
    version: 3,
    stores: {
      incidents: '&id, status, gridCode, reportedAt, [status+reportedAt]',
      feeds: '&id',
    },
  },
  {
    // Patrol data (issue 5), so a restart keeps today's and the last weeks' tracks. New tables
    // only, so no upgrade function.
    // - trackChunks (TrackChunkRow: up to PATROL_CHUNK_FIXES fixes of one worker within PATROL_CHUNK_SPAN_MS as plain number
    //   arrays, auto-numbered). `[workerId+endT]` finds a worker's newest chunk (the one appends
    //   extend) with one reverse cursor step; `endT` finds every chunk reaching into a load window
    //   and every chunk wholly before a prune cut.
    // - patrolVisits (PatrolVisitRow: the core ReportedVisit as is). Keyed by worker, building and
    //   time, so a visit delivered twice (QoS 1, a feed resent after a crash) is stored once.
    // - dailyReports (DailyReportRow: the core DailyReport plus `atMs`, the instant of `at`, since
    //   IndexedDB compares the ISO strings as text, which is not chronological across offsets).
    //   Keyed by grid, day, sending time and sender, for the same reason as visits.
    version: 4,
    stores: {
      trackChunks: '++id, endT, [workerId+endT]',
      patrolVisits: '[workerId+buildingId+t], t',
      dailyReports: '[gridCode+date+at+by], atMs',
    },
  },
];

/** The newest schema version this build knows; a database above it was written by a newer app. */
export const CURRENT_SCHEMA_VERSION: number = SCHEMA_HISTORY[SCHEMA_HISTORY.length - 1].version;
