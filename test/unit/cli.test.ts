import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index';
import { generateDemoDistrict } from '../../src/core/demo';

/** Runs the CLI in-process and captures what it prints. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

const fixture = (name: string): string => join(import.meta.dirname, '../fixtures/import', name);

describe('gridroom CLI', () => {
  it('prints help and refuses unknown commands', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('demo');
    expect(help.out).toContain('check-import');
    const bad = await run('frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown command 'frobnicate'");
  });

  it('demo writes the whole hierarchy as GeoJSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridroom-cli-'));
    const out = join(dir, 'grids.geojson');
    const r = await run('demo', '--out', out);
    expect(r.code).toBe(0);
    const fc = JSON.parse(readFileSync(out, 'utf8'));
    const district = generateDemoDistrict();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(district.grids.length);
    const codes = new Set(fc.features.map((f: { properties: { code: string } }) => f.properties.code));
    for (const g of district.grids) expect(codes.has(g.code)).toBe(true);
  });

  it('demo buildings carry households that add up to the district total', async () => {
    const r = await run('demo', '--layer', 'buildings');
    expect(r.code).toBe(0);
    const fc = JSON.parse(r.out);
    const total = fc.features.reduce((s: number, f: { properties: { households: number } }) => s + f.properties.households, 0);
    expect(total).toBe(generateDemoDistrict().buildings.reduce((s, b) => s + b.households, 0));
  });

  it('demo --level 4 gives the micro-grids, and allocate puts every demo building back in its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridroom-cli-'));
    const grids = join(dir, 'micro.geojson');
    const buildings = join(dir, 'buildings.geojson');
    const result = join(dir, 'result.csv');
    expect((await run('demo', '--level', '4', '--out', grids)).code).toBe(0);
    expect((await run('demo', '--layer', 'buildings', '--out', buildings)).code).toBe(0);
    const district = generateDemoDistrict();
    const micro = district.grids.filter((g) => g.level === 4);
    expect(JSON.parse(readFileSync(grids, 'utf8')).features).toHaveLength(micro.length);
    const r = await run('allocate', '--grids', grids, '--grid-id', 'code', '--buildings', buildings, '--out', result);
    expect(r.code).toBe(0);
    const rows = readFileSync(result, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const byId = new Map(rows.map((row) => [row[0], row]));
    const microCodes = new Set(micro.map((g) => g.code as string));
    let checked = 0;
    for (const b of district.buildings) {
      if (!microCodes.has(b.gridCode)) continue; // dedicated-grid buildings are not in level 4
      expect(byId.get(b.id)?.slice(1, 4)).toEqual([b.gridCode, b.gridCode, 'inside']);
      checked++;
    }
    expect(checked).toBeGreaterThan(600);
  });

  it('demo rejects bad options with a clear message', async () => {
    const r = await run('demo', '--layer', 'rivers');
    expect(r.code).toBe(1);
    expect(r.err).toContain('--layer must be one of');
    const s = await run('demo', '--seed', 'abc');
    expect(s.code).toBe(1);
    expect(s.err).toContain('--seed must be an integer');
    expect((await run('demo', '--level', '5')).err).toContain('--level must be 1, 2, 3 or 4');
  });

  it('check-import passes a good file against the demo and lists problems of a bad one', async () => {
    const good = await run('check-import', fixture('good.geojson'), '--against-demo');
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/4 features: 4 good, 0 with problems/);
    const mixed = await run('check-import', fixture('mixed.geojson'));
    expect(mixed.code).toBe(3);
    expect(mixed.out).toMatch(/3 good, 3 with problems/);
    const broken = await run('check-import', fixture('invalid-json.geojson'));
    expect(broken.code).toBe(1);
    expect(broken.err.length).toBeGreaterThan(0);
  });
});
