/**
 * Exact tilings by guillotine cuts. A convex polygon is cut by a straight line into two convex
 * pieces; each cut's two end points are made once, as shared nodes, so the pieces on either side
 * of a cut hold the very same vertices. After all cuts, every ring is "noded": any node that lies
 * on one of its edges (the T-junction where a later cut met it from the other side) is inserted
 * into it. Neighbours then walk identical vertex chains along their common boundary, so the
 * tiling has no gaps, no overlaps and no float slivers, even after the coordinates are rounded.
 *
 * Everything here works in the local metric plane (see plane.ts).
 */
import Flatbush from 'flatbush';
import type { Rng } from './rng';
import { clipHalfPlane, direction, dot, segmentDistance, signedArea, vertexMean, type Xy } from './plane';

/**
 * What made an edge: the district outline, or the class of street/path the cut stands for. The
 * demo turns cuts into its street network and keeps buildings back from edges by class.
 */
export type EdgeClass = 'outline' | 'primary' | 'secondary' | 'tertiary' | 'lane' | 'path';

/** A shared vertex of the tiling, in plane metres. Identity (the object, or `id`) is what neighbours share. */
export interface PNode extends Xy {
  readonly id: number;
}

/** A counter-clockwise ring of shared nodes, without a closing node. */
export interface Ring {
  readonly nodes: readonly PNode[];
  /** edges[i] is the class of the edge from nodes[i] to nodes[(i + 1) % nodes.length]. */
  readonly edges: readonly EdgeClass[];
}

/** One guillotine cut: a straight segment between two boundary nodes of the ring it split. */
export interface Cut {
  readonly a: PNode;
  readonly b: PNode;
  readonly cls: EdgeClass;
}

/** Distance (m) under which a point counts as lying on an edge. Cut points sit ~1e-12 m off. */
const ON_EDGE_M = 1e-6;
/** Distance (m) under which a vertex counts as lying on a cut line. */
const ON_LINE_M = 1e-7;
/** Pieces smaller than this (m²) mean a cut went wrong. */
const MIN_PIECE_M2 = 1;

/** Every node of one tiling, so cuts can snap to nodes already on a boundary. */
export class NodeSet {
  readonly all: PNode[] = [];

  /** A new node at (x, y) metres. */
  add(x: number, y: number): PNode {
    const node: PNode = { id: this.all.length, x, y };
    this.all.push(node);
    return node;
  }

  /** Nodes within `radius` metres of `p`, nearest first. A scan: a district has a few thousand. */
  near(p: Xy, radius: number): PNode[] {
    const hits: { node: PNode; d: number }[] = [];
    for (const node of this.all) {
      const d = Math.hypot(node.x - p.x, node.y - p.y);
      if (d <= radius) hits.push({ node, d });
    }
    hits.sort((a, b) => a.d - b.d || a.node.id - b.node.id);
    return hits.map((h) => h.node);
  }
}

/** A ring from plain points (made into new nodes), every edge of class `cls`. */
export function ringFromPoints(nodes: NodeSet, points: readonly Xy[], cls: EdgeClass): Ring {
  const ringNodes = points.map((p) => nodes.add(p.x, p.y));
  if (signedArea(ringNodes) <= 0) throw new Error('ring must be counter-clockwise');
  return { nodes: ringNodes, edges: ringNodes.map(() => cls) };
}

/** Area of a ring in m² (positive: rings are counter-clockwise). */
export function ringArea(ring: Ring): number {
  return signedArea(ring.nodes);
}

/** Index of the edge that `p` lies strictly inside, or -1. */
function edgeHolding(ring: Ring, p: Xy): number {
  const k = ring.nodes.length;
  for (let i = 0; i < k; i++) {
    const a = ring.nodes[i];
    const b = ring.nodes[(i + 1) % k];
    const { distance, t } = segmentDistance(p, a, b);
    if (distance < ON_EDGE_M && t > 0 && t < 1) return i;
  }
  return -1;
}

/** The ring with `node` inserted into the edge it lies on (unchanged if it is already a vertex). */
function withNode(ring: Ring, node: PNode): Ring {
  if (ring.nodes.includes(node)) return ring;
  const i = edgeHolding(ring, node);
  if (i < 0) throw new Error(`node ${node.id} is not on the ring`);
  const nodes = ring.nodes.slice();
  const edges = ring.edges.slice();
  nodes.splice(i + 1, 0, node);
  edges.splice(i + 1, 0, edges[i]);
  return { nodes, edges };
}

/** The part of the ring from index `from` to index `to` (both kept), closed by an edge of class `cls`. */
function arc(ring: Ring, from: number, to: number, cls: EdgeClass): Ring {
  const k = ring.nodes.length;
  const nodes: PNode[] = [ring.nodes[from]];
  const edges: EdgeClass[] = [];
  for (let i = from; i !== to; i = (i + 1) % k) {
    edges.push(ring.edges[i]);
    nodes.push(ring.nodes[(i + 1) % k]);
  }
  edges.push(cls);
  return { nodes, edges };
}

/**
 * Cuts a convex ring along the line `n·p = s` (n a unit normal, s in metres). An end point
 * within `snap` metres of a node already on the ring's boundary is moved onto that node, so two
 * cuts never meet an edge a few centimetres apart. Returns the pieces on the negative
 * (`n·p < s`) and positive sides, or null when the line misses the ring or a piece degenerates.
 */
export function cutRing(
  nodes: NodeSet,
  ring: Ring,
  n: Xy,
  s: number,
  cls: EdgeClass,
  snap: number,
): { neg: Ring; pos: Ring; cut: Cut } | null {
  const k = ring.nodes.length;
  const d = ring.nodes.map((v) => dot(n, v) - s);
  const crossings: { node: PNode | null; point: Xy }[] = [];
  for (let i = 0; i < k; i++) {
    const j = (i + 1) % k;
    if (Math.abs(d[i]) <= ON_LINE_M) {
      crossings.push({ node: ring.nodes[i], point: ring.nodes[i] });
    } else if (Math.abs(d[j]) > ON_LINE_M && d[i] < 0 !== d[j] < 0) {
      const t = d[i] / (d[i] - d[j]);
      const a = ring.nodes[i];
      const b = ring.nodes[j];
      crossings.push({ node: null, point: { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) } });
    }
  }
  if (crossings.length !== 2) return null;

  const resolve = (c: { node: PNode | null; point: Xy }): PNode => {
    if (c.node) return c.node;
    if (snap > 0) {
      const onBoundary = nodes
        .near(c.point, snap)
        .find((candidate) => ring.nodes.includes(candidate) || edgeHolding(ring, candidate) >= 0);
      if (onBoundary) return onBoundary;
    }
    return nodes.add(c.point.x, c.point.y);
  };
  const a = resolve(crossings[0]);
  const b = resolve(crossings[1]);
  if (a === b) return null;

  const noded = withNode(withNode(ring, a), b);
  const ia = noded.nodes.indexOf(a);
  const ib = noded.nodes.indexOf(b);
  const first = arc(noded, ia, ib, cls);
  const second = arc(noded, ib, ia, cls);
  if (first.nodes.length < 3 || second.nodes.length < 3) return null;
  if (ringArea(first) < MIN_PIECE_M2 || ringArea(second) < MIN_PIECE_M2) return null;
  const firstIsNeg = dot(n, vertexMean(first.nodes)) < dot(n, vertexMean(second.nodes));
  return firstIsNeg
    ? { neg: first, pos: second, cut: { a, b, cls } }
    : { neg: second, pos: first, cut: { a, b, cls } };
}

/** The offset s (m) at which the line `n·p = s` leaves `fraction` of the ring's area on its negative side. */
export function offsetForFraction(ring: readonly Xy[], n: Xy, fraction: number): number {
  const total = signedArea(ring);
  let lo = Math.min(...ring.map((p) => dot(n, p)));
  let hi = Math.max(...ring.map((p) => dot(n, p)));
  for (let iter = 0; iter < 60; iter++) {
    const mid = (lo + hi) / 2;
    const share = signedArea(clipHalfPlane(ring, n, mid)) / total;
    if (share < fraction) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** How a weighted split draws its cuts. */
export interface SplitOptions {
  rng: Rng;
  /** Angle (radians, counter-clockwise from east) of the street grid's east–west axis. */
  frameAngle: number;
  /** Largest tilt (radians) of a cut away from the street grid. */
  jitter: number;
  /** Class every cut of this split gets. */
  cls: EdgeClass;
  /** Snap radius in metres (see cutRing). */
  snap: number;
  /** Called once per cut, in the order they are made. */
  onCut?: (cut: Cut) => void;
}

/** Extent (max − min, metres) of the points along unit vector `axis`. */
function extent(points: readonly Xy[], axis: Xy): number {
  const values = points.map((p) => dot(axis, p));
  return Math.max(...values) - Math.min(...values);
}

/**
 * Tiles a convex ring into `weights.length` convex pieces whose areas are proportional to the
 * weights, by recursive guillotine cuts that follow the street grid (slightly tilted). Pieces
 * come back in weight order, which runs roughly from north-west to south-east: a cut across
 * east–west puts the first group west, a cut across north–south puts it north.
 */
export function splitWeighted(nodes: NodeSet, ring: Ring, weights: readonly number[], options: SplitOptions): Ring[] {
  if (weights.length === 0) throw new Error('nothing to split into');
  if (weights.length === 1) return [ring];
  const total = weights.reduce((a, b) => a + b, 0);
  const east = direction(options.frameAngle);
  const north = direction(options.frameAngle + Math.PI / 2);
  const we = extent(ring.nodes, east);
  const sn = extent(ring.nodes, north);

  // Split the list where the weight halves (a shallow cut tree), then cut across whichever axis
  // leaves the squarer pieces: blocks, not strips. (Weighing leaf shapes into where to split was
  // tried and changed nothing measurable.)
  let split = 1;
  let cumulative = weights[0];
  let bestCumulative = cumulative;
  for (let j = 2; j < weights.length; j++) {
    cumulative += weights[j - 1];
    if (Math.abs(cumulative - total / 2) < Math.abs(bestCumulative - total / 2)) {
      split = j;
      bestCumulative = cumulative;
    }
  }
  const fraction = bestCumulative / total;
  const aspect = (a: number, b: number): number => Math.max(a, b) / Math.max(Math.min(a, b), 1e-9);
  const worstAcrossEast = Math.max(aspect(we * fraction, sn), aspect(we * (1 - fraction), sn));
  const worstAcrossNorth = Math.max(aspect(we, sn * fraction), aspect(we, sn * (1 - fraction)));
  const acrossEast = worstAcrossEast <= worstAcrossNorth;

  for (let attempt = 0; attempt < 8; attempt++) {
    const tilt = options.rng.float(-options.jitter, options.jitter) * (attempt < 4 ? 1 : 0);
    const base = acrossEast ? options.frameAngle : options.frameAngle + Math.PI / 2;
    const n = direction(base + tilt);
    // Across east–west the first group goes west (negative side); across north–south, north.
    const negFraction = acrossEast ? fraction : 1 - fraction;
    const s = offsetForFraction(ring.nodes, n, negFraction);
    const result = cutRing(nodes, ring, n, s, options.cls, attempt % 2 === 0 ? options.snap : 0);
    if (!result) continue;
    options.onCut?.(result.cut);
    const [firstRing, secondRing] = acrossEast ? [result.neg, result.pos] : [result.pos, result.neg];
    return [
      ...splitWeighted(nodes, firstRing, weights.slice(0, split), options),
      ...splitWeighted(nodes, secondRing, weights.slice(split), options),
    ];
  }
  throw new Error('could not cut the ring');
}

/**
 * Inserts into each ring every node that lies on one of its edges, in order along the edge, so
 * that rings sharing a boundary hold the same vertex chain along it.
 */
export function nodeRings(rings: readonly Ring[], nodes: NodeSet): Ring[] {
  const all = nodes.all;
  const index = new Flatbush(Math.max(all.length, 1));
  for (const node of all) index.add(node.x, node.y, node.x, node.y);
  if (all.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return rings.map((ring) => {
    const k = ring.nodes.length;
    const outNodes: PNode[] = [];
    const outEdges: EdgeClass[] = [];
    for (let i = 0; i < k; i++) {
      const a = ring.nodes[i];
      const b = ring.nodes[(i + 1) % k];
      outNodes.push(a);
      outEdges.push(ring.edges[i]);
      const hits = index
        .search(
          Math.min(a.x, b.x) - ON_EDGE_M,
          Math.min(a.y, b.y) - ON_EDGE_M,
          Math.max(a.x, b.x) + ON_EDGE_M,
          Math.max(a.y, b.y) + ON_EDGE_M,
        )
        .map((id) => all[id])
        .filter((node) => node !== undefined && node !== a && node !== b)
        .map((node) => ({ node, ...segmentDistance(node, a, b) }))
        .filter((h) => h.distance < ON_EDGE_M && h.t > 0 && h.t < 1)
        .sort((p, q) => p.t - q.t);
      for (const hit of hits) {
        outNodes.push(hit.node);
        outEdges.push(ring.edges[i]);
      }
    }
    return { nodes: outNodes, edges: outEdges };
  });
}

/**
 * The outline of a set of noded rings that tile a simply connected region: edges walked in both
 * directions are interior and cancel; the rest are chained into one ring.
 */
export function unionRings(rings: readonly Ring[]): Ring {
  const key = (a: PNode, b: PNode): string => `${a.id}>${b.id}`;
  const directed = new Map<string, { a: PNode; b: PNode; cls: EdgeClass }>();
  for (const ring of rings) {
    const k = ring.nodes.length;
    for (let i = 0; i < k; i++) {
      const a = ring.nodes[i];
      const b = ring.nodes[(i + 1) % k];
      directed.set(key(a, b), { a, b, cls: ring.edges[i] });
    }
  }
  const outgoing = new Map<number, { a: PNode; b: PNode; cls: EdgeClass }>();
  for (const edge of directed.values()) {
    if (directed.has(key(edge.b, edge.a))) continue;
    if (outgoing.has(edge.a.id)) throw new Error('union is not a simple ring');
    outgoing.set(edge.a.id, edge);
  }
  const start = outgoing.values().next().value;
  if (!start) throw new Error('union is empty');
  const nodesOut: PNode[] = [];
  const edgesOut: EdgeClass[] = [];
  let edge = start;
  do {
    nodesOut.push(edge.a);
    edgesOut.push(edge.cls);
    const next = outgoing.get(edge.b.id);
    if (!next) throw new Error('union outline is open');
    edge = next;
  } while (edge !== start && nodesOut.length <= outgoing.size);
  if (nodesOut.length !== outgoing.size) throw new Error('union has more than one ring');
  return { nodes: nodesOut, edges: edgesOut };
}
