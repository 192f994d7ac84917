import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index';
import { convertFeatureCollection } from '../../src/core/crs';
import { parseCsv } from '../../src/core/io';

const HEADER = 'item_id,grid_id,point_grid_id,status,share,area_m2,distance_m';
const fixture = (name: string): string => join(import.meta.dirname, '../fixtures/allocate', name);
const tmp = (): string => mkdtempSync(join(tmpdir(), 'gridroom-allocate-'));

/** Runs the CLI in-process and captures what it prints. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

type Row = Record<(typeof COLUMNS)[number], string>;
const COLUMNS = ['item_id', 'grid_id', 'point_grid_id', 'status', 'share', 'area_m2', 'distance_m'] as const;

/** Reads a result CSV (with our own parser: ids may be quoted) into rows keyed by column. */
function readRows(file: string): { header: string; rows: Row[] } {
  const text = readFileSync(file, 'utf8');
  const records = parseCsv(text).records.map((r) => r.fields);
  const rows = records.slice(1).map((fields) => Object.fromEntries(COLUMNS.map((c, i) => [c, fields[i]])) as Row);
  return { header: text.split('\n')[0], rows };
}

/** Runs allocate on the given inputs into a fresh file and returns the parsed result. */
async function allocate(grids: string, items: string, ...extra: string[]): Promise<{ code: number; err: string; header: string; rows: Row[] }> {
  const out = join(tmp(), 'result.csv');
  const r = await run('allocate', '--grids', grids, '--buildings', items, '--out', out, ...extra);
  expect(r.code, r.err).toBe(0);
  return { code: r.code, err: r.err, ...readRows(out) };
}

describe('gridroom allocate', () => {
  it('is listed in the help', async () => {
    const help = await run('--help');
    expect(help.out).toContain('allocate');
    const usage = await run('allocate', '--help');
    expect(usage.out).toContain('--grids');
  });

  it('matches the hand-checked expected result, column for column', async () => {
    const result = await allocate(fixture('grids.geojson'), fixture('buildings.geojson'));
    const expected = readRows(fixture('expected.csv'));
    expect(result.header).toBe(HEADER);
    expect(result.rows).toHaveLength(expected.rows.length);
    result.rows.forEach((row, i) => {
      const want = expected.rows[i];
      const at = `row ${i} (${want.item_id})`;
      expect(row.item_id, at).toBe(want.item_id);
      expect(row.grid_id, at).toBe(want.grid_id);
      expect(row.point_grid_id, at).toBe(want.point_grid_id);
      expect(row.status, at).toBe(want.status);
      // Fixed precision as documented: share 6 decimals, metres 2.
      expect(row.share, at).toMatch(/^\d+\.\d{6}$/);
      expect(row.area_m2, at).toMatch(/^\d+\.\d{2}$/);
      expect(Number(row.share), at).toBeCloseTo(Number(want.share), 3);
      expect(Math.abs(Number(row.area_m2) - Number(want.area_m2)), at).toBeLessThanOrEqual(Number(want.area_m2) * 0.01 + 0.01);
      if (want.distance_m !== '*') expect(Math.abs(Number(row.distance_m) - Number(want.distance_m)), at).toBeLessThanOrEqual(1);
    });
  });

  it('reports bad grid and item features on stderr by index, and still exits 0', async () => {
    const result = await allocate(fixture('grids.geojson'), fixture('buildings.geojson'));
    expect(result.err).toMatch(/grids\.geojson: feature 4: .*geometry is missing/);
    expect(result.err).toMatch(/grids\.geojson: feature 5: .*latitude|grids\.geojson: feature 5: .*longitude/);
    expect(result.err).toMatch(/buildings\.geojson: feature 5: item b6: geometry is missing/);
    expect(result.err).toMatch(/buildings\.geojson: feature 6: item b7: .*latitude is null/);
    expect(result.err).toMatch(/allocated 11 items to 3 grids/);
  });

  it('passes the engine\'s grid problems and item reasons to stderr with the feature index', async () => {
    const result = await allocate(fixture('grids-problems.geojson'), fixture('bow-tie.geojson'));
    expect(result.err).toMatch(/grids-problems\.geojson: feature 1: grid O: overlap \(kept\)/);
    expect(result.err).toMatch(/grids-problems\.geojson: feature 2: grid X: self_intersection/);
    expect(result.err).toMatch(/bow-tie\.geojson: feature 1: item bow: .*intersects itself/);
    expect(result.err).not.toMatch(/repeat an earlier id/);
    expect(result.rows.map((r) => [r.item_id, r.status])).toEqual([
      ['ok', 'inside'],
      ['bow', 'invalid'],
    ]);
  });

  it('takes grid and item ids from the named properties, quoting ids that need it', async () => {
    const result = await allocate(fixture('grids.geojson'), fixture('buildings.geojson'), '--grid-id', 'code', '--item-id', 'note');
    const byNote = new Map(result.rows.map((r) => [r.item_id, r]));
    expect(result.rows).toHaveLength(11);
    // Every note differs, so there is no duplicate-id warning.
    expect(result.err).not.toMatch(/repeat an earlier id/);
    expect(byNote.get('footprint inside A')?.grid_id).toBe('WG-01');
    // This note has a comma: it must survive the round trip through CSV quoting.
    expect(byNote.get('footprint straddling A|B, two thirds in B')?.grid_id).toBe('WG-02');
    expect(byNote.get('point inside B')?.grid_id).toBe('WG-02');
    // The two features coded WG-03 are one grid.
    expect(byNote.get('no id at all; point in C part 1')?.grid_id).toBe('WG-03');
    expect(byNote.get('id only on the feature; point in C part 2')?.grid_id).toBe('WG-03');
  });

  it('--crs gcj02 converts both inputs: items land where their WGS-84 twins do', async () => {
    const dir = tmp();
    for (const name of ['grids.geojson', 'buildings.geojson']) {
      const fc = JSON.parse(readFileSync(fixture(name), 'utf8')) as FeatureCollection;
      // Features with unusable coordinates are converted as they are (null stays null).
      writeFileSync(join(dir, name), JSON.stringify(convertFeatureCollection(fc, 'wgs84', 'gcj02')));
    }
    const wgs = await allocate(fixture('grids.geojson'), fixture('buildings.geojson'));
    const gcj = await allocate(join(dir, 'grids.geojson'), join(dir, 'buildings.geojson'), '--crs', 'gcj02');
    expect(gcj.rows.map((r) => [r.item_id, r.grid_id, r.status])).toEqual(wgs.rows.map((r) => [r.item_id, r.grid_id, r.status]));

    // Items in GCJ-02 against WGS-84 grids, unconverted, land ~550 m off: conversion matters here.
    const mixed = await allocate(fixture('grids.geojson'), join(dir, 'buildings.geojson'));
    expect(mixed.rows.find((r) => r.item_id === 'b3')?.grid_id).not.toBe('B');
  });

  it('reads CSV points with a BOM, CRLF, quoted fields and Chinese column names', async () => {
    const result = await allocate(fixture('grids.geojson'), fixture('points.csv'), '--item-id', '编号');
    expect(result.header).toBe(HEADER);
    expect(result.rows.map((r) => [r.item_id, r.grid_id, r.status])).toEqual([
      ['p1', 'A', 'inside'],
      ['p2', 'B', 'inside'],
      ['p3', '', 'invalid'],
      ['p4', '', 'outside'],
    ]);
    expect(result.err).toMatch(/points\.csv: row 2 \(line 4\): item p3: longitude 'abc' is not a number/);
  });

  it('warns once about repeated item ids and still writes every row', async () => {
    const csv = join(tmp(), 'dup.csv');
    writeFileSync(csv, 'id,lon,lat\na,113.601,34.751\na,113.603,34.751\nb,113.6015,34.7515\n');
    const result = await allocate(fixture('grids.geojson'), csv);
    expect(result.rows.map((r) => [r.item_id, r.grid_id])).toEqual([['a', 'A'], ['a', 'B'], ['b', 'A']]);
    expect(result.err).toMatch(/dup\.csv: 1 item\(s\) repeat an earlier id \(first: 'a' at row 0 \(line 2\) and row 1 \(line 3\)\)/);
  });

  it('--nearest-m moves the cut-off for points outside every grid', async () => {
    const near = await allocate(fixture('grids.geojson'), fixture('buildings.geojson'), '--nearest-m', '50');
    expect(near.rows.find((r) => r.item_id === 'b4')?.status).toBe('outside');
    expect(near.rows.find((r) => r.item_id === 'b4')?.grid_id).toBe('');
  });

  it('exits non-zero only when nothing could be read', async () => {
    const out = join(tmp(), 'result.csv');
    const missing = await run('allocate', '--grids', fixture('nope.geojson'), '--buildings', fixture('buildings.geojson'), '--out', out);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/cannot read grids file .*nope\.geojson \(ENOENT\)/);
    const missingItems = await run('allocate', '--grids', fixture('grids.geojson'), '--buildings', fixture('nope.csv'), '--out', out);
    expect(missingItems.code).not.toBe(0);
    expect(missingItems.err).toMatch(/cannot read buildings file/);
    const broken = await run('allocate', '--grids', fixture('invalid-json.geojson'), '--buildings', fixture('buildings.geojson'), '--out', out);
    expect(broken.code).not.toBe(0);
    expect(broken.err).toMatch(/not valid JSON/);
    const notFc = await run('allocate', '--grids', fixture('expected.csv'), '--buildings', fixture('buildings.geojson'), '--out', out);
    expect(notFc.code).not.toBe(0);
    const none = await run('allocate', '--grids', fixture('no-grids.geojson'), '--buildings', fixture('buildings.geojson'), '--out', out);
    expect(none.code).not.toBe(0);
    expect(none.err).toMatch(/no usable grids/);
    expect(none.err).toMatch(/feature 0: .*geometry is missing/);
    const noLat = await run('allocate', '--grids', fixture('grids.geojson'), '--buildings', fixture('no-lat.csv'), '--out', out);
    expect(noLat.code).not.toBe(0);
    expect(noLat.err).toMatch(/no latitude \(lat, latitude, 纬度\) column; the header has 'id', 'lon'/);
    const badOption = await run('allocate', '--grids', fixture('grids.geojson'), '--buildings', fixture('buildings.geojson'), '--out', out, '--nearest-m', 'far');
    expect(badOption.code).not.toBe(0);
    expect(badOption.err).toMatch(/--nearest-m must be/);
  });
});
