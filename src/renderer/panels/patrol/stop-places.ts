/**
 * Where a worker's stops were (core/patrol/stops.ts finds them): the building whose entrance is
 * nearest, when one is within `nearM`, else the leaf unit the stop lies in. The panel names the
 * stop after it, so a supervisor reads "10:05, 12 min, 锦华小区3号楼" rather than coordinates.
 */
import type { EntranceIndex } from '@core/patrol/visits';
import type { TrackStop } from '@core/patrol/stops';
import type { GridCode, LngLat } from '@core/model';

export interface StopPlace extends TrackStop {
  durationMs: number;
  /** The building whose entrance is nearest within nearM; null: none that near. */
  buildingId: string | null;
  /** The leaf unit holding the stop; null outside every unit or without a locator. */
  unit: GridCode | null;
}

/**
 * Each stop with its nearest building (by entrance, within `nearM` metres) and its unit.
 *
 * @param entrances the district's entrances (core indexEntrances), or null
 * @param locate the leaf unit of a WGS-84 point (the incident locator), or null
 */
export function stopPlaces(stops: readonly TrackStop[], entrances: EntranceIndex | null, locate: ((lngLat: LngLat) => GridCode | null) | null, nearM: number): StopPlace[] {
  return stops.map((s) => {
    let buildingId: string | null = null;
    if (entrances?.index) {
      const x = (s.lon - entrances.lon0) * entrances.kx;
      const y = (s.lat - entrances.lat0) * entrances.ky;
      const [nearest] = entrances.index.neighbors(x, y, 1, nearM);
      if (nearest !== undefined) buildingId = entrances.buildingOf[nearest];
    }
    return { ...s, durationMs: s.endT - s.startT, buildingId, unit: locate ? locate([s.lon, s.lat]) : null };
  });
}
