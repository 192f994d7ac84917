/**
 * The basemap settings form as plain strings (what inputs hold), and its conversion to a
 * validated BasemapConfig through parseBasemapConfigDetailed. Errors are i18n keys with
 * parameters, attributed to the field they are about so the dialog can show them in place.
 */
import { describeBasemapIssue, parseBasemapConfigDetailed, tiandituPreset, type BasemapConfig, type BasemapIssue } from '../basemap';
import type { Crs } from '../crs';

export type BasemapKind = BasemapConfig['kind'];
export const BASEMAP_KINDS: readonly BasemapKind[] = ['none', 'xyz-raster', 'xyz-vector', 'wmts'];

export interface BasemapForm {
  kind: BasemapKind;
  url: string;
  /** Comma-separated, e.g. `a,b,c` or `0,1,2,3`. */
  subdomains: string;
  tileSize: '256' | '512';
  crs: Crs;
  minzoom: string;
  maxzoom: string;
  attribution: string;
  layer: string;
  tileMatrixSet: string;
  format: string;
  style: string;
  zoomOffset: string;
  token: string;
}

export type BasemapField = Exclude<keyof BasemapForm, 'kind'>;

/**
 * A message for the dialog: an i18n key with parameters (a list is an array, which translations
 * format with `{{name, list}}`), and for a validator issue its English text, shown should the key
 * be missing from the locale.
 */
export interface FormError {
  key: string;
  params: Record<string, string | number | readonly string[]>;
  fallback?: string;
}

export type BasemapFormResult =
  | { ok: true; value: BasemapConfig }
  | { ok: false; fieldErrors: Partial<Record<BasemapField, FormError[]>>; generalErrors: FormError[] };

export const EMPTY_BASEMAP_FORM: BasemapForm = {
  kind: 'none',
  url: '',
  subdomains: '',
  tileSize: '256',
  crs: 'wgs84',
  minzoom: '',
  maxzoom: '',
  attribution: '',
  layer: '',
  tileMatrixSet: '',
  format: '',
  style: '',
  zoomOffset: '0',
  token: '',
};

/**
 * Tianditu (天地图) vector tiles in its Web Mercator matrix set `w`, whose TileMatrix numbers match
 * the map zoom (offset 0). Its CGCS2000 geographic set `c` starts at level 1 with two tiles and
 * would need offset 1 and a geographic map, which MapLibre does not draw. Needs the operator's
 * own token (tk); nothing is fetched until one is saved.
 */
export const TIANDITU_PRESET: Partial<BasemapForm> = basemapFormFromConfig(tiandituPreset('vec', ''));

/** The form prefilled from a stored config. */
export function basemapFormFromConfig(config: BasemapConfig): BasemapForm {
  const form: BasemapForm = { ...EMPTY_BASEMAP_FORM, kind: config.kind };
  if (config.kind === 'none') return form;
  form.url = config.url;
  form.crs = config.crs;
  form.attribution = config.attribution ?? '';
  if (config.kind === 'xyz-raster' || config.kind === 'xyz-vector' || config.kind === 'wmts') {
    form.minzoom = config.minzoom === undefined ? '' : String(config.minzoom);
    form.maxzoom = config.maxzoom === undefined ? '' : String(config.maxzoom);
  }
  if (config.kind === 'xyz-raster') {
    form.subdomains = (config.subdomains ?? []).join(',');
    form.tileSize = String(config.tileSize) as BasemapForm['tileSize'];
  }
  if (config.kind === 'wmts') {
    form.subdomains = (config.subdomains ?? []).join(',');
    form.layer = config.layer;
    form.tileMatrixSet = config.tileMatrixSet;
    form.format = config.format;
    form.style = config.style ?? '';
    form.zoomOffset = String(config.zoomOffset);
    form.token = config.token ?? '';
    form.tileSize = String(config.tileSize) as BasemapForm['tileSize'];
  }
  return form;
}

/** Which fields the form shows for a kind. */
export function basemapFieldsFor(kind: BasemapKind): BasemapField[] {
  switch (kind) {
    case 'none':
      return [];
    case 'xyz-raster':
      return ['url', 'subdomains', 'tileSize', 'crs', 'minzoom', 'maxzoom', 'attribution'];
    case 'xyz-vector':
      return ['url', 'crs', 'minzoom', 'maxzoom', 'attribution'];
    case 'wmts':
      return ['url', 'subdomains', 'layer', 'tileMatrixSet', 'format', 'style', 'token', 'zoomOffset', 'tileSize', 'crs', 'minzoom', 'maxzoom', 'attribution'];
  }
}

/** Validates the form: number fields here, everything else by parseBasemapConfig. */
export function basemapFormToConfig(form: BasemapForm): BasemapFormResult {
  const fieldErrors: Partial<Record<BasemapField, FormError[]>> = {};
  const add = (field: BasemapField, error: FormError): void => {
    (fieldErrors[field] ??= []).push(error);
  };
  const fields = basemapFieldsFor(form.kind);
  const input: Record<string, unknown> = { kind: form.kind };
  for (const field of fields) {
    const raw = form[field].trim();
    switch (field) {
      case 'minzoom':
      case 'maxzoom':
        if (raw === '') break;
        if (!/^\d+(\.\d+)?$/.test(raw)) add(field, { key: 'basemap.error.number', params: { value: raw } });
        else input[field] = Number(raw);
        break;
      case 'zoomOffset':
        if (!/^-?\d+$/.test(raw)) add(field, { key: 'basemap.error.integer', params: { value: raw } });
        else input[field] = Number(raw);
        break;
      case 'tileSize':
        input[field] = Number(raw);
        break;
      case 'subdomains':
        if (raw !== '') input[field] = raw.split(/[,，\s]+/).filter((s) => s !== '');
        break;
      case 'url':
      case 'layer':
      case 'tileMatrixSet':
      case 'format':
      case 'crs':
        // Required ones go through even when empty, so the validator names them.
        input[field] = raw;
        break;
      default:
        if (raw !== '') input[field] = raw;
    }
  }
  const parsed = parseBasemapConfigDetailed(input);
  const generalErrors: FormError[] = [];
  if (!parsed.ok) {
    for (const issue of parsed.issues) {
      const field = fields.find((f) => f === issue.field);
      if (field) add(field, basemapIssueError(issue, false));
      else generalErrors.push(basemapIssueError(issue, true));
    }
  }
  if (Object.keys(fieldErrors).length > 0 || generalErrors.length > 0 || !parsed.ok) {
    return { ok: false, fieldErrors, generalErrors };
  }
  return { ok: true, value: parsed.value };
}

/**
 * A validator issue as `basemap.issue.<code>` with its parameters. Under its field the message
 * leaves the field unnamed (the label is right above); a general one keeps `field:` in its
 * English fallback.
 */
export function basemapIssueError(issue: BasemapIssue, general: boolean): FormError {
  return {
    key: `basemap.issue.${issue.code}`,
    params: { ...issue.params },
    fallback: describeBasemapIssue(issue, { withPath: general }),
  };
}
