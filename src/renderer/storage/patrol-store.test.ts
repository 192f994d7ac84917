import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DailyReport, ReportedVisit, TrackFix } from '@core/patrol';
import type { GridCode } from '@core/model';
import { makeSmallDistrict } from '../../../test/fixtures/db/small-district';
import { applySchemaHistory } from './db';
import { PATROL_CHUNK_FIXES, TRACK_CHUNKS_PER_PUT, WRITE_CHUNK, chunkRows, chunksToFixes, groupFixes, openStore } from './index';
import type { TrackChunkRow } from './rows';
import { SCHEMA_HISTORY } from './schema-history';
import { counts, recordChunks, storeOpener } from './test-support';

const stores = storeOpener('patrol-store-test');
const { openWithDb, uniqueName } = stores;
afterEach(() => {
  stores.closeAll();
  vi.restoreAllMocks();
});

const T0 = Date.UTC(2026, 10, 22, 0, 0); // 08:00 China time
const S = 1000;

/** `n` fixes of `workerId` every 10 s from `from`, walking east. */
function walk(workerId: string, n: number, from = T0, start = 0): TrackFix[] {
  return Array.from({ length: n }, (_, i) => ({ workerId, lon: 113.6 + (start + i) * 1e-5, lat: 34.75 + (start + i) * 1e-6, t: from + (start + i) * 10 * S }));
}

const visit = (workerId: string, buildingId: string, t: number, extra: Partial<ReportedVisit> = {}): ReportedVisit => ({ workerId, buildingId, t, durationMs: null, ...extra });
const report = (gridCode: string, at: string, by: string, extra: Partial<DailyReport> = {}): DailyReport => ({
  gridCode: gridCode as GridCode,
  date: at.slice(0, 10),
  at,
  by,
  nothingToReport: true,
  ...extra,
});

async function chunks(db: Dexie): Promise<TrackChunkRow[]> {
  return (await db.table('trackChunks').toArray()) as TrackChunkRow[];
}

describe('appendPatrol / loadPatrol', () => {
  it('gives back what was written: fixes per worker in time order, visits by time, reports by instant', async () => {
    const { store } = openWithDb('round-trip');
    const a = walk('s-2', 5);
    const b = walk('s-1', 3, T0 + 5 * S);
    // Interleaved as a feed delivers them.
    const fixes = [a[0], b[0], a[1], b[1], a[2], a[3], b[2], a[4]];
    const visits = [visit('s-2', 'b-1', T0 + 60 * S, { durationMs: 120_000, note: '入户' }), visit('s-1', 'b-2', T0 + 30 * S)];
    // The second was sent earlier (its offset differs): loaded by instant, not by text.
    const reports = [report('ZY-01', '2026-11-22T09:00:00+08:00', 's-1', { nothingToReport: false, note: '井盖' }), report('ZY-02', '2026-11-22T00:30:00Z', 's-2')];
    await store.appendPatrol(fixes, visits, reports);

    const loaded = await store.loadPatrol(-Infinity);
    expect(loaded.fixes).toStrictEqual([...b, ...a]);
    expect(loaded.visits).toStrictEqual([visits[1], visits[0]]);
    expect(loaded.reports).toStrictEqual([reports[1], reports[0]]);
  });

  it('nothing stored: empty lists; nothing given: nothing written', async () => {
    const { db, store } = openWithDb('empty');
    await store.appendPatrol([], [], []);
    expect(await store.loadPatrol(-Infinity)).toStrictEqual({ fixes: [], visits: [], reports: [] });
    expect((await counts(db)).trackChunks).toBe(0);
  });

  it('fills a worker’s open chunk up to PATROL_CHUNK_FIXES, in place, then starts the next', async () => {
    const { db, store } = openWithDb('chunks');
    const all = walk('s-1', PATROL_CHUNK_FIXES + 2);
    await store.appendPatrol(all.slice(0, PATROL_CHUNK_FIXES - 1), [], []);
    const [first] = await chunks(db);
    expect(first.t).toHaveLength(PATROL_CHUNK_FIXES - 1);

    // One more fills it: the same row (same id), now full.
    await store.appendPatrol([all[PATROL_CHUNK_FIXES - 1]], [], []);
    let rows = await chunks(db);
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(first.id);
    expect(rows[0].t).toHaveLength(PATROL_CHUNK_FIXES);
    expect(rows[0].endT).toBe(all[PATROL_CHUNK_FIXES - 1].t);

    // The next fixes go into a new chunk, which the one after extends.
    await store.appendPatrol([all[PATROL_CHUNK_FIXES]], [], []);
    await store.appendPatrol([all[PATROL_CHUNK_FIXES + 1]], [], []);
    rows = await chunks(db);
    expect(rows.map((r) => [r.startT, r.endT, r.t.length])).toStrictEqual([
      [all[0].t, all[PATROL_CHUNK_FIXES - 1].t, PATROL_CHUNK_FIXES],
      [all[PATROL_CHUNK_FIXES].t, all[PATROL_CHUNK_FIXES + 1].t, 2],
    ]);
    expect((await store.loadPatrol(-Infinity)).fixes).toStrictEqual(all);
  });

  it('splits a long batch into full chunks after topping up the open one', async () => {
    const { db, store } = openWithDb('long-batch');
    const rest = Math.floor(PATROL_CHUNK_FIXES / 2);
    const all = walk('s-1', 2 * PATROL_CHUNK_FIXES + rest);
    await store.appendPatrol(all.slice(0, 10), [], []);
    await store.appendPatrol(all.slice(10), [], []);
    const rows = (await chunks(db)).sort((x, y) => x.startT - y.startT);
    expect(rows.map((r) => r.t.length)).toStrictEqual([PATROL_CHUNK_FIXES, PATROL_CHUNK_FIXES, rest]);
    // Contiguous, not overlapping.
    for (let i = 1; i < rows.length; i++) expect(rows[i].startT).toBe(all[i * PATROL_CHUNK_FIXES].t);
    expect((await store.loadPatrol(-Infinity)).fixes).toStrictEqual(all);
  });

  it('stores each fix once: fixes at or before the worker’s newest stored one are dropped', async () => {
    const { db, store } = openWithDb('dupes');
    const all = walk('s-1', 10);
    await store.appendPatrol(all.slice(0, 6), [], []);
    // A second window persisting the same feed, or a retried batch: overlapping fixes.
    await store.appendPatrol(all.slice(3, 10), [], []);
    await store.appendPatrol(all.slice(0, 10), [], []);
    expect((await chunks(db)).map((r) => r.t.length)).toStrictEqual([10]);
    expect((await store.loadPatrol(-Infinity)).fixes).toStrictEqual(all);
    // Visits and reports are put by key: twice is once.
    const v = visit('s-1', 'b-1', T0);
    const r = report('ZY-01', '2026-11-22T09:00:00+08:00', 's-1');
    await store.appendPatrol([], [v], [r]);
    await store.appendPatrol([], [{ ...v }], [{ ...r }]);
    expect(await store.loadPatrol(-Infinity)).toMatchObject({ visits: [v], reports: [r] });
  });

  it('loadPatrol(since) returns what is at or after `since`, cutting through a chunk', async () => {
    const { store } = openWithDb('since');
    const all = walk('s-1', 30);
    const old = walk('s-2', 5, T0 - 86_400_000);
    await store.appendPatrol([...all, ...old], [visit('s-1', 'b-1', T0 + 120 * S), visit('s-1', 'b-2', T0 + 119 * S)], [
      report('ZY-01', '2026-11-22T08:02:00+08:00', 's-1'),
      report('ZY-01', '2026-11-22T08:01:59+08:00', 's-1'),
    ]);
    const since = all[12].t;
    const loaded = await store.loadPatrol(since);
    expect(loaded.fixes).toStrictEqual(all.slice(12));
    expect(loaded.visits.map((v) => v.buildingId)).toStrictEqual(['b-1']);
    expect(loaded.reports.map((r) => r.at)).toStrictEqual(['2026-11-22T08:02:00+08:00']);
  });

  it('survives a restart: written, closed, reopened, loaded the same', async () => {
    const name = uniqueName('restart');
    const fixes = [...walk('s-1', 700), ...walk('s-2', 20, T0 + 3 * S)];
    const visits = [visit('s-1', 'b-1', T0 + 50 * S)];
    const reports = [report('ZY-01', '2026-11-22T08:30:00+08:00', 's-2')];
    const first = await openStore(name);
    await first.appendPatrol(fixes.slice(0, 350), visits, []);
    await first.appendPatrol(fixes.slice(350), [], reports);
    const before = await first.loadPatrol(-Infinity);
    first.close();

    const second = stores.track(await openStore(name));
    const after = await second.loadPatrol(-Infinity);
    expect(after).toStrictEqual(before);
    expect(after.fixes).toStrictEqual(groupedByWorker(fixes));
    expect(after.visits).toStrictEqual(visits);
    expect(after.reports).toStrictEqual(reports);
    // And appending goes on where it left off: s-2's open chunk is extended, not duplicated.
    await second.appendPatrol(walk('s-2', 25, T0 + 3 * S), [], []);
    expect((await second.loadPatrol(-Infinity)).fixes.filter((f) => f.workerId === 's-2')).toStrictEqual(walk('s-2', 25, T0 + 3 * S));
  });

  it('writes in one transaction: a failing part leaves every table as it was', async () => {
    const { db, store } = openWithDb('atomic');
    await store.appendPatrol(walk('s-1', 5), [visit('s-1', 'b-1', T0)], []);
    const before = await store.loadPatrol(-Infinity);
    const beforeChunks = await chunks(db);
    const written = recordChunks(db.trackChunks);
    vi.spyOn(db.dailyReports, 'bulkPut').mockImplementation((() => Promise.reject(new Error('disk full'))) as never);
    await expect(
      store.appendPatrol(walk('s-1', 10), [visit('s-1', 'b-2', T0 + S)], [report('ZY-01', '2026-11-22T08:30:00+08:00', 's-1')]),
    ).rejects.toThrow('disk full');
    // The chunk really was rewritten inside the transaction before the reports failed…
    expect(written).toStrictEqual(['1 ok']);
    // …and rolled back with it.
    expect(await chunks(db)).toStrictEqual(beforeChunks);
    expect(await store.loadPatrol(-Infinity)).toStrictEqual(before);
  });

  it('writes in chunks: TRACK_CHUNKS_PER_PUT track chunks, WRITE_CHUNK visits per bulkPut', async () => {
    const { db, store } = openWithDb('chunked');
    const workers = TRACK_CHUNKS_PER_PUT + 50;
    const fixes = Array.from({ length: workers }, (_, i) => walk(`s-${i}`, 1)[0]);
    const visits = Array.from({ length: WRITE_CHUNK + 10 }, (_, i) => visit('s-1', `b-${i}`, T0 + i));
    const chunkPuts = recordChunks(db.trackChunks);
    const visitPuts = recordChunks(db.patrolVisits);
    await store.appendPatrol(fixes, visits, []);
    expect(chunkPuts).toStrictEqual([`${TRACK_CHUNKS_PER_PUT} ok`, '50 ok']);
    expect(visitPuts).toStrictEqual([`${WRITE_CHUNK} ok`, '10 ok']);
    expect((await store.loadPatrol(-Infinity)).fixes).toHaveLength(workers);
  });
});

describe('prunePatrol', () => {
  it('deletes visits, reports and whole chunks before the cut, and keeps a chunk reaching past it', async () => {
    const { db, store } = openWithDb('prune');
    const DAY = 86_400_000;
    const old = walk('s-1', 10, T0 - 70 * DAY);
    const straddling = walk('s-2', 10, T0 - 62 * DAY - 50 * S);
    const recent = walk('s-1', 10, T0);
    await store.appendPatrol([...old, ...straddling], [visit('s-1', 'b-1', T0 - 63 * DAY), visit('s-1', 'b-2', T0 - DAY)], [
      report('ZY-01', '2026-09-01T09:00:00+08:00', 's-1'),
      report('ZY-01', '2026-11-21T09:00:00+08:00', 's-1'),
    ]);
    await store.appendPatrol(recent, [], []);
    const cut = T0 - 62 * DAY;

    expect(await store.prunePatrol(cut)).toStrictEqual({ trackChunks: 1, patrolVisits: 1, dailyReports: 1 });
    expect((await chunks(db)).map((c) => c.workerId).sort()).toStrictEqual(['s-1', 's-2']);
    const left = await store.loadPatrol(-Infinity);
    // The straddling chunk stays whole; loading from the cut drops its early fixes.
    expect(left.fixes).toStrictEqual([...recent, ...straddling]);
    expect((await store.loadPatrol(cut)).fixes).toStrictEqual([...recent, ...straddling.slice(5)]);
    expect(left.visits.map((v) => v.buildingId)).toStrictEqual(['b-2']);
    expect(left.reports.map((r) => r.date)).toStrictEqual(['2026-11-21']);
    // Nothing left to prune.
    expect(await store.prunePatrol(cut)).toStrictEqual({ trackChunks: 0, patrolVisits: 0, dailyReports: 0 });
  });

  it('resetTo clears the patrol data with the incidents', async () => {
    const { db, store } = openWithDb('reset');
    await store.appendPatrol(walk('s-1', 3), [visit('s-1', 'b-1', T0)], [report('ZY-01', '2026-11-22T09:00:00+08:00', 's-1')]);
    await store.resetTo(makeSmallDistrict());
    const c = await counts(db);
    expect([c.trackChunks, c.patrolVisits, c.dailyReports]).toStrictEqual([0, 0, 0]);
  });
});

describe('schema 3 to 4', () => {
  it('upgrades a v3 database: its rows stay, the patrol tables are there and empty, then take data', async () => {
    const name = uniqueName('v3');
    const old = new Dexie(name);
    applySchemaHistory(old, SCHEMA_HISTORY, 3);
    await old.open();
    await old.table('feeds').put({ id: 'f', snapshot: { lastSeq: 3 } });
    await old.table('meta').put({ key: 'setting:x', value: 1 });
    old.close();

    const store = stores.track(await openStore(name));
    expect(await store.getSetting('x', (v) => v)).toBe(1);
    expect(await store.loadPatrol(-Infinity)).toStrictEqual({ fixes: [], visits: [], reports: [] });
    await store.appendPatrol(walk('s-1', 2), [], []);
    expect((await store.loadPatrol(-Infinity)).fixes).toStrictEqual(walk('s-1', 2));
    const raw = new Dexie(name);
    await raw.open();
    expect(raw.verno).toBe(4);
    expect((await raw.table('feeds').get('f')) as unknown).toStrictEqual({ id: 'f', snapshot: { lastSeq: 3 } });
    raw.close();
  });
});

describe('pure helpers', () => {
  it('groupFixes orders each worker by time and drops repeated times', () => {
    const [a, b, c] = walk('s-1', 3);
    const grouped = groupFixes([c, a, { ...a, lon: 0 }, b, walk('s-2', 1)[0]]);
    expect(grouped.get('s-1')).toStrictEqual({ lon: [a.lon, b.lon, c.lon], lat: [a.lat, b.lat, c.lat], t: [a.t, b.t, c.t] });
    expect(grouped.get('s-2')?.t).toHaveLength(1);
  });

  it('chunkRows tops up the open chunk to the capacity, then cuts new ones', () => {
    const fixes = groupFixes(walk('s-1', 9, T0 + 10 * S)).get('s-1')!;
    const last: TrackChunkRow = { id: 7, workerId: 's-1', startT: T0, endT: T0, lon: [1], lat: [2], t: [T0] };
    const rows = chunkRows('s-1', fixes, last, 4);
    expect(rows.map((r) => [r.id, r.t.length, r.startT, r.endT])).toStrictEqual([
      [7, 4, T0, fixes.t[2]],
      [undefined, 4, fixes.t[3], fixes.t[6]],
      [undefined, 2, fixes.t[7], fixes.t[8]],
    ]);
    expect(rows[0].t).toStrictEqual([T0, ...fixes.t.slice(0, 3)]);
    // The caller's row is not touched.
    expect(last.t).toStrictEqual([T0]);
    // A full open chunk is left alone…
    const full = { ...last, lon: [1, 1, 1, 1], lat: [2, 2, 2, 2], t: [T0 - 3, T0 - 2, T0 - 1, T0] };
    expect(chunkRows('s-1', fixes, full, 4).map((r) => r.id)).toStrictEqual([undefined, undefined, undefined]);
    // …and so is one that began `spanMs` or more before; a new chunk also ends at the span.
    expect(chunkRows('s-1', fixes, last, 100, 10 * S).map((r) => [r.id, r.t.length])).toStrictEqual(
      Array.from({ length: 9 }, () => [undefined, 1]),
    );
    expect(chunkRows('s-1', fixes, last, 100, 10 * S + 1).map((r) => [r.id, r.t.length])).toStrictEqual([
      [7, 2],
      [undefined, 2],
      [undefined, 2],
      [undefined, 2],
      [undefined, 2],
    ]);
  });

  it('a new day’s fixes start a new chunk rather than extending last night’s', async () => {
    const { db, store } = openWithDb('span');
    await store.appendPatrol(walk('s-1', 5, T0 - 86_400_000), [], []);
    await store.appendPatrol(walk('s-1', 5, T0), [], []);
    expect((await chunks(db)).map((c) => c.t.length)).toStrictEqual([5, 5]);
  });

  it('any split of tracks into appends, chunked as appendPatrol does, reads back as the tracks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ worker: fc.integer({ min: 0, max: 3 }), gapS: fc.integer({ min: 1, max: 4_000 }), cut: fc.boolean() }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 7 }),
        (steps, capacity) => {
          // Fixes in arrival order; `cut` ends an append after the fix.
          const lastT = new Map<number, number>();
          const appends: TrackFix[][] = [[]];
          const all: TrackFix[] = [];
          for (const { worker, gapS, cut } of steps) {
            const t = (lastT.get(worker) ?? T0) + gapS * S;
            lastT.set(worker, t);
            const f = { workerId: `s-${worker}`, lon: t / 1e10, lat: -t / 1e10, t };
            all.push(f);
            appends[appends.length - 1].push(f);
            if (cut) appends.push([]);
          }
          // An in-memory table: rows by id, the newest chunk of a worker is the one with the largest endT.
          const table = new Map<number, TrackChunkRow>();
          let nextId = 1;
          for (const batch of appends) {
            for (const [workerId, fresh] of groupFixes(batch)) {
              const mine = [...table.values()].filter((r) => r.workerId === workerId);
              const last = mine.sort((a, b) => b.endT - a.endT)[0];
              for (const row of chunkRows(workerId, fresh, last, capacity, 3_600_000)) {
                const id = row.id ?? nextId++;
                table.set(id, { ...row, id });
              }
            }
          }
          for (const row of table.values()) {
            expect(row.t.length).toBeLessThanOrEqual(capacity);
            expect(row.endT - row.startT).toBeLessThan(3_600_000);
          }
          expect(chunksToFixes([...table.values()], -Infinity)).toStrictEqual(groupedByWorker(all));
        },
      ),
    );
  });

  it('chunksToFixes skips a damaged row and drops fixes out of order', () => {
    const good: TrackChunkRow = { workerId: 's-1', startT: 10, endT: 30, lon: [1, 2, 3], lat: [4, 5, 6], t: [10, 20, 30] };
    const overlapping: TrackChunkRow = { workerId: 's-1', startT: 25, endT: 40, lon: [7, 8], lat: [9, 10], t: [25, 40] };
    const damaged = { workerId: 's-1', startT: 50, endT: 60, lon: [1], lat: [], t: [50] } as TrackChunkRow;
    expect(chunksToFixes([overlapping, damaged, good], 15).map((f) => f.t)).toStrictEqual([20, 30, 40]);
  });
});

/** Fixes grouped by worker id, each in time order, as loadPatrol returns them. */
function groupedByWorker(fixes: readonly TrackFix[]): TrackFix[] {
  return [...fixes].sort((a, b) => (a.workerId < b.workerId ? -1 : a.workerId > b.workerId ? 1 : a.t - b.t));
}
