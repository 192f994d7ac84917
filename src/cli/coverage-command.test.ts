import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { main } from './index';
import { parseIsoTime, readTracksCsv } from './coverage-command';
import { parseCsv } from '@core/io';
import { COVERAGE_MAX_GAP_MS } from '@core/patrol/coverage';
import { convertLngLat } from '@core/crs';

const fixture = (name: string): string => join(import.meta.dirname, '../../test/fixtures/coverage', name);
const tmp = (): string => mkdtempSync(join(tmpdir(), 'gridroom-coverage-'));
const FROM = '2024-05-06T08:00:00+08:00';
const TO = '2024-05-06T18:00:00+08:00';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

/** Runs coverage on the fixture grids and the given tracks; returns the exit code, stderr and CSV text. */
async function coverage(tracks: string, ...extra: string[]): Promise<{ code: number; err: string; csv: string }> {
  const out = join(tmp(), 'coverage.csv');
  const r = await run('coverage', '--grids', fixture('grids.geojson'), '--grid-id', 'code', '--tracks', tracks, '--out', out, ...extra);
  return { code: r.code, err: r.err, csv: r.code === 0 ? readFileSync(out, 'utf8') : '' };
}

const rowsOf = (csv: string): string[][] => parseCsv(csv).records.slice(1).map((r) => r.fields);

function writeTmp(name: string, text: string): string {
  const file = join(tmp(), name);
  writeFileSync(file, text);
  return file;
}

/**
 * The exact covered share per grid for the fixture: the walks rebuilt from the CSV (window,
 * 5-minute gaps; the fixture has no jumps), buffered by turf, unioned, intersected, measured.
 */
function exactShares(fromMs: number, toMs: number, radiusM: number): Map<string, number> {
  const byWorker = new Map<string, { p: Position; t: number }[]>();
  for (const [worker, lon, lat, at] of rowsOf(readFileSync(fixture('tracks.csv'), 'utf8'))) {
    const t = Date.parse(at);
    if (t < fromMs || t >= toMs) continue;
    byWorker.set(worker, [...(byWorker.get(worker) ?? []), { p: [Number(lon), Number(lat)], t }]);
  }
  const buffers: Feature<Polygon | MultiPolygon>[] = [];
  for (const fixes of byWorker.values()) {
    fixes.sort((a, b) => a.t - b.t);
    let walk: Position[] = [];
    const flush = (): void => {
      if (walk.length === 0) return;
      const shape = walk.length === 1 ? turf.point(walk[0]) : turf.lineString(walk);
      buffers.push(turf.buffer(shape, radiusM, { units: 'meters', steps: 64 }) as Feature<Polygon | MultiPolygon>);
      walk = [];
    };
    fixes.forEach((f, i) => {
      if (i > 0 && f.t - fixes[i - 1].t > COVERAGE_MAX_GAP_MS) flush();
      walk.push(f.p);
    });
    flush();
  }
  const covered = turf.union(turf.featureCollection(buffers));
  const grids = JSON.parse(readFileSync(fixture('grids.geojson'), 'utf8')) as FeatureCollection<Polygon | MultiPolygon, { code: string }>;
  const shares = new Map<string, number>();
  for (const g of grids.features) {
    const inside = covered ? turf.intersect(turf.featureCollection([g, covered])) : null;
    shares.set(g.properties.code, inside ? turf.area(inside) / turf.area(g) : 0);
  }
  return shares;
}

describe('gridroom coverage', () => {
  it('is listed in the help with its options', async () => {
    expect((await run('--help')).out).toContain('coverage');
    const usage = await run('coverage', '--help');
    expect(usage.out).toContain('--tracks');
    expect(usage.out).toContain('--radius-m');
  });

  it('matches the golden result, and every grid is within 1 percentage point of the exact (turf) coverage', async () => {
    const r = await coverage(fixture('tracks.csv'), '--from', FROM, '--to', TO);
    expect(r.code, r.err).toBe(0);
    expect(r.csv).toBe(readFileSync(fixture('expected.csv'), 'utf8'));
    expect(r.csv.split('\n')[0]).toBe('grid_id,area_m2,covered_m2,covered_share');
    expect(r.err).toContain('1 lone fixes');
    const exact = exactShares(Date.parse(FROM), Date.parse(TO), 25);
    const rows = rowsOf(r.csv);
    expect(rows.map((row) => row[0])).toEqual(['G-A', 'G-B', 'G-C', 'G-D']);
    for (const [id, , , share] of rows) expect(Math.abs(Number(share) - exact.get(id)!), id).toBeLessThan(0.01);
  });

  it('without a window every fix counts; a larger radius covers more', async () => {
    const all = rowsOf((await coverage(fixture('tracks.csv'))).csv);
    const windowed = rowsOf(readFileSync(fixture('expected.csv'), 'utf8'));
    expect(Number(all[0][2])).toBeGreaterThan(Number(windowed[0][2])); // w2's early lone fix in G-A
    expect(Number(all[3][2])).toBeGreaterThan(0); // w3's fix at 18:00 in G-D
    const wide = rowsOf((await coverage(fixture('tracks.csv'), '--radius-m', '40', '--cell-m', '5')).csv);
    expect(Number(wide[0][3])).toBeGreaterThan(Number(all[0][3]));
  });

  it('skips bad rows, listing each by line and counting them', async () => {
    const text = readFileSync(fixture('tracks.csv'), 'utf8').trimEnd().split('\n');
    const bad = [
      ...text.slice(0, 3),
      'w9,abc,34.75,2024-05-06T09:00:00+08:00',
      'w9,113.62,95,2024-05-06T09:00:00+08:00',
      'w9,113.62,34.75,yesterday',
      ',113.62,34.75,2024-05-06T09:00:00+08:00',
      'w9,113.62,34.75,2024-05-06 09:00:00',
    ].join('\n');
    const r = await coverage(writeTmp('bad.csv', bad + '\n'));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/line 4: longitude 'abc'/);
    expect(r.err).toMatch(/line 5: latitude '95'/);
    expect(r.err).toMatch(/line 6: time 'yesterday'/);
    expect(r.err).toMatch(/line 7: no worker id/);
    expect(r.err).toContain('skipped 4 of 7 rows');
    expect(r.err).toContain('1 time(s) have no zone');
  });

  it('tracks logged in GCJ-02 line up with WGS-84 grids under --tracks-crs gcj02, and not without it', async () => {
    const [header, ...lines] = readFileSync(fixture('tracks.csv'), 'utf8').trimEnd().split('\n');
    const shifted = lines.map((line) => {
      const [worker, lon, lat, at] = line.split(',');
      const [x, y] = convertLngLat([Number(lon), Number(lat)], 'wgs84', 'gcj02');
      return [worker, x.toFixed(7), y.toFixed(7), at].join(',');
    });
    const file = writeTmp('gcj.csv', [header, ...shifted].join('\n') + '\n');
    const golden = rowsOf(readFileSync(fixture('expected.csv'), 'utf8'));
    const converted = rowsOf((await coverage(file, '--from', FROM, '--to', TO, '--tracks-crs', 'gcj02')).csv);
    // The round trip through GCJ-02 is exact to centimetres: every share within 0.1 point of the golden one.
    converted.forEach((row, i) => expect(Math.abs(Number(row[3]) - Number(golden[i][3])), row[0]).toBeLessThan(0.001));
    // Read as WGS-84 the walks sit a few hundred metres off: the shares differ a lot somewhere.
    const raw = rowsOf((await coverage(file, '--from', FROM, '--to', TO)).csv);
    expect(Math.max(...raw.map((row, i) => Math.abs(Number(row[3]) - Number(golden[i][3]))))).toBeGreaterThan(0.05);
    expect((await coverage(fixture('tracks.csv'), '--crs', 'utm50')).err).toMatch(/--crs must be one of wgs84, cgcs2000, gcj02, bd09/);
  });

  it('refuses a missing file, bad JSON, missing columns and bad options with a non-zero exit', async () => {
    const missing = await coverage(join(tmp(), 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/cannot read tracks file .*nope\.csv \(ENOENT\)/);

    const out = join(tmp(), 'c.csv');
    const badJson = await run('coverage', '--grids', writeTmp('g.geojson', '{"type":'), '--tracks', fixture('tracks.csv'), '--out', out);
    expect(badJson.code).toBe(1);
    expect(badJson.err).toContain('g.geojson');

    const noColumns = await coverage(writeTmp('t.csv', 'worker_id,x,y,at\nw1,1,2,2024-05-06T08:00:00Z\n'));
    expect(noColumns.code).toBe(1);
    expect(noColumns.err).toMatch(/missing column\(s\): longitude .*latitude/);

    expect((await coverage(fixture('tracks.csv'), '--radius-m=-3')).err).toMatch(/--radius-m must be a positive number/);
    expect((await coverage(fixture('tracks.csv'), '--from', 'noon')).err).toMatch(/--from must be an ISO 8601 time/);
    expect((await coverage(fixture('tracks.csv'), '--from', TO, '--to', FROM)).code).toBe(1);
    expect((await run('coverage', '--tracks', fixture('tracks.csv'), '--out', out)).err).toMatch(/--grids .* is required/);
  });

  it('reads times with and without a zone, and refuses impossible dates', () => {
    expect(parseIsoTime('2024-05-06T08:00:00+08:00').ms).toBe(Date.UTC(2024, 4, 6, 0));
    expect(parseIsoTime('2024-05-06 08:00')).toEqual({ ms: Date.UTC(2024, 4, 6, 8), zoneless: true });
    expect(parseIsoTime('2024-02-30T08:00:00').ms).toBeNaN();
    expect(parseIsoTime('1714982400000').ms).toBeNaN();
    const read = readTracksCsv('Worker_ID,LNG,纬度,time\nb,113.6,34.7,2024-05-06T08:01:00Z\nb,113.6,34.7,2024-05-06T08:00:00Z\n');
    expect('tracks' in read && read.tracks[0].t).toEqual([Date.UTC(2024, 4, 6, 8, 0), Date.UTC(2024, 4, 6, 8, 1)]);
  });
});
