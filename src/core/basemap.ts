/**
 * User-configured basemaps: off by default, never required (government networks are often
 * offline, DOMAIN.md). A basemap is an XYZ template (raster or vector) or an OGC WMTS layer
 * (KVP endpoint or REST template), e.g. Tianditu (天地图) or an intranet tile server.
 *
 * MapLibre draws Web Mercator tiles only. Every config here therefore describes Web Mercator
 * tiles; geographic tilings (Tianditu's CGCS2000 set `c`, EPSG:4326/4490 quads) are refused with
 * an explanation rather than drawn in the wrong place.
 */
import { z } from 'zod';
import { CRS_LIST, type Crs } from './crs';

export type BasemapConfig =
  | { kind: 'none' }
  | {
      kind: 'xyz-raster';
      /** Template with {z} {x} {y} (and optional {s} subdomains expanded by `subdomains`). */
      url: string;
      subdomains?: string[];
      tileSize: 256 | 512;
      crs: Crs;
      minzoom?: number;
      maxzoom?: number;
      attribution?: string;
    }
  | {
      kind: 'xyz-vector';
      /** Template of Mapbox Vector Tiles with {z} {x} {y}, in the OpenMapTiles schema. */
      url: string;
      crs: Crs;
      minzoom?: number;
      maxzoom?: number;
      attribution?: string;
    }
  | {
      kind: 'wmts';
      /** KVP or REST endpoint; REST templates use {TileMatrix} {TileRow} {TileCol}. */
      url: string;
      layer: string;
      tileMatrixSet: string;
      format: string;
      style?: string;
      /**
       * TileMatrix identifier minus map zoom: the tile at map zoom z, column x, row y is asked for
       * as TileMatrix z + zoomOffset, TileCol x, TileRow y. It renames levels for servers that
       * number their Web Mercator levels differently; it does not rescale the grid.
       * Tianditu's `w` set numbers its levels like the map (TileMatrix 1 is 2×2 tiles), so its
       * offset is 0; it simply has no TileMatrix 0, hence minzoom 1 in its preset.
       */
      zoomOffset: number;
      /** Appended as tk=… (Tianditu) when set. */
      token?: string;
      tileSize: 256 | 512;
      crs: Crs;
      attribution?: string;
      /** Values for {s} in `url` (e.g. Tianditu's t0…t7); chosen by (x + y) mod n like MapLibre. */
      subdomains?: string[];
      minzoom?: number;
      maxzoom?: number;
    };

export const NO_BASEMAP: BasemapConfig = { kind: 'none' };

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

export type BasemapKind = BasemapConfig['kind'];
const KINDS: readonly BasemapKind[] = ['none', 'xyz-raster', 'xyz-vector', 'wmts'];

/** Deepest zoom MapLibre requests tiles for. */
const MAX_ZOOM = 24;
const ZOOM_OFFSET_MIN = -2;
const ZOOM_OFFSET_MAX = 3;

/** Tile matrix sets known to be geographic (lon/lat) rather than Web Mercator, lower case. */
const GEOGRAPHIC_MATRIX_SETS = new Set(['c', 'epsg:4326', 'epsg:4490', 'crs84', 'worldcrs84quad', 'googlecrs84quad']);

/** Query keys resolveTileUrl writes for a KVP endpoint; an endpoint that already has them would send them twice. */
const KVP_KEYS = ['service', 'request', 'version', 'layer', 'style', 'tilematrixset', 'format', 'tilematrix', 'tilerow', 'tilecol'];

// ---------------------------------------------------------------------------------------------
// Field schemas with plain-English messages (the settings form shows them next to the field).

const requiredText = (what: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : `must be ${what}`) })
    .trim()
    // abort: an empty value gets one message, not every later rule's as well.
    .min(1, { error: 'is required', abort: true });

const optionalText = (max: number) =>
  z.string({ error: 'must be text' }).trim().max(max, { error: `must be at most ${max} characters` }).optional();

const zoom = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(0, { error: 'must be 0 or more' })
  .max(MAX_ZOOM, { error: `must be ${MAX_ZOOM} or less` })
  .optional();

const tileSize = z
  .union([z.literal(256), z.literal(512)], { error: 'must be 256 or 512' })
  .default(256);

const crs = z.enum(CRS_LIST as [Crs, ...Crs[]], { error: `must be one of ${CRS_LIST.join(', ')}` }).default('wgs84');

const subdomains = z
  .array(
    z
      .string({ error: 'must be text' })
      .trim()
      .regex(/^[A-Za-z0-9-]+$/, { error: 'must be letters, digits or hyphens' }),
    { error: 'must be a list of subdomains' },
  )
  .min(1, { error: 'must not be empty' })
  .max(16, { error: 'must have at most 16 entries' })
  .optional();

const url = requiredText('text').refine((u) => !/\s/.test(u), { error: 'must not contain spaces', abort: true }).refine(isHttpOrRelative, {
  error: 'must start with http:// or https:// (or be a path on this server such as /tiles/…)',
});

const xyzRasterSchema = z.object({
  kind: z.literal('xyz-raster'),
  url,
  subdomains,
  tileSize,
  crs,
  minzoom: zoom,
  maxzoom: zoom,
  attribution: optionalText(500),
});

const xyzVectorSchema = z.object({
  kind: z.literal('xyz-vector'),
  url,
  crs,
  minzoom: zoom,
  maxzoom: zoom,
  attribution: optionalText(500),
});

const wmtsSchema = z.object({
  kind: z.literal('wmts'),
  url,
  layer: requiredText('text'),
  tileMatrixSet: requiredText('text'),
  format: requiredText('text'),
  style: optionalText(100),
  zoomOffset: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(ZOOM_OFFSET_MIN, { error: `must be between ${ZOOM_OFFSET_MIN} and ${ZOOM_OFFSET_MAX}` })
    .max(ZOOM_OFFSET_MAX, { error: `must be between ${ZOOM_OFFSET_MIN} and ${ZOOM_OFFSET_MAX}` })
    .default(0),
  token: optionalText(200),
  tileSize,
  crs,
  attribution: optionalText(500),
  subdomains,
  minzoom: zoom,
  maxzoom: zoom,
});

/** Absolute http(s) with a host, or a path on the serving host (an intranet tile folder). */
function isHttpOrRelative(u: string): boolean {
  // Not `new URL`: templates put `{s}` into host names, which URL parsing rejects.
  return /^https?:\/\/[^/?#]+/i.test(u) || /^(\/(?!\/)|\.{1,2}\/)/.test(u);
}

/** The `{…}` placeholders a template uses, in order of appearance. */
function placeholders(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
}

type Issue = { field: string; message: string };

function checkXyzTemplate(u: string, subs: string[] | undefined): Issue[] {
  const issues: Issue[] = [];
  const used = placeholders(u);
  const missing = ['z', 'x', 'y'].filter((p) => !used.includes(p));
  if (missing.length > 0) {
    issues.push({ field: 'url', message: `must contain ${missing.map((p) => `{${p}}`).join(', ')} (an XYZ tile template)` });
  }
  const unknown = used.filter((p) => !['z', 'x', 'y', 's'].includes(p));
  if (unknown.length > 0) {
    issues.push({
      field: 'url',
      message: `has placeholders this map cannot fill: ${unknown.map((p) => `{${p}}`).join(', ')} (use {z}, {x}, {y} and {s})`,
    });
  }
  issues.push(...checkSubdomains(used, subs));
  return issues;
}

function checkSubdomains(used: string[], subs: string[] | undefined): Issue[] {
  if (used.includes('s') && !subs) return [{ field: 'subdomains', message: 'are required when the url contains {s}' }];
  if (!used.includes('s') && subs) return [{ field: 'subdomains', message: 'are given but the url has no {s} to put them in' }];
  return [];
}

function checkWmts(c: z.infer<typeof wmtsSchema>): Issue[] {
  const issues: Issue[] = [];
  const set = c.tileMatrixSet.toLowerCase();
  if (set === 'c') {
    issues.push({
      field: 'tileMatrixSet',
      message:
        "'c' is Tianditu's CGCS2000 longitude/latitude tiling (it starts at level 1 with two tiles); the map draws Web Mercator tiles only, so these would land in the wrong place. Use the 'w' set of the same layer (e.g. vec_w) instead.",
    });
  } else if (GEOGRAPHIC_MATRIX_SETS.has(set)) {
    issues.push({
      field: 'tileMatrixSet',
      message: `'${c.tileMatrixSet}' is a longitude/latitude tiling; the map draws Web Mercator tiles only. Choose the server's Web Mercator (EPSG:3857, GoogleMapsCompatible) set.`,
    });
  }
  // Tianditu serves each layer twice, as <layer>_c (geographic) and <layer>_w (Web Mercator).
  if (/tianditu\.(gov\.cn|com)\/[a-z]+_c\//i.test(c.url)) {
    issues.push({ field: 'url', message: "points at a Tianditu '_c' (geographic) service; use the '_w' service, e.g. vec_w" });
  }
  const used = placeholders(c.url);
  const rest = ['TileMatrix', 'TileRow', 'TileCol'];
  const xyzLike = used.filter((p) => ['z', 'x', 'y'].includes(p));
  if (xyzLike.length > 0) {
    issues.push({
      field: 'url',
      message: 'looks like an XYZ template ({z}/{x}/{y}); choose an XYZ basemap, or write a WMTS REST template with {TileMatrix}, {TileRow} and {TileCol}',
    });
  } else if (used.some((p) => rest.includes(p))) {
    const missing = rest.filter((p) => !used.includes(p));
    if (missing.length > 0) {
      issues.push({ field: 'url', message: `is a WMTS REST template missing ${missing.map((p) => `{${p}}`).join(', ')}` });
    }
  } else {
    // A KVP endpoint: resolveTileUrl appends the GetTile parameters.
    const query = c.url.includes('?') ? c.url.slice(c.url.indexOf('?') + 1) : '';
    const keys = query
      .split('&')
      .map((kv) => kv.split('=')[0].toLowerCase())
      .filter((k) => k !== '');
    const clash = keys.filter((k) => KVP_KEYS.includes(k) || (k === 'tk' && c.token !== undefined));
    if (clash.length > 0) {
      issues.push({
        field: 'url',
        message: `already contains ${clash.map((k) => k.toUpperCase()).join(', ')}; give the bare endpoint (the GetTile parameters are added for each tile)`,
      });
    }
  }
  const allowed = ['TileMatrix', 'TileRow', 'TileCol', 'TileMatrixSet', 'Style', 's', 'z', 'x', 'y'];
  const unknown = used.filter((p) => !allowed.includes(p));
  if (unknown.length > 0) {
    issues.push({ field: 'url', message: `has placeholders this map cannot fill: ${unknown.map((p) => `{${p}}`).join(', ')}` });
  }
  issues.push(...checkSubdomains(used, c.subdomains));
  if (c.minzoom !== undefined && c.minzoom + c.zoomOffset < 0) {
    issues.push({ field: 'minzoom', message: `must be at least ${-c.zoomOffset} so that TileMatrix (zoom + zoomOffset) is never negative` });
  }
  return issues;
}

function checkZoomRange(c: { minzoom?: number; maxzoom?: number }): Issue[] {
  if (c.minzoom !== undefined && c.maxzoom !== undefined && c.minzoom > c.maxzoom) {
    return [{ field: 'maxzoom', message: 'must not be less than minzoom' }];
  }
  return [];
}

function zodIssues(error: z.ZodError): string[] {
  return error.issues.map((iss) => {
    const field = iss.path.map(String).join('.');
    return field === '' ? iss.message : `${field}: ${iss.message}`;
  });
}

/**
 * Validates untrusted input (settings dialog, stored settings) into a BasemapConfig.
 *
 * Rules: `url` is http(s) (an intranet host is fine) or a path on the serving host; XYZ templates
 * contain {z} {x} {y} (and {s} only with `subdomains`); WMTS urls are either a REST template with
 * {TileMatrix} {TileRow} {TileCol} or a bare KVP endpoint; `tileSize` is 256 or 512 (default 256);
 * `zoomOffset` is a whole number from −2 to 3 (default 0); `crs` defaults to wgs84; zooms are
 * whole numbers 0–24. Geographic tile matrix sets (Tianditu `c`, EPSG:4326/4490) are refused
 * because MapLibre draws Web Mercator only.
 *
 * Errors are plain English, each starting with the field it is about: `url: must contain {z}`.
 */
export function parseBasemapConfig(input: unknown): ParseResult<BasemapConfig> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: ['The basemap settings must be an object'] };
  }
  const kind = (input as { kind?: unknown }).kind;
  if (kind === 'none') return { ok: true, value: { kind: 'none' } };
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    return { ok: false, errors: [`kind: must be one of ${KINDS.join(', ')}`] };
  }
  let value: BasemapConfig;
  let issues: Issue[];
  if (kind === 'xyz-raster') {
    const r = xyzRasterSchema.safeParse(input);
    if (!r.success) return { ok: false, errors: zodIssues(r.error) };
    value = dropUndefined(r.data);
    issues = [...checkXyzTemplate(r.data.url, r.data.subdomains), ...checkZoomRange(r.data)];
  } else if (kind === 'xyz-vector') {
    const r = xyzVectorSchema.safeParse(input);
    if (!r.success) return { ok: false, errors: zodIssues(r.error) };
    value = dropUndefined(r.data);
    issues = [...checkXyzTemplate(r.data.url, undefined), ...checkZoomRange(r.data)];
  } else {
    const r = wmtsSchema.safeParse(input);
    if (!r.success) return { ok: false, errors: zodIssues(r.error) };
    value = dropUndefined(r.data);
    issues = [...checkWmts(r.data), ...checkZoomRange(r.data)];
  }
  if (issues.length > 0) return { ok: false, errors: issues.map((i) => `${i.field}: ${i.message}`) };
  return { ok: true, value };
}

/** Optional fields that were absent stay absent (stored settings compare equal after a round trip). */
function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Subdomain for a tile: (x + y) mod n, the rule MapLibre uses to spread a `tiles` list. */
function pickSubdomain(subs: readonly string[] | undefined, x: number, y: number): string {
  if (!subs || subs.length === 0) return '';
  const n = subs.length;
  return subs[(((x + y) % n) + n) % n];
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, name: string) => values[name] ?? whole);
}

function appendQuery(base: string, query: string): string {
  if (!base.includes('?')) return `${base}?${query}`;
  return base.endsWith('?') || base.endsWith('&') ? base + query : `${base}&${query}`;
}

/**
 * The concrete URL of one tile (map zoom z, Web Mercator column x and row y from the top),
 * offsets and subdomains applied.
 *
 * - XYZ: fills {z} {x} {y} and {s}.
 * - WMTS KVP: appends SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER&STYLE&TILEMATRIXSET&FORMAT
 *   &TILEMATRIX=z+zoomOffset&TILEROW=y&TILECOL=x, then tk=token when set.
 * - WMTS REST: fills {TileMatrix} (z + zoomOffset) {TileRow} {TileCol} {TileMatrixSet} {Style}
 *   {s}, then appends tk=token when set.
 *
 * @throws for `{ kind: 'none' }`, which has no tiles.
 * @example resolveTileUrl(osmLikeRasterPreset('https://{s}.tile.example/{z}/{x}/{y}.png'), 3, 6, 2)
 *   // 'https://c.tile.example/3/6/2.png' ((6 + 2) mod 3 = 2 → 'c')
 */
export function resolveTileUrl(config: BasemapConfig, z: number, x: number, y: number): string {
  switch (config.kind) {
    case 'none':
      throw new Error('resolveTileUrl: the basemap is off (kind none), so there are no tiles');
    case 'xyz-raster':
    case 'xyz-vector': {
      const subs = config.kind === 'xyz-raster' ? config.subdomains : undefined;
      return fill(config.url, { z: String(z), x: String(x), y: String(y), s: pickSubdomain(subs, x, y) });
    }
    case 'wmts': {
      const matrix = String(z + config.zoomOffset);
      const style = config.style ?? 'default';
      const s = pickSubdomain(config.subdomains, x, y);
      const used = placeholders(config.url);
      const tk = config.token === undefined ? '' : `tk=${encodeURIComponent(config.token)}`;
      if (used.includes('TileMatrix')) {
        const filled = fill(config.url, {
          TileMatrix: matrix,
          TileRow: String(y),
          TileCol: String(x),
          TileMatrixSet: encodeURIComponent(config.tileMatrixSet),
          Style: encodeURIComponent(style),
          s,
        });
        return tk === '' ? filled : appendQuery(filled, tk);
      }
      const params: [string, string][] = [
        ['SERVICE', 'WMTS'],
        ['REQUEST', 'GetTile'],
        ['VERSION', '1.0.0'],
        ['LAYER', config.layer],
        ['STYLE', style],
        ['TILEMATRIXSET', config.tileMatrixSet],
        ['FORMAT', config.format],
        ['TILEMATRIX', matrix],
        ['TILEROW', String(y)],
        ['TILECOL', String(x)],
      ];
      const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
      return appendQuery(fill(config.url, { s }), tk === '' ? query : `${query}&${tk}`);
    }
  }
}

/**
 * The coordinate system overlays must be drawn in to line up with this basemap. CGCS2000 comes
 * back as 'wgs84' (identical at map scale) so callers can skip conversion with one comparison;
 * no basemap means no constraint, so 'wgs84' (the stored system).
 */
export function overlayCrs(config: BasemapConfig): Crs {
  if (config.kind === 'none') return 'wgs84';
  return config.crs === 'cgcs2000' ? 'wgs84' : config.crs;
}

/** Tianditu layers: vec (vector), img (imagery), and their label overlays cva / cia. */
export type TiandituLayer = 'vec' | 'img' | 'cva' | 'cia';

/**
 * Tianditu (天地图) in its Web Mercator matrix set `w`, as a KVP WMTS config:
 * `https://t{s}.tianditu.gov.cn/<layer>_w/wmts` over subdomains 0–7, format `tiles`, CGCS2000,
 * zoomOffset 0 (the `w` set numbers its levels like the map), minzoom 1 (it has no level 0),
 * maxzoom 18. Needs the operator's own key (tk); nothing is fetched until a basemap is saved.
 */
export function tiandituPreset(layer: TiandituLayer, token: string): BasemapConfig {
  return {
    kind: 'wmts',
    url: `https://t{s}.tianditu.gov.cn/${layer}_w/wmts`,
    subdomains: ['0', '1', '2', '3', '4', '5', '6', '7'],
    layer,
    tileMatrixSet: 'w',
    format: 'tiles',
    style: 'default',
    zoomOffset: 0,
    token,
    tileSize: 256,
    crs: 'cgcs2000',
    minzoom: 1,
    maxzoom: 18,
    attribution: '© 天地图 Tianditu',
  };
}

/**
 * An OpenStreetMap-style raster XYZ server (an intranet mirror, a tile package served locally):
 * 256-pixel WGS-84 Web Mercator tiles, zoom 0–19; `{s}` defaults to subdomains a, b, c.
 * Not validated here: pass the result through parseBasemapConfig before saving it.
 */
export function osmLikeRasterPreset(url: string, options: { attribution?: string; subdomains?: string[] } = {}): BasemapConfig {
  const config: BasemapConfig = { kind: 'xyz-raster', url, tileSize: 256, crs: 'wgs84', minzoom: 0, maxzoom: 19 };
  if (url.includes('{s}')) config.subdomains = options.subdomains ?? ['a', 'b', 'c'];
  if (options.attribution !== undefined) config.attribution = options.attribution;
  return config;
}
