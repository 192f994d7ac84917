/**
 * Writes the live patrol data (track fixes, explicit visits, daily reports) to the store a few
 * seconds behind the feed, so a restart keeps today's and the last weeks' tracks. Positions come
 * every few seconds from hundreds of workers, so writes are throttled: at most one every
 * PATROL_WRITE_INTERVAL_MS (the first change is written at once), each holding everything new
 * since the last, in one transaction; at most one write is in flight.
 *
 * What counts as new is remembered, not searched for: per worker, how many fixes of its track
 * are written (tracks only grow); for visits and reports, the last item written, by identity
 * (the lists are append-only, but core trims entries older than 62 days, anywhere in the list,
 * so an index would drift). What is in the state when persistence starts (a restore) counts as
 * written. Marks move only when a write succeeds, so what a failed write held goes with the next.
 */
import { fixesBetween, type DailyReport, type PatrolState, type ReportedVisit, type TrackFix } from '@core/patrol';
import type { GridroomStore } from '../storage';
import type { AppStore } from './app-store';

/** At most one patrol write this often (ms): at worst this much of the tracks is lost to a crash. */
export const PATROL_WRITE_INTERVAL_MS = 5_000;

export interface PatrolPersistence {
  /** Writes everything new now (no waiting for the interval); resolves when it is written or failed. */
  flush(): Promise<void>;
  /** Stops listening and writes what is still new (not awaited: see flush). */
  stop(): void;
}

export interface PatrolPersistOptions {
  /** Minimum time between two writes (ms). */
  intervalMs?: number;
  /** Epoch ms now (tests). */
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Where the last successful write left off. */
interface Marks {
  /** Fixes written per worker: the first that many fixes of its track. */
  fixes: Map<string, number>;
  /** The last visit and report written (by identity), or undefined before any. */
  visit: ReportedVisit | undefined;
  report: DailyReport | undefined;
}

/** What a write takes, and the marks it moves to once written. */
interface Batch {
  fixes: TrackFix[];
  visits: ReportedVisit[];
  reports: DailyReport[];
  marks: Marks;
}

/** Marks saying everything in `patrol` is written. */
function marksOf(patrol: PatrolState): Marks {
  return { fixes: new Map(patrol.tracks.lengths), visit: patrol.visits.at(-1), report: patrol.reports.at(-1) };
}

/**
 * The items of `list` after `last`. When `last` is gone (trimmed as too old, or the state was
 * replaced), everything: the store puts visits and reports by key, so rewriting is harmless.
 */
function after<T>(list: readonly T[], last: T | undefined): T[] {
  if (last === undefined) return list.slice();
  const i = list.lastIndexOf(last);
  return i < 0 ? list.slice() : list.slice(i + 1);
}

/** What is new in `patrol` since `marks`, or null when nothing is. */
function collect(patrol: PatrolState, marks: Marks): Batch | null {
  const fixes: TrackFix[] = [];
  const written = new Map(marks.fixes);
  for (const [workerId, length] of patrol.tracks.lengths) {
    let from = written.get(workerId) ?? 0;
    // A shorter track than written: the patrol state was replaced. Write it whole; the store
    // drops fixes it already holds (tracks only grow forward).
    if (length < from) from = 0;
    if (length > from) {
      const track = fixesBetween(patrol.tracks, workerId);
      for (let i = from; i < length; i++) fixes.push({ workerId, lon: track.lon[i], lat: track.lat[i], t: track.t[i] });
    }
    written.set(workerId, length);
  }
  const visits = after(patrol.visits, marks.visit);
  const reports = after(patrol.reports, marks.report);
  if (fixes.length === 0 && visits.length === 0 && reports.length === 0) return null;
  return {
    fixes,
    visits,
    reports,
    marks: { fixes: written, visit: patrol.visits.at(-1) ?? marks.visit, report: patrol.reports.at(-1) ?? marks.report },
  };
}

/**
 * Persists `appStore`'s patrol data to `store` from now on; what the state holds already (a
 * restore) is taken as written. Call it after startApp restored the patrol data and before any
 * feed starts. Write failures go to `onError`; the data stays new and goes with the next write.
 */
export function persistPatrol(
  appStore: AppStore,
  store: GridroomStore,
  onError: (err: unknown) => void = () => undefined,
  options: PatrolPersistOptions = {},
): PatrolPersistence {
  const intervalMs = options.intervalMs ?? PATROL_WRITE_INTERVAL_MS;
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));

  let marks = marksOf(appStore.getState().patrol);
  let revision = appStore.getState().patrol.revision;
  let writing: Promise<void> | null = null;
  let timer: unknown = null;
  let lastWriteAt = -Infinity;
  /** The patrol state changed since the last collect. */
  let dirty = false;
  let stopped = false;

  const write = (): Promise<void> => {
    if (writing) return writing;
    if (timer !== null) {
      clearTimer(timer);
      timer = null;
    }
    dirty = false;
    const batch = collect(appStore.getState().patrol, marks);
    if (!batch) return Promise.resolve();
    lastWriteAt = now();
    writing = store
      .appendPatrol(batch.fixes, batch.visits, batch.reports)
      .then(
        () => {
          marks = batch.marks;
        },
        (err: unknown) => {
          // Marks stay: the next write (on the next change, or a flush) takes this batch again
          // with whatever came since. No retry of its own, so a full disk is not a toast loop.
          onError(err);
        },
      )
      .finally(() => {
        writing = null;
        if (dirty && !stopped) schedule();
      });
    return writing;
  };

  const schedule = (): void => {
    if (timer !== null || writing) return;
    const wait = Math.max(0, lastWriteAt + intervalMs - now());
    timer = setTimer(() => {
      timer = null;
      void write();
    }, wait);
  };

  const unsubscribe = appStore.subscribe(() => {
    const patrol = appStore.getState().patrol;
    if (patrol.revision === revision) return;
    revision = patrol.revision;
    dirty = true;
    schedule();
  });

  const flush = async (): Promise<void> => {
    // The write in flight, then one more for whatever came during it.
    if (writing) await writing;
    await write();
  };

  return {
    flush,
    stop() {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      void flush();
    },
  };
}
