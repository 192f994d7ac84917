/**
 * The basemap settings form as plain strings (what inputs hold), and its conversion to a
 * validated BasemapConfig through parseBasemapConfig. Errors are attributed to the field they
 * are about so the dialog can show them in place.
 */
import { parseBasemapConfig, tiandituPreset, type BasemapConfig } from '../basemap';
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

/** A message for the dialog: an i18n key with parameters (`basemap.error.raw` carries text from the validator). */
export interface FormError {
  key: string;
  params: Record<string, string | number>;
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
  const parsed = parseBasemapConfig(input);
  const generalErrors: FormError[] = [];
  if (!parsed.ok) {
    for (const message of parsed.errors) {
      const field = fieldOfError(message, fields);
      if (field) add(field, fieldError(message, field));
      else generalErrors.push({ key: 'basemap.error.raw', params: { message } });
    }
  }
  if (Object.keys(fieldErrors).length > 0 || generalErrors.length > 0 || !parsed.ok) {
    return { ok: false, fieldErrors, generalErrors };
  }
  return { ok: true, value: parsed.value };
}

/**
 * An error shown under its field: the `field:` prefix goes (the field is right above), and the
 * commonest message, a required field left empty, is translated; others keep the validator's text.
 */
function fieldError(message: string, field: BasemapField): FormError {
  const rest = message.startsWith(`${field}:`) ? message.slice(field.length + 1).trim() : message;
  if (/^is required\.?$/i.test(rest)) return { key: 'basemap.error.required', params: {} };
  return { key: 'basemap.error.raw', params: { message: rest } };
}

/**
 * The field an error message from the validator is about: the one it starts with (`url: …`,
 * `tileMatrixSet must …`), else the one it mentions. Longer names are tried first so `tileSize`
 * is not mistaken for something shorter it contains.
 */
export function fieldOfError(message: string, fields: readonly BasemapField[]): BasemapField | null {
  const lower = message.toLowerCase();
  const byLength = [...fields].sort((a, b) => b.length - a.length);
  const starts = byLength.find((f) => lower.startsWith(f.toLowerCase()));
  if (starts) return starts;
  return byLength.find((f) => new RegExp(`\\b${f.toLowerCase()}\\b`).test(lower)) ?? null;
}
