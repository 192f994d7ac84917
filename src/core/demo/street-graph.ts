/**
 * The walkable network of the demo district, for the simulated patrols (patrol-day.ts): where a
 * grid worker can walk, and the shortest way from one building entrance to another.
 *
 * Read off the leaf units' rings, not off `district.roads`: the demo's roads are exactly the cuts
 * that made the units (streets between grids, lanes between compounds, paths between micro-grids),
 * but as unnoded two-point lines, while the rings carry the same lines already noded, with every
 * shared vertex written once (district.ts rounds each node once). So each level-3 grid gets:
 *
 * - the edges of its micro-grids' rings (its own rings for a dedicated grid): the paths inside it;
 * - its outer boundary moved {@link WALK_INSET_M} inwards: the pavement on its own side of the
 *   street (the boundary is the street's centre line, which belongs to no grid), so a worker on
 *   their own boundary street is located in their own grid;
 * - a crossing of the street at each vertex it shares with a neighbouring grid;
 * - a spur from the nearest path to every building entrance, on the entrance's side of the building.
 *
 * Built once per district (cached by object identity) and walked with Dijkstra over one or two
 * grids' nodes at a time (a few hundred), with shortest-path trees cached per source: planning a
 * day costs lookups, not searches over the district.
 */
import type { Polygon, Position } from 'geojson';
import type { BuildingId, District, GridCode, GridUnit, LngLat } from '../model';
import { planeFrame, signedArea, toXy, type PlaneFrame, type Xy } from './plane';

/** How far (m) inside its level-3 grid's boundary a worker walks the boundary street. */
export const WALK_INSET_M = 5;

export type WalkEdgeKind = 'path' | 'crossing' | 'spur';

/** A building entrance as a node of the walk graph. */
export interface WalkEntrance {
  buildingId: BuildingId;
  /** 单元 number (Entrance.no). */
  no: number;
  /** The level-3 grid holding the building. */
  gridCode: GridCode;
  /** The leaf unit holding the building (a micro-grid or a dedicated grid). */
  unitCode: GridCode;
  node: number;
}

/** A shortest-path tree over a subgraph, from one source. */
export interface PathTree {
  /** Metres from the source, by local node index (Infinity where unreachable). */
  dist: Float64Array;
  /** Previous local node on the shortest path, -1 at the source and unreachable nodes. */
  prev: Int32Array;
}

/** The nodes of one or two level-3 grids, indexed locally for Dijkstra. */
export interface WalkSubgraph {
  key: string;
  /** Global node ids, by local index. */
  nodes: Int32Array;
  /** Global node id to local index (-1 outside). */
  local: Int32Array;
  /** Local adjacency: neighbour local indices and edge lengths (m). */
  adj: { to: Int32Array; len: Float64Array }[];
  trees: Map<number, PathTree>;
}

export interface WalkGraph {
  /** The plane (metres east/north) the coordinates are in. */
  frame: PlaneFrame;
  /** Node coordinates, plane metres. */
  x: number[];
  y: number[];
  /** The level-3 grid each node belongs to. */
  gridOf: GridCode[];
  /** Every edge once (node ids), with its kind. */
  edges: { a: number; b: number; kind: WalkEdgeKind }[];
  /** Entrances by level-3 grid. */
  entrances: ReadonlyMap<GridCode, readonly WalkEntrance[]>;
  /** Level-3 base grids sharing a street crossing with each level-3 grid, sorted. */
  neighbours: ReadonlyMap<GridCode, readonly GridCode[]>;
  /** Node ids by level-3 grid. */
  nodesOf: ReadonlyMap<GridCode, readonly number[]>;
  /** Subgraphs built so far, by key (sorted grid codes joined by '+'). */
  subgraphs: Map<string, WalkSubgraph>;
}

const cache = new WeakMap<District, WalkGraph>();

const keyOf = (p: Position): string => `${p[0]},${p[1]}`;

/** The outer ring (no closing point) of a grid's largest polygon. */
function outerRing(grid: GridUnit): Position[] {
  const polys: Polygon['coordinates'][] = grid.geometry.type === 'Polygon' ? [grid.geometry.coordinates] : grid.geometry.coordinates;
  let best = polys[0];
  for (const p of polys) if (p[0].length > best[0].length) best = p;
  return best[0].slice(0, -1);
}

/**
 * Where a boundary vertex `p` (between `prev` and `next` on a counter-clockwise ring) moves when
 * the boundary is moved `d` inwards: on a straight run along the inward normal, at a corner to
 * the point `d` from both sides (a mitre, clamped for very sharp corners).
 */
function insetVertex(prev: Xy, p: Xy, next: Xy, d: number): Xy {
  const l1 = Math.hypot(p.x - prev.x, p.y - prev.y) || 1;
  const l2 = Math.hypot(next.x - p.x, next.y - p.y) || 1;
  const d1 = { x: (p.x - prev.x) / l1, y: (p.y - prev.y) / l1 };
  const d2 = { x: (next.x - p.x) / l2, y: (next.y - p.y) / l2 };
  // Inward (left) normals of a counter-clockwise ring.
  const n1 = { x: -d1.y, y: d1.x };
  const n2 = { x: -d2.y, y: d2.x };
  const det = n1.x * n2.y - n1.y * n2.x;
  if (Math.abs(det) > 0.02) {
    const ax = (d * (n2.y - n1.y)) / det;
    const ay = (d * (n1.x - n2.x)) / det;
    if (Math.hypot(ax, ay) <= 4 * d) return { x: p.x + ax, y: p.y + ay };
  }
  const nx = n1.x + n2.x;
  const ny = n1.y + n2.y;
  const nl = Math.hypot(nx, ny) || 1;
  return { x: p.x + (d * nx) / nl, y: p.y + (d * ny) / nl };
}

/** Even-odd point in ring (plane). */
function inRingXy(ring: readonly Xy[], p: Xy): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/**
 * The walk graph of `district` (see the module comment). Cached per district object: treat the
 * district as immutable.
 */
export function walkGraph(district: District): WalkGraph {
  const hit = cache.get(district);
  if (hit) return hit;
  const frame = planeFrame(district.center);
  const x: number[] = [];
  const y: number[] = [];
  const gridOf: GridCode[] = [];
  const edges: { a: number; b: number; kind: WalkEdgeKind; removed?: boolean }[] = [];
  const nodesOf = new Map<GridCode, number[]>();
  const addNode = (grid: GridCode, p: Xy): number => {
    x.push(p.x);
    y.push(p.y);
    gridOf.push(grid);
    const list = nodesOf.get(grid) ?? [];
    list.push(x.length - 1);
    nodesOf.set(grid, list);
    return x.length - 1;
  };

  const level3 = district.grids.filter((g) => g.level === 3).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const leavesOf = new Map<GridCode, GridUnit[]>();
  for (const g of district.grids) {
    if (g.level === 4 && g.parentCode) leavesOf.set(g.parentCode, [...(leavesOf.get(g.parentCode) ?? []), g]);
  }
  /** Boundary vertex key → the (grid, node) pairs standing for it on each side of the street. */
  const boundary = new Map<string, { grid: GridCode; node: number }[]>();
  /** Path edges by level-3 grid (indices into `edges`), for the entrance spurs. */
  const pathEdgesOf = new Map<GridCode, number[]>();

  for (const g of level3) {
    let outer = outerRing(g).map((p) => ({ key: keyOf(p), xy: toXy(frame, [p[0], p[1]]) }));
    if (signedArea(outer.map((o) => o.xy)) < 0) outer = outer.reverse();
    const inset = new Map<string, Xy>();
    outer.forEach((o, i) => {
      const prev = outer[(i - 1 + outer.length) % outer.length].xy;
      const next = outer[(i + 1) % outer.length].xy;
      inset.set(o.key, insetVertex(prev, o.xy, next, WALK_INSET_M));
    });
    const ids = new Map<string, number>();
    const nodeFor = (p: Position): number => {
      const key = keyOf(p);
      let id = ids.get(key);
      if (id === undefined) {
        id = addNode(g.code, inset.get(key) ?? toXy(frame, [p[0], p[1]]));
        ids.set(key, id);
        if (inset.has(key)) boundary.set(key, [...(boundary.get(key) ?? []), { grid: g.code, node: id }]);
      }
      return id;
    };
    const seen = new Set<string>();
    const own: number[] = [];
    for (const leaf of leavesOf.get(g.code) ?? [g]) {
      const ring = outerRing(leaf);
      for (let i = 0; i < ring.length; i++) {
        const a = nodeFor(ring[i]);
        const b = nodeFor(ring[(i + 1) % ring.length]);
        if (a === b) continue;
        const k = a < b ? `${a}-${b}` : `${b}-${a}`;
        if (seen.has(k)) continue;
        seen.add(k);
        own.push(edges.length);
        edges.push({ a, b, kind: 'path' });
      }
    }
    // Boundary vertices of the grid no leaf uses (none in the demo) still get their node.
    for (const o of outer) if (!ids.has(o.key)) nodeFor(o.key.split(',').map(Number));
    pathEdgesOf.set(g.code, own);
  }

  // Street crossings between neighbouring grids; base grids are the ones workers walk.
  const kindOf = new Map(level3.map((g) => [g.code, g.kind]));
  const neighbourSets = new Map<GridCode, Set<GridCode>>();
  for (const sides of boundary.values()) {
    for (let i = 0; i < sides.length; i++) {
      for (let j = i + 1; j < sides.length; j++) {
        const p = sides[i];
        const q = sides[j];
        if (p.grid === q.grid) continue;
        edges.push({ a: p.node, b: q.node, kind: 'crossing' });
        if (kindOf.get(q.grid) === 'base') neighbourSets.set(p.grid, (neighbourSets.get(p.grid) ?? new Set()).add(q.grid));
        if (kindOf.get(p.grid) === 'base') neighbourSets.set(q.grid, (neighbourSets.get(q.grid) ?? new Set()).add(p.grid));
      }
    }
  }

  // Spurs: each entrance joins the nearest path of its grid that it faces (the spur does not run
  // back through its own building), splitting that path where it joins.
  const unitParent = new Map(district.grids.map((g) => [g.code, g.level === 4 ? g.parentCode : g.code]));
  const splits = new Map<number, { t: number; entrance: number }[]>();
  const entrances = new Map<GridCode, WalkEntrance[]>();
  for (const b of district.buildings) {
    const grid = unitParent.get(b.gridCode);
    if (!grid) continue;
    const candidates = pathEdgesOf.get(grid);
    if (!candidates || candidates.length === 0) continue;
    const footprint = b.footprint.coordinates[0].slice(0, -1).map((p) => toXy(frame, [p[0], p[1]]));
    for (const e of b.entrances) {
      const p = toXy(frame, e.location as LngLat);
      let best: { edge: number; t: number; d: number } | null = null;
      let bestAny: { edge: number; t: number; d: number } | null = null;
      for (const k of candidates) {
        const { a, b: bb } = edges[k];
        const dx = x[bb] - x[a];
        const dy = y[bb] - y[a];
        const len2 = dx * dx + dy * dy;
        const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((p.x - x[a]) * dx + (p.y - y[a]) * dy) / len2));
        const qx = x[a] + t * dx;
        const qy = y[a] + t * dy;
        const d = Math.hypot(qx - p.x, qy - p.y);
        if (!bestAny || d < bestAny.d) bestAny = { edge: k, t, d };
        if (best && d >= best.d) continue;
        // Half a metre along the spur from the door: inside the footprint means through the building.
        const step = d > 0 ? 0.5 / d : 0;
        if (d > 0 && inRingXy(footprint, { x: p.x + (qx - p.x) * step, y: p.y + (qy - p.y) * step })) continue;
        best = { edge: k, t, d };
      }
      const chosen = best ?? bestAny;
      if (!chosen) continue;
      const node = addNode(grid, p);
      const list = entrances.get(grid) ?? [];
      list.push({ buildingId: b.id, no: e.no, gridCode: grid, unitCode: b.gridCode, node });
      entrances.set(grid, list);
      splits.set(chosen.edge, [...(splits.get(chosen.edge) ?? []), { t: chosen.t, entrance: node }]);
    }
  }
  for (const [k, list] of splits) {
    const edge = edges[k];
    edge.removed = true;
    const len = Math.hypot(x[edge.b] - x[edge.a], y[edge.b] - y[edge.a]);
    list.sort((p, q) => p.t - q.t);
    let last = edge.a;
    let lastT = 0;
    const grid = gridOf[edge.a];
    for (const s of list) {
      let join: number;
      if (s.t * len < 0.5) join = edge.a;
      else if ((1 - s.t) * len < 0.5) join = edge.b;
      else if ((s.t - lastT) * len < 0.5) join = last;
      else {
        join = addNode(grid, { x: x[edge.a] + s.t * (x[edge.b] - x[edge.a]), y: y[edge.a] + s.t * (y[edge.b] - y[edge.a]) });
        edges.push({ a: last, b: join, kind: 'path' });
        last = join;
        lastT = s.t;
      }
      edges.push({ a: join, b: s.entrance, kind: 'spur' });
    }
    edges.push({ a: last, b: edge.b, kind: 'path' });
  }

  const neighbours = new Map<GridCode, GridCode[]>();
  for (const [g, set] of neighbourSets) neighbours.set(g, [...set].sort());
  const graph: WalkGraph = {
    frame,
    x,
    y,
    gridOf,
    edges: edges.filter((e) => !e.removed).map(({ a, b, kind }) => ({ a, b, kind })),
    entrances,
    neighbours,
    nodesOf,
    subgraphs: new Map(),
  };
  cache.set(district, graph);
  return graph;
}

/** The subgraph of the nodes of `grids` (and the edges between them), built once per set of grids. */
export function walkSubgraph(graph: WalkGraph, grids: readonly GridCode[]): WalkSubgraph {
  const sorted = [...new Set(grids)].sort();
  const key = sorted.join('+');
  const hit = graph.subgraphs.get(key);
  if (hit) return hit;
  const list: number[] = [];
  for (const g of sorted) list.push(...(graph.nodesOf.get(g) ?? []));
  const local = new Int32Array(graph.x.length).fill(-1);
  list.forEach((n, i) => (local[n] = i));
  const to: number[][] = list.map(() => []);
  const len: number[][] = list.map(() => []);
  for (const e of graph.edges) {
    const a = local[e.a];
    const b = local[e.b];
    if (a < 0 || b < 0) continue;
    const l = Math.hypot(graph.x[e.b] - graph.x[e.a], graph.y[e.b] - graph.y[e.a]);
    to[a].push(b);
    len[a].push(l);
    to[b].push(a);
    len[b].push(l);
  }
  const sub: WalkSubgraph = {
    key,
    nodes: Int32Array.from(list),
    local,
    adj: to.map((t, i) => ({ to: Int32Array.from(t), len: Float64Array.from(len[i]) })),
    trees: new Map(),
  };
  graph.subgraphs.set(key, sub);
  return sub;
}

/** Dijkstra from `source` (a local index) over `sub`, cached per source. */
export function pathTree(sub: WalkSubgraph, source: number): PathTree {
  const hit = sub.trees.get(source);
  if (hit) return hit;
  const n = sub.nodes.length;
  const dist = new Float64Array(n).fill(Infinity);
  const prev = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  // A binary heap of (distance, node) with lazy deletion: a few hundred nodes, a few pushes each.
  const heapD: number[] = [];
  const heapN: number[] = [];
  const push = (d: number, v: number): void => {
    let i = heapD.length;
    heapD.push(d);
    heapN.push(v);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapD[p] <= d) break;
      heapD[i] = heapD[p];
      heapN[i] = heapN[p];
      i = p;
    }
    heapD[i] = d;
    heapN[i] = v;
  };
  const pop = (): number => {
    const top = heapN[0];
    const d = heapD.pop() as number;
    const v = heapN.pop() as number;
    const size = heapD.length;
    if (size > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        const c = r < size && heapD[r] < heapD[l] ? r : l;
        if (heapD[c] >= d) break;
        heapD[i] = heapD[c];
        heapN[i] = heapN[c];
        i = c;
      }
      heapD[i] = d;
      heapN[i] = v;
    }
    return top;
  };
  dist[source] = 0;
  push(0, source);
  while (heapD.length > 0) {
    const u = pop();
    if (done[u]) continue;
    done[u] = 1;
    const { to, len } = sub.adj[u];
    for (let k = 0; k < to.length; k++) {
      const v = to[k];
      const d = dist[u] + len[k];
      if (d < dist[v]) {
        dist[v] = d;
        prev[v] = u;
        push(d, v);
      }
    }
  }
  const tree = { dist, prev };
  sub.trees.set(source, tree);
  return tree;
}

/** The global node ids of the shortest path from the tree's source to `target` (local), both included; empty if unreachable. */
export function pathTo(sub: WalkSubgraph, tree: PathTree, target: number): number[] {
  if (!Number.isFinite(tree.dist[target])) return [];
  const out: number[] = [];
  for (let v = target; v !== -1; v = tree.prev[v]) out.push(sub.nodes[v]);
  return out.reverse();
}
