/**
 * A seeded, deterministic synthetic partition for the allocation benchmarks: an n×n lattice of
 * jittered nodes whose edges are wiggly polylines, so cells look like real micro-grids (~50
 * vertices, no two alike) yet tile exactly: each shared edge is generated once and used, forwards
 * and backwards, by both cells beside it, so the neighbours share identical coordinates and there
 * are neither gaps nor overlaps. Plus random points, and footprints of which a given fraction is
 * centred on a shared edge so it straddles two grids.
 */
import type { Polygon, Position } from 'geojson';
import type { GridInput } from '../src/core/allocate';
import { createRng } from '../src/core/demo/rng';

/** The project's seeded PRNG (src/core/demo/rng.ts) as a plain function. */
export function seededRandom(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.next();
}

export interface PartitionOptions {
  /** Cells per side (n×n cells). Default 100: 10,000 grids. */
  n?: number;
  /** Cell size in metres. Default 100: a 10 km square. */
  cellM?: number;
  /** Points inserted into each edge. Default 12: 4 corners + 4×12 = 52 vertices a cell. */
  subdivisions?: number;
  /** South-west corner, degrees. Default near Zhengzhou. */
  origin?: [number, number];
  seed?: number;
}

export interface SyntheticPartition {
  grids: GridInput[];
  /** [west, south, east, north] of the lattice's nominal square, degrees. */
  bbox: [number, number, number, number];
  /** Metres per degree of longitude and of latitude at the origin (a local equirectangular plane). */
  mPerDeg: [number, number];
  /** Interior shared edges as polylines (degrees), for placing footprints that straddle. */
  sharedEdges: Position[][];
  n: number;
  cellM: number;
  origin: [number, number];
}

const M_PER_DEG_LAT = 111_320;

/**
 * Builds the partition. Node jitter (±15% of a cell) and edge wiggle (±5%, tapered to 0 at the
 * nodes by sin(πt)) are small enough that no two edges can cross: each wiggly edge stays within a
 * narrow band around its straight chord, and the taper keeps edges apart where they meet.
 */
export function syntheticPartition(options: PartitionOptions = {}): SyntheticPartition {
  const n = options.n ?? 100;
  const cellM = options.cellM ?? 100;
  const k = options.subdivisions ?? 12;
  const [ox, oy] = options.origin ?? [113.6, 34.75];
  const rand = seededRandom(options.seed ?? 20_260_601);
  const mx = M_PER_DEG_LAT * Math.cos((oy * Math.PI) / 180);
  const my = M_PER_DEG_LAT;
  const toDeg = (x: number, y: number): Position => [ox + x / mx, oy + y / my];

  const side = n + 1;
  const nodeX = new Float64Array(side * side);
  const nodeY = new Float64Array(side * side);
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) {
      nodeX[j * side + i] = (i + (rand() - 0.5) * 0.3) * cellM;
      nodeY[j * side + i] = (j + (rand() - 0.5) * 0.3) * cellM;
    }
  }

  /** The k inner points of the edge from node a to node b, in degrees. */
  const edge = (a: number, b: number): Position[] => {
    const ax = nodeX[a];
    const ay = nodeY[a];
    const dx = nodeX[b] - ax;
    const dy = nodeY[b] - ay;
    const len = Math.hypot(dx, dy);
    const px = -dy / len;
    const py = dx / len;
    const out: Position[] = [];
    for (let s = 1; s <= k; s++) {
      const t = s / (k + 1);
      const off = (rand() * 2 - 1) * 0.05 * cellM * Math.sin(Math.PI * t);
      out.push(toDeg(ax + t * dx + off * px, ay + t * dy + off * py));
    }
    return out;
  };
  const node = (i: number, j: number): number => j * side + i;
  // horizontal[j][i]: node(i,j) → node(i+1,j); vertical[j][i]: node(i,j) → node(i,j+1).
  const horizontal: Position[][][] = [];
  const vertical: Position[][][] = [];
  for (let j = 0; j < side; j++) {
    horizontal.push([]);
    vertical.push([]);
    for (let i = 0; i < side; i++) {
      if (i < n) horizontal[j].push(edge(node(i, j), node(i + 1, j)));
      if (j < n) vertical[j].push(edge(node(i, j), node(i, j + 1)));
    }
  }
  const corner = (i: number, j: number): Position => toDeg(nodeX[node(i, j)], nodeY[node(i, j)]);

  const grids: GridInput[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      // Counter-clockwise: bottom forwards, right forwards, top backwards, left backwards.
      const ring: Position[] = [
        corner(i, j),
        ...horizontal[j][i],
        corner(i + 1, j),
        ...vertical[j][i + 1],
        corner(i + 1, j + 1),
        ...[...horizontal[j + 1][i]].reverse(),
        corner(i, j + 1),
        ...[...vertical[j][i]].reverse(),
      ];
      ring.push(ring[0]);
      grids.push({ id: `G${String(j).padStart(3, '0')}-${String(i).padStart(3, '0')}`, geometry: { type: 'Polygon', coordinates: [ring] } });
    }
  }

  const sharedEdges: Position[][] = [];
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) {
      if (i < n && j > 0 && j < n) sharedEdges.push([corner(i, j), ...horizontal[j][i], corner(i + 1, j)]);
      if (j < n && i > 0 && i < n) sharedEdges.push([corner(i, j), ...vertical[j][i], corner(i, j + 1)]);
    }
  }
  return {
    grids,
    bbox: [ox, oy, ox + (n * cellM) / mx, oy + (n * cellM) / my],
    mPerDeg: [mx, my],
    sharedEdges,
    n,
    cellM,
    origin: [ox, oy],
  };
}

/**
 * `count` uniform random points as interleaved [lon, lat, …], inside the partition's square
 * shrunk by `insetM` (the outer nodes are jittered, so the very rim has a few gaps).
 */
export function randomPoints(p: SyntheticPartition, count: number, seed = 7, insetM = 20): Float64Array {
  const rand = seededRandom(seed);
  const [w, s, e, n] = p.bbox;
  const ix = insetM / p.mPerDeg[0];
  const iy = insetM / p.mPerDeg[1];
  const out = new Float64Array(count * 2);
  for (let i = 0; i < count; i++) {
    out[2 * i] = w + ix + rand() * (e - w - 2 * ix);
    out[2 * i + 1] = s + iy + rand() * (n - s - 2 * iy);
  }
  return out;
}

/** A w×h metre rectangle rotated by `angle`, centred on (cx, cy) in degrees. */
function rectangle(p: SyntheticPartition, cx: number, cy: number, w: number, h: number, angle: number): Polygon {
  const [mx, my] = p.mPerDeg;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const ring: Position[] = [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ].map(([x, y]) => [cx + (x * cos - y * sin) / mx, cy + (x * sin + y * cos) / my]);
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

/**
 * `count` building footprints, 8–20 m a side and rotated at random. A `straddleFraction` of them
 * is centred on an interior shared edge (away from its ends), so it overlaps the two grids
 * beside that edge; the rest sit near the middle of a random cell, well inside it (the centre is
 * at least ~20 m from any edge, more than half a footprint's diagonal).
 */
export function syntheticFootprints(p: SyntheticPartition, count: number, straddleFraction = 0.1, seed = 11): Polygon[] {
  const rand = seededRandom(seed);
  const out: Polygon[] = [];
  const [mx, my] = p.mPerDeg;
  for (let f = 0; f < count; f++) {
    const w = 8 + rand() * 12;
    const h = 8 + rand() * 12;
    const angle = rand() * Math.PI;
    let cx: number;
    let cy: number;
    if (rand() < straddleFraction) {
      const line = p.sharedEdges[Math.floor(rand() * p.sharedEdges.length)];
      // The middle 40% of the edge: 30 m or more from its ends, so no third grid is touched.
      const at = line[Math.floor(line.length * (0.3 + rand() * 0.4))];
      [cx, cy] = at;
    } else {
      const g = p.grids[Math.floor(rand() * p.grids.length)];
      const ring = (g.geometry as Polygon).coordinates[0];
      // The mean of the four lattice corners (positions 0, 13, 26, 39 with 12 inner points an edge).
      const step = (ring.length - 1) / 4;
      cx = (ring[0][0] + ring[step][0] + ring[2 * step][0] + ring[3 * step][0]) / 4 + ((rand() - 0.5) * 20) / mx;
      cy = (ring[0][1] + ring[step][1] + ring[2 * step][1] + ring[3 * step][1]) / 4 + ((rand() - 0.5) * 20) / my;
    }
    out.push(rectangle(p, cx, cy, w, h, angle));
  }
  return out;
}
