import { describe, expect, it } from 'vitest';
import {
  basemapFieldsFor,
  basemapFormFromConfig,
  basemapFormToConfig,
  EMPTY_BASEMAP_FORM,
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
    // The validator's "url: is required" shows under the url field as a coded, translatable issue.
    expect(result.fieldErrors.url?.[0]).toEqual({ key: 'basemap.issue.required', params: {}, fallback: 'is required' });
    expect(result.fieldErrors.layer?.[0].key).toBe('basemap.issue.required');
    expect(result.generalErrors).toEqual([]);
  });

  it('turns every validator issue into basemap.issue.<code> with its parameters, under its field', () => {
    const result = basemapFormToConfig(form({ kind: 'xyz-raster', url: 'https://t.example/{z}/tile.png' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.url).toEqual([
      {
        key: 'basemap.issue.xyz_placeholders_missing',
        params: { placeholders: ['{x}', '{y}'] },
        fallback: 'must contain {x}, {y} (an XYZ tile template)',
      },
    ]);
    expect(result.generalErrors).toEqual([]);
    // A list entry's issue goes under the list's field.
    const list = basemapFormToConfig(form({ kind: 'xyz-raster', url: 'https://{s}.t.example/{z}/{x}/{y}.png', subdomains: 'a,b_c' }));
    if (list.ok) throw new Error('expected a failure');
    expect(list.fieldErrors.subdomains).toEqual([
      { key: 'basemap.issue.subdomain_invalid', params: { value: 'b_c', position: 2 }, fallback: 'must be letters, digits or hyphens' },
    ]);
  });

  it('puts cross-field issues under the field they name', () => {
    const result = basemapFormToConfig(form({ ...TIANDITU_PRESET, token: 't', zoomOffset: '-2', minzoom: '1', maxzoom: '0' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.minzoom?.map((e) => e.key)).toEqual(['basemap.issue.minzoom_negative_matrix']);
    expect(result.fieldErrors.minzoom?.[0].params).toEqual({ min: 2 });
    expect(result.fieldErrors.maxzoom?.map((e) => e.key)).toEqual(['basemap.issue.maxzoom_below_minzoom']);
  });

  it('accepts a url with percent-encoded placeholders and saves it decoded', () => {
    const result = basemapFormToConfig(form({ kind: 'xyz-vector', url: 'http://10.0.0.5/tiles/%7Bz%7D/%7Bx%7D/%7By%7D.pbf' }));
    expect(result).toEqual({ ok: true, value: { kind: 'xyz-vector', url: 'http://10.0.0.5/tiles/{z}/{x}/{y}.pbf', crs: 'wgs84' } });
  });

  it('lists the fields each kind shows', () => {
    expect(basemapFieldsFor('none')).toEqual([]);
    expect(basemapFieldsFor('wmts')).toContain('token');
    expect(basemapFieldsFor('xyz-vector')).not.toContain('subdomains');
  });
});

describe('the operator on duty', () => {
  it('takes a trimmed name of 1–40 characters without control characters', async () => {
    const { parseOperatorName, MAX_OPERATOR_NAME } = await import('./settings');
    expect(parseOperatorName('  张三  ')).toBe('张三');
    expect(parseOperatorName('Li   Wei')).toBe('Li Wei');
    expect(parseOperatorName('')).toBeNull();
    expect(parseOperatorName('   ')).toBeNull();
    expect(parseOperatorName('a\u0007b')).toBeNull();
    expect(parseOperatorName(42)).toBeNull();
    expect(parseOperatorName('字'.repeat(MAX_OPERATOR_NAME))).toBe('字'.repeat(MAX_OPERATOR_NAME));
    expect(parseOperatorName('字'.repeat(MAX_OPERATOR_NAME + 1))).toBeNull();
  });

  it('signs in and out through named updaters; a bad name changes nothing; a stored one comes back', async () => {
    const { appReducer } = await import('./reducer');
    const { initialAppState } = await import('./app-state');
    let s = appReducer(initialAppState(), { type: 'dialogOpened', dialog: 'sign-in' });
    const before = s;
    s = appReducer(s, { type: 'operatorSignedIn', name: ' ' });
    expect(s).toBe(before);
    s = appReducer(s, { type: 'operatorSignedIn', name: ' 张三 ' });
    expect(s.operator).toBe('张三');
    expect(s.dialog).toBeNull();
    expect(s.status.at(-1)).toMatchObject({ key: 'status.signedIn', params: { name: '张三' } });
    s = appReducer(s, { type: 'operatorSignedOut' });
    expect(s.operator).toBeNull();
    expect(appReducer(initialAppState(), { type: 'settingsLoaded', settings: { operator: '李四' } }).operator).toBe('李四');
  });
});
