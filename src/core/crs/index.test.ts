import { distance } from '@turf/turf';
import fc from 'fast-check';
import type { Feature, FeatureCollection, Geometry, GeometryCollection, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { LngLat } from '../model';
import { CRS_LIST, convertFeatureCollection, convertGeometry, convertLngLat, isCrs } from './index';

const metres = (a: LngLat, b: LngLat): number => distance([a[0], a[1]], [b[0], b[1]], { units: 'meters' });

/**
 * Round-trip tolerance in metres. gcoord inverts GCJ-02 by iterating until the forward residual is
 * below 1e-6° on each axis. The offset varies slowly (its Jacobian is the identity to within
 * about 1e-3), so the WGS-84 error equals that residual: at most 1e-6° × 111,320 m/° ≈ 0.11 m an
 * axis, 0.16 m combined. BD-09 adds a refined inverse good to 1e-8° (1 mm), so the same bound holds.
 */
const ROUND_TRIP_TOLERANCE_M = 0.2;

const ZHENGZHOU: LngLat = [113.62, 34.75];

/** Points across mainland China (the GCJ-02 box), where the offsets apply. */
const chinaPoint = fc
  .tuple(fc.double({ min: 74, max: 134, noNaN: true }), fc.double({ min: 19, max: 53, noNaN: true }))
  .map(([lon, lat]): LngLat => [lon, lat]);

describe('convertLngLat', () => {
  it('round-trips WGS-84 → GCJ-02 → WGS-84 within the inverse tolerance', () => {
    fc.assert(
      fc.property(chinaPoint, (p) => {
        const back = convertLngLat(convertLngLat(p, 'wgs84', 'gcj02'), 'gcj02', 'wgs84');
        expect(metres(p, back)).toBeLessThan(ROUND_TRIP_TOLERANCE_M);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips WGS-84 → BD-09 → WGS-84 and GCJ-02 → BD-09 → GCJ-02', () => {
    fc.assert(
      fc.property(chinaPoint, (p) => {
        const viaBd = convertLngLat(convertLngLat(p, 'wgs84', 'bd09'), 'bd09', 'wgs84');
        expect(metres(p, viaBd)).toBeLessThan(ROUND_TRIP_TOLERANCE_M);
        // Between GCJ-02 and BD-09 the refined inverse alone is at work: 1e-8° is about 1 mm.
        const gcj = convertLngLat(p, 'wgs84', 'gcj02');
        const gcjBack = convertLngLat(convertLngLat(gcj, 'gcj02', 'bd09'), 'bd09', 'gcj02');
        expect(metres(gcj, gcjBack)).toBeLessThan(0.01);
      }),
      { numRuns: 500 },
    );
  });

  it('shifts Zhengzhou by a few hundred metres eastwards in GCJ-02', () => {
    const g = convertLngLat(ZHENGZHOU, 'wgs84', 'gcj02');
    const d = metres(ZHENGZHOU, g);
    // Published GCJ-02 offsets across China are in the 100–700 m range.
    expect(d).toBeGreaterThan(100);
    expect(d).toBeLessThan(900);
    // In central China the offset is mostly eastwards: longitude grows, latitude moves less.
    expect(g[0]).toBeGreaterThan(ZHENGZHOU[0]);
    expect(Math.abs(g[0] - ZHENGZHOU[0])).toBeGreaterThan(Math.abs(g[1] - ZHENGZHOU[1]));
  });

  it("puts BD-09 Baidu's constant (0.0065°, 0.006°) north-east of GCJ-02", () => {
    const g = convertLngLat(ZHENGZHOU, 'wgs84', 'gcj02');
    const b = convertLngLat(ZHENGZHOU, 'wgs84', 'bd09');
    // Baidu's formula adds (0.0065, 0.006) after a rotation of 3e-6 rad × |p| (|p| ≈ 119°, so
    // ≤ 3.6e-4°) and a radial nudge of 2e-5°: the difference is the constant to within 5e-4°.
    expect(Math.abs(b[0] - g[0] - 0.0065)).toBeLessThan(5e-4);
    expect(Math.abs(b[1] - g[1] - 0.006)).toBeLessThan(5e-4);
  });

  it('treats CGCS2000 as WGS-84 exactly, in both directions and through the offsets', () => {
    expect(convertLngLat(ZHENGZHOU, 'wgs84', 'cgcs2000')).toEqual(ZHENGZHOU);
    expect(convertLngLat(ZHENGZHOU, 'cgcs2000', 'wgs84')).toEqual(ZHENGZHOU);
    expect(convertLngLat(ZHENGZHOU, 'cgcs2000', 'gcj02')).toEqual(convertLngLat(ZHENGZHOU, 'wgs84', 'gcj02'));
    expect(convertLngLat(ZHENGZHOU, 'bd09', 'cgcs2000')).toEqual(convertLngLat(ZHENGZHOU, 'bd09', 'wgs84'));
  });

  it('is the identity from a system to itself', () => {
    for (const crs of CRS_LIST) expect(convertLngLat(ZHENGZHOU, crs, crs)).toEqual(ZHENGZHOU);
  });

  it('leaves points outside China untouched by GCJ-02', () => {
    const outside: LngLat[] = [
      [-0.1276, 51.5072], // London
      [-74.006, 40.7128], // New York
      [151.2093, -33.8688], // Sydney
      [139.6917, 35.6895], // Tokyo, east of the box's 137.8347°
    ];
    for (const p of outside) {
      expect(convertLngLat(p, 'wgs84', 'gcj02')).toEqual(p);
      expect(convertLngLat(p, 'gcj02', 'wgs84')).toEqual(p);
    }
  });

  it('returns non-finite positions unchanged instead of throwing', () => {
    const converted = convertLngLat([Number.NaN, 34.75], 'wgs84', 'gcj02');
    expect(Number.isNaN(converted[0])).toBe(true);
    expect(converted[1]).toBe(34.75);
  });
});

describe('convertGeometry', () => {
  const square = (lon: number, lat: number, d = 0.001): number[][] => [
    [lon, lat],
    [lon + d, lat],
    [lon + d, lat + d],
    [lon, lat + d],
    [lon, lat],
  ];

  const geometries: Geometry[] = [
    { type: 'Point', coordinates: [113.62, 34.75] },
    { type: 'MultiPoint', coordinates: [[113.62, 34.75], [113.63, 34.76]] },
    { type: 'LineString', coordinates: [[113.62, 34.75], [113.63, 34.76]] },
    { type: 'MultiLineString', coordinates: [[[113.62, 34.75], [113.63, 34.76]], [[113.64, 34.77], [113.65, 34.78]]] },
    { type: 'Polygon', coordinates: [square(113.62, 34.75, 0.01), square(113.623, 34.753, 0.002)] },
    { type: 'MultiPolygon', coordinates: [[square(113.62, 34.75)], [square(113.63, 34.76)]] },
    {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [113.62, 34.75] },
        { type: 'Polygon', coordinates: [square(113.62, 34.75)] },
      ],
    },
  ];

  /** Every position of a geometry, in order, for comparing shapes position by position. */
  const positions = (g: Geometry): number[][] => {
    switch (g.type) {
      case 'Point':
        return [g.coordinates];
      case 'MultiPoint':
      case 'LineString':
        return g.coordinates;
      case 'MultiLineString':
      case 'Polygon':
        return g.coordinates.flat();
      case 'MultiPolygon':
        return g.coordinates.flat(2);
      case 'GeometryCollection':
        return g.geometries.flatMap(positions);
    }
  };

  it.each(geometries.map((g) => [g.type, g] as const))('converts every position of a %s', (_type, g) => {
    const before = structuredClone(g);
    const out = convertGeometry(g, 'wgs84', 'gcj02');
    expect(out.type).toBe(g.type);
    const a = positions(g);
    const b = positions(out);
    expect(b).toHaveLength(a.length);
    a.forEach((p, i) => {
      const expected = convertLngLat([p[0], p[1]], 'wgs84', 'gcj02');
      expect(b[i]).toEqual([expected[0], expected[1]]);
    });
    // Pure: the input is untouched and shares no arrays with the output.
    expect(g).toEqual(before);
    expect(positions(out)[0]).not.toBe(positions(g)[0]);
  });

  it('keeps ring closure (first equals last) after conversion', () => {
    const poly = geometries[4] as Polygon;
    const out = convertGeometry(poly, 'wgs84', 'bd09');
    for (const ring of out.coordinates) expect(ring[ring.length - 1]).toEqual(ring[0]);
  });

  it('keeps altitudes and drops a stale bbox', () => {
    const g: Geometry = { type: 'Point', coordinates: [113.62, 34.75, 120], bbox: [113.62, 34.75, 113.62, 34.75] };
    const out = convertGeometry(g, 'wgs84', 'gcj02');
    expect(out.coordinates).toHaveLength(3);
    expect(out.coordinates[2]).toBe(120);
    expect(out.bbox).toBeUndefined();
  });

  it('copies rather than aliases when converting WGS-84 to CGCS2000', () => {
    const mp = geometries[5] as MultiPolygon;
    const out = convertGeometry(mp, 'wgs84', 'cgcs2000');
    expect(out).toEqual(mp);
    out.coordinates[0][0][0][0] = 0;
    expect(mp.coordinates[0][0][0][0]).toBe(113.62);
  });

  it('recurses into nested geometry collections', () => {
    const nested: GeometryCollection = { type: 'GeometryCollection', geometries: [geometries[6] as GeometryCollection] };
    const out = convertGeometry(nested, 'gcj02', 'wgs84');
    const inner = (out.geometries[0] as GeometryCollection).geometries[0];
    expect(inner.type).toBe('Point');
    const expected = convertLngLat([113.62, 34.75], 'gcj02', 'wgs84');
    expect(inner.type === 'Point' && inner.coordinates).toEqual([expected[0], expected[1]]);
  });
});

describe('convertFeatureCollection', () => {
  it('keeps properties, ids and foreign members and converts geometry', () => {
    const feature: Feature = {
      type: 'Feature',
      id: 'ZY-04',
      properties: { code: 'ZY-04', name: '建新街道', level: 1 },
      geometry: { type: 'Point', coordinates: [113.62, 34.75] },
    };
    const input = { type: 'FeatureCollection', name: 'grids', features: [feature] } as FeatureCollection & { name: string };
    const before = structuredClone(input);
    const out = convertFeatureCollection(input, 'bd09', 'wgs84');
    expect(out.name).toBe('grids');
    expect(out.features[0].id).toBe('ZY-04');
    expect(out.features[0].properties).toEqual(feature.properties);
    const expected = convertLngLat([113.62, 34.75], 'bd09', 'wgs84');
    expect(out.features[0].geometry).toEqual({ type: 'Point', coordinates: [expected[0], expected[1]] });
    expect(input).toEqual(before);
  });
});

describe('isCrs', () => {
  it('accepts the four systems and nothing else', () => {
    for (const crs of CRS_LIST) expect(isCrs(crs)).toBe(true);
    expect(isCrs('WGS84')).toBe(false);
    expect(isCrs('epsg:3857')).toBe(false);
    expect(isCrs(4326)).toBe(false);
  });
});
