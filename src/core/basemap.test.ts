import { describe, expect, it } from 'vitest';
import {
  BASEMAP_ISSUE_CODES,
  BASEMAP_ISSUE_PARAMS,
  decodePlaceholderBraces,
  describeBasemapIssue,
  NO_BASEMAP,
  osmLikeRasterPreset,
  overlayCrs,
  parseBasemapConfig,
  parseBasemapConfigDetailed,
  resolveTileUrl,
  tiandituPreset,
  type BasemapConfig,
  type BasemapIssue,
  type BasemapIssueCode,
} from './basemap';

/** The errors of a parse that must fail. */
function errorsOf(input: unknown): string[] {
  const r = parseBasemapConfig(input);
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.value)}`);
  return r.errors;
}

/** The coded issues of a parse that must fail. */
function issuesOf(input: unknown): BasemapIssue[] {
  const r = parseBasemapConfigDetailed(input);
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.value)}`);
  return r.issues;
}

function valueOf(input: unknown): BasemapConfig {
  const r = parseBasemapConfig(input);
  if (!r.ok) throw new Error(`expected success, got ${r.errors.join('; ')}`);
  return r.value;
}

const wmtsBase = {
  kind: 'wmts',
  url: 'https://tiles.gov.example/wmts',
  layer: 'vec',
  tileMatrixSet: 'w',
  format: 'tiles',
};

/** The query of a URL as a key → value map (values decoded). */
function query(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams.entries());
}

describe('parseBasemapConfig', () => {
  it('accepts none, and nothing is on by default', () => {
    expect(valueOf({ kind: 'none' })).toEqual({ kind: 'none' });
    expect(NO_BASEMAP).toEqual({ kind: 'none' });
  });

  it('accepts an XYZ raster template and fills the defaults', () => {
    const v = valueOf({ kind: 'xyz-raster', url: 'https://tiles.example/{z}/{x}/{y}.png' });
    expect(v).toEqual({ kind: 'xyz-raster', url: 'https://tiles.example/{z}/{x}/{y}.png', tileSize: 256, crs: 'wgs84' });
  });

  it('accepts intranet hosts and paths on the serving host', () => {
    expect(valueOf({ kind: 'xyz-raster', url: 'http://10.1.2.3:8080/tiles/{z}/{x}/{y}.png' }).kind).toBe('xyz-raster');
    expect(valueOf({ kind: 'xyz-vector', url: '/tiles/{z}/{x}/{y}.pbf' }).kind).toBe('xyz-vector');
    expect(valueOf({ kind: 'xyz-vector', url: './pkg/{z}/{x}/{y}.pbf' }).kind).toBe('xyz-vector');
  });

  it.each([
    ['file:///C:/tiles/{z}/{x}/{y}.png'],
    ['javascript:alert(1)//{z}{x}{y}'],
    ['ftp://tiles.example/{z}/{x}/{y}.png'],
    ['//tiles.example/{z}/{x}/{y}.png'],
    ['tiles.example/{z}/{x}/{y}.png'],
  ])('refuses the non-http url %s, naming the field', (u) => {
    const errors = errorsOf({ kind: 'xyz-raster', url: u });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^url: must start with http/);
  });

  it('refuses spaces inside a url, once', () => {
    expect(errorsOf({ kind: 'xyz-raster', url: 'https://tiles.example/{z}/{x}/{y} .png' })).toEqual(['url: must not contain spaces']);
  });

  it('names a missing url as required', () => {
    expect(errorsOf({ kind: 'xyz-raster' })).toEqual(['url: is required']);
    expect(errorsOf({ kind: 'xyz-raster', url: '   ' })).toEqual(['url: is required']);
  });

  it('requires {z}, {x} and {y} in XYZ templates and names the missing ones', () => {
    const errors = errorsOf({ kind: 'xyz-raster', url: 'https://tiles.example/{z}/tile.png' });
    expect(errors).toEqual(['url: must contain {x}, {y} (an XYZ tile template)']);
  });

  it('refuses placeholders it cannot fill, such as {-y}', () => {
    const errors = errorsOf({ kind: 'xyz-raster', url: 'https://tiles.example/{z}/{x}/{-y}.png' });
    expect(errors.some((e) => e.startsWith('url:') && e.includes('{-y}'))).toBe(true);
  });

  it('ties {s} and subdomains together', () => {
    expect(errorsOf({ kind: 'xyz-raster', url: 'https://{s}.tiles.example/{z}/{x}/{y}.png' })).toEqual([
      'subdomains: are required when the url contains {s}',
    ]);
    expect(errorsOf({ kind: 'xyz-raster', url: 'https://tiles.example/{z}/{x}/{y}.png', subdomains: ['a'] })).toEqual([
      'subdomains: are given but the url has no {s} to put them in',
    ]);
    expect(errorsOf({ kind: 'xyz-raster', url: 'https://{s}.tiles.example/{z}/{x}/{y}.png', subdomains: [] })[0]).toMatch(
      /^subdomains: must not be empty/,
    );
  });

  it('allows only 256 and 512 pixel tiles', () => {
    expect(errorsOf({ kind: 'xyz-raster', url: 'https://t.example/{z}/{x}/{y}.png', tileSize: 300 })).toEqual([
      'tileSize: must be 256 or 512',
    ]);
    expect(valueOf({ kind: 'xyz-raster', url: 'https://t.example/{z}/{x}/{y}.png', tileSize: 512 })).toMatchObject({ tileSize: 512 });
  });

  it('checks zooms are whole numbers 0–24 in order', () => {
    const u = 'https://t.example/{z}/{x}/{y}.png';
    expect(errorsOf({ kind: 'xyz-raster', url: u, minzoom: 1.5 })).toEqual(['minzoom: must be a whole number']);
    expect(errorsOf({ kind: 'xyz-raster', url: u, maxzoom: 25 })).toEqual(['maxzoom: must be 24 or less']);
    expect(errorsOf({ kind: 'xyz-raster', url: u, minzoom: 10, maxzoom: 5 })).toEqual(['maxzoom: must not be less than minzoom']);
  });

  it('refuses an unknown crs and an unknown kind', () => {
    expect(errorsOf({ kind: 'xyz-raster', url: 'https://t.example/{z}/{x}/{y}.png', crs: 'epsg3857' })).toEqual([
      'crs: must be one of wgs84, cgcs2000, gcj02, bd09',
    ]);
    expect(errorsOf({ kind: 'tms', url: 'x' })).toEqual(['kind: must be one of none, xyz-raster, xyz-vector, wmts']);
    expect(errorsOf('https://t.example/{z}/{x}/{y}.png')).toEqual(['The basemap settings must be an object']);
  });

  it('accepts a WMTS KVP endpoint with defaults zoomOffset 0, tileSize 256, crs wgs84', () => {
    expect(valueOf(wmtsBase)).toEqual({ ...wmtsBase, zoomOffset: 0, tileSize: 256, crs: 'wgs84' });
  });

  it('names each missing WMTS field', () => {
    const errors = errorsOf({ kind: 'wmts', url: 'https://tiles.gov.example/wmts' });
    expect(errors).toEqual(expect.arrayContaining(['layer: is required', 'tileMatrixSet: is required', 'format: is required']));
    expect(errors).toHaveLength(3);
  });

  it('accepts a REST template only when it has all three of TileMatrix, TileRow, TileCol', () => {
    const rest = 'https://tiles.gov.example/wmts/vec/default/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.png';
    expect(valueOf({ ...wmtsBase, url: rest }).kind).toBe('wmts');
    expect(errorsOf({ ...wmtsBase, url: 'https://tiles.gov.example/wmts/{TileMatrix}/{TileRow}.png' })).toEqual([
      'url: is a WMTS REST template missing {TileCol}',
    ]);
  });

  it('refuses an XYZ template given as WMTS', () => {
    const errors = errorsOf({ ...wmtsBase, url: 'https://tiles.gov.example/{z}/{x}/{y}.png' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^url: looks like an XYZ template/);
  });

  it('refuses a KVP endpoint that already carries GetTile parameters', () => {
    const errors = errorsOf({ ...wmtsBase, url: 'https://tiles.gov.example/wmts?SERVICE=WMTS&TileMatrix=3' });
    expect(errors).toEqual([
      'url: already contains SERVICE, TILEMATRIX; give the bare endpoint (the GetTile parameters are added for each tile)',
    ]);
    // An unrelated parameter (an intranet gateway's key) is fine.
    expect(valueOf({ ...wmtsBase, url: 'https://tiles.gov.example/wmts?appkey=42' }).kind).toBe('wmts');
  });

  it("refuses Tianditu's geographic 'c' tiling with an explanation", () => {
    const errors = errorsOf({ ...wmtsBase, url: 'https://t0.tianditu.gov.cn/vec_c/wmts', tileMatrixSet: 'c' });
    const matrix = errors.find((e) => e.startsWith('tileMatrixSet:'));
    expect(matrix).toMatch(/Web Mercator/);
    expect(matrix).toMatch(/'w'/);
    expect(errors.some((e) => e.startsWith('url:') && e.includes('_c'))).toBe(true);
    expect(errorsOf({ ...wmtsBase, tileMatrixSet: 'EPSG:4490' })[0]).toMatch(/^tileMatrixSet: 'EPSG:4490' is a longitude\/latitude tiling/);
  });

  it('keeps zoomOffset a whole number from −2 to 3', () => {
    expect(valueOf({ ...wmtsBase, zoomOffset: -2 })).toMatchObject({ zoomOffset: -2 });
    expect(valueOf({ ...wmtsBase, zoomOffset: 3 })).toMatchObject({ zoomOffset: 3 });
    expect(errorsOf({ ...wmtsBase, zoomOffset: 4 })).toEqual(['zoomOffset: must be between -2 and 3']);
    expect(errorsOf({ ...wmtsBase, zoomOffset: -3 })).toEqual(['zoomOffset: must be between -2 and 3']);
    expect(errorsOf({ ...wmtsBase, zoomOffset: 0.5 })).toEqual(['zoomOffset: must be a whole number']);
    expect(errorsOf({ ...wmtsBase, zoomOffset: '1' })).toEqual(['zoomOffset: must be a number']);
  });

  it('refuses a minzoom that would ask for a negative TileMatrix', () => {
    expect(errorsOf({ ...wmtsBase, zoomOffset: -2, minzoom: 1 })).toEqual([
      'minzoom: must be at least 2 so that TileMatrix (zoom + zoomOffset) is never negative',
    ]);
  });

  it('round-trips its own output unchanged (stored settings stay valid)', () => {
    for (const config of [tiandituPreset('vec', 'abc'), osmLikeRasterPreset('https://{s}.tile.example/{z}/{x}/{y}.png')]) {
      expect(valueOf(config)).toEqual(config);
      expect(valueOf(JSON.parse(JSON.stringify(config)))).toEqual(config);
    }
  });
});

describe('percent-encoded placeholders', () => {
  it('decodes %7B…%7D around placeholder names (as new URL() and address bars leave them), any case', () => {
    expect(decodePlaceholderBraces('https://t.example/%7Bz%7D/%7Bx%7D/%7By%7D.png')).toBe('https://t.example/{z}/{x}/{y}.png');
    expect(decodePlaceholderBraces('https://t.example/%7bTileMatrix%7d/{TileRow}/%7BTileCol}')).toBe('https://t.example/{TileMatrix}/{TileRow}/{TileCol}');
    // Other escapes, and braces around no name, stay.
    expect(decodePlaceholderBraces('https://t.example/a%20b/%7B%7D/%7Bz.png')).toBe('https://t.example/a%20b/%7B%7D/%7Bz.png');
  });

  it('accepts an XYZ template copied from a browser and returns it decoded', () => {
    const copied = new URL('https://tiles.example/{z}/{x}/{y}.png').href;
    expect(copied).toBe('https://tiles.example/%7Bz%7D/%7Bx%7D/%7By%7D.png');
    expect(valueOf({ kind: 'xyz-raster', url: copied })).toEqual({
      kind: 'xyz-raster',
      url: 'https://tiles.example/{z}/{x}/{y}.png',
      tileSize: 256,
      crs: 'wgs84',
    });
    // {s} too: subdomains are then tied to it as usual.
    expect(valueOf({ kind: 'xyz-raster', url: 'https://%7Bs%7D.t.example/%7Bz%7D/%7Bx%7D/%7By%7D.png', subdomains: ['a'] })).toMatchObject({
      url: 'https://{s}.t.example/{z}/{x}/{y}.png',
    });
  });

  it('checks the decoded template, so encoded unknown placeholders are still named', () => {
    expect(issuesOf({ kind: 'xyz-raster', url: 'https://t.example/%7Bz%7D/%7Bx%7D/%7B-y%7D.png' }).map((i) => i.code)).toEqual([
      'xyz_placeholders_missing',
      'xyz_placeholders_unknown',
    ]);
  });

  it('decodes a WMTS REST template too', () => {
    const url = 'https://tiles.gov.example/wmts/%7BTileMatrix%7D/%7BTileRow%7D/%7BTileCol%7D.png';
    const config = valueOf({ ...wmtsBase, url });
    expect(config).toMatchObject({ url: 'https://tiles.gov.example/wmts/{TileMatrix}/{TileRow}/{TileCol}.png' });
    expect(resolveTileUrl(config, 3, 2, 1)).toBe('https://tiles.gov.example/wmts/3/1/2.png');
  });
});

describe('issue codes', () => {
  const xyz = (patch: Record<string, unknown>) => ({ kind: 'xyz-raster', url: 'https://t.example/{z}/{x}/{y}.png', ...patch });
  const wmts = (patch: Record<string, unknown>) => ({ ...wmtsBase, ...patch });

  /** A representative bad input for every code but `invalid`, with the issue it must give. */
  const cases: [BasemapIssueCode, unknown, Partial<BasemapIssue>][] = [
    ['not_object', 'https://t.example/{z}/{x}/{y}.png', { field: '', path: '' }],
    ['unknown_kind', { kind: 'tms' }, { field: 'kind', params: { allowed: ['none', 'xyz-raster', 'xyz-vector', 'wmts'] } }],
    ['required', { kind: 'xyz-raster' }, { field: 'url' }],
    ['not_text', wmts({ layer: 7 }), { field: 'layer' }],
    ['too_long', xyz({ attribution: 'x'.repeat(501) }), { field: 'attribution', params: { max: 500 } }],
    ['not_number', xyz({ maxzoom: '18' }), { field: 'maxzoom' }],
    ['not_integer', xyz({ minzoom: 1.5 }), { field: 'minzoom' }],
    ['too_small', xyz({ minzoom: -1 }), { field: 'minzoom', params: { min: 0 } }],
    ['too_large', xyz({ maxzoom: 25 }), { field: 'maxzoom', params: { max: 24 } }],
    ['out_of_range', wmts({ zoomOffset: 4 }), { field: 'zoomOffset', params: { min: -2, max: 3 } }],
    ['bad_tile_size', xyz({ tileSize: 300 }), { field: 'tileSize' }],
    ['unknown_crs', xyz({ crs: 'epsg3857' }), { field: 'crs', params: { allowed: ['wgs84', 'cgcs2000', 'gcj02', 'bd09'] } }],
    ['subdomains_not_list', xyz({ url: 'https://{s}.t.example/{z}/{x}/{y}.png', subdomains: 'a,b' }), { field: 'subdomains' }],
    ['subdomains_empty', xyz({ url: 'https://{s}.t.example/{z}/{x}/{y}.png', subdomains: [] }), { field: 'subdomains' }],
    ['too_many_subdomains', xyz({ url: 'https://{s}.t.example/{z}/{x}/{y}.png', subdomains: 'abcdefghijklmnopq'.split('') }), { params: { max: 16 } }],
    [
      'subdomain_invalid',
      xyz({ url: 'https://{s}.t.example/{z}/{x}/{y}.png', subdomains: ['a', ' b_c '] }),
      { field: 'subdomains', path: 'subdomains.1', params: { value: 'b_c', position: 2 } },
    ],
    ['url_has_spaces', xyz({ url: 'https://t.example/{z}/{x}/{y} .png' }), { field: 'url' }],
    ['url_not_http', xyz({ url: 'ftp://t.example/{z}/{x}/{y}.png' }), { field: 'url' }],
    ['xyz_placeholders_missing', xyz({ url: 'https://t.example/{z}/tile.png' }), { field: 'url', params: { placeholders: ['{x}', '{y}'] } }],
    ['xyz_placeholders_unknown', xyz({ url: 'https://t.example/{z}/{x}/{y}/{-y}.png' }), { field: 'url', params: { placeholders: ['{-y}'] } }],
    ['subdomains_required', xyz({ url: 'https://{s}.t.example/{z}/{x}/{y}.png' }), { field: 'subdomains' }],
    ['subdomains_unused', xyz({ subdomains: ['a'] }), { field: 'subdomains' }],
    ['tianditu_geographic_set', wmts({ tileMatrixSet: 'c' }), { field: 'tileMatrixSet', params: { set: 'c' } }],
    ['geographic_matrix_set', wmts({ tileMatrixSet: 'EPSG:4490' }), { field: 'tileMatrixSet', params: { set: 'EPSG:4490' } }],
    ['tianditu_geographic_url', wmts({ url: 'https://t0.tianditu.gov.cn/vec_c/wmts' }), { field: 'url' }],
    ['wmts_xyz_template', wmts({ url: 'https://tiles.gov.example/{z}/{x}/{y}.png' }), { field: 'url' }],
    [
      'wmts_rest_placeholders_missing',
      wmts({ url: 'https://tiles.gov.example/{TileMatrix}/{TileRow}.png' }),
      { field: 'url', params: { placeholders: ['{TileCol}'] } },
    ],
    [
      'wmts_kvp_params_in_url',
      wmts({ url: 'https://tiles.gov.example/wmts?SERVICE=WMTS&TileMatrix=3' }),
      { field: 'url', params: { parameters: ['SERVICE', 'TILEMATRIX'] } },
    ],
    ['wmts_placeholders_unknown', wmts({ url: 'https://tiles.gov.example/wmts?key={apikey}' }), { field: 'url', params: { placeholders: ['{apikey}'] } }],
    ['minzoom_negative_matrix', wmts({ zoomOffset: -2, minzoom: 1 }), { field: 'minzoom', params: { min: 2 } }],
    ['maxzoom_below_minzoom', xyz({ minzoom: 10, maxzoom: 5 }), { field: 'maxzoom' }],
  ];

  it.each(cases)('%s comes from a representative bad input', (code, input, expected) => {
    const found = issuesOf(input).find((i) => i.code === code);
    expect(found, JSON.stringify(issuesOf(input))).toBeDefined();
    expect(found).toMatchObject({ path: expected.field ?? found?.field, ...expected });
    // Exactly the parameters the code declares.
    expect(Object.keys(found!.params).sort()).toEqual(Object.keys(BASEMAP_ISSUE_PARAMS[code]).sort());
  });

  it('every code but the catch-all `invalid` has a case above', () => {
    const covered = new Set(cases.map(([code]) => code));
    expect(BASEMAP_ISSUE_CODES.filter((c) => !covered.has(c))).toEqual(['invalid']);
  });

  it('the English errors are the issues described, one source', () => {
    for (const [, input] of cases) {
      const r = parseBasemapConfig(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors).toEqual(issuesOf(input).map((i) => describeBasemapIssue(i)));
    }
  });

  it('describes an issue with or without its place', () => {
    const [issue] = issuesOf(xyz({ url: 'https://t.example/{z}/tile.png' }));
    expect(describeBasemapIssue(issue)).toBe('url: must contain {x}, {y} (an XYZ tile template)');
    expect(describeBasemapIssue(issue, { withPath: false })).toBe('must contain {x}, {y} (an XYZ tile template)');
    expect(describeBasemapIssue({ field: 'url', path: 'url', code: 'invalid', params: { message: 'odd' } })).toBe('url: odd');
  });
});

describe('resolveTileUrl', () => {
  it('fills an XYZ template', () => {
    const config = valueOf({ kind: 'xyz-raster', url: 'https://tiles.example/{z}/{x}/{y}.png' });
    expect(resolveTileUrl(config, 14, 13342, 6502)).toBe('https://tiles.example/14/13342/6502.png');
  });

  it('picks the subdomain from (x + y) mod n, the same tile always the same host', () => {
    const config = osmLikeRasterPreset('https://{s}.tile.example/{z}/{x}/{y}.png');
    // (6 + 2) mod 3 = 2 → 'c'; (6 + 3) mod 3 = 0 → 'a'.
    expect(resolveTileUrl(config, 3, 6, 2)).toBe('https://c.tile.example/3/6/2.png');
    expect(resolveTileUrl(config, 3, 6, 3)).toBe('https://a.tile.example/3/6/3.png');
    expect(resolveTileUrl(config, 3, 6, 3)).toBe(resolveTileUrl(config, 3, 6, 3));
  });

  it('builds a WMTS KVP GetTile request with TILEMATRIX = z + zoomOffset, TILEROW = y, TILECOL = x', () => {
    const config = valueOf({ ...wmtsBase, zoomOffset: 1, style: 'default', token: 'key 1' });
    const url = resolveTileUrl(config, 14, 13342, 6502);
    expect(url.startsWith('https://tiles.gov.example/wmts?')).toBe(true);
    expect(query(url)).toEqual({
      SERVICE: 'WMTS',
      REQUEST: 'GetTile',
      VERSION: '1.0.0',
      LAYER: 'vec',
      STYLE: 'default',
      TILEMATRIXSET: 'w',
      FORMAT: 'tiles',
      TILEMATRIX: '15',
      TILEROW: '6502',
      TILECOL: '13342',
      tk: 'key 1',
    });
  });

  it('joins KVP parameters onto an endpoint that already has a query', () => {
    const config = valueOf({ ...wmtsBase, url: 'https://tiles.gov.example/wmts?appkey=42' });
    const q = query(resolveTileUrl(config, 2, 1, 0));
    expect(q.appkey).toBe('42');
    expect(q.TILEMATRIX).toBe('2');
    expect(q.STYLE).toBe('default');
  });

  it('fills a WMTS REST template and appends the token', () => {
    const config = valueOf({
      ...wmtsBase,
      url: 'https://tiles.gov.example/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.png',
      zoomOffset: -1,
      minzoom: 1,
      token: 't0k',
    });
    expect(resolveTileUrl(config, 10, 5, 7)).toBe('https://tiles.gov.example/w/9/7/5.png?tk=t0k');
  });

  it('resolves the Tianditu preset to its published KVP form', () => {
    const config = tiandituPreset('img', 'TOKEN');
    const url = resolveTileUrl(config, 1, 1, 0);
    // (1 + 0) mod 8 = 1 → host t1; the w set's TileMatrix 1 is the map's zoom 1 (2×2 tiles).
    expect(url.startsWith('https://t1.tianditu.gov.cn/img_w/wmts?')).toBe(true);
    expect(query(url)).toMatchObject({ LAYER: 'img', TILEMATRIXSET: 'w', FORMAT: 'tiles', TILEMATRIX: '1', TILEROW: '0', TILECOL: '1', tk: 'TOKEN' });
  });

  it('throws for no basemap, which has no tiles', () => {
    expect(() => resolveTileUrl(NO_BASEMAP, 0, 0, 0)).toThrow(/basemap is off/);
  });
});

describe('overlayCrs', () => {
  it('is wgs84 without a basemap and for CGCS2000 (Tianditu)', () => {
    expect(overlayCrs(NO_BASEMAP)).toBe('wgs84');
    expect(overlayCrs(tiandituPreset('vec', 'x'))).toBe('wgs84');
  });

  it("is the basemap's own offset system otherwise", () => {
    expect(overlayCrs(valueOf({ kind: 'xyz-raster', url: 'https://gcj.example/{z}/{x}/{y}.png', crs: 'gcj02' }))).toBe('gcj02');
    expect(overlayCrs(valueOf({ kind: 'xyz-vector', url: 'https://bd.example/{z}/{x}/{y}.pbf', crs: 'bd09' }))).toBe('bd09');
  });
});

describe('presets', () => {
  it('tiandituPreset is a valid Web Mercator WMTS config over t0–t7', () => {
    const v = valueOf(tiandituPreset('vec', 'abc'));
    expect(v).toMatchObject({
      kind: 'wmts',
      url: 'https://t{s}.tianditu.gov.cn/vec_w/wmts',
      subdomains: ['0', '1', '2', '3', '4', '5', '6', '7'],
      tileMatrixSet: 'w',
      zoomOffset: 0,
      minzoom: 1,
      token: 'abc',
      crs: 'cgcs2000',
    });
  });

  it('osmLikeRasterPreset defaults {s} to a, b, c and leaves other urls without subdomains', () => {
    expect(osmLikeRasterPreset('https://{s}.tile.example/{z}/{x}/{y}.png')).toMatchObject({ subdomains: ['a', 'b', 'c'] });
    const plain = osmLikeRasterPreset('http://10.0.0.5/osm/{z}/{x}/{y}.png', { attribution: '© OpenStreetMap' });
    expect(plain).not.toHaveProperty('subdomains');
    expect(valueOf(plain)).toEqual(plain);
  });
});
