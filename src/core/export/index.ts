/**
 * The hierarchy back to GeoJSON, in the shape the import reads (guessMapping finds `code`,
 * `name`, `level`, `parent_code`, `kind`, `dedicated_kind`), with each unit's households,
 * residents and buildings summed up from the buildings it holds.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { ringArea } from '../import/planar';
import type { District, GridCode, GridUnit } from '../model';

export interface ExportedGridProperties {
  code: string;
  name: string;
  level: number;
  kind: string;
  dedicated_kind: string | null;
  parent_code: string | null;
  households: number;
  residents: number;
  buildings: number;
  chief: string | null;
}

interface Totals {
  households: number;
  residents: number;
  buildings: number;
}

/**
 * Households, residents and buildings per unit: each building counts in its own grid and in every
 * unit above it. Local rather than stats.ts so export depends only on the model; the hierarchy is
 * at most four levels, and the walk stops at a repeated code so a corrupt parent loop cannot hang it.
 */
function totalsByCode(district: District): Map<GridCode, Totals> {
  const byCode = new Map<GridCode, GridUnit>(district.grids.map((g) => [g.code, g]));
  const totals = new Map<GridCode, Totals>(district.grids.map((g) => [g.code, { households: 0, residents: 0, buildings: 0 }]));
  for (const b of district.buildings) {
    const seen = new Set<GridCode>();
    let code: GridCode | null = b.gridCode;
    while (code !== null && !seen.has(code)) {
      seen.add(code);
      const t = totals.get(code);
      if (!t) break;
      t.households += b.households;
      t.residents += b.residents;
      t.buildings += 1;
      code = byCode.get(code)?.parentCode ?? null;
    }
  }
  return totals;
}

/** Copies of the rings, exterior counter-clockwise and holes clockwise (RFC 7946 §3.1.6). */
function orientRings(rings: readonly Position[][]): Position[][] {
  return rings.map((ring, i) => {
    const area = ringArea(ring);
    const copy = ring.map((p) => [...p]);
    // A zero-area ring has no orientation to fix.
    return area === 0 || (area > 0) === (i === 0) ? copy : copy.reverse();
  });
}

function rightHanded(g: Polygon | MultiPolygon): Polygon | MultiPolygon {
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: orientRings(g.coordinates) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map(orientRings) };
}

/**
 * One feature per grid unit, parents before children (by level, then code), WGS-84, RFC 7946
 * (exterior rings counter-clockwise, holes clockwise; `id` is the code); importable with
 * guessMapping. `chief` is the chief's name, or their id when the staff list lacks them.
 */
export function exportHierarchy(district: District): FeatureCollection<Polygon | MultiPolygon, ExportedGridProperties> {
  const totals = totalsByCode(district);
  const staffName = new Map(district.staff.map((s) => [s.id, s.name]));
  const units = [...district.grids].sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const features = units.map((u): Feature<Polygon | MultiPolygon, ExportedGridProperties> => {
    const t = totals.get(u.code) ?? { households: 0, residents: 0, buildings: 0 };
    return {
      type: 'Feature',
      id: u.code,
      properties: {
        code: u.code,
        name: u.name,
        level: u.level,
        kind: u.kind,
        dedicated_kind: u.dedicatedKind ?? null,
        parent_code: u.parentCode,
        households: t.households,
        residents: t.residents,
        buildings: t.buildings,
        chief: u.chiefId === null ? null : (staffName.get(u.chiefId) ?? u.chiefId),
      },
      geometry: rightHanded(u.geometry),
    };
  });
  return { type: 'FeatureCollection', features };
}
