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
// Issues: what is wrong, as a stable code with parameters. The settings dialog translates them
// (i18n key `basemap.issue.<code>`); the English text below is for logs, the command line and
// stored-settings diagnostics, and is what `parseBasemapConfig` returns as `errors`.

type ParamKind = 'text' | 'number' | 'list';

/**
 * Every issue code with its parameters and their kinds: `text` a string, `number` a number,
 * `list` an array of strings (translations format it with i18next's `{{name, list}}`).
 */
export const BASEMAP_ISSUE_PARAMS = {
  /** The input is not an object at all. */
  not_object: {},
  unknown_kind: { allowed: 'list' },
  required: {},
  not_text: {},
  too_long: { max: 'number' },
  not_number: {},
  not_integer: {},
  too_small: { min: 'number' },
  too_large: { max: 'number' },
  out_of_range: { min: 'number', max: 'number' },
  bad_tile_size: {},
  unknown_crs: { allowed: 'list' },
  subdomains_not_list: {},
  subdomains_empty: {},
  too_many_subdomains: { max: 'number' },
  /** One entry of `subdomains`; `position` counts from 1. */
  subdomain_invalid: { value: 'text', position: 'number' },
  url_has_spaces: {},
  url_not_http: {},
  /** `placeholders` are written with their braces, e.g. ['{x}', '{y}']. */
  xyz_placeholders_missing: { placeholders: 'list' },
  xyz_placeholders_unknown: { placeholders: 'list' },
  subdomains_required: {},
  subdomains_unused: {},
  tianditu_geographic_set: { set: 'text' },
  geographic_matrix_set: { set: 'text' },
  tianditu_geographic_url: {},
  wmts_xyz_template: {},
  wmts_rest_placeholders_missing: { placeholders: 'list' },
  /** `parameters` are the GetTile keys the endpoint already has, upper case. */
  wmts_kvp_params_in_url: { parameters: 'list' },
  wmts_placeholders_unknown: { placeholders: 'list' },
  minzoom_negative_matrix: { min: 'number' },
  maxzoom_below_minzoom: {},
  /** A validator message without a code of its own (not expected; kept so nothing is lost). */
  invalid: { message: 'text' },
} as const satisfies Record<string, Record<string, ParamKind>>;

type IssueSpec = typeof BASEMAP_ISSUE_PARAMS;
export type BasemapIssueCode = keyof IssueSpec;
export const BASEMAP_ISSUE_CODES = Object.keys(BASEMAP_ISSUE_PARAMS) as BasemapIssueCode[];

type ParamValue<K> = K extends 'list' ? readonly string[] : K extends 'number' ? number : string;
export type BasemapIssueParams<C extends BasemapIssueCode> = { [P in keyof IssueSpec[C]]: ParamValue<IssueSpec[C][P]> };

/**
 * One thing wrong with a basemap config. `field` is the top-level key it is about ('' for the
 * input as a whole); `path` is where exactly, the same as `field` except for a list entry
 * (`subdomains.2`).
 */
export type BasemapIssue = {
  [C in BasemapIssueCode]: { field: string; path: string; code: C; params: BasemapIssueParams<C> };
}[BasemapIssueCode];

export type DetailedParseResult<T> = { ok: true; value: T } | { ok: false; issues: BasemapIssue[] };

function issue<C extends BasemapIssueCode>(field: string, code: C, params: BasemapIssueParams<C>, path: string = field): BasemapIssue {
  return { field, path, code, params } as BasemapIssue;
}

const braced = (names: readonly string[]): string[] => names.map((n) => `{${n}}`);

const ENGLISH: { [C in BasemapIssueCode]: (p: BasemapIssueParams<C>) => string } = {
  not_object: () => 'The basemap settings must be an object',
  unknown_kind: (p) => `must be one of ${p.allowed.join(', ')}`,
  required: () => 'is required',
  not_text: () => 'must be text',
  too_long: (p) => `must be at most ${p.max} characters`,
  not_number: () => 'must be a number',
  not_integer: () => 'must be a whole number',
  too_small: (p) => `must be ${p.min} or more`,
  too_large: (p) => `must be ${p.max} or less`,
  out_of_range: (p) => `must be between ${p.min} and ${p.max}`,
  bad_tile_size: () => 'must be 256 or 512',
  unknown_crs: (p) => `must be one of ${p.allowed.join(', ')}`,
  subdomains_not_list: () => 'must be a list of subdomains',
  subdomains_empty: () => 'must not be empty',
  too_many_subdomains: (p) => `must have at most ${p.max} entries`,
  subdomain_invalid: () => 'must be letters, digits or hyphens',
  url_has_spaces: () => 'must not contain spaces',
  url_not_http: () => 'must start with http:// or https:// (or be a path on this server such as /tiles/…)',
  xyz_placeholders_missing: (p) => `must contain ${p.placeholders.join(', ')} (an XYZ tile template)`,
  xyz_placeholders_unknown: (p) => `has placeholders this map cannot fill: ${p.placeholders.join(', ')} (use {z}, {x}, {y} and {s})`,
  subdomains_required: () => 'are required when the url contains {s}',
  subdomains_unused: () => 'are given but the url has no {s} to put them in',
  tianditu_geographic_set: (p) =>
    `'${p.set}' is Tianditu's CGCS2000 longitude/latitude tiling (it starts at level 1 with two tiles); the map draws Web Mercator tiles only, so these would land in the wrong place. Use the 'w' set of the same layer (e.g. vec_w) instead.`,
  geographic_matrix_set: (p) =>
    `'${p.set}' is a longitude/latitude tiling; the map draws Web Mercator tiles only. Choose the server's Web Mercator (EPSG:3857, GoogleMapsCompatible) set.`,
  tianditu_geographic_url: () => "points at a Tianditu '_c' (geographic) service; use the '_w' service, e.g. vec_w",
  wmts_xyz_template: () =>
    'looks like an XYZ template ({z}/{x}/{y}); choose an XYZ basemap, or write a WMTS REST template with {TileMatrix}, {TileRow} and {TileCol}',
  wmts_rest_placeholders_missing: (p) => `is a WMTS REST template missing ${p.placeholders.join(', ')}`,
  wmts_kvp_params_in_url: (p) =>
    `already contains ${p.parameters.join(', ')}; give the bare endpoint (the GetTile parameters are added for each tile)`,
  wmts_placeholders_unknown: (p) => `has placeholders this map cannot fill: ${p.placeholders.join(', ')}`,
  minzoom_negative_matrix: (p) => `must be at least ${p.min} so that TileMatrix (zoom + zoomOffset) is never negative`,
  maxzoom_below_minzoom: () => 'must not be less than minzoom',
  invalid: (p) => p.message,
};

/**
 * An issue in plain English, prefixed with where it is (`url: must contain {x}, {y} …`) unless
 * `withPath` is false (a form that shows it under its field already).
 */
export function describeBasemapIssue(issue: BasemapIssue, { withPath = true }: { withPath?: boolean } = {}): string {
  const english = ENGLISH[issue.code] as (p: BasemapIssue['params']) => string;
  const message = english(issue.params);
  return withPath && issue.path !== '' ? `${issue.path}: ${message}` : message;
}

// ---------------------------------------------------------------------------------------------
// Field schemas. Their messages are issue codes, turned into BasemapIssues by fromZod.

/** An issue code as a zod message, checked by the compiler. */
const code = (c: BasemapIssueCode): string => c;

const requiredText = () =>
  z
    .string({ error: (iss) => (iss.input === undefined ? code('required') : code('not_text')) })
    .trim()
    // abort: an empty value gets one message, not every later rule's as well.
    .min(1, { error: code('required'), abort: true });

const optionalText = (max: number) =>
  z.string({ error: code('not_text') }).trim().max(max, { error: code('too_long') }).optional();

const zoom = z
  .number({ error: code('not_number') })
  .int({ error: code('not_integer') })
  .min(0, { error: code('too_small') })
  .max(MAX_ZOOM, { error: code('too_large') })
  .optional();

const tileSize = z
  .union([z.literal(256), z.literal(512)], { error: code('bad_tile_size') })
  .default(256);

const crs = z.enum(CRS_LIST as [Crs, ...Crs[]], { error: code('unknown_crs') }).default('wgs84');

const subdomains = z
  .array(
    z
      .string({ error: code('not_text') })
      .trim()
      .regex(/^[A-Za-z0-9-]+$/, { error: code('subdomain_invalid') }),
    { error: code('subdomains_not_list') },
  )
  .min(1, { error: code('subdomains_empty') })
  .max(16, { error: code('too_many_subdomains') })
  .optional();

const url = requiredText()
  .overwrite(decodePlaceholderBraces)
  .refine((u) => !/\s/.test(u), { error: code('url_has_spaces'), abort: true })
  .refine(isHttpOrRelative, { error: code('url_not_http') });

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
  layer: requiredText(),
  tileMatrixSet: requiredText(),
  format: requiredText(),
  style: optionalText(100),
  zoomOffset: z
    .number({ error: code('not_number') })
    .int({ error: code('not_integer') })
    .min(ZOOM_OFFSET_MIN, { error: code('out_of_range') })
    .max(ZOOM_OFFSET_MAX, { error: code('out_of_range') })
    .default(0),
  token: optionalText(200),
  tileSize,
  crs,
  attribution: optionalText(500),
  subdomains,
  minzoom: zoom,
  maxzoom: zoom,
});

/** The bound a too_small / too_big zod issue names. */
function bound(iss: z.core.$ZodIssue, key: 'minimum' | 'maximum'): number {
  return Number((iss as Partial<Record<'minimum' | 'maximum', number | bigint>>)[key]);
}

/** A zod issue (whose message is one of our codes) as a BasemapIssue with its parameters. */
function fromZod(iss: z.core.$ZodIssue): BasemapIssue {
  const path = iss.path.map(String).join('.');
  const field = iss.path.length > 0 ? String(iss.path[0]) : '';
  const message = iss.message as BasemapIssueCode;
  switch (message) {
    case 'required':
    case 'not_text':
    case 'not_number':
    case 'not_integer':
    case 'bad_tile_size':
    case 'subdomains_not_list':
    case 'subdomains_empty':
    case 'url_has_spaces':
    case 'url_not_http':
      return issue(field, message, {}, path);
    case 'too_long':
    case 'too_large':
    case 'too_many_subdomains':
      return issue(field, message, { max: bound(iss, 'maximum') }, path);
    case 'too_small':
      return issue(field, message, { min: bound(iss, 'minimum') }, path);
    case 'out_of_range':
      return issue(field, message, { min: ZOOM_OFFSET_MIN, max: ZOOM_OFFSET_MAX }, path);
    case 'unknown_crs':
      return issue(field, message, { allowed: [...CRS_LIST] }, path);
    case 'subdomain_invalid':
      return issue(field, message, { value: String(iss.input), position: Number(iss.path[1]) + 1 }, path);
    default:
      // zod's own wording for something the schemas above give no code (not expected).
      return issue(field, 'invalid', { message: iss.message }, path);
  }
}

/** Absolute http(s) with a host, or a path on the serving host (an intranet tile folder). */
function isHttpOrRelative(u: string): boolean {
  // Not `new URL`: templates put `{s}` into host names, which URL parsing rejects.
  return /^https?:\/\/[^/?#]+/i.test(u) || /^(\/(?!\/)|\.{1,2}\/)/.test(u);
}

/**
 * Placeholders written percent-encoded, as `new URL()` and a browser's address bar leave them
 * (`…/%7Bz%7D/%7Bx%7D/%7By%7D.png`), back to `{z}/{x}/{y}`. Only a brace pair around a
 * placeholder-like name is decoded; any other escape stays as it is.
 */
export function decodePlaceholderBraces(template: string): string {
  return template.replace(/(?:\{|%7B)([A-Za-z0-9_-]+)(?:\}|%7D)/gi, '{$1}');
}

/** The `{…}` placeholders a template uses, in order of appearance. */
function placeholders(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
}

function checkXyzTemplate(u: string, subs: string[] | undefined): BasemapIssue[] {
  const issues: BasemapIssue[] = [];
  const used = placeholders(u);
  const missing = ['z', 'x', 'y'].filter((p) => !used.includes(p));
  if (missing.length > 0) issues.push(issue('url', 'xyz_placeholders_missing', { placeholders: braced(missing) }));
  const unknown = used.filter((p) => !['z', 'x', 'y', 's'].includes(p));
  if (unknown.length > 0) issues.push(issue('url', 'xyz_placeholders_unknown', { placeholders: braced(unknown) }));
  issues.push(...checkSubdomains(used, subs));
  return issues;
}

function checkSubdomains(used: string[], subs: string[] | undefined): BasemapIssue[] {
  if (used.includes('s') && !subs) return [issue('subdomains', 'subdomains_required', {})];
  if (!used.includes('s') && subs) return [issue('subdomains', 'subdomains_unused', {})];
  return [];
}

function checkWmts(c: z.infer<typeof wmtsSchema>): BasemapIssue[] {
  const issues: BasemapIssue[] = [];
  const set = c.tileMatrixSet.toLowerCase();
  if (set === 'c') {
    issues.push(issue('tileMatrixSet', 'tianditu_geographic_set', { set: c.tileMatrixSet }));
  } else if (GEOGRAPHIC_MATRIX_SETS.has(set)) {
    issues.push(issue('tileMatrixSet', 'geographic_matrix_set', { set: c.tileMatrixSet }));
  }
  // Tianditu serves each layer twice, as <layer>_c (geographic) and <layer>_w (Web Mercator).
  if (/tianditu\.(gov\.cn|com)\/[a-z]+_c\//i.test(c.url)) issues.push(issue('url', 'tianditu_geographic_url', {}));
  const used = placeholders(c.url);
  const rest = ['TileMatrix', 'TileRow', 'TileCol'];
  const xyzLike = used.filter((p) => ['z', 'x', 'y'].includes(p));
  if (xyzLike.length > 0) {
    issues.push(issue('url', 'wmts_xyz_template', {}));
  } else if (used.some((p) => rest.includes(p))) {
    const missing = rest.filter((p) => !used.includes(p));
    if (missing.length > 0) issues.push(issue('url', 'wmts_rest_placeholders_missing', { placeholders: braced(missing) }));
  } else {
    // A KVP endpoint: resolveTileUrl appends the GetTile parameters.
    const query = c.url.includes('?') ? c.url.slice(c.url.indexOf('?') + 1) : '';
    const keys = query
      .split('&')
      .map((kv) => kv.split('=')[0].toLowerCase())
      .filter((k) => k !== '');
    const clash = keys.filter((k) => KVP_KEYS.includes(k) || (k === 'tk' && c.token !== undefined));
    if (clash.length > 0) issues.push(issue('url', 'wmts_kvp_params_in_url', { parameters: clash.map((k) => k.toUpperCase()) }));
  }
  const allowed = ['TileMatrix', 'TileRow', 'TileCol', 'TileMatrixSet', 'Style', 's', 'z', 'x', 'y'];
  const unknown = used.filter((p) => !allowed.includes(p));
  if (unknown.length > 0) issues.push(issue('url', 'wmts_placeholders_unknown', { placeholders: braced(unknown) }));
  issues.push(...checkSubdomains(used, c.subdomains));
  if (c.minzoom !== undefined && c.minzoom + c.zoomOffset < 0) {
    issues.push(issue('minzoom', 'minzoom_negative_matrix', { min: -c.zoomOffset }));
  }
  return issues;
}

function checkZoomRange(c: { minzoom?: number; maxzoom?: number }): BasemapIssue[] {
  if (c.minzoom !== undefined && c.maxzoom !== undefined && c.minzoom > c.maxzoom) {
    return [issue('maxzoom', 'maxzoom_below_minzoom', {})];
  }
  return [];
}

/**
 * Validates untrusted input (settings dialog, stored settings) into a BasemapConfig, or says
 * what is wrong as coded issues (see BASEMAP_ISSUE_PARAMS) for the UI to translate.
 *
 * Rules: `url` is http(s) (an intranet host is fine) or a path on the serving host; XYZ templates
 * contain {z} {x} {y} (and {s} only with `subdomains`); WMTS urls are either a REST template with
 * {TileMatrix} {TileRow} {TileCol} or a bare KVP endpoint; `tileSize` is 256 or 512 (default 256);
 * `zoomOffset` is a whole number from −2 to 3 (default 0); `crs` defaults to wgs84; zooms are
 * whole numbers 0–24. Geographic tile matrix sets (Tianditu `c`, EPSG:4326/4490) are refused
 * because MapLibre draws Web Mercator only. Percent-encoded placeholders (`%7Bz%7D`) in `url` are
 * accepted and returned decoded (`{z}`).
 */
export function parseBasemapConfigDetailed(input: unknown): DetailedParseResult<BasemapConfig> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [issue('', 'not_object', {})] };
  }
  const kind = (input as { kind?: unknown }).kind;
  if (kind === 'none') return { ok: true, value: { kind: 'none' } };
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    return { ok: false, issues: [issue('kind', 'unknown_kind', { allowed: [...KINDS] })] };
  }
  let value: BasemapConfig;
  let issues: BasemapIssue[];
  // reportInput: a bad subdomain is named in its issue.
  if (kind === 'xyz-raster') {
    const r = xyzRasterSchema.safeParse(input, { reportInput: true });
    if (!r.success) return { ok: false, issues: r.error.issues.map(fromZod) };
    value = dropUndefined(r.data);
    issues = [...checkXyzTemplate(r.data.url, r.data.subdomains), ...checkZoomRange(r.data)];
  } else if (kind === 'xyz-vector') {
    const r = xyzVectorSchema.safeParse(input, { reportInput: true });
    if (!r.success) return { ok: false, issues: r.error.issues.map(fromZod) };
    value = dropUndefined(r.data);
    issues = [...checkXyzTemplate(r.data.url, undefined), ...checkZoomRange(r.data)];
  } else {
    const r = wmtsSchema.safeParse(input, { reportInput: true });
    if (!r.success) return { ok: false, issues: r.error.issues.map(fromZod) };
    value = dropUndefined(r.data);
    issues = [...checkWmts(r.data), ...checkZoomRange(r.data)];
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value };
}

/**
 * parseBasemapConfigDetailed with the issues as plain English, each starting with the field it
 * is about: `url: must contain {z}`.
 */
export function parseBasemapConfig(input: unknown): ParseResult<BasemapConfig> {
  const r = parseBasemapConfigDetailed(input);
  return r.ok ? r : { ok: false, errors: r.issues.map((i) => describeBasemapIssue(i)) };
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
