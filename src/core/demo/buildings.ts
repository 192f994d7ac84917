/**
 * Buildings of the demo district: what stands in a micro-grid or a dedicated unit (recipes), and
 * where (a row layout of rotated rectangles inside a convex grid, kept back from its streets).
 * Sizes follow Chinese practice: 单元 about 13 m wide with two flats a floor, walk-ups 5–7 floors,
 * towers 11–18 or 26–33 floors, rows spaced for sunlight (日照间距) at about the building height.
 */
import type { BuildingUse, DedicatedKind } from '../model';
import type { EdgeClass, Ring } from './partition';
import { direction, dot, type Xy } from './plane';
import type { Rng } from './rng';

/** What to build; sizes in metres. */
export interface BuildingSpec {
  use: BuildingUse;
  floors: number;
  /** Households per entrance (单元), one number per entrance; zeros for non-residential buildings. */
  entrances: number[];
  /** Length along the long axis, metres. */
  length: number;
  /** Depth, metres. */
  depth: number;
  /** Clear distance (m) to keep to the next row north: sunlight spacing for housing, fire spacing otherwise. */
  spacing: number;
  /** Display name for named buildings (offices, unit buildings); housing is numbered later. */
  label?: string;
  /** Open ground (a park, a sports field) laid out like a building but never output as one. */
  reserve?: boolean;
  /** Never dropped when space runs short (named places the POIs point at). */
  essential?: boolean;
  /** Public buildings open to the south; walk-up stairwells open to the north. */
  southEntrances?: boolean;
}

/** A spec placed in the plane. */
export interface PlacedBuilding {
  spec: BuildingSpec;
  /** Counter-clockwise corners, plane metres. */
  corners: Xy[];
  /** One point per entrance, on the footprint's edge. */
  entrances: Xy[];
}

/** Metres of storey height used for spacing. */
const STOREY_M = 3;

/** Splits `total` into `parts` integers of roughly equal size (±25 %), each at least `min`. */
export function splitInteger(rng: Rng, total: number, parts: number, min: number): number[] {
  if (parts * min > total) throw new Error(`cannot split ${total} into ${parts} parts of at least ${min}`);
  const weights = Array.from({ length: parts }, () => rng.float(0.75, 1.25));
  const sum = weights.reduce((a, b) => a + b, 0);
  const free = total - parts * min;
  const raw = weights.map((w) => (w / sum) * free);
  const out = raw.map((r) => min + Math.floor(r));
  let left = total - out.reduce((a, b) => a + b, 0);
  const byRemainder = raw.map((r, i) => ({ i, rem: r - Math.floor(r) })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % parts, left--) out[byRemainder[k].i]++;
  return out;
}

/** Households split evenly over `count` entrances (the first ones take the remainder). */
function perEntrance(households: number, count: number): number[] {
  const base = Math.floor(households / count);
  return Array.from({ length: count }, (_, i) => base + (i < households % count ? 1 : 0));
}

/** Walk-up housing (多层): `count` buildings of 5–7 floors sharing `households`. */
export function walkupSpecs(rng: Rng, households: number, count: number): BuildingSpec[] {
  const n = Math.max(1, Math.min(count, Math.floor(households / 8)));
  return splitInteger(rng, households, n, 8).map((share) => {
    const floors = rng.weighted<number>([
      [5, 1],
      [6, 4.5],
      [7, 4.5],
    ]);
    const entrances = Math.min(4, Math.max(1, Math.round(share / (2 * floors))));
    return {
      use: 'residential',
      floors,
      entrances: perEntrance(share, entrances),
      length: entrances * rng.float(12.5, 14.5),
      depth: rng.float(10.5, 12.5),
      spacing: floors * STOREY_M * rng.float(0.95, 1.1),
    };
  });
}

/** Tower housing (高层): one 26–33 floor tower, two 11–18 floor towers, or one two-entrance 11–18 floor slab. */
export function towerSpecs(rng: Rng, households: number): BuildingSpec[] {
  const variant = rng.weighted<'high' | 'pair' | 'slab'>([
    ['high', 4],
    ['pair', households >= 36 ? 3 : 0],
    ['slab', 2],
  ]);
  const towerSpacing = (floors: number): number => Math.min(45, Math.max(20, floors * STOREY_M * 0.45));
  if (variant === 'high') {
    const floors = Math.min(33, Math.max(26, Math.round(households / 2)));
    return [
      {
        use: 'residential',
        floors,
        entrances: [households],
        length: rng.float(24, 30),
        depth: rng.float(16, 20),
        spacing: towerSpacing(floors),
      },
    ];
  }
  if (variant === 'pair') {
    return splitInteger(rng, households, 2, 18).map((share) => {
      const floors = Math.min(18, Math.max(11, Math.round(share / 2)));
      return {
        use: 'residential' as const,
        floors,
        entrances: [share],
        length: rng.float(22, 28),
        depth: rng.float(14, 17),
        spacing: towerSpacing(floors),
      };
    });
  }
  const floors = Math.min(18, Math.max(11, Math.round(households / 4)));
  return [
    {
      use: 'residential',
      floors,
      entrances: perEntrance(households, 2),
      length: 2 * rng.float(18, 22),
      depth: rng.float(15, 18),
      spacing: towerSpacing(floors),
    },
  ];
}

/** A slim 26–33 floor point tower, 18 × 14 m, one entrance for all `households`. */
function pointTower(households: number): BuildingSpec {
  const floors = Math.min(33, Math.max(26, Math.round(households / 3)));
  return { use: 'residential', floors, entrances: [households], length: 18, depth: 14, spacing: 20 };
}

/** A non-residential building: households 0 on every entrance. */
function publicSpec(
  rng: Rng,
  use: BuildingUse,
  label: string | undefined,
  floors: number,
  length: [number, number],
  depth: [number, number],
  entrances = 1,
): BuildingSpec {
  const spec: BuildingSpec = {
    use,
    floors,
    entrances: Array.from({ length: entrances }, () => 0),
    length: rng.float(length[0], length[1]),
    depth: rng.float(depth[0], depth[1]),
    spacing: Math.max(8, Math.min(30, floors * STOREY_M * 0.6)),
    southEntrances: true,
  };
  if (label !== undefined) spec.label = label;
  return spec;
}

/** A street-front shop block (沿街商铺), 1–2 floors. */
export function shopSpec(rng: Rng): BuildingSpec {
  const floors = rng.int(1, 2);
  return publicSpec(rng, 'shop', undefined, floors, [20, 36], [9, 12], rng.int(1, 2));
}

/** An office building for a named public service (the street office, a community centre, a police station). */
export function officeSpec(rng: Rng, label: string): BuildingSpec {
  return { ...publicSpec(rng, 'office', label, rng.int(3, 5), [30, 40], [13, 16], 2), essential: true };
}

/** A pocket park (游园): open ground the layout keeps free. */
export function parkSpec(rng: Rng, label: string): BuildingSpec {
  return {
    use: 'office',
    floors: 0,
    entrances: [],
    length: rng.float(45, 60),
    depth: rng.float(30, 40),
    spacing: 6,
    label,
    reserve: true,
    essential: true,
  };
}

/** The buildings of a dedicated unit (school, hospital, market, enterprise park, construction site). */
export function dedicatedSpecs(rng: Rng, kind: DedicatedKind, unit: string): BuildingSpec[] {
  const p = (use: BuildingUse, name: string, floors: number, length: [number, number], depth: [number, number], entrances = 1) =>
    ({ ...publicSpec(rng, use, `${unit}${name}`, floors, length, depth, entrances), essential: true });
  switch (kind) {
    case 'school':
      return [
        p('school', '教学楼', rng.int(4, 5), [55, 70], [15, 18], 2),
        p('school', '实验楼', 4, [35, 45], [14, 16]),
        p('school', '综合楼', rng.int(2, 3), [30, 40], [20, 26]),
        // The sports ground is open land, not a landmark: it gives way first when land is short.
        { ...parkSpec(rng, `${unit}操场`), length: rng.float(85, 105), depth: rng.float(50, 62), essential: false },
      ];
    case 'hospital':
      return [
        p('hospital', '门诊楼', rng.int(5, 6), [50, 62], [22, 28], 2),
        p('hospital', '住院楼', rng.int(14, 20), [40, 52], [16, 20], 2),
        p('hospital', '医技楼', rng.int(4, 5), [30, 40], [18, 22]),
        p('hospital', '行政楼', 4, [24, 30], [13, 15]),
      ];
    case 'market':
      return [
        p('market', '交易大棚', 1, [60, 78], [30, 38], 3),
        p('market', '综合楼', rng.int(2, 3), [30, 40], [15, 18]),
      ];
    case 'enterprise_park': {
      const out = [p('enterprise', '综合服务楼', rng.int(5, 6), [30, 40], [15, 17])];
      const labs = rng.int(1, 2);
      for (let i = 1; i <= labs; i++) out.push(p('enterprise', `${i}号研发楼`, rng.int(8, 12), [40, 50], [18, 22], 2));
      const halls = rng.int(1, 2);
      for (let i = 1; i <= halls; i++) out.push(p('enterprise', `${i}号厂房`, rng.int(2, 3), [50, 66], [24, 30], 2));
      return out;
    }
    case 'construction_site': {
      const out: BuildingSpec[] = [p('construction', '项目部', 2, [22, 28], [9, 11])];
      const towers = rng.int(2, 4);
      for (let i = 1; i <= towers; i++) {
        const spec = p('construction', `${i}号楼（在建）`, rng.int(18, 33), [30, 42], [15, 18], 2);
        out.push({ ...spec, spacing: 22 });
      }
      return out;
    }
  }
}

/** Land (m²) a spec needs: its footprint grown by the gap to its neighbour and its spacing. */
export function specLand(spec: BuildingSpec): number {
  return (spec.length + 10) * (spec.depth + spec.spacing);
}

/** Land per unit of building lot: the rest is setbacks, paths and green space. */
const LAND_FACTOR = 1.5;

/**
 * Land (m²) a grid needs for `specs`, with room for setbacks and open space; `openness` scales it
 * for campuses (schools, hospitals, parks of enterprises), which keep more open ground than housing.
 */
export function landFor(specs: readonly BuildingSpec[], openness = 1): number {
  return openness * (LAND_FACTOR * specs.reduce((sum, s) => sum + specLand(s), 0) + 1200);
}

/** Setback (m) of buildings from an edge: the road's half-width plus a pavement, by class. */
export function setback(cls: EdgeClass): number {
  switch (cls) {
    case 'outline':
    case 'primary':
      return 16;
    case 'secondary':
      return 12;
    case 'tertiary':
      return 9;
    case 'lane':
      return 6;
    case 'path':
      return 4;
  }
}

/** Step (m) by which a row is moved north when it does not fit. */
const ROW_STEP_M = 1.5;
/** How far (m) north a row may move to take more buildings. */
const ROW_LOOKAHEAD_M = 15;

/** A half-plane n·q >= c in the layout's (u, v) frame. */
interface Constraint {
  nu: number;
  nv: number;
  c: number;
}

/** Rows of buildings inside one convex ring, in a frame rotated to `angle` (radians from east). */
class RowLayout {
  private readonly a: Xy;
  private readonly b: Xy;
  private readonly constraints: Constraint[] = [];
  readonly vMin: number;
  readonly vMax: number;

  constructor(ring: Ring, angle: number) {
    this.a = direction(angle);
    this.b = direction(angle + Math.PI / 2);
    const k = ring.nodes.length;
    const uv = ring.nodes.map((p) => ({ u: dot(this.a, p), v: dot(this.b, p) }));
    for (let i = 0; i < k; i++) {
      const p = uv[i];
      const q = uv[(i + 1) % k];
      const len = Math.hypot(q.u - p.u, q.v - p.v);
      if (len < 1e-6) continue;
      // Inward normal of a counter-clockwise edge: its direction turned left.
      const nu = -(q.v - p.v) / len;
      const nv = (q.u - p.u) / len;
      this.constraints.push({ nu, nv, c: nu * p.u + nv * p.v + setback(ring.edges[i]) });
    }
    this.vMin = Math.min(...uv.map((p) => p.v));
    this.vMax = Math.max(...uv.map((p) => p.v));
  }

  /** The range of left ends u0 at which an L × d rectangle with its south side at v fits, or null. */
  feasible(v: number, length: number, depth: number): { lo: number; hi: number } | null {
    let lo = -Infinity;
    let hi = Infinity;
    for (const { nu, nv, c } of this.constraints) {
      for (const vv of [v, v + depth]) {
        if (nu > 1e-9) lo = Math.max(lo, (c - nv * vv) / nu);
        else if (nu < -1e-9) hi = Math.min(hi, (c - nv * vv) / nu - length);
        else if (nv * vv < c - 1e-9) return null;
      }
    }
    return lo <= hi ? { lo, hi } : null;
  }

  /** As many of `pending` (in order) as fit side by side in a row with its south side at v. */
  private row(pending: readonly BuildingSpec[], v: number, gap: number): { spec: BuildingSpec; u0: number; hi: number }[] {
    const row: { spec: BuildingSpec; u0: number; hi: number }[] = [];
    let cursor = -Infinity;
    while (row.length < pending.length) {
      const spec = pending[row.length];
      const range = this.feasible(v, spec.length, spec.depth);
      if (!range) break;
      const u0 = Math.max(range.lo, cursor);
      if (u0 > range.hi) break;
      row.push({ spec, u0, hi: range.hi });
      cursor = u0 + spec.length + gap;
    }
    return row;
  }

  /**
   * Greedy rows from `vStart` northwards; null when not everything fits. Each row starts at the
   * first height where anything fits, or up to ROW_LOOKAHEAD_M higher if more fit there (a
   * slanted side can squeeze the lowest row).
   */
  run(specs: readonly BuildingSpec[], spacingFactor: number, gap: number, vStart: number): PlacedBuilding[] | null {
    const pending = specs.slice();
    const placed: PlacedBuilding[] = [];
    let v = vStart;
    while (pending.length > 0 && v < this.vMax) {
      let row = this.row(pending, v, gap);
      if (row.length === 0) {
        v += ROW_STEP_M;
        continue;
      }
      for (let up = ROW_STEP_M; up <= ROW_LOOKAHEAD_M && row.length < pending.length; up += ROW_STEP_M) {
        const higher = this.row(pending, v + up, gap);
        if (higher.length > row.length) {
          row = higher;
          v += up;
          up = 0;
        }
      }
      // Centre the row in the room it has: every building can move right by the smallest slack.
      const shift = Math.min(...row.map((r) => r.hi - r.u0)) / 2;
      for (const r of row) placed.push(this.place(r.spec, r.u0 + shift, v));
      pending.splice(0, row.length);
      v += Math.max(...row.map((r) => r.spec.depth)) + spacingFactor * Math.max(...row.map((r) => r.spec.spacing));
    }
    return pending.length === 0 ? placed : null;
  }

  private place(spec: BuildingSpec, u0: number, v0: number): PlacedBuilding {
    const toXy = (u: number, v: number): Xy => ({ x: u * this.a.x + v * this.b.x, y: u * this.a.y + v * this.b.y });
    const { length: l, depth: d } = spec;
    const corners = [toXy(u0, v0), toXy(u0 + l, v0), toXy(u0 + l, v0 + d), toXy(u0, v0 + d)];
    const face = spec.southEntrances ? v0 : v0 + d;
    const count = spec.entrances.length;
    const entrances = spec.entrances.map((_, i) => toXy(u0 + ((i + 0.5) * l) / count, face));
    return { spec, corners, entrances };
  }

  /** Lays out all specs, then moves the whole layout north to the middle of the room it leaves. */
  layout(specs: readonly BuildingSpec[], spacingFactor: number, gap: number): PlacedBuilding[] | null {
    const start = this.vMin + 0.5;
    const first = this.run(specs, spacingFactor, gap, start);
    if (!first) return null;
    let room = 0;
    for (let step = 2; step <= 80 && this.run(specs, spacingFactor, gap, start + step); step += 2) room = step;
    if (room === 0) return first;
    return this.run(specs, spacingFactor, gap, start + Math.floor(room / 4) * 2) ?? first;
  }
}

/**
 * Places `specs` in a convex ring with buildings aligned to `angle` (radians from east), each kept
 * back from the ring's edges by their class's setback, in rows with sunlight spacing. When they do
 * not fit it tightens the spacing, then drops the shops, then rebuilds the housing as towers
 * (keeping the households). Returns the placed buildings (specs may differ from those asked for).
 */
export function layoutBuildings(rng: Rng, ring: Ring, angle: number, specs: readonly BuildingSpec[]): PlacedBuilding[] {
  const facingSouth = new RowLayout(ring, angle);
  // Turned a quarter: for strips of land where south-facing rows will not go.
  const turned = new RowLayout(ring, angle + Math.PI / 2);
  // Big and named first: they need the wide middle rows, and the POIs point at them.
  const order = (list: readonly BuildingSpec[]): BuildingSpec[] =>
    list.slice().sort((p, q) => Number(!!q.essential) - Number(!!p.essential) || q.length - p.length);
  const housing = specs.filter((s) => s.use === 'residential');
  const households = housing.reduce((sum, s) => sum + s.entrances.reduce((a, b) => a + b, 0), 0);
  const essentials = specs.filter((s) => s.essential);
  const attempts: [RowLayout, BuildingSpec[], number, number][] = [
    [facingSouth, order(specs), 1, 10],
    [facingSouth, order(specs), 0.8, 8],
    [facingSouth, order(specs), 0.6, 6],
    [facingSouth, order([...essentials, ...housing]), 0.6, 6],
    [turned, order(specs), 0.8, 8],
    [turned, order([...essentials, ...housing]), 0.6, 6],
  ];
  if (households > 0) {
    const towers = order([...essentials, ...towerSpecs(rng, households)]);
    // Last resort for a sliver of land: one slim point tower (三户一梯) holding everyone.
    const point = order([...essentials, pointTower(households)]);
    attempts.push([facingSouth, towers, 0.6, 6], [turned, towers, 0.6, 6], [facingSouth, point, 0.6, 6], [turned, point, 0.6, 6]);
  }
  for (const [rows, list, factor, gap] of attempts) {
    const placed = rows.layout(list, factor, gap);
    if (placed) return placed;
  }
  const size = (axis: 'x' | 'y'): number =>
    Math.max(...ring.nodes.map((n) => n[axis])) - Math.min(...ring.nodes.map((n) => n[axis]));
  throw new Error(`${specs.length} buildings do not fit a grid of ${size('x').toFixed(0)} × ${size('y').toFixed(0)} m`);
}
