import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { asGridCode, type GridCode } from '../model';
import { computeCoverageReport, GAP_RGBA, type CoverageInputs, type CoverageRequest, type CoverageUnitInput } from './coverage-report';
import type { CoverageTrackInput } from './coverage';

// A 400 m × 200 m district split into two 200 m grids A (west) and B (east), each one micro-grid.
const LON0 = 113.6;
const LAT0 = 34.75;
const M_LAT = 1 / 111_195;
const M_LON = M_LAT / Math.cos((LAT0 * Math.PI) / 180);
const at = (x: number, y: number): [number, number] => [LON0 + x * M_LON, LAT0 + y * M_LAT];
const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)]],
});
const D = asGridCode('D');
const A = asGridCode('D-A');
const B = asGridCode('D-B');
const unit = (code: GridCode, level: 1 | 3 | 4, parentCode: GridCode | null, geometry: Polygon): CoverageUnitInput => ({ code, level, kind: 'base', parentCode, geometry });
const units: CoverageUnitInput[] = [
  unit(D, 1, null, rect(0, 0, 400, 200)),
  unit(A, 3, D, rect(0, 0, 200, 200)),
  unit(B, 3, D, rect(200, 0, 400, 200)),
  unit(asGridCode('D-A-1'), 4, A, rect(0, 0, 200, 200)),
  unit(asGridCode('D-B-1'), 4, B, rect(200, 0, 400, 200)),
];
const buildings = [
  { id: 'bA', gridCode: asGridCode('D-A-1'), households: 60, entrances: [{ no: 1, location: at(100, 100), households: 60 }] },
  { id: 'bB', gridCode: asGridCode('D-B-1'), households: 50, entrances: [{ no: 1, location: at(300, 150), households: 50 }] },
];

const NOW = Date.parse('2026-11-22T15:00:00+08:00');
const T0 = Date.parse('2026-11-22T09:00:00+08:00');

/** w1 walks along y = 100 across A (1 m/s, a fix every 10 s), stopping 5 min at bA's door at x = 100. */
function walkAcrossA(): CoverageTrackInput {
  const lon: number[] = [];
  const lat: number[] = [];
  const t: number[] = [];
  let clock = T0;
  const push = (x: number, y: number): void => {
    const [a, b] = at(x, y);
    lon.push(a);
    lat.push(b);
    t.push(clock);
    clock += 10_000;
  };
  for (let x = 0; x < 100; x += 10) push(x, 100);
  for (let i = 0; i < 31; i++) push(100 + (i % 2), 100); // 300 s within a metre of the door
  for (let x = 110; x <= 200; x += 10) push(x, 100);
  return { workerId: 'w1', lon, lat, t };
}

/** w2 (own grid A) strolls along y = 40 inside B for ten minutes. */
function strollInB(): CoverageTrackInput {
  const lon: number[] = [];
  const lat: number[] = [];
  const t: number[] = [];
  for (let i = 0; i <= 60; i++) {
    const [a, b] = at(220 + i * 2, 40);
    lon.push(a);
    lat.push(b);
    t.push(T0 + 3_600_000 + i * 10_000);
  }
  return { workerId: 'w2', lon, lat, t };
}

const inputs = (over: Partial<CoverageInputs> = {}): CoverageInputs => ({
  units,
  buildings,
  workers: [
    { id: 'w1', gridCode: A },
    { id: 'w2', gridCode: A },
    { id: 'w3', gridCode: B },
  ],
  tracks: [walkAcrossA(), strollInB()],
  reportedVisits: [{ workerId: 'w3', buildingId: 'bB', t: NOW - 3.5 * 86_400_000, durationMs: null }],
  ...over,
});

const request = (over: Partial<CoverageRequest> = {}): CoverageRequest => ({
  from: Date.parse('2026-11-22T00:00:00+08:00'),
  to: NOW,
  nowMs: NOW,
  radiusM: 25,
  visitRadiusM: 15,
  visitMinStayMs: 3 * 60_000,
  unvisitedDays: 30,
  trendDays: 2,
  ...over,
});

describe('computeCoverageReport', () => {
  const report = computeCoverageReport(inputs(), request());
  const share = (code: string): number => report.units.find((u) => u.code === code)!.coveredShare;

  it('covers every level from one raster: a 50 m band across A, a 40 m-long capsule in B', () => {
    // A: the band y ∈ [75, 125] across its 200 m (10,000 m² of 40,000), plus the sliver of w2's
    // west cap that pokes 5 m over the border (a circular segment of 102 m²).
    const sliver = 625 * Math.acos(20 / 25) - 20 * 15;
    expect(Math.abs(share('D-A') - (10_000 + sliver) / 40_000)).toBeLessThan(0.005);
    expect(share('D-A-1')).toBeCloseTo(share('D-A'), 6);
    // B: w2's 120 m walk from x 220 to 340 along y 40 (a capsule, less the sliver in A), plus the
    // half disc of w1's east cap where the walk across A ends on the border.
    const capsule = 120 * 50 + Math.PI * 625;
    const b = (capsule - sliver + (Math.PI * 625) / 2) / 40_000;
    expect(Math.abs(share('D-B') - b), `B ${share('D-B')} vs ${b}`).toBeLessThan(0.005);
    expect(Math.abs(share('D') - (10_000 + capsule + (Math.PI * 625) / 2) / 80_000)).toBeLessThan(0.005);
    expect(report.units.find((u) => u.code === 'D')!.areaM2).toBeCloseTo(80_000, -2);
  });

  it('a stay at an entrance is a visit; an explicit visit counts for "days since"', () => {
    const bA = report.buildings.find((b) => b.buildingId === 'bA')!;
    expect(bA.visitsInWindow).toBe(1);
    expect(bA.lastVisitMs).toBe(T0 + 9 * 10_000); // the first fix within 15 m of the door (x = 90)
    expect(bA.daysSince).toBe(0);
    expect(bA.gap).toBe(false);
    const bB = report.buildings.find((b) => b.buildingId === 'bB')!;
    expect(bB).toMatchObject({ visitsInWindow: 0, daysSince: 3, gap: false });
    const strict = computeCoverageReport(inputs(), request({ unvisitedDays: 3, trendDays: 0 }));
    expect(strict.buildings.find((b) => b.buildingId === 'bB')!.gap).toBe(true);
    const d = report.units.find((u) => u.code === 'D')!;
    expect(d).toMatchObject({ buildings: 2, visitedBuildings: 1, visitedShare: 0.5, unvisitedBuildings: 0 });
    expect(report.units.find((u) => u.code === 'D-B')!.visitedShare).toBe(0);
  });

  it('a stay shorter than the minimum is not a visit', () => {
    const short = computeCoverageReport(inputs(), request({ visitMinStayMs: 10 * 60_000, trendDays: 0 }));
    expect(short.buildings.find((b) => b.buildingId === 'bA')!.visitsInWindow).toBe(0);
  });

  it('gives each worker distance and time inside and outside their own grid', () => {
    const [w1, w2, w3] = report.workers;
    expect(w1.workerId).toBe('w1');
    expect(w1.insideOwnGridMs).toBe((walkAcrossA().t.length - 1) * 10_000);
    expect(w1.outsideOwnGridMs).toBe(0);
    expect(w1.distanceM).toBeGreaterThan(199);
    expect(w1.distanceM).toBeLessThan(240);
    expect(w1).toMatchObject({ visits: 1, buildingsVisited: 1 });
    expect(w2.insideOwnGridMs).toBe(0);
    expect(w2.outsideOwnGridMs).toBe(600_000);
    expect(w3).toMatchObject({ distanceM: 0, fixes: 0, visits: 0 });
  });

  it('paints gaps only inside the district and away from the walks', () => {
    const img = report.gapImage!;
    expect(img.width * img.height * 4).toBe(img.data.length);
    const pixelAt = (x: number, y: number): number[] => {
      const [lon, lat] = at(x, y);
      const [[west, north], [east], , [, south]] = img.corners;
      const px = Math.floor(((lon - west) / (east - west)) * img.width);
      const py = Math.floor(((north - lat) / (north - south)) * img.height);
      const o = (py * img.width + px) * 4;
      return Array.from(img.data.slice(o, o + 4));
    };
    expect(pixelAt(50, 100)).toEqual([0, 0, 0, 0]); // on w1's walk
    expect(pixelAt(50, 170)).toEqual([...GAP_RGBA]); // in A, 70 m off the walk
    expect(pixelAt(380, 180)).toEqual([...GAP_RGBA]); // in B, nobody near
    expect(pixelAt(300, 42)).toEqual([0, 0, 0, 0]); // on w2's stroll
    expect(pixelAt(-15, 100)).toEqual([0, 0, 0, 0]); // outside the district, though walked near
  });

  it('keeps the image within the pixel budget', () => {
    const small = computeCoverageReport(inputs(), request({ maxImagePx: 50, trendDays: 0 }));
    expect(Math.max(small.gapImage!.width, small.gapImage!.height)).toBeLessThanOrEqual(50);
  });

  it('downsampled, a pixel is a gap when most of its cells are', () => {
    const full = computeCoverageReport(inputs(), request({ trendDays: 0 })).gapImage!;
    const small = computeCoverageReport(inputs(), request({ trendDays: 0, maxImagePx: 40 })).gapImage!;
    const k = Math.ceil(Math.max(full.width, full.height) / 40);
    expect(k).toBeGreaterThan(2);
    expect(small.width).toBe(Math.ceil(full.width / k));
    // Full-size pixel (col, row-from-top) is raster cell (col, H-1-row); small pixel (x, y) holds
    // raster rows (h-y-1)k … (h-y)k-1, i.e. full rows from H-(h-y)k on.
    const gapAt = (img: typeof full, x: number, y: number): boolean => img.data[(y * img.width + x) * 4 + 3] > 0;
    const [west, north] = full.corners[0];
    const [east, south] = full.corners[2];
    const metres = (col: number, row: number): [number, number] => [
      ((west + ((col + 0.5) / full.width) * (east - west) - LON0) / M_LON),
      ((north - ((row + 0.5) / full.height) * (north - south) - LAT0) / M_LAT),
    ];
    let checked = 0;
    let mixed = 0;
    for (let y = 0; y < small.height; y++) {
      for (let x = 0; x < small.width; x++) {
        const top = full.height - (small.height - y) * k;
        let gaps = 0;
        let inside = true;
        for (let row = top; row < top + k; row++) {
          for (let col = x * k; col < x * k + k; col++) {
            const [mx, my] = metres(col, row);
            if (row < 0 || col >= full.width || !(mx > 1 && mx < 399 && my > 1 && my < 199)) inside = false;
            else if (gapAt(full, col, row)) gaps++;
          }
        }
        if (!inside) continue; // blocks at the district's edge also depend on the outline
        checked++;
        if (gaps > 0 && gaps < k * k) mixed++;
        expect(gapAt(small, x, y), `pixel ${x},${y}: ${gaps} of ${k * k} cells are gaps`).toBe(gaps > (k * k) / 2);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(mixed).toBeGreaterThan(5);
  });

  it('computes a trend day of its own when the window is not that day', () => {
    // w1 also walked across A yesterday; the window starts at 08:00, so today is not the window.
    const yesterday = walkAcrossA();
    const shifted = { workerId: 'w1', lon: yesterday.lon, lat: yesterday.lat, t: Array.from(yesterday.t, (t) => t - 86_400_000) };
    const join = (a: ArrayLike<number>, b: ArrayLike<number>): number[] => [...Array.from(a), ...Array.from(b)];
    const both = { workerId: 'w1', lon: join(shifted.lon, yesterday.lon), lat: join(shifted.lat, yesterday.lat), t: join(shifted.t, yesterday.t) };
    const r = computeCoverageReport(inputs({ tracks: [both, strollInB()] }), request({ from: T0 - 3_600_000 }));
    expect(r.trend.byUnit[A][0]).toBeCloseTo(10_000 / 40_000, 2); // only the band across A
    expect(r.trend.byUnit[B][0]).toBeCloseTo((Math.PI * 625) / 2 / 40_000, 2); // its east cap
    expect(r.trend.byUnit[A][1]).toBeCloseTo(share('D-A'), 4);
    expect(r.trend.byUnit[D][1]).toBeCloseTo(share('D'), 4);
    // The window itself still holds only today's walks, and yesterday's stay is a visit before it.
    expect(r.units.find((u) => u.code === 'D-A')!.coveredShare).toBeCloseTo(share('D-A'), 6);
    expect(r.fixesInWindow).toBe(report.fixesInWindow);
    expect(r.buildings.find((b) => b.buildingId === 'bA')!.visitsInWindow).toBe(1);
  });

  it('trends levels 1–3 per China day, today last', () => {
    expect(report.trend.dates).toEqual(['2026-11-21', '2026-11-22']);
    expect(report.trend.byUnit[A][0]).toBe(0);
    expect(report.trend.byUnit[A][1]).toBeCloseTo(share('D-A'), 6);
    expect(report.trend.byUnit[asGridCode('D-A-1')]).toBeUndefined();
  });

  it('leaves out what happened outside the window', () => {
    const later = computeCoverageReport(inputs(), request({ from: T0 + 2 * 3_600_000, trendDays: 0 }));
    expect(share('D-A')).toBeGreaterThan(0);
    expect(later.units.find((u) => u.code === 'D-A')!.coveredShare).toBe(0);
    expect(later.workers[0].distanceM).toBe(0);
    // The visit before the window still counts for "days since".
    expect(later.buildings.find((b) => b.buildingId === 'bA')).toMatchObject({ visitsInWindow: 0, daysSince: 0 });
  });

  it('reports progress from 0 to 1 in phase order', () => {
    const seen: { phase: string; fraction: number }[] = [];
    computeCoverageReport(inputs(), request(), (p) => seen.push(p));
    expect(seen[0].fraction).toBe(0);
    expect(seen.at(-1)).toEqual({ phase: 'image', fraction: 1 });
    for (let i = 1; i < seen.length; i++) expect(seen[i].fraction).toBeGreaterThanOrEqual(seen[i - 1].fraction);
  });

  it('refuses a bad request, naming the field', () => {
    expect(() => computeCoverageReport(inputs(), request({ to: request().from }))).toThrow(/to must be a time after from/);
    expect(() => computeCoverageReport(inputs(), request({ radiusM: 0 }))).toThrow(/radiusM/);
    expect(() => computeCoverageReport(inputs(), request({ trendDays: 1.5 }))).toThrow(/trendDays/);
    expect(() => computeCoverageReport(inputs(), request({ visitRadiusM: Number.NaN }))).toThrow(/visitRadiusM/);
  });
});
