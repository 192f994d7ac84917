import { describe, expect, it } from 'vitest';
import { DEFAULT_HOUSEHOLD_BAND, asGridCode } from '@core/model';
import { computeGridStats } from '@core/stats';
import { gridFillColor, legendItems, rampScale } from './choropleth';
import { gridFeatures, type GridFeatureProps } from './grid-features';
import { BAND_COLORS, RAMPS } from './map-colors';
import { TINY_HOUSEHOLDS, tinyDistrict } from './__fixtures__/tiny-district';
import { evaluate } from './__fixtures__/eval-expression';
import type { FeatureCollection, Polygon } from 'geojson';

function microGrids(values: number[], prop: 'residents' | 'buildings'): FeatureCollection<Polygon, GridFeatureProps> {
  const geometry: Polygon = { type: 'Polygon', coordinates: [] };
  return {
    type: 'FeatureCollection',
    features: values.map((v, i) => ({
      type: 'Feature',
      geometry,
      properties: {
        code: asGridCode(`M${i}`),
        name: `M${i}`,
        level: 4,
        kind: 'base',
        households: 60,
        residents: prop === 'residents' ? v : 0,
        buildings: prop === 'buildings' ? v : 0,
      },
    })),
  };
}

describe('households band colouring', () => {
  it('colours micro-grids of 49/50/70/71 households under/in/in/over, others neutral', () => {
    const district = tinyDistrict();
    const fc = gridFeatures(district, computeGridStats(district, DEFAULT_HOUSEHOLD_BAND));
    const color = gridFillColor('households_band', null);
    const byCode = (code: string) => fc.features.find((f) => f.properties.code === code)!.properties;
    const got = TINY_HOUSEHOLDS.map((_, i) => evaluate(color, { ...byCode(`TS-01-01-0${i + 1}`) }));
    expect(TINY_HOUSEHOLDS.map((_, i) => byCode(`TS-01-01-0${i + 1}`).households)).toEqual([49, 50, 70, 71]);
    expect(got).toEqual([BAND_COLORS.under, BAND_COLORS.in, BAND_COLORS.in, BAND_COLORS.over]);
    expect(evaluate(color, { ...byCode('TS-01-01') })).toBe(BAND_COLORS.neutral);
    expect(evaluate(color, { ...byCode('TS-01-Z1') })).toBe(BAND_COLORS.neutral);
  });

  it('labels the legend with the band', () => {
    const items = legendItems('households_band', null, { min: 50, max: 70 });
    expect(items.map((i) => [i.color, i.labelKey, i.values])).toEqual([
      [BAND_COLORS.under, 'legend.band.under', { min: 50 }],
      [BAND_COLORS.in, 'legend.band.in', { min: 50, max: 70 }],
      [BAND_COLORS.over, 'legend.band.over', { max: 70 }],
    ]);
  });
});

describe('sequential ramps', () => {
  const residents = Array.from({ length: 100 }, (_, i) => 100 + i * 2); // 100…298

  it('classes population over micro-grids with readable, increasing breaks', () => {
    const scale = rampScale('population', microGrids(residents, 'residents'));
    expect(scale.breaks.length).toBe(4);
    expect(scale.colors).toEqual([...RAMPS.population]);
    for (let i = 1; i < scale.breaks.length; i++) expect(scale.breaks[i]).toBeGreaterThan(scale.breaks[i - 1]);
    for (const b of scale.breaks) expect(b % 10).toBe(0);
    const color = gridFillColor('population', scale);
    const props = (v: number, level = 4) => ({ level, kind: 'base', residents: v });
    expect(evaluate(color, props(100))).toBe(RAMPS.population[0]);
    expect(evaluate(color, props(298))).toBe(RAMPS.population[4]);
    expect(evaluate(color, props(scale.breaks[1]))).toBe(RAMPS.population[2]);
    expect(evaluate(color, props(298, 3))).toBe(BAND_COLORS.neutral);
  });

  it('gives a legend whose ranges cover min to max without gaps', () => {
    const scale = rampScale('population', microGrids(residents, 'residents'));
    const items = legendItems('population', scale, DEFAULT_HOUSEHOLD_BAND);
    expect(items).toHaveLength(5);
    expect(items[0].values.range).toMatch(/^100–/);
    expect(items[4].values.range).toMatch(/–298$/);
    expect(items.every((i) => i.labelKey === 'legend.population.range')).toBe(true);
  });

  it('collapses classes when few distinct values exist (buildings per micro-grid)', () => {
    const scale = rampScale('buildings', microGrids([1, 1, 1, 2, 2, 2, 3, 3, 4, 1], 'buildings'));
    expect(scale.breaks).toEqual([...new Set(scale.breaks)]);
    expect(scale.colors).toHaveLength(scale.breaks.length + 1);
    expect(scale.colors[0]).toBe(RAMPS.buildings[0]);
    expect(scale.colors[scale.colors.length - 1]).toBe(RAMPS.buildings[4]);
    const items = legendItems('buildings', scale, DEFAULT_HOUSEHOLD_BAND);
    expect(items[0].values.range).toBe('1');
  });
});

describe('open incidents choropleth', () => {
  it('colours micro-grids by feature-state `open` in steps, with a legend row per class', async () => {
    const { gridFillColor: color, gridFillOpacity: opacity, legendItems: legend } = await import('./choropleth');
    const expr = JSON.stringify(color('open_incidents', null));
    expect(expr).toContain('"feature-state","open"');
    expect(opacity('open_incidents')).toBeGreaterThan(0);
    const rows = legend('open_incidents', null, { min: 50, max: 70 });
    expect(rows.map((r) => r.values.range)).toEqual(['0', '1', '2–3', '4–6', '7']);
    expect(rows.at(-1)?.values.min).toBe(7);
    expect(rows.at(-1)?.labelKey).toBe('legend.openIncidents.more');
  });
});
