import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BuildingId, LngLat } from '../model';
import { daysSinceLastVisit, findVisits, indexEntrances, type TrackArrays, type Visit } from './visits';

const id = (s: string) => s as BuildingId;
const LAT0 = 34.75;
const LON0 = 113.62;
const M_LAT = 1 / 111_195; // degrees per metre north
const M_LON = M_LAT / Math.cos((LAT0 * Math.PI) / 180);
const at = (xM: number, yM: number): LngLat => [LON0 + xM * M_LON, LAT0 + yM * M_LAT];

function building(name: string, ...doors: [number, number][]) {
  return { id: id(name), entrances: doors.map(([x, y], i) => ({ no: i + 1, location: at(x, y), households: 10 })) };
}

function track(fixes: [number, number, number][]): TrackArrays {
  return { lon: fixes.map(([x, y]) => at(x, y)[0]), lat: fixes.map(([x, y]) => at(x, y)[1]), t: fixes.map(([, , s]) => s * 1000) };
}

describe('door-to-door visits', () => {
  const entrances = indexEntrances([building('A', [0, 0], [30, 0]), building('B', [200, 0])]);

  it('a stay by an entrance long enough is a visit; walking past is not', () => {
    // 4 minutes by A's first door, then a walk past B without stopping.
    const fixes: [number, number, number][] = [];
    for (let s = 0; s <= 240; s += 30) fixes.push([3, 2, s]);
    for (let s = 270, x = 50; x <= 260; s += 10, x += 15) fixes.push([x, 0, s]);
    const visits = findVisits(entrances, track(fixes));
    expect(visits).toEqual([{ buildingId: 'A', from: 0, to: 240_000 }]);
  });

  it('moving between two doors of one building continues the stay; a gap in the fixes ends it', () => {
    const moving = findVisits(entrances, track([[0, 0, 0], [5, 0, 60], [28, 0, 120], [30, 0, 200]]));
    expect(moving).toEqual([{ buildingId: 'A', from: 0, to: 200_000 }]);
    const gap = findVisits(entrances, track([[0, 0, 0], [0, 0, 100], [0, 0, 400], [0, 0, 500]]));
    expect(gap).toEqual([]); // 100 s, then (after a 5-minute gap) 100 s: neither stay is 3 minutes
  });

  it('agrees with a brute-force scan of every entrance (property)', () => {
    const doors = fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 })), { minLength: 1, maxLength: 8 });
    const steps = fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }), fc.integer({ min: 5, max: 150 })), { maxLength: 60 });
    fc.assert(
      fc.property(doors, steps, (ds, ss) => {
        const buildings = ds.map((d, i) => building(`b${i % 4}`, d));
        const fixes: [number, number, number][] = [];
        let x = 100;
        let y = 100;
        let s = 0;
        for (const [dx, dy, dt] of ss) {
          x += dx;
          y += dy;
          s += dt;
          fixes.push([x, y, s]);
        }
        const fast = findVisits(indexEntrances(buildings), track(fixes), { radiusM: 25, minStayMs: 60_000, maxGapMs: 120_000 });
        expect(fast).toEqual(bruteForce(buildings, fixes, 25, 60_000, 120_000));
      }),
      { numRuns: 200, seed: 20261122 },
    );
  });

  it('days since the last visit, null for never', () => {
    const visits: Visit[] = [
      { buildingId: id('A'), from: 0, to: 1000 },
      { buildingId: id('A'), from: 3 * 86_400_000, to: 3 * 86_400_000 + 1000 },
    ];
    expect(daysSinceLastVisit([id('A'), id('B')], visits, 10 * 86_400_000)).toEqual([
      { buildingId: 'A', days: 6 },
      { buildingId: 'B', days: null },
    ]);
  });
});

/** Every fix against every entrance, in metres by the same flat frame the test builds positions in. */
function bruteForce(buildings: ReturnType<typeof building>[], fixes: [number, number, number][], r: number, minStay: number, maxGap: number): Visit[] {
  const out: Visit[] = [];
  let open = new Map<string, { from: number; to: number }>();
  let last = -Infinity;
  const flush = (m: Map<string, { from: number; to: number }>, keep: Set<string>) => {
    for (const [b, st] of m) if (!keep.has(b) && st.to - st.from >= minStay) out.push({ buildingId: id(b), from: st.from, to: st.to });
  };
  for (const [x, y, s] of fixes) {
    const t = s * 1000;
    if (t - last > maxGap) {
      flush(open, new Set());
      open = new Map();
    }
    last = t;
    const near = new Set<string>();
    for (const b of buildings) {
      for (const e of b.entrances) {
        const ex = (e.location[0] - LON0) / M_LON;
        const ey = (e.location[1] - LAT0) / M_LAT;
        if ((ex - x) ** 2 + (ey - y) ** 2 <= r * r + 1e-6) near.add(b.id);
      }
    }
    const next = new Map<string, { from: number; to: number }>();
    for (const b of near) next.set(b, open.has(b) ? { from: (open.get(b) as { from: number }).from, to: t } : { from: t, to: t });
    flush(open, near);
    open = next;
  }
  flush(open, new Set());
  return out.sort((a, b) => a.from - b.from || (a.buildingId < b.buildingId ? -1 : a.buildingId > b.buildingId ? 1 : 0));
}
