/**
 * Turns the district into the lean GeoJSON the map draws: few properties, coordinates rounded to
 * 6 decimals (≈0.1 m), because MapLibre serialises `setData` on the main thread (STACK.md).
 * Pure: no MapLibre, no DOM.
 */
import { area, booleanPointInPolygon, centerOfMass, pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import type {
  BuildingUse,
  District,
  GridCode,
  GridKind,
  GridLevel,
  GridUnit,
  Poi,
  RoadClass,
  Staff,
  StaffId,
} from '@core/model';
import type { BandStatus, GridStats } from '@core/stats';
import type { WorkerPosition } from '@core/demo';

/** Properties of a feature of the `grids` source (`promoteId: 'code'`). */
export interface GridFeatureProps {
  code: GridCode;
  name: string;
  level: GridLevel;
  kind: GridKind;
  households: number;
  residents: number;
  buildings: number;
  /** Micro-grids only: where households fall against the band. */
  band?: BandStatus;
}

/** Properties of a feature of the `grid-labels` source (one point per grid). */
export interface GridLabelProps {
  code: GridCode;
  /** What the label shows: the full name for levels 1–3, a short name for micro-grids. */
  label: string;
  level: GridLevel;
  kind: GridKind;
}

export interface RoadFeatureProps {
  name: string;
  roadClass: RoadClass;
}

export interface BuildingFeatureProps {
  name: string;
  use: BuildingUse;
}

export interface PoiFeatureProps {
  name: string;
  kind: Poi['kind'];
}

export interface WorkerFeatureProps {
  staffId: StaffId;
  name: string;
  gridCode: GridCode;
  /** 1 when the worker's last fix is stale (drawn grey). */
  stale: 0 | 1;
  /** 1 when the worker is outside their own grid (drawn amber). */
  outside: 0 | 1;
}

const SCALE = 1e6;

/** Rounds a coordinate to 6 decimals (about 0.1 m), enough for grids and buildings. */
export function round6(n: number): number {
  return Math.round(n * SCALE) / SCALE;
}

function roundPositions(p: Position[]): Position[] {
  return p.map((q) => [round6(q[0]), round6(q[1])]);
}

/** A copy of the geometry with every position rounded to 6 decimals. */
export function roundGeometry<G extends Geometry>(g: G): G {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: [round6(g.coordinates[0]), round6(g.coordinates[1])] } as G;
    case 'MultiPoint':
    case 'LineString':
      return { type: g.type, coordinates: roundPositions(g.coordinates) } as G;
    case 'MultiLineString':
    case 'Polygon':
      return { type: g.type, coordinates: g.coordinates.map(roundPositions) } as G;
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(roundPositions)) } as G;
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map((x) => roundGeometry(x)) } as G;
  }
}

/**
 * One polygon feature per grid, coarse levels first so finer grids draw over them in the one fill
 * layer. Households, residents and buildings come from core stats (rolled up the hierarchy) so
 * the choropleth is a paint change, never a new serialisation.
 */
export function gridFeatures(
  district: District,
  stats: ReadonlyMap<GridCode, GridStats>,
): FeatureCollection<Polygon | MultiPolygon, GridFeatureProps> {
  const grids = [...district.grids].sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return {
    type: 'FeatureCollection',
    features: grids.map((g) => {
      const s = stats.get(g.code);
      const props: GridFeatureProps = {
        code: g.code,
        name: g.name,
        level: g.level,
        kind: g.kind,
        households: s?.households ?? 0,
        residents: s?.residents ?? 0,
        buildings: s?.buildings ?? 0,
      };
      if (s?.band && g.level === 4 && g.kind === 'base') props.band = s.band;
      return { type: 'Feature', properties: props, geometry: roundGeometry(g.geometry) };
    }),
  };
}

/**
 * A short label for a micro-grid: its name without the parent's name in front
 * (`锦华社区第二网格第3微网格` under `锦华社区第二网格` → `第3微网格`), else the name itself.
 */
export function shortGridLabel(grid: GridUnit, parent: GridUnit | undefined): string {
  if (parent && grid.name.startsWith(parent.name) && grid.name.length > parent.name.length) {
    return grid.name.slice(parent.name.length).replace(/^[\s·\-—]+/, '');
  }
  return grid.name;
}

function largestPolygon(g: Polygon | MultiPolygon): Polygon {
  if (g.type === 'Polygon') return g;
  let best: Polygon = { type: 'Polygon', coordinates: g.coordinates[0] };
  let bestArea = -1;
  for (const coords of g.coordinates) {
    const p: Polygon = { type: 'Polygon', coordinates: coords };
    const a = area(p);
    if (a > bestArea) {
      best = p;
      bestArea = a;
    }
  }
  return best;
}

/**
 * Where a grid's label sits: the centre of mass of its largest part when that lies inside
 * (L-shaped grids may put it outside), else a point surely on the surface.
 */
export function labelPoint(geometry: Polygon | MultiPolygon): Position {
  const poly = largestPolygon(geometry);
  const c = centerOfMass(poly).geometry.coordinates;
  if (booleanPointInPolygon(c, poly)) return c;
  return pointOnFeature(poly).geometry.coordinates;
}

/** One label point per grid (MapLibre would otherwise repeat polygon labels per tile). */
export function gridLabelFeatures(district: District): FeatureCollection<Point, GridLabelProps> {
  const byCode = new Map(district.grids.map((g) => [g.code, g]));
  return {
    type: 'FeatureCollection',
    features: district.grids.map((g) => {
      const parent = g.parentCode ? byCode.get(g.parentCode) : undefined;
      const [x, y] = labelPoint(g.geometry);
      return {
        type: 'Feature',
        properties: {
          code: g.code,
          label: g.level === 4 && g.kind === 'base' ? shortGridLabel(g, parent) : g.name,
          level: g.level,
          kind: g.kind,
        },
        geometry: { type: 'Point', coordinates: [round6(x), round6(y)] },
      };
    }),
  };
}

export function roadFeatures(district: District): FeatureCollection<LineString, RoadFeatureProps> {
  return {
    type: 'FeatureCollection',
    features: district.roads.map((r) => ({
      type: 'Feature',
      properties: { name: r.name, roadClass: r.roadClass },
      geometry: roundGeometry(r.geometry),
    })),
  };
}

export function buildingFeatures(district: District): FeatureCollection<Polygon, BuildingFeatureProps> {
  return {
    type: 'FeatureCollection',
    features: district.buildings.map((b) => ({
      type: 'Feature',
      properties: { name: b.name, use: b.use },
      geometry: roundGeometry(b.footprint),
    })),
  };
}

export function poiFeatures(district: District): FeatureCollection<Point, PoiFeatureProps> {
  return {
    type: 'FeatureCollection',
    features: district.pois.map((p) => ({
      type: 'Feature',
      properties: { name: p.name, kind: p.kind },
      geometry: roundGeometry(p.geometry),
    })),
  };
}

/** Worker positions as points labelled with the staff member's name. */
export function workerFeatures(
  positions: readonly WorkerPosition[],
  staffById: ReadonlyMap<StaffId, Staff>,
): FeatureCollection<Point, WorkerFeatureProps> {
  return {
    type: 'FeatureCollection',
    features: positions.map(
      (p): Feature<Point, WorkerFeatureProps> => ({
        type: 'Feature',
        properties: { staffId: p.staffId, name: staffById.get(p.staffId)?.name ?? '', gridCode: p.gridCode, stale: 0, outside: 0 },
        geometry: { type: 'Point', coordinates: [round6(p.lngLat[0]), round6(p.lngLat[1])] },
      }),
    ),
  };
}

/** [west, south, east, north] of any geometry. */
export function geometryBbox(g: Geometry): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (p: Position): void => {
    if (p[0] < w) w = p[0];
    if (p[0] > e) e = p[0];
    if (p[1] < s) s = p[1];
    if (p[1] > n) n = p[1];
  };
  const walk = (geom: Geometry): void => {
    switch (geom.type) {
      case 'Point':
        visit(geom.coordinates);
        break;
      case 'MultiPoint':
      case 'LineString':
        geom.coordinates.forEach(visit);
        break;
      case 'MultiLineString':
      case 'Polygon':
        geom.coordinates.forEach((r) => r.forEach(visit));
        break;
      case 'MultiPolygon':
        geom.coordinates.forEach((poly) => poly.forEach((r) => r.forEach(visit)));
        break;
      case 'GeometryCollection':
        geom.geometries.forEach(walk);
        break;
    }
  };
  walk(g);
  return [w, s, e, n];
}
