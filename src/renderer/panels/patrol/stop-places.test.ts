import { describe, expect, it } from 'vitest';
import type { Building, BuildingId, GridCode, LngLat } from '@core/model';
import { indexEntrances } from '@core/patrol/visits';
import type { TrackStop } from '@core/patrol/stops';
import { stopPlaces } from './stop-places';

const M_LAT = 1 / 111_195;
const M_LON = M_LAT / Math.cos((34.75 * Math.PI) / 180);
const at = (x: number, y: number): [number, number] => [113.6 + x * M_LON, 34.75 + y * M_LAT];

const building = (id: string, ...entrances: [number, number][]): Pick<Building, 'id' | 'entrances'> => ({
  id: id as BuildingId,
  entrances: entrances.map((p, i) => ({ no: i + 1, location: at(...p), households: 10 })),
});

const stop = (x: number, y: number, startT = 0, endT = 300_000): TrackStop => {
  const [lon, lat] = at(x, y);
  return { startT, endT, lon, lat, fixes: 10 };
};

describe('stopPlaces', () => {
  const entrances = indexEntrances([building('A', [0, 0], [100, 0]), building('B', [40, 0])]);

  it('names a stop after the building whose entrance is nearest within the distance', () => {
    const places = stopPlaces([stop(5, 3), stop(34, 0, 600_000, 1_020_000), stop(100, 25), stop(300, 300)], entrances, null, 20);
    expect(places.map((p) => p.buildingId)).toEqual(['A', 'B', null, null]);
    expect(places[1].durationMs).toBe(420_000);
    expect(stopPlaces([stop(100, 15)], entrances, null, 20)[0].buildingId).toBe('A');
  });

  it('gives the unit from the locator, and copes with no entrances and no locator', () => {
    const locate = ([lon]: LngLat): GridCode | null => (lon < 113.6 + 50 * M_LON ? ('U-1' as GridCode) : null);
    const places = stopPlaces([stop(5, 3), stop(300, 0)], indexEntrances([]), locate, 20);
    expect(places.map((p) => [p.buildingId, p.unit])).toEqual([
      [null, 'U-1'],
      [null, null],
    ]);
    expect(stopPlaces([stop(0, 0)], null, null, 20)[0]).toMatchObject({ buildingId: null, unit: null, startT: 0, endT: 300_000 });
  });
});
