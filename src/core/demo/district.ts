/**
 * The demo district: one sub-district of Zhengzhou's 中原区 with its communities, grids,
 * micro-grids, dedicated grids, buildings, people, streets and landmarks, all drawn from a seed.
 *
 * How it is made: first a plan (how many of everything, who lives where, what stands on each
 * micro-grid), then the land: the sub-district outline is cut by guillotine cuts (partition.ts)
 * into communities, grids, compounds and micro-grids, each piece sized to the land its
 * buildings need. The cuts become the streets; buildings are laid out in each piece; people are
 * assigned per unit. Only at the end is the metric plane converted to WGS-84.
 */
import type { Polygon } from 'geojson';
import {
  asBuildingId,
  asGridCode,
  DEDICATED_KINDS,
  type Building,
  type DedicatedKind,
  type District,
  type GridCode,
  type GridUnit,
  type LngLat,
  type Poi,
  type Road,
  type RoadClass,
} from '../model';
import {
  dedicatedSpecs,
  landFor,
  layoutBuildings,
  officeSpec,
  parkSpec,
  shopSpec,
  towerSpecs,
  walkupSpecs,
  type BuildingSpec,
  type PlacedBuilding,
} from './buildings';
import {
  chineseNumeral,
  COMMUNITY_NAMES,
  COMPOUND_PREFIXES,
  DEDICATED_UNIT_NAMES,
  EAST_WEST_MAJOR,
  MINOR_STREETS,
  NORTH_SOUTH_MAJOR,
  SUB_DISTRICT_NAME,
  TOWER_SUFFIXES,
  UniquePicker,
  WALKUP_SUFFIXES,
} from './names';
import {
  cutRing,
  NodeSet,
  nodeRings,
  offsetForFraction,
  ringFromPoints,
  splitWeighted,
  unionRings,
  type Cut,
  type EdgeClass,
  type PNode,
  type Ring,
} from './partition';
import { direction, dot, isConvexCcw, planeFrame, signedArea, toLngLat7, type PlaneFrame, type Xy } from './plane';
import { createRng, type Rng } from './rng';
import { staffDistrict } from './staff';

/** The seed of the district the app ships with. */
export const DEMO_SEED = 20261122;

/** Region prefix of every code (中原区). */
export const DEMO_REGION = 'ZY';
/** Code of the demo sub-district. */
export const DEMO_SUB_DISTRICT_CODE = asGridCode('ZY-03');
/** Number of communities (level 2). */
export const DEMO_COMMUNITIES = 5;

/** Where the plane is anchored, [lon, lat]: west of 113.645°E, where another fixture sits. */
const ANCHOR: LngLat = [113.6185, 34.75];
const DEG = Math.PI / 180;
/** Land given to the tiling beyond what buildings need: streets, squares, open ground. */
const LAND_SLACK = 1.12;
/** Cut end points this close (m) to a node already on the boundary join it. */
const SNAP_M = 4;
/** Buildings the plan asks for at least; layout may drop a few shops where land is short. */
const MIN_PLANNED_BUILDINGS = 650;
/** Households of a micro-grid outside the band, as drawn: [min, max] under and over. */
const UNDER_BAND: readonly [number, number] = [38, 48];
const OVER_BAND: readonly [number, number] = [75, 95];

interface MicroPlan {
  households: number;
  specs: BuildingSpec[];
}
interface CompoundPlan {
  name: string;
  style: 'walkup' | 'tower';
  /** Tilt (radians) of this compound's buildings relative to the street grid. */
  tilt: number;
  micros: MicroPlan[];
}
interface BasePlan {
  kind: 'base';
  compounds: CompoundPlan[];
}
interface DedicatedPlan {
  kind: 'dedicated';
  dedicatedKind: DedicatedKind;
  unit: string;
  specs: BuildingSpec[];
}
type ChildPlan = BasePlan | DedicatedPlan;
interface CommunityPlan {
  name: string;
  children: ChildPlan[];
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const pad2 = (n: number): string => String(n).padStart(2, '0');
/** 锦艺社区 → 锦艺 */
const shortName = (community: string): string => community.replace(/社区$/, '');

const microLand = (m: MicroPlan): number => landFor(m.specs);
const compoundLand = (c: CompoundPlan): number => sum(c.micros.map(microLand));
/** Campuses keep more open ground (forecourts, car parks, yards) than housing does. */
const CAMPUS_OPENNESS = 2.2;
const childLand = (c: ChildPlan): number =>
  c.kind === 'base' ? sum(c.compounds.map(compoundLand)) : landFor(c.specs, CAMPUS_OPENNESS);
const communityLand = (c: CommunityPlan): number => sum(c.children.map(childLand));

/** Nudges integer counts (each kept within [min, max]) until they add up to `target`. */
function adjustCounts(rng: Rng, counts: number[], target: number, min: number, max: number): void {
  let total = sum(counts);
  while (total !== target) {
    const up = total < target;
    const candidates = counts.map((c, i) => i).filter((i) => (up ? counts[i] < max : counts[i] > min));
    if (candidates.length === 0) throw new Error('cannot reach the target count');
    counts[rng.pick(candidates)] += up ? 1 : -1;
    total += up ? 1 : -1;
  }
}

/** Household targets for `n` micro-grids: about 8–12 % outside the band, on both sides. */
function householdTargets(rng: Rng, n: number): number[] {
  const outside = Math.max(2, Math.round(n * rng.float(0.08, 0.12)));
  const under = Math.max(1, Math.round(outside * rng.float(0.35, 0.65)));
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const targets = new Array<number>(n);
  order.forEach((i, rank) => {
    if (rank < under) targets[i] = rng.int(UNDER_BAND[0], UNDER_BAND[1]);
    else if (rank < outside) targets[i] = rng.int(OVER_BAND[0], OVER_BAND[1]);
    // Inside the band the draws bunch around 60, as planners aim for the middle.
    else targets[i] = 50 + Math.round(((rng.next() + rng.next()) / 2) * 20);
  });
  return targets;
}

/** What each place is for, before any geometry: counts, households, buildings. */
function planDistrict(rng: Rng): { communities: CommunityPlan[]; pois: Map<string, Poi['kind']> } {
  const communityNames = rng.shuffle(COMMUNITY_NAMES).slice(0, DEMO_COMMUNITIES);
  const baseCounts = communityNames.map(() => rng.int(5, 7));
  const microCounts = baseCounts.flatMap((n) => Array.from({ length: n }, () => rng.int(5, 9)));
  adjustCounts(rng, microCounts, rng.int(192, 210), 4, 10);

  // Dedicated grids: one of each kind, one or two more, spread over the communities.
  const extras = rng.shuffle<DedicatedKind>(['school', 'market', 'hospital', 'construction_site']).slice(0, rng.int(1, 2));
  const kinds = rng.shuffle([...DEDICATED_KINDS, ...extras]);
  const communityOrder = rng.shuffle(communityNames.map((_, i) => i));
  const unitPickers = new Map(DEDICATED_KINDS.map((k) => [k, new UniquePicker(rng, DEDICATED_UNIT_NAMES[k])]));
  const dedicatedOf = communityNames.map((): DedicatedPlan[] => []);
  kinds.forEach((kind, i) => {
    const unit = (unitPickers.get(kind) as UniquePicker).next((n) => `${DEDICATED_UNIT_NAMES[kind][0]}${n + 1}`);
    dedicatedOf[communityOrder[i % communityOrder.length]].push({
      kind: 'dedicated',
      dedicatedKind: kind,
      unit,
      specs: dedicatedSpecs(rng, kind, unit),
    });
  });

  // Compounds and micro-grids of the base grids; households come after, over all micro-grids at once.
  const compoundNames = new UniquePicker(rng, COMPOUND_PREFIXES);
  let next = 0;
  const bases: BasePlan[][] = baseCounts.map((n) =>
    Array.from({ length: n }, (): BasePlan => {
      const micros = microCounts[next++];
      const count = Math.min(micros <= 5 ? rng.int(1, 2) : rng.int(1, 3), Math.floor(micros / 2));
      const sizes = count <= 1 ? [micros] : splitCount(rng, micros, count);
      return {
        kind: 'base',
        compounds: sizes.map((size): CompoundPlan => {
          const style = rng.chance(0.25) ? 'tower' : 'walkup';
          const prefix = compoundNames.next((n) => `${rng.pick(COMPOUND_PREFIXES)}${chineseNumeral(n)}`);
          return {
            name: prefix + rng.pick(style === 'tower' ? TOWER_SUFFIXES : WALKUP_SUFFIXES),
            style,
            tilt: rng.float(-2.5, 2.5) * DEG,
            micros: Array.from({ length: size }, () => ({ households: 0, specs: [] })),
          };
        }),
      };
    }),
  );
  const allMicros = bases.flat().flatMap((b) => b.compounds.flatMap((c) => c.micros.map((m) => ({ m, c }))));
  const targets = householdTargets(rng, allMicros.length);
  allMicros.forEach(({ m, c }, i) => {
    m.households = targets[i];
    if (c.style === 'tower') m.specs = towerSpecs(rng, m.households);
    else {
      const count = rng.weighted<number>([
        [2, 0.5],
        [3, 3],
        [4, 4],
        [5, 2.5],
      ]);
      m.specs = walkupSpecs(rng, m.households, count);
      if (rng.chance(0.4)) m.specs.push(shopSpec(rng));
    }
  });

  // A district this size has 600-odd buildings: where the draw fell short, more streets get
  // shop fronts (the survey DOMAIN.md cites counted 447 street-front shops in one sub-district).
  const planned = (): number =>
    allMicros.reduce((n, { m }) => n + m.specs.filter((spec) => !spec.reserve).length, 0) +
    dedicatedOf.flat().reduce((n, d) => n + d.specs.filter((spec) => !spec.reserve).length, 0);
  const shopless = rng.shuffle(allMicros.filter(({ m }) => !m.specs.some((spec) => spec.use === 'shop')));
  while (planned() < MIN_PLANNED_BUILDINGS && shopless.length > 0) (shopless.pop() as { m: MicroPlan }).m.specs.push(shopSpec(rng));

  // Landmarks: the street office, a police station, a centre per community, a park or two.
  const pois = new Map<string, Poi['kind']>();
  const taken = new Set<MicroPlan>();
  const microsOf = (community: number): MicroPlan[] =>
    bases[community].flatMap((b) => b.compounds.flatMap((c) => c.micros)).filter((m) => !taken.has(m));
  const put = (community: number, spec: BuildingSpec, kind: Poi['kind']): void => {
    const micro = rng.pick(microsOf(community));
    taken.add(micro);
    micro.specs.push(spec);
    pois.set(spec.label as string, kind);
  };
  put(0, officeSpec(rng, `${SUB_DISTRICT_NAME}办事处`), 'street_office');
  put(rng.int(0, communityNames.length - 1), officeSpec(rng, `${SUB_DISTRICT_NAME.replace(/街道$/, '')}派出所`), 'police_station');
  communityNames.forEach((name, i) => put(i, officeSpec(rng, `${name}党群服务中心`), 'community_centre'));
  const parkCommunities = rng.shuffle(communityNames.map((_, i) => i)).slice(0, rng.int(1, 2));
  for (const i of parkCommunities) put(i, parkSpec(rng, `${shortName(communityNames[i])}游园`), 'park');

  const communities = communityNames.map(
    (name, i): CommunityPlan => ({ name, children: rng.shuffle<ChildPlan>([...bases[i], ...dedicatedOf[i]]) }),
  );
  return { communities, pois };
}

/** `total` split into `parts` integers of at least 2, roughly even. */
function splitCount(rng: Rng, total: number, parts: number): number[] {
  const out = Array.from({ length: parts }, () => 2);
  for (let left = total - 2 * parts; left > 0; left--) out[rng.int(0, parts - 1)]++;
  return out;
}

/** The sub-district outline before its notch: a rectangle with a chamfered corner, jittered. */
function outlinePoints(rng: Rng): Xy[] {
  const w = rng.float(1.05, 1.25);
  const h = 1;
  const c1 = rng.float(0.12, 0.22);
  const c2 = rng.float(0.12, 0.22);
  const corners: Xy[] = [
    { x: -w / 2, y: -h / 2 },
    { x: w / 2, y: -h / 2 },
    { x: w / 2, y: h / 2 },
    { x: -w / 2 + c2, y: h / 2 },
    { x: -w / 2, y: h / 2 - c1 },
  ];
  const jittered = corners.map((p) => ({ x: p.x + rng.float(-0.015, 0.015), y: p.y + rng.float(-0.015, 0.015) }));
  return isConvexCcw(jittered) ? jittered : corners;
}

/** A road's name and class, from the cut's place in the hierarchy and its orientation. */
interface RoadNamer {
  major(eastWest: boolean): string;
  minor(): string;
}

function roadNamer(rng: Rng): RoadNamer {
  const minor = new UniquePicker(rng, MINOR_STREETS);
  const minorNext = (): string => minor.next((n) => `建设${chineseNumeral(Math.min(n, 99))}街`);
  const ew = new UniquePicker(rng, EAST_WEST_MAJOR.filter((n) => n !== '建设路'));
  const ns = new UniquePicker(rng, NORTH_SOUTH_MAJOR);
  return {
    major: (eastWest) => (eastWest ? ew : ns).next(() => minorNext()),
    minor: minorNext,
  };
}

/**
 * Converts noded rings to GeoJSON, rounding each shared node once so neighbours stay identical.
 * Every position is its own array: consumers that reproject in place (gcoord does) must not
 * move a shared vertex twice.
 */
function polygonOf(frame: PlaneFrame, ring: Ring, cache: Map<number, [number, number]>): Polygon {
  const coords: [number, number][] = [];
  for (const node of ring.nodes) {
    let c = cache.get(node.id);
    if (!c) {
      c = toLngLat7(frame, node);
      cache.set(node.id, c);
    }
    const last = coords[coords.length - 1];
    if (!last || last[0] !== c[0] || last[1] !== c[1]) coords.push([c[0], c[1]]);
  }
  if (coords.length > 1 && coords[0][0] === coords[coords.length - 1][0] && coords[0][1] === coords[coords.length - 1][1]) {
    coords.pop();
  }
  return { type: 'Polygon', coordinates: [[...coords, [coords[0][0], coords[0][1]]]] };
}

/** Area-weighted centroid of a ring, plane metres. */
function centroid(ring: readonly Xy[]): Xy {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i];
    const q = ring[(i + 1) % ring.length];
    const cross = p.x * q.y - q.x * p.y;
    a += cross;
    cx += (p.x + q.x) * cross;
    cy += (p.y + q.y) * cross;
  }
  return { x: cx / (3 * a), y: cy / (3 * a) };
}

/** Edge classes that are streets a compound gate can open onto. */
const STREETS: readonly EdgeClass[] = ['outline', 'primary', 'secondary', 'tertiary'];

/** 东/西/南/北: which way a unit vector points, against the street grid's east and north. */
function facing(outward: Xy, east: Xy, north: Xy): string {
  const e = dot(outward, east);
  const n = dot(outward, north);
  if (Math.abs(e) >= Math.abs(n)) return e > 0 ? '东' : '西';
  return n > 0 ? '北' : '南';
}

/**
 * A compound's gates: one on its longest street side (its longest side if none is a street),
 * sometimes a second facing another way, each 3 m inside the boundary, on the pavement in front
 * of the buildings (which keep at least 4 m back).
 */
function compoundGates(rng: Rng, ring: Ring, east: Xy, north: Xy): { facing: string; at: Xy }[] {
  const k = ring.nodes.length;
  const sides = ring.nodes
    .map((a, i) => ({ a, b: ring.nodes[(i + 1) % k], cls: ring.edges[i] }))
    .map((s) => ({ ...s, len: Math.hypot(s.b.x - s.a.x, s.b.y - s.a.y) }))
    .filter((s) => s.len > 30)
    .sort((p, q) => Number(STREETS.includes(q.cls)) - Number(STREETS.includes(p.cls)) || q.len - p.len);
  const gates: { facing: string; at: Xy }[] = [];
  for (const side of sides.slice(0, rng.chance(0.5) ? 2 : 1)) {
    const along = unitOf(side.a, side.b);
    const outward = { x: along.y, y: -along.x };
    const way = facing(outward, east, north);
    if (gates.some((g) => g.facing === way)) continue;
    const t = rng.float(0.35, 0.65);
    gates.push({
      facing: way,
      at: { x: side.a.x + t * (side.b.x - side.a.x) - 3 * outward.x, y: side.a.y + t * (side.b.y - side.a.y) - 3 * outward.y },
    });
  }
  return gates;
}

/**
 * Generates the demo district. Deterministic: the same seed gives a deep-equal district, and the
 * generator draws nothing but its seeded PRNG.
 */
export function generateDemoDistrict(seed: number = DEMO_SEED): District {
  const rng = createRng(seed);
  const { communities, pois: poiKinds } = planDistrict(rng.fork('plan'));
  const geo = rng.fork('geometry');
  const frameAngle = geo.float(-5, 5) * DEG;
  const east = direction(frameAngle);
  const north = direction(frameAngle + Math.PI / 2);
  const frame = planeFrame([ANCHOR[0] + geo.float(-0.001, 0.001), ANCHOR[1] + geo.float(-0.001, 0.001)]);
  const names = roadNamer(rng.fork('roads'));

  // The outline, scaled so the kept land is what the plan needs; the south-east corner is cut
  // away as a notch (it belongs to the neighbouring street), which makes the outline non-convex.
  const weights = communities.map(communityLand);
  const westLand = sum(weights.slice(0, 3));
  const eastLand = sum(weights.slice(3));
  const notch = geo.float(0.3, 0.42);
  const notchLand = (eastLand * notch) / (1 - notch);
  const shape = outlinePoints(geo);
  const scale = Math.sqrt(((westLand + eastLand + notchLand) * LAND_SLACK) / signedArea(shape));
  const rootPoints = shape.map((p) => ({
    x: scale * (p.x * east.x + p.y * north.x),
    y: scale * (p.x * east.y + p.y * north.y),
  }));
  const nodes = new NodeSet();
  const root = ringFromPoints(nodes, rootPoints, 'outline');

  interface CutRecord {
    cut: Cut;
    road: { name: string; roadClass: RoadClass };
  }
  const cuts: CutRecord[] = [];
  const eastWest = (c: Cut): boolean => {
    const dx = c.b.x - c.a.x;
    const dy = c.b.y - c.a.y;
    return Math.abs(dx * east.x + dy * east.y) >= Math.abs(dx * north.x + dy * north.y);
  };

  // Three communities west of the main north–south street, two east of it.
  const westNormal = direction(frameAngle + geo.float(-1.5, 1.5) * DEG);
  const westShare = westLand / (westLand + eastLand + notchLand);
  const westCut = cutRing(nodes, root, westNormal, offsetForFraction(root.nodes, westNormal, westShare), 'primary', 0);
  if (!westCut) throw new Error('outline cut failed');
  cuts.push({ cut: westCut.cut, road: { name: names.major(false), roadClass: 'primary' } });
  const eastPart = westCut.pos;
  const notchNormal = direction(frameAngle + Math.PI / 2 + geo.float(-1.5, 1.5) * DEG);
  const notchCut = cutRing(nodes, eastPart, notchNormal, offsetForFraction(eastPart.nodes, notchNormal, notch), 'secondary', SNAP_M);
  if (!notchCut) throw new Error('notch cut failed');
  cuts.push({ cut: notchCut.cut, road: { name: names.major(true), roadClass: 'secondary' } });
  const westPart = westCut.neg;
  const eastKept = notchCut.pos;

  const split = (ring: Ring, w: readonly number[], cls: EdgeClass, jitterDeg: number, road: (c: Cut) => CutRecord['road']): Ring[] =>
    splitWeighted(nodes, ring, w, {
      rng: geo,
      frameAngle,
      jitter: jitterDeg * DEG,
      cls,
      snap: SNAP_M,
      onCut: (cut) => cuts.push({ cut, road: road(cut) }),
    });
  const communityRings = [
    ...split(westPart, weights.slice(0, 3), 'secondary', 2, (c) => ({ name: names.major(eastWest(c)), roadClass: 'secondary' })),
    ...split(eastKept, weights.slice(3), 'secondary', 2, (c) => ({ name: names.major(eastWest(c)), roadClass: 'secondary' })),
  ];

  // Every ring made, level by level, so they can all be noded at once.
  interface ChildGeo {
    plan: ChildPlan;
    ring: Ring;
    compounds: { plan: CompoundPlan; ring: Ring; micros: Ring[] }[];
  }
  const geometry = communities.map((community, ci) => {
    let lanes = 0;
    const childRings = split(communityRings[ci], community.children.map(childLand), 'tertiary', 3, () => ({
      name: names.minor(),
      roadClass: 'tertiary',
    }));
    const children = community.children.map((plan, k): ChildGeo => {
      const ring = childRings[k];
      if (plan.kind === 'dedicated') return { plan, ring, compounds: [] };
      const compoundRings = split(ring, plan.compounds.map(compoundLand), 'lane', 4, () => ({
        name: `${shortName(community.name)}${chineseNumeral(Math.min(++lanes, 99))}巷`,
        roadClass: 'path',
      }));
      return {
        plan,
        ring,
        compounds: plan.compounds.map((cp, j) => ({
          plan: cp,
          ring: compoundRings[j],
          micros: split(compoundRings[j], cp.micros.map(microLand), 'path', 5, () => ({
            name: `${cp.name}内部道路`,
            roadClass: 'path',
          })),
        })),
      };
    });
    return { ring: communityRings[ci], children };
  });

  // Node every ring of every level, then read the outline off the two kept parts.
  const rings: Ring[] = [westPart, eastKept];
  for (const c of geometry) {
    rings.push(c.ring);
    for (const child of c.children) {
      rings.push(child.ring);
      for (const cp of child.compounds) rings.push(...cp.micros);
    }
  }
  const noded = nodeRings(rings, nodes);
  const nodedOf = new Map<Ring, Ring>(rings.map((r, i) => [r, noded[i]]));
  const outline = unionRings([noded[0], noded[1]]);
  const coordCache = new Map<number, [number, number]>();
  const poly = (ring: Ring): Polygon => polygonOf(frame, nodedOf.get(ring) ?? ring, coordCache);
  const point = (p: Xy): [number, number] => toLngLat7(frame, p);

  // Grids, buildings and landmarks.
  const grids: GridUnit[] = [];
  const buildings: Building[] = [];
  const pois: Poi[] = [];
  const layoutRng = rng.fork('layout');
  const residentsRng = rng.fork('residents');
  const gateRng = rng.fork('gates');
  const unit = (code: string, name: string, level: GridUnit['level'], parent: GridCode | null, geometry: Polygon): GridUnit => ({
    code: asGridCode(code),
    name,
    level,
    kind: 'base',
    parentCode: parent,
    geometry,
    chiefId: null,
    workerIds: [],
  });
  const addPoi = (name: string, kind: Poi['kind'], at: [number, number]): void => {
    pois.push({ id: `poi-${String(pois.length + 1).padStart(3, '0')}`, name, kind, geometry: { type: 'Point', coordinates: at } });
  };
  const outlinePolygon = polygonOf(frame, outline, coordCache);
  grids.push(unit(DEMO_SUB_DISTRICT_CODE, SUB_DISTRICT_NAME, 1, null, outlinePolygon));

  const emit = (
    placed: readonly PlacedBuilding[],
    gridCode: GridCode,
    compound: string,
    numbering: { housing: number; shops: number; inGrid: (code: GridCode) => number },
  ): void => {
    for (const b of placed) {
      const { spec } = b;
      const poiKind = spec.label ? poiKinds.get(spec.label) : undefined;
      if (spec.reserve) {
        if (poiKind) addPoi(spec.label as string, poiKind, point(centroid(b.corners)));
        continue;
      }
      let name: string;
      if (spec.label) name = spec.label;
      else if (spec.use === 'residential') name = `${compound}${++numbering.housing}号楼`;
      else name = `${compound}沿街商铺${++numbering.shops}号`;
      const households = sum(spec.entrances);
      const ring = b.corners.map(point);
      buildings.push({
        id: asBuildingId(`${gridCode}-B${pad2(numbering.inGrid(gridCode))}`),
        name,
        compound: spec.use === 'office' && spec.label ? spec.label : compound,
        use: spec.use,
        gridCode,
        footprint: { type: 'Polygon', coordinates: [[...ring, [ring[0][0], ring[0][1]]]] },
        entrances: spec.entrances.map((h, i) => ({ no: i + 1, location: point(b.entrances[i]), households: h })),
        floors: spec.floors,
        households,
        residents: households > 0 ? Math.round(households * residentsRng.float(2.3, 3.0)) : 0,
      });
      if (poiKind) addPoi(spec.label as string, poiKind, point(centroid(b.corners)));
    }
  };

  const perGrid = new Map<GridCode, number>();
  const inGrid = (code: GridCode): number => {
    const n = (perGrid.get(code) ?? 0) + 1;
    perGrid.set(code, n);
    return n;
  };
  const gates: { compound: string; ring: Ring }[] = [];
  geometry.forEach((c, ci) => {
    const plan = communities[ci];
    const code = `${DEMO_SUB_DISTRICT_CODE}-${pad2(ci + 1)}`;
    grids.push(unit(code, plan.name, 2, DEMO_SUB_DISTRICT_CODE, poly(c.ring)));
    let baseNo = 0;
    let dedicatedNo = 0;
    for (const child of c.children) {
      if (child.plan.kind === 'dedicated') {
        const { dedicatedKind, unit: unitName, specs } = child.plan;
        const dcode = asGridCode(`${code}-Z${++dedicatedNo}`);
        grids.push({
          ...unit(dcode, `${unitName}专属网格`, 3, asGridCode(code), poly(child.ring)),
          kind: 'dedicated',
          dedicatedKind,
        });
        const placed = layoutBuildings(layoutRng, child.ring, frameAngle + layoutRng.float(-2, 2) * DEG, specs);
        emit(placed, dcode, unitName, { housing: 0, shops: 0, inGrid });
        continue;
      }
      const bcode = `${code}-${pad2(++baseNo)}`;
      grids.push(unit(bcode, `${plan.name}第${chineseNumeral(baseNo)}网格`, 3, asGridCode(code), poly(child.ring)));
      let microNo = 0;
      for (const cp of child.compounds) {
        gates.push({ compound: cp.plan.name, ring: cp.ring });
        const numbering = { housing: 0, shops: 0, inGrid };
        cp.micros.forEach((ring, k) => {
          const mcode = asGridCode(`${bcode}-${pad2(++microNo)}`);
          const name = cp.micros.length === 1 ? `${cp.plan.name}微网格` : `${cp.plan.name}第${chineseNumeral(k + 1)}微网格`;
          grids.push(unit(mcode, name, 4, asGridCode(bcode), poly(ring)));
          const placed = layoutBuildings(layoutRng, ring, frameAngle + cp.plan.tilt, cp.plan.micros[k].specs);
          emit(placed, mcode, cp.plan.name, numbering);
        });
      }
    }
  });

  for (const { compound, ring } of gates) {
    for (const gate of compoundGates(gateRng, ring, east, north)) addPoi(`${compound}${gate.facing}门`, 'gate', point(gate.at));
  }

  // Streets: the outline's sides, then every cut that stands for a street or path.
  const roads: Road[] = [];
  const addRoad = (name: string, roadClass: RoadClass, a: PNode | Xy, b: PNode | Xy): void => {
    roads.push({
      id: `road-${String(roads.length + 1).padStart(3, '0')}`,
      name,
      roadClass,
      geometry: { type: 'LineString', coordinates: [point(a), point(b)] },
    });
  };
  // The outline's sides are the streets around the sub-district; the north one gives it its name.
  root.nodes.forEach((a, i) => {
    const b = root.nodes[(i + 1) % root.nodes.length];
    const along = unitOf(a, b);
    const ew = Math.abs(dot(along, east)) >= Math.abs(dot(along, north));
    const diagonal = Math.min(Math.abs(dot(along, east)), Math.abs(dot(along, north))) > 0.4;
    const northSide = ew && dot({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, north) > 0;
    if (diagonal) addRoad(names.minor(), 'secondary', a, b);
    else if (northSide) addRoad('建设路', 'primary', a, b);
    else addRoad(names.major(ew), 'primary', a, b);
  });
  for (const { cut, road } of cuts) addRoad(road.name, road.roadClass, cut.a, cut.b);

  const centre = point(centroid(outline.nodes));
  const staffed = staffDistrict(rng.fork('staff'), grids, buildings);
  return {
    formatVersion: 1,
    seed,
    region: DEMO_REGION,
    name: `中原区${SUB_DISTRICT_NAME}`,
    center: centre,
    grids: staffed.grids.sort((p, q) => (p.code < q.code ? -1 : p.code > q.code ? 1 : 0)),
    buildings,
    staff: staffed.staff,
    roads,
    pois,
  };
}

function unitOf(a: Xy, b: Xy): Xy {
  const len = Math.hypot(b.x - a.x, b.y - a.y);
  return { x: (b.x - a.x) / len, y: (b.y - a.y) / len };
}
