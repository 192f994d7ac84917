import { describe, expect, it } from 'vitest';
import {
  basemapFieldsFor,
  basemapFormFromConfig,
  basemapFormToConfig,
  EMPTY_BASEMAP_FORM,
  fieldOfError,
  TIANDITU_PRESET,
  type BasemapForm,
} from './basemap-form';
import { tiandituPreset } from '../basemap';
import { parseChoropleth, parseLanguage, parseStoredBasemap, parseVisibleLevels } from './settings';

describe('stored settings parsers', () => {
  it('parseLanguage accepts zh and en only', () => {
    expect(parseLanguage('zh')).toBe('zh');
    expect(parseLanguage('en')).toBe('en');
    expect(parseLanguage('fr')).toBeNull();
    expect(parseLanguage(1)).toBeNull();
  });

  it('parseChoropleth accepts the four modes', () => {
    for (const mode of ['none', 'households_band', 'population', 'buildings']) expect(parseChoropleth(mode)).toBe(mode);
    expect(parseChoropleth('heat')).toBeNull();
  });

  it('parseVisibleLevels needs a boolean for every level', () => {
    expect(parseVisibleLevels({ 1: true, 2: false, 3: true, 4: true })).toEqual({ 1: true, 2: false, 3: true, 4: true });
    expect(parseVisibleLevels({ '1': true, '2': true, '3': true, '4': false })).toEqual({ 1: true, 2: true, 3: true, 4: false });
    expect(parseVisibleLevels({ 1: true })).toBeNull();
    expect(parseVisibleLevels([true, true, true, true])).toBeNull();
    expect(parseVisibleLevels(null)).toBeNull();
  });

  it('parseStoredBasemap passes valid configs and drops broken ones', () => {
    expect(parseStoredBasemap({ kind: 'none' })).toEqual({ kind: 'none' });
    expect(parseStoredBasemap({ kind: 'teleport' })).toBeNull();
  });
});

describe('basemap form', () => {
  const form = (patch: Partial<BasemapForm>): BasemapForm => ({ ...EMPTY_BASEMAP_FORM, ...patch });

  it('none is valid as is', () => {
    expect(basemapFormToConfig(EMPTY_BASEMAP_FORM)).toEqual({ ok: true, value: { kind: 'none' } });
  });

  it('an XYZ raster form round-trips through the config', () => {
    const result = basemapFormToConfig(
      form({ kind: 'xyz-raster', url: 'http://10.0.0.5/tiles/{z}/{x}/{y}.png', subdomains: '', crs: 'gcj02', maxzoom: '18' }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ kind: 'xyz-raster', tileSize: 256, crs: 'gcj02', maxzoom: 18 });
    expect(basemapFormFromConfig(result.value)).toMatchObject({ kind: 'xyz-raster', maxzoom: '18', crs: 'gcj02' });
  });

  it('the Tianditu preset with a token is a valid WMTS config', () => {
    const result = basemapFormToConfig(form({ ...TIANDITU_PRESET, token: 'abc123' }));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject({ kind: 'wmts', layer: 'vec', zoomOffset: 0, token: 'abc123', crs: 'cgcs2000' });
  });

  it('a stored WMTS config with subdomains survives a trip through the form', () => {
    const stored = tiandituPreset('img', 'tok');
    const result = basemapFormToConfig(basemapFormFromConfig(stored));
    expect(result).toEqual({ ok: true, value: stored });
  });

  it('puts number errors and validator errors under their field', () => {
    const result = basemapFormToConfig(form({ kind: 'wmts', url: '', zoomOffset: 'one' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.zoomOffset?.[0].key).toBe('basemap.error.integer');
    // "url: is required" shows under the url field, translated, without its prefix.
    expect(result.fieldErrors.url?.[0]).toEqual({ key: 'basemap.error.required', params: {} });
    const all = [...Object.values(result.fieldErrors).flat(), ...result.generalErrors];
    expect(all.length).toBeGreaterThan(1);
  });

  it('fieldOfError prefers the field the message starts with, then whole words', () => {
    const fields = basemapFieldsFor('wmts');
    expect(fieldOfError('tileMatrixSet is required', fields)).toBe('tileMatrixSet');
    expect(fieldOfError('url: must contain {TileMatrix}', fields)).toBe('url');
    expect(fieldOfError('the layer must not be empty', fields)).toBe('layer');
    expect(fieldOfError('something else', fields)).toBeNull();
  });

  it('lists the fields each kind shows', () => {
    expect(basemapFieldsFor('none')).toEqual([]);
    expect(basemapFieldsFor('wmts')).toContain('token');
    expect(basemapFieldsFor('xyz-vector')).not.toContain('subdomains');
  });
});
