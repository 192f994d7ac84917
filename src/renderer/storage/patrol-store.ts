/**
 * The patrol tables (schema 4): worker tracks in chunks, explicit visits and daily reports, so a
 * restart keeps today's and the last weeks' patrols. Written by the app's persist loop
 * (../app/persist-patrol.ts) a few seconds behind the feed, read back once at start.
 *
 * Why a worker's newest chunk is extended in place (rewritten by each write) rather than one new
 * row per flush: the persist loop flushes every few seconds, when a worker reporting every 10 s
 * has zero or one new fix. One row per flush would be about one row per fix, 1.44 million rows
 * for 500 workers over 8 hours, and reading that many back at start takes far longer than
 * 12,000 rows of 120 fixes. The price is write amplification: a flush rewrites each moving
 * worker's open chunk, on average half of PATROL_CHUNK_FIXES. Measured on fake-indexeddb
 * (patrol-store.bench.ts, 500 workers × 1 fix a flush): chunks of 600 cost ~165 ms a flush, of
 * 150 ~70 ms, of 100 ~60 ms (the floor is the per-worker read and put), while loading 1.44
 * million fixes took ~0.8-1 s whichever; hence 120 (20 minutes at 10 s, 2 hours at 1 a minute).
 */
import Dexie from 'dexie';
import { PATROL_RECORDS_KEPT_MS, type DailyReport, type ReportedVisit, type RestoredPatrol, type TrackFix } from '@core/patrol';
import { putChunked } from './write-chunks';
import type { GridroomDb } from './db';
import { type DailyReportRow, type TrackChunkRow, reportToRow, rowToReport } from './rows';

/** Fixes in a full track chunk (about 3 KB): see the module comment for why 120. */
export const PATROL_CHUNK_FIXES = 120;
/**
 * A chunk spans less than this (ms): a chunk is what pruning and loading keep or skip whole, and
 * a slow sender's chunk (or last night's) would otherwise stretch over days.
 */
export const PATROL_CHUNK_SPAN_MS = 2 * 3_600_000;
/**
 * Track chunks per bulkPut: a chunk row is a hundred records' worth of data, so WRITE_CHUNK rows
 * at once would be a 3 MB put; 500 full chunks (60,000 fixes) keep each step short.
 */
export const TRACK_CHUNKS_PER_PUT = 500;
/** Patrol data older than this is pruned: what the views look back at most (62 days, as in core). */
export const PATROL_RETENTION_MS = PATROL_RECORDS_KEPT_MS;
/** What a start reads back: today and the week before (the views' "this week" and trends). */
export const PATROL_RESTORE_MS = 8 * 86_400_000;

/** Rows deleted by a prune, by table. */
export interface PatrolPruneCounts {
  trackChunks: number;
  patrolVisits: number;
  dailyReports: number;
}

/** One worker's new fixes as parallel arrays, in strictly increasing time. */
interface WorkerFixes {
  lon: number[];
  lat: number[];
  t: number[];
}

/** Groups fixes by worker, each in time order with repeated times dropped (the first one kept). */
export function groupFixes(fixes: readonly TrackFix[]): Map<string, WorkerFixes> {
  const byWorker = new Map<string, TrackFix[]>();
  for (const f of fixes) {
    const list = byWorker.get(f.workerId);
    if (list) list.push(f);
    else byWorker.set(f.workerId, [f]);
  }
  const out = new Map<string, WorkerFixes>();
  for (const [workerId, list] of byWorker) {
    // The persist loop hands each worker's fixes in order; sort only when someone did not.
    let sorted = true;
    for (let i = 1; i < list.length && sorted; i++) sorted = list[i].t > list[i - 1].t;
    const ordered = sorted ? list : [...list].sort((a, b) => a.t - b.t);
    const w: WorkerFixes = { lon: [], lat: [], t: [] };
    for (const f of ordered) {
      if (w.t.length > 0 && !(f.t > w.t[w.t.length - 1])) continue;
      w.lon.push(f.lon);
      w.lat.push(f.lat);
      w.t.push(f.t);
    }
    out.set(workerId, w);
  }
  return out;
}

/**
 * The chunk rows that store `fresh` after `last` (the worker's newest stored chunk, if any):
 * fixes at or before `last.endT` are dropped (tracks only grow forward, as in core's
 * patrolRestored, so two windows persisting the same feed store each fix once); `last` is
 * extended (the same id, so the put replaces it), then new chunks follow. A chunk holds at most
 * `capacity` fixes and spans less than `spanMs`: without the span, a worker's chunk from last
 * week would take today's first fixes, and neither pruning nor a load window could leave it out.
 */
export function chunkRows(
  workerId: string,
  fresh: WorkerFixes,
  last: TrackChunkRow | undefined,
  capacity = PATROL_CHUNK_FIXES,
  spanMs = PATROL_CHUNK_SPAN_MS,
): TrackChunkRow[] {
  let i = 0;
  if (last) while (i < fresh.t.length && !(fresh.t[i] > last.endT)) i++;
  const rows: TrackChunkRow[] = [];
  // The open chunk, copied before it grows: `last` is the caller's.
  let open: TrackChunkRow | null = null;
  for (; i < fresh.t.length; i++) {
    const t = fresh.t[i];
    if (open === null && rows.length === 0 && last && last.t.length < capacity && t - last.startT < spanMs) {
      open = { ...last, lon: last.lon.slice(), lat: last.lat.slice(), t: last.t.slice() };
      rows.push(open);
    } else if (open === null || open.t.length >= capacity || !(t - open.startT < spanMs)) {
      open = { workerId, startT: t, endT: t, lon: [], lat: [], t: [] };
      rows.push(open);
    }
    open.lon.push(fresh.lon[i]);
    open.lat.push(fresh.lat[i]);
    open.t.push(t);
    open.endT = t;
  }
  return rows;
}

/** Whether a stored chunk has the shape this build reads (a damaged row is skipped, not fatal). */
function isChunk(row: TrackChunkRow): boolean {
  return (
    typeof row.workerId === 'string' &&
    Array.isArray(row.t) &&
    Array.isArray(row.lon) &&
    Array.isArray(row.lat) &&
    row.lon.length === row.t.length &&
    row.lat.length === row.t.length
  );
}

/**
 * The fixes of `chunks` at or after `sinceMs`, grouped by worker (workers by id), each worker's in
 * strictly increasing time: chunks are ordered by start, and a fix not after the one before it (a
 * damaged or hand-made database; appendPatrol never writes one) is dropped, as restoring would.
 */
export function chunksToFixes(chunks: readonly TrackChunkRow[], sinceMs: number): TrackFix[] {
  const byWorker = new Map<string, TrackChunkRow[]>();
  for (const c of chunks) {
    if (!isChunk(c)) continue;
    const list = byWorker.get(c.workerId);
    if (list) list.push(c);
    else byWorker.set(c.workerId, [c]);
  }
  const workers = [...byWorker.keys()].sort();
  const fixes: TrackFix[] = [];
  for (const workerId of workers) {
    const list = byWorker.get(workerId)!.sort((a, b) => a.startT - b.startT);
    let lastT = -Infinity;
    for (const c of list) {
      const { lon, lat, t } = c;
      for (let k = 0; k < t.length; k++) {
        const tk = t[k];
        if (!(tk >= sinceMs) || !(tk > lastT)) continue;
        fixes.push({ workerId, lon: lon[k], lat: lat[k], t: tk });
        lastT = tk;
      }
    }
  }
  return fixes;
}

/** The patrol operations of GridroomStore over `db` (see the interface for the contracts). */
export function patrolStore(db: GridroomDb): {
  appendPatrol(fixes: readonly TrackFix[], visits: readonly ReportedVisit[], reports: readonly DailyReport[]): Promise<void>;
  loadPatrol(sinceMs: number): Promise<RestoredPatrol>;
  prunePatrol(beforeMs: number): Promise<PatrolPruneCounts>;
} {
  const scope = [db.trackChunks, db.patrolVisits, db.dailyReports];
  return {
    async appendPatrol(fixes, visits, reports) {
      if (fixes.length === 0 && visits.length === 0 && reports.length === 0) return;
      // Grouped and converted before the transaction opens: IndexedDB commits a transaction left idle.
      const byWorker = groupFixes(fixes);
      const reportRows = reports.map(reportToRow);
      await db.transaction('rw', scope, async () => {
        const workers = [...byWorker.keys()];
        // Each worker's newest chunk: one reverse cursor step on [workerId+endT].
        const lasts = await Promise.all(
          workers.map((w) => db.trackChunks.where('[workerId+endT]').between([w, Dexie.minKey], [w, Dexie.maxKey], true, true).last()),
        );
        const rows: TrackChunkRow[] = [];
        workers.forEach((w, k) => {
          for (const row of chunkRows(w, byWorker.get(w)!, lasts[k])) rows.push(row);
        });
        for (let i = 0; i < rows.length; i += TRACK_CHUNKS_PER_PUT) {
          await db.trackChunks.bulkPut(rows.slice(i, i + TRACK_CHUNKS_PER_PUT));
        }
        await putChunked(db.patrolVisits, visits);
        await putChunked(db.dailyReports, reportRows);
      });
    },

    async loadPatrol(sinceMs) {
      const [chunks, visits, reports] = await db.transaction('r', scope, () =>
        Promise.all([
          db.trackChunks.where('endT').aboveOrEqual(sinceMs).toArray(),
          // In time order through the indexes: the order the views would have seen them arrive.
          db.patrolVisits.where('t').aboveOrEqual(sinceMs).toArray(),
          db.dailyReports.where('atMs').aboveOrEqual(sinceMs).toArray(),
        ]),
      );
      return { fixes: chunksToFixes(chunks, sinceMs), visits, reports: reports.map((r: DailyReportRow) => rowToReport(r)) };
    },

    async prunePatrol(beforeMs) {
      // A chunk reaching past the cut is kept whole: it is at most PATROL_CHUNK_FIXES fixes, and
      // loadPatrol filters fixes by time anyway.
      return db.transaction('rw', scope, async () => ({
        trackChunks: await db.trackChunks.where('endT').below(beforeMs).delete(),
        patrolVisits: await db.patrolVisits.where('t').below(beforeMs).delete(),
        dailyReports: await db.dailyReports.where('atMs').below(beforeMs).delete(),
      }));
    },
  };
}
