import { describe, expect, it } from 'vitest';
import type { BasemapConfig } from '@core/basemap';
import { convertLngLat } from '@core/crs';
import type { GridCode } from '@core/model';
import type { GridStats } from '@core/stats';
import { gridFeatures } from './grid-features';
import { lngLatToOverlayCrs, toOverlayCrs } from './overlay-crs';
import { tinyDistrict } from './__fixtures__/tiny-district';

const gcjRaster: BasemapConfig = {
  kind: 'xyz-raster',
  url: 'http://webrd01.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=8',
  tileSize: 256,
  crs: 'gcj02',
};

/** Metres between two lng/lat points (equirectangular; fine for offsets of hundreds of metres). */
function metres(a: readonly number[], b: readonly number[]): number {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  const y = (b[1] - a[1]) * k;
  return Math.hypot(x, y) * 6_371_000;
}

describe('overlays follow the basemap CRS', () => {
  const fc = gridFeatures(tinyDistrict(), new Map<GridCode, GridStats>());

  it('leaves WGS-84 data alone without a basemap (same object, no work)', () => {
    expect(toOverlayCrs(fc, { kind: 'none' })).toBe(fc);
  });

  it('shifts every vertex by the GCJ-02 offset over an Amap-style basemap', () => {
    const shifted = toOverlayCrs(fc, gcjRaster);
    const before = (fc.features[0].geometry as GeoJSON.Polygon).coordinates[0][0];
    const after = (shifted.features[0].geometry as GeoJSON.Polygon).coordinates[0][0];
    const expected = convertLngLat([before[0], before[1]], 'wgs84', 'gcj02');
    expect(after[0]).toBeCloseTo(expected[0], 9);
    expect(after[1]).toBeCloseTo(expected[1], 9);
    // In Zhengzhou the GCJ-02 offset is a few hundred metres, mostly eastward.
    const d = metres(before, after);
    expect(d).toBeGreaterThan(100);
    expect(d).toBeLessThan(1000);
    expect(after[0]).toBeGreaterThan(before[0]);
    expect(shifted.features[0].properties).toEqual(fc.features[0].properties);
  });

  it('converts single points the same way', () => {
    const p = [113.66, 34.76] as const;
    expect(lngLatToOverlayCrs(p, { kind: 'none' })).toBe(p);
    expect(lngLatToOverlayCrs(p, gcjRaster)).toEqual(convertLngLat(p, 'wgs84', 'gcj02'));
  });
});
