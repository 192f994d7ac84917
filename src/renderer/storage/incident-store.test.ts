import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type FeedIngestState,
  ingestMessage,
  initialIngestState,
  resumeUrl,
  toIngestSnapshot,
} from '@core/feed';
import { formatIso, type Incident, type IncidentStep } from '@core/incidents';
import { g, makeIncident } from '@core/incidents/test-support';
import { makeSmallDistrict } from '../../../test/fixtures/db/small-district';
import { WRITE_CHUNK } from './create-store';
import { openStore } from './index';
import { counts, recordChunks, storeError, storeOpener } from './test-support';

const stores = storeOpener('incident-store-test');
const { openWithDb } = stores;
afterEach(() => {
  stores.closeAll();
  vi.restoreAllMocks();
});

const T0 = Date.UTC(2024, 4, 1, 0, 0);
const MINUTE = 60_000;

/** An incident message of feed protocol v1. */
const incidentMessage = (id: string, version: number, seq: number) => ({
  kind: 'incident',
  seq,
  at: '2024-05-01T08:30:00+08:00',
  id,
  version,
  category: 'E0150',
  title: `${id} v${version}`,
  lon: 113.62,
  lat: 34.75,
});

/** Feeds `messages` through ingest from `start`; returns the final state and the outcome kinds. */
function ingestAll(messages: unknown[], start: FeedIngestState = initialIngestState()) {
  let state = start;
  const kinds: string[] = [];
  for (const m of messages) {
    const r = ingestMessage(state, m, '2024-05-01T08:30:01+08:00');
    state = r.state;
    kinds.push(r.outcome.kind);
  }
  return { state, kinds };
}

/** A case taken through registration, dispatch and handling, with a note on every step. */
function handledIncident(id: string, reportedMs: number): Incident {
  const at = (minutes: number): string => formatIso(reportedMs + minutes * MINUTE, 480);
  const history: IncidentStep[] = [
    { kind: 'collected', at: at(0), by: 'feed' },
    { kind: 'registered', at: at(5), by: 'op-1', deadline: at(245) },
    { kind: 'dispatched', at: at(6), by: 'op-1', to: { kind: 'grid', code: g('S-01-01-01') } },
    { kind: 'whistled', at: at(20), by: 'chief', to: { kind: 'department', id: 'fire_rescue' }, deadline: at(50) },
    { kind: 'acknowledged', at: at(30), by: 'fire_rescue' },
    { kind: 'handled', at: at(90), by: 'worker-7', note: '已清理；住户已告知' },
  ];
  return makeIncident({
    id,
    reportedAt: at(0),
    status: 'handled',
    assignee: { kind: 'grid', code: g('S-01-01-01') },
    deadline: at(245),
    whistle: { departmentId: 'fire_rescue', at: at(20), dueAt: at(50), acknowledgedAt: at(30) },
    history,
  });
}

describe('putIncidents / loadIncidents', () => {
  it('starts empty', async () => {
    const { store } = openWithDb('empty');
    expect(await store.loadIncidents()).toStrictEqual({ incidents: [], feeds: [] });
  });

  it('round-trips incidents with their histories, oldest report first', async () => {
    const { store } = openWithDb('round-trip');
    const a = handledIncident('A', T0 + 30 * MINUTE);
    const b = makeIncident({ id: 'B', reportedAt: formatIso(T0, 0), gridCode: null, location: [113.7, 34.8] });
    const c = makeIncident({
      id: 'C',
      reportedAt: formatIso(T0 + 10 * MINUTE, 480),
      status: 'evaluated',
      closedAt: formatIso(T0 + 60 * MINUTE, 480),
      score: 5,
      reworks: 1,
      extensions: 2,
      history: [
        { kind: 'collected', at: formatIso(T0 + 10 * MINUTE, 480), by: 'feed' },
        { kind: 'closed', at: formatIso(T0 + 60 * MINUTE, 480), by: 'op-1' },
        { kind: 'evaluated', at: formatIso(T0 + 70 * MINUTE, 480), by: 'op-2', score: 5 },
      ],
    });
    await store.putIncidents([a, c, b]);

    const { incidents, feeds } = await store.loadIncidents();
    // B (00:00Z) before C (08:10+08:00 = 00:10Z) before A: by instant, not by the ISO string.
    expect(incidents).toStrictEqual([b, c, a]);
    expect(feeds).toStrictEqual([]);
  });

  it('stores a copy: changing an incident after the put does not change what is stored', async () => {
    const { store } = openWithDb('copy');
    const a = handledIncident('A', T0);
    await store.putIncidents([a]);
    a.history.push({ kind: 'commented', at: formatIso(T0, 0), by: 'x' });
    expect((await store.loadIncidents()).incidents[0].history).toHaveLength(6);
  });

  it('a put of an existing id replaces that incident and leaves the others', async () => {
    const { db, store } = openWithDb('update');
    const first = makeIncident({ id: 'A' });
    const other = makeIncident({ id: 'B', reportedAt: '2024-05-01T09:00:00+08:00' });
    await store.putIncidents([first, other]);

    const updated: Incident = {
      ...first,
      version: 2,
      status: 'registered',
      deadline: '2024-05-01T20:00:00+08:00',
      history: [...first.history, { kind: 'registered', at: '2024-05-01T08:10:00+08:00', by: 'op-1', deadline: '2024-05-01T20:00:00+08:00' }],
    };
    await store.putIncidents([updated]);
    expect((await store.loadIncidents()).incidents).toStrictEqual([updated, other]);
    expect(await db.incidents.count()).toBe(2);

    // The store does not judge versions: the caller (feed ingest, workflow) already did.
    await store.putIncidents([{ ...first, title: 'edited by an operator' }]);
    expect((await store.loadIncidents()).incidents[0]).toMatchObject({ id: 'A', version: 1, title: 'edited by an operator' });
  });

  it('an empty list without a feed writes nothing and opens no transaction', async () => {
    const { db, store } = openWithDb('noop');
    const transaction = vi.spyOn(db, 'transaction');
    await store.putIncidents([]);
    expect(transaction).not.toHaveBeenCalled();
    expect(await store.loadIncidents()).toStrictEqual({ incidents: [], feeds: [] });
  });

  it('an empty list with a feed saves the feed alone; a later save replaces it; feeds come back by id', async () => {
    const { store } = openWithDb('feed-only');
    const zy = ingestAll([{ kind: 'heartbeat', seq: 3, at: '2024-05-01T08:30:00+08:00' }]).state;
    await store.putIncidents([], { id: 'zy', ingest: zy });
    const alpha = ingestAll([incidentMessage('X', 1, 1)]).state;
    await store.putIncidents([], { id: 'alpha', ingest: alpha });
    const zyLater = ingestAll([incidentMessage('Y', 1, 9)], zy).state;
    await store.putIncidents([], { id: 'zy', ingest: zyLater });

    const { incidents, feeds } = await store.loadIncidents();
    expect(incidents).toStrictEqual([]);
    expect(feeds.map((f) => f.id)).toEqual(['alpha', 'zy']);
    expect(toIngestSnapshot(feeds[0].ingest)).toStrictEqual(toIngestSnapshot(alpha));
    expect(toIngestSnapshot(feeds[1].ingest)).toStrictEqual(toIngestSnapshot(zyLater));
  });
});

describe('feed snapshots', () => {
  it('restore an ingest state that treats the messages it saw as duplicates, across a reopen', async () => {
    const { db, store } = openWithDb('feed-dedupe');
    const messages = [
      incidentMessage('A', 1, 1),
      { kind: 'position', seq: 2, at: '2024-05-01T08:29:00+08:00', worker_id: 'w-1', lon: 113.6, lat: 34.75 },
      'not json',
      incidentMessage('A', 2, 3),
    ];
    const { state, kinds } = ingestAll(messages);
    expect(kinds).toEqual(['accepted', 'accepted', 'rejected', 'accepted']);
    await store.putIncidents([makeIncident({ id: 'A', version: 2 })], { id: 'zy-12345', ingest: state });
    store.close();

    // A new store on the same database: what comes back was read from IndexedDB.
    const reopened = stores.track(await openStore(db.name));
    const { incidents, feeds } = await reopened.loadIncidents();
    expect(incidents.map((i) => [i.id, i.version])).toEqual([['A', 2]]);
    expect(feeds).toHaveLength(1);
    const [{ id, ingest }] = feeds;
    expect(id).toBe('zy-12345');
    expect(toIngestSnapshot(ingest)).toStrictEqual(toIngestSnapshot(state));
    expect(ingest.incidentVersions.get('A')).toBe(2);
    expect(resumeUrl('wss://feeds.example/zy', ingest.lastSeq)).toBe('wss://feeds.example/zy?since=3');

    // The same messages again (a reconnect replaying them): nothing new.
    expect(ingestAll([messages[0], messages[1], messages[3]], ingest).kinds).toEqual(['stale', 'duplicate', 'duplicate']);
    expect(ingestAll([incidentMessage('A', 3, 4)], ingest).kinds).toEqual(['accepted']);
  });

  it('a stored snapshot that is not one is StoreError corrupt_data', async () => {
    const { db, store } = openWithDb('feed-corrupt');
    await db.feeds.put({ id: 'broken', snapshot: { lastSeq: 'x' } as never });
    const err = await storeError(store.loadIncidents(), 'corrupt_data');
    expect(err.message).toMatch(/broken/);
  });
});

describe('one transaction', () => {
  it('a failing second chunk writes nothing: no incident and not the feed snapshot', async () => {
    const { db, store } = openWithDb('atomic');
    const earlier = ingestAll([incidentMessage('old', 1, 1)]).state;
    await store.putIncidents([makeIncident({ id: 'old' })], { id: 'zy', ingest: earlier });
    const before = await counts(db);

    const n = WRITE_CHUNK + 500;
    const batch = Array.from({ length: n }, (_, i) => makeIncident({ id: `new-${i}` }));
    // A function cannot be structured-cloned: IndexedDB refuses this row, in the second chunk.
    (batch[WRITE_CHUNK + 200] as unknown as { onClick: () => void }).onClick = () => undefined;
    const later = ingestAll([incidentMessage('new-0', 1, 2)], earlier).state;
    const chunks = recordChunks(db.incidents);

    const err: unknown = await store.putIncidents(batch, { id: 'zy', ingest: later }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).not.toBeNull();
    expect((err as Error).name).toBe('DataCloneError');
    // The first chunk really was written inside the transaction before the second failed.
    expect(chunks).toEqual([`${WRITE_CHUNK} ok`, '500 failed']);

    expect(await counts(db)).toStrictEqual(before);
    const { incidents, feeds } = await store.loadIncidents();
    expect(incidents.map((i) => i.id)).toEqual(['old']);
    expect(toIngestSnapshot(feeds[0].ingest)).toStrictEqual(toIngestSnapshot(earlier));
  });
  it('asks IndexedDB for strict durability', async () => {
    const { store } = openWithDb('durability');
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await store.putIncidents([makeIncident()], { id: 'zy', ingest: initialIngestState() });
    const writes = spy.mock.calls.filter(([, mode]) => mode === 'readwrite');
    expect(writes).toHaveLength(1);
    expect(writes[0][2]).toEqual({ durability: 'strict' });
  });
});

describe('resetTo', () => {
  it('clears incidents and feed snapshots with the district; settings stay', async () => {
    const { db, store } = openWithDb('reset');
    await store.loadOrSeed(makeSmallDistrict);
    await store.setSetting('ui.theme', 'dark');
    await store.putIncidents([makeIncident()], { id: 'zy', ingest: ingestAll([incidentMessage('T-1', 1, 1)]).state });

    expect(await store.resetTo(makeSmallDistrict())).toStrictEqual(makeSmallDistrict());
    expect(await store.loadIncidents()).toStrictEqual({ incidents: [], feeds: [] });
    expect(await db.incidents.count()).toBe(0);
    expect(await db.feeds.count()).toBe(0);
    expect(await store.getSetting('ui.theme', (v) => v)).toBe('dark');
    expect(await store.loadDistrict()).toStrictEqual(makeSmallDistrict());
  });
});

describe('volume', () => {
  it('writes 5,000 incidents in chunks and reads them back in order of reportedAt', async () => {
    const { db, store } = openWithDb('volume');
    const n = 5000;
    // Ids unrelated to time, offsets mixed (+08:00 and Z), a few cases at the same instant.
    const incidents = Array.from({ length: n }, (_, i) => {
      const ms = T0 + Math.floor(i / 2) * MINUTE;
      return makeIncident({
        id: `I-${((i * 7919) % n).toString().padStart(5, '0')}`,
        reportedAt: formatIso(ms, i % 3 === 0 ? 0 : 480),
        status: i % 5 === 0 ? 'closed' : 'collected',
        gridCode: i % 11 === 0 ? null : g('S-01-01-01'),
      });
    });
    const shuffled = [...incidents].reverse();
    const chunks = recordChunks(db.incidents);
    await store.putIncidents(shuffled, { id: 'bulk', ingest: initialIngestState() });
    expect(chunks).toEqual(Array.from({ length: n / WRITE_CHUNK }, () => `${WRITE_CHUNK} ok`));

    const { incidents: loaded } = await store.loadIncidents();
    expect(loaded).toHaveLength(n);
    const times = loaded.map((i) => Date.parse(i.reportedAt));
    for (let i = 1; i < n; i++) {
      expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
      if (times[i] === times[i - 1]) expect(loaded[i].id > loaded[i - 1].id).toBe(true);
    }
    const byId = (list: Incident[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(byId(loaded)).toStrictEqual(byId(incidents));
  });
});
