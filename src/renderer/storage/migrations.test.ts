import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIXTURE_FILE, type DbFixture } from '../../../test/fixtures/db/db-fixture';
import { makeSmallDistrict } from '../../../test/fixtures/db/small-district';
import { applySchemaHistory } from './db';
import {
  CURRENT_SCHEMA_VERSION,
  DISTRICT_KEY,
  type GridroomStore,
  SCHEMA_HISTORY,
  StoreError,
  districtToRows,
  openStore,
} from './index';
import type { District, GridCode } from '@core/model';
import { ingestMessage, initialIngestState } from '@core/feed';
import { OPEN_STATUSES, type Incident } from '@core/incidents';
import { makeIncident } from '@core/incidents/test-support';
import type { RestoredPatrol, TrackFix } from '@core/patrol';
import { chunksToFixes } from './patrol-store';
import { type DailyReportRow, type TrackChunkRow, feedToRow, rowToReport, type FeedRow } from './rows';

// Every v<N>.json under test/fixtures/db, picked up without a list to maintain (Vite's glob, so
// the renderer test needs no Node file APIs).
const fixtureModules = import.meta.glob<DbFixture>('../../../test/fixtures/db/v*.json', {
  eager: true,
  import: 'default',
});
const fixtures = Object.entries(fixtureModules)
  .map(([path, fixture]) => ({ file: path.slice(path.lastIndexOf('/') + 1), fixture }))
  .filter(({ file }) => FIXTURE_FILE.test(file))
  .sort((a, b) => a.fixture.schemaVersion - b.fixture.schemaVersion);

/**
 * What loadIncidents must return from a fixture: v3.json and later say it in `expected`
 * (feeds as rows, since an ingest state holds Maps); older fixtures have no incidents.
 */
function expectedIncidents(fixture: DbFixture): { incidents: Incident[]; feeds: FeedRow[] } {
  const expected = fixture.expected as DbFixture['expected'] & { incidents?: Incident[]; feeds?: FeedRow[] };
  return { incidents: expected.incidents ?? [], feeds: expected.feeds ?? [] };
}

/** What loadPatrol(-Infinity) must return from a fixture: v4.json and later say it; older ones hold none. */
function expectedPatrol(fixture: DbFixture): RestoredPatrol {
  return (fixture.expected.patrol as RestoredPatrol | undefined) ?? { fixes: [], visits: [], reports: [] };
}

let counter = 0;
const uniqueName = (label: string): string => `migration-test-${label}-${++counter}-${Date.now()}`;

const opened: GridroomStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  vi.restoreAllMocks();
});

/** Tables that exist at `version`, replaying the history the way Dexie does. */
function tablesAt(version: number): string[] {
  const tables = new Set<string>();
  for (const entry of SCHEMA_HISTORY) {
    if (entry.version > version) break;
    for (const [name, spec] of Object.entries(entry.stores)) {
      if (spec === null) tables.delete(name);
      else tables.add(name);
    }
  }
  return [...tables].sort();
}

/** Creates `name` the way the build that shipped schema `version` did, holding `tables`. */
async function createOldDatabase(name: string, version: number, tables: DbFixture['tables']): Promise<void> {
  const old = new Dexie(name);
  applySchemaHistory(old, SCHEMA_HISTORY, version);
  await old.open();
  expect(old.verno).toBe(version);
  await old.transaction('rw', old.tables, async () => {
    for (const [table, rows] of Object.entries(tables)) await old.table(table).bulkAdd(rows);
  });
  old.close();
}

/** Native IndexedDB version of `name`, which Dexie keeps at version × 10. */
async function nativeVersion(name: string): Promise<number | undefined> {
  return (await indexedDB.databases()).find((info) => info.name === name)?.version;
}

describe('database fixtures', () => {
  it('has one fixture per schema version ever shipped', () => {
    // Adding a schema version without its fixture (dump-fixture.ts) fails here.
    expect(fixtures.map(({ fixture }) => fixture.schemaVersion)).toEqual(SCHEMA_HISTORY.map((v) => v.version));
    for (const { file, fixture } of fixtures) expect(file).toBe(`v${fixture.schemaVersion}.json`);
  });

  it.each(fixtures)('$file holds exactly the tables of its schema version', ({ fixture }) => {
    expect(Object.keys(fixture.tables).sort()).toEqual(tablesAt(fixture.schemaVersion));
  });

  it.each(fixtures)('$file opens with the current code: district and settings come back', async ({ fixture }) => {
    const name = uniqueName(`v${fixture.schemaVersion}`);
    await createOldDatabase(name, fixture.schemaVersion, fixture.tables);

    const store = await openStore(name);
    opened.push(store);
    expect(await nativeVersion(name)).toBe(CURRENT_SCHEMA_VERSION * 10);
    expect(await store.loadDistrict()).toStrictEqual(fixture.expected.district);
    for (const [key, value] of Object.entries(fixture.expected.settings)) {
      expect(await store.getSetting(key, (raw) => raw)).toStrictEqual(value);
    }
    const { incidents, feeds } = await store.loadIncidents();
    expect(incidents).toStrictEqual(expectedIncidents(fixture).incidents);
    expect(feeds.map(feedToRow)).toStrictEqual(expectedIncidents(fixture).feeds);
    expect(await store.loadPatrol(-Infinity)).toStrictEqual(expectedPatrol(fixture));
    // Still writable after the upgrade.
    await store.setSetting('after-upgrade', true);
    expect(await store.getSetting('after-upgrade', (raw) => raw)).toBe(true);
  });

  it('the current version fixture is what the current code writes', () => {
    const current = fixtures.find(({ fixture }) => fixture.schemaVersion === CURRENT_SCHEMA_VERSION);
    expect(current).toBeDefined();
    const { tables, expected } = current!.fixture;
    const rows = districtToRows(expected.district as District);
    const bySeq = (list: unknown[]): unknown[] =>
      [...(list as { seq: number }[])].sort((a, b) => a.seq - b.seq);
    expect(bySeq(tables.grids)).toStrictEqual(rows.grids);
    expect(bySeq(tables.buildings)).toStrictEqual(rows.buildings);
    expect(bySeq(tables.staff)).toStrictEqual(rows.staff);
    expect(bySeq(tables.roads)).toStrictEqual(rows.roads);
    expect(bySeq(tables.pois)).toStrictEqual(rows.pois);
    expect(tables.meta.find((row) => (row as { key: string }).key === DISTRICT_KEY)).toStrictEqual(rows.header);
    // Incidents are stored as they are, feeds as { id, snapshot }.
    const { incidents, feeds } = expectedIncidents(current!.fixture);
    const byId = (list: readonly unknown[]): unknown[] =>
      [...(list as { id: string }[])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    expect(byId(tables.incidents)).toStrictEqual(byId(incidents));
    expect(byId(tables.feeds)).toStrictEqual(byId(feeds));
    // Patrol data: chunks give back the fixes, visits are stored as they are, reports with their instant.
    const patrol = expectedPatrol(current!.fixture);
    expect(chunksToFixes(tables.trackChunks as TrackChunkRow[], -Infinity)).toStrictEqual(patrol.fixes);
    expect([...(tables.patrolVisits as { t: number }[])].sort((a, b) => a.t - b.t)).toStrictEqual(patrol.visits);
    const reportRows = [...(tables.dailyReports as DailyReportRow[])].sort((a, b) => a.atMs - b.atMs);
    expect(reportRows.map(rowToReport)).toStrictEqual(patrol.reports);
    for (const row of reportRows) expect(row.atMs).toBe(Date.parse(row.at));
  });

  it('v4.json holds rows in every table, and a track over more than one chunk', () => {
    const v4 = fixtures.find(({ fixture }) => fixture.schemaVersion === 4)!.fixture;
    for (const [table, rows] of Object.entries(v4.tables)) expect(rows.length, table).toBeGreaterThan(0);
    const chunks = v4.tables.trackChunks as TrackChunkRow[];
    expect(chunks.filter((c) => c.workerId === 's-12').length).toBeGreaterThanOrEqual(2);
    expect(expectedPatrol(v4).fixes.length).toBe(chunks.reduce((n, c) => n + c.t.length, 0));
  });

  it('covers schema 1 (before allocation batches), 2 (before incidents), 3 (before patrols) and 4', () => {
    expect(fixtures.map(({ file }) => file)).toEqual(expect.arrayContaining(['v1.json', 'v2.json', 'v3.json', 'v4.json']));
    expect(fixtures.find(({ fixture }) => fixture.schemaVersion === 2)?.fixture.tables.allocationBatches).toEqual([]);
    const v3 = fixtures.find(({ fixture }) => fixture.schemaVersion === 3)!.fixture;
    // Not empty tables: the upgrade path is only tested on rows that exist.
    expect(v3.tables.incidents.length).toBeGreaterThanOrEqual(2);
    expect(v3.tables.feeds).toHaveLength(1);
    expect(expectedIncidents(v3).incidents.map((i) => i.id).sort()).toEqual(v3.tables.incidents.map((i) => (i as Incident).id).sort());
  });

  it.each(fixtures)('$file upgraded: incidents and a feed snapshot are written next to what was there', async ({ fixture }) => {
    const name = uniqueName(`v${fixture.schemaVersion}-incidents`);
    await createOldDatabase(name, fixture.schemaVersion, fixture.tables);
    const store = await openStore(name);
    opened.push(store);
    const before = await store.loadIncidents();
    const added: Incident = {
      ...makeIncident(),
      id: 'after-upgrade-1',
      reportedAt: '2099-01-01T00:00:00+08:00',
    };
    const feed = before.feeds[0] ?? { id: 'after-upgrade-feed', ingest: initialIngestState() };
    const ingest = ingestMessage(feed.ingest, { kind: 'heartbeat', seq: feed.ingest.lastSeq + 10, at: '2099-01-01T00:00:00+08:00' }, '2099-01-01T00:00:01+08:00').state;
    await store.putIncidents([added], { id: feed.id, ingest });

    const after = await store.loadIncidents();
    expect(after.incidents).toStrictEqual([...before.incidents, added]);
    expect(after.feeds.map(feedToRow)).toStrictEqual(
      [...before.feeds.filter((f) => f.id !== feed.id), { id: feed.id, ingest }].map(feedToRow).sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    expect(await store.loadDistrict()).toStrictEqual(fixture.expected.district);
  });

  it('v3.json: the stored feed state dedupes what it saw and the indexes find the open cases', async () => {
    const v3 = fixtures.find(({ fixture }) => fixture.schemaVersion === 3)!.fixture;
    const name = uniqueName('v3-feed');
    await createOldDatabase(name, 3, v3.tables);
    const store = await openStore(name);
    opened.push(store);
    const { incidents, feeds } = await store.loadIncidents();
    expect(feeds).toHaveLength(1);
    const [{ ingest }] = feeds;
    expect(ingest.lastSeq).toBe(7);
    // A message the feed already delivered (same id and version) is a duplicate after the reload…
    const open = incidents.find((i) => i.status === 'dispatched')!;
    const again = { kind: 'incident', seq: 8, at: open.reportedAt, id: open.id, version: open.version, category: open.category, title: open.title, lon: open.location[0], lat: open.location[1] };
    expect(ingestMessage(ingest, again, '2024-05-02T08:00:00+08:00').outcome.kind).toBe('duplicate');
    // …and its next version is news.
    expect(ingestMessage(ingest, { ...again, version: open.version + 1 }, '2024-05-02T08:00:00+08:00').outcome.kind).toBe('accepted');

    // Incidents come back by the instant they were reported, not by id or by the ISO string.
    expect(incidents.map((i) => i.id)).toEqual(expectedIncidents(v3).incidents.map((i) => i.id));
    expect(incidents.map((i) => i.id)).not.toEqual([...incidents.map((i) => i.id)].sort());

    // The open cases through the [status+reportedAt] index, without reading closed ones.
    const raw = new Dexie(name);
    await raw.open();
    const openIds: string[] = [];
    for (const status of OPEN_STATUSES) {
      const rows = await raw
        .table('incidents')
        .where('[status+reportedAt]')
        .between([status, Dexie.minKey], [status, Dexie.maxKey])
        .toArray();
      openIds.push(...rows.map((r: Incident) => r.id));
    }
    expect(openIds.sort()).toEqual(incidents.filter((i) => OPEN_STATUSES.includes(i.status)).map((i) => i.id).sort());
    expect(openIds.length).toBeLessThan(incidents.length);
    // A case outside every grid (gridCode null) is not in the gridCode index, but is stored.
    expect(incidents.some((i) => i.gridCode === null)).toBe(true);
    expect(await raw.table('incidents').orderBy('gridCode').count()).toBe(incidents.filter((i) => i.gridCode !== null).length);
    raw.close();
  });

  it.each(fixtures)('$file upgraded: patrol data is appended to what was there', async ({ fixture }) => {
    const name = uniqueName(`v${fixture.schemaVersion}-patrol`);
    await createOldDatabase(name, fixture.schemaVersion, fixture.tables);
    const store = await openStore(name);
    opened.push(store);
    const before = expectedPatrol(fixture);
    const lastT = Math.max(0, ...before.fixes.filter((f) => f.workerId === 's-12').map((f) => f.t));
    const added: TrackFix[] = [1, 2, 3].map((i) => ({ workerId: 's-12', lon: 113.61, lat: 34.75, t: lastT + i * 10_000 }));
    const visit = { workerId: 's-12', buildingId: 'b-1', t: lastT + 10_000, durationMs: null };
    const report = { gridCode: 'ZY-03-07-02' as GridCode, date: '2099-01-01', at: '2099-01-01T09:00:00+08:00', by: 's-12', nothingToReport: true };
    await store.appendPatrol(added, [visit], [report]);
    const after = await store.loadPatrol(-Infinity);
    const s12 = (fixes: readonly TrackFix[]): TrackFix[] => fixes.filter((f) => f.workerId === 's-12');
    expect(s12(after.fixes)).toStrictEqual([...s12(before.fixes), ...added]);
    expect(after.fixes.filter((f) => f.workerId !== 's-12')).toStrictEqual(before.fixes.filter((f) => f.workerId !== 's-12'));
    expect(after.visits).toStrictEqual([...before.visits, visit].sort((a, b) => a.t - b.t));
    expect(after.reports).toStrictEqual([...before.reports, report]);
    expect(await store.loadDistrict()).toStrictEqual(fixture.expected.district);
  });

  it.each(fixtures)('$file upgraded: an allocation commits and undoes back to the fixture district', async ({ fixture }) => {
    const name = uniqueName(`v${fixture.schemaVersion}-alloc`);
    await createOldDatabase(name, fixture.schemaVersion, fixture.tables);
    const store = await openStore(name);
    opened.push(store);
    const district = fixture.expected.district as District;
    const added = { ...structuredClone(district.buildings[0]), id: 'upgraded-new-1' } as District['buildings'][number];
    const batchesBefore = (await store.listAllocationBatches()).map((b) => b.id);
    const { batchId, district: after } = await store.commitAllocation([added], { fileName: 'after-upgrade.geojson' });
    expect(after.buildings).toStrictEqual([...district.buildings, added]);
    expect(await store.undoAllocation(batchId)).toStrictEqual(district);
    expect((await store.listAllocationBatches()).map((b) => b.id)).toEqual([...batchesBefore, batchId]);
  });

  it('v1.json holds the small hand-made district', () => {
    const v1 = fixtures.find(({ fixture }) => fixture.schemaVersion === 1);
    expect(v1?.fixture.expected.district).toStrictEqual(makeSmallDistrict());
  });
});

describe('a database from a newer Gridroom', () => {
  /** What a future build might ship: version 99, one index dropped, one table added. */
  async function createNewerDatabase(name: string): Promise<void> {
    const newer = new Dexie(name);
    newer.version(99).stores({
      meta: '&key',
      grids: '&code, level, parentCode',
      buildings: '&id, gridCode, compound',
      staff: '&id, gridCode, role',
      roads: '&id',
      pois: '&id',
      importLog: '++id, at',
      patrols: '&id',
    });
    await newer.open();
    await newer.table('meta').put({ key: DISTRICT_KEY, formatVersion: 5, region: 'ZY' });
    newer.close();
  }

  it('is refused with StoreError newer_version and left as it was', async () => {
    const name = uniqueName('newer');
    await createNewerDatabase(name);

    const err: unknown = await openStore(name).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ code: 'newer_version', foundVersion: 99, supportedVersion: CURRENT_SCHEMA_VERSION });

    // Not upgraded, not schema-patched (Dexie would add the missing 'kind' index otherwise).
    expect(await nativeVersion(name)).toBe(990);
    const raw = new Dexie(name);
    await raw.open();
    expect(raw.tables.map((t) => t.name)).toContain('patrols');
    expect(raw.table('grids').schema.indexes.map((i) => i.name)).not.toContain('kind');
    raw.close();
  });

  it('is refused even where indexedDB.databases() is missing, via the check on open', async () => {
    const name = uniqueName('newer-nodatabases');
    const newer = new Dexie(name);
    applySchemaHistory(newer);
    newer.version(99).stores({});
    await newer.open();
    newer.close();

    vi.spyOn(indexedDB, 'databases').mockImplementation(() => {
      throw new TypeError('indexedDB.databases is not a function');
    });
    const err: unknown = await openStore(name).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ code: 'newer_version', foundVersion: 99 });
  });

  it('refuses a district whose format is newer than this build reads', async () => {
    const name = uniqueName('newer-format');
    const rows = districtToRows(makeSmallDistrict());
    await createOldDatabase(name, CURRENT_SCHEMA_VERSION, { meta: [{ ...rows.header, formatVersion: 2 }] });
    const store = await openStore(name);
    opened.push(store);
    await expect(store.loadDistrict()).rejects.toMatchObject({ code: 'newer_version', foundVersion: 2 });
  });
});
