/**
 * A synthetic partition for benchmarks and tests: an n × n block of wiggly cells that tile
 * exactly (neighbours share every vertex), each with about 4 × `perSide` vertices.
 */
import type { Polygon } from 'geojson';
import { createRng } from '../demo/rng';
import type { GridInput } from './grid-index';

export interface SyntheticPartition {
  grids: GridInput[];
  /** Extent [minLon, minLat, maxLon, maxLat] in degrees. */
  bbox: [number, number, number, number];
  /** Cell size in degrees. */
  cellDeg: number;
}

/**
 * n × n cells of `cellDeg` degrees from (lon0, lat0); every lattice node (perSide per cell side)
 * is jittered by up to 30% of a node step, except on the outer boundary.
 */
export function syntheticPartition(n: number, perSide = 12, cellDeg = 0.002, lon0 = 113.5, lat0 = 34.6, seed = 1): SyntheticPartition {
  const rng = createRng(seed);
  const rand = (): number => rng.next();
  const m = n * perSide + 1;
  const step = cellDeg / perSide;
  const px = new Float64Array(m * m);
  const py = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < m; i++) {
      const edge = i === 0 || j === 0 || i === m - 1 || j === m - 1;
      // Cell corners move too (not on the outer boundary), so shapes are not near-squares.
      const jx = edge ? 0 : (rand() - 0.5) * 0.6 * step;
      const jy = edge ? 0 : (rand() - 0.5) * 0.6 * step;
      px[j * m + i] = lon0 + i * step + jx;
      py[j * m + i] = lat0 + j * step + jy;
    }
  }
  const grids: GridInput[] = [];
  for (let cj = 0; cj < n; cj++) {
    for (let ci = 0; ci < n; ci++) {
      const ring: [number, number][] = [];
      const i0 = ci * perSide;
      const j0 = cj * perSide;
      const push = (i: number, j: number) => ring.push([px[j * m + i], py[j * m + i]]);
      for (let k = 0; k < perSide; k++) push(i0 + k, j0);
      for (let k = 0; k < perSide; k++) push(i0 + perSide, j0 + k);
      for (let k = 0; k < perSide; k++) push(i0 + perSide - k, j0 + perSide);
      for (let k = 0; k < perSide; k++) push(i0, j0 + perSide - k);
      ring.push(ring[0]);
      const geometry: Polygon = { type: 'Polygon', coordinates: [ring] };
      grids.push({ id: `S-${String(cj).padStart(3, '0')}-${String(ci).padStart(3, '0')}`, geometry });
    }
  }
  return { grids, bbox: [lon0, lat0, lon0 + n * cellDeg, lat0 + n * cellDeg], cellDeg };
}
