/**
 * The operator's settings as stored between sessions, and the parsers that let untrusted stored
 * values (an older version, a hand-edited database) back in. A value that does not parse is
 * dropped (null) and the default stays: a broken setting must never stop the app from starting.
 */
import { parseBasemapConfig, type BasemapConfig } from '../basemap';
import { parseFeedConfigList, type FeedConfig } from '../feed/feed-config';
import { GRID_LEVELS, type GridLevel } from '../model';
import { CHOROPLETH_MODES, type ChoroplethMode } from '../stats';

export type Language = 'zh' | 'en';
export const LANGUAGES: readonly Language[] = ['zh', 'en'];

/** Keys in the store's settings table. */
export const SETTING_KEYS = {
  language: 'language',
  basemap: 'basemap',
  visibleLevels: 'visibleLevels',
  choropleth: 'choropleth',
  /** The live feeds the operator configured (FeedConfig[]). */
  feeds: 'feeds',
  /** The name of the operator signed in on this workstation (who workflow steps are by). */
  operator: 'operator',
} as const;

/** Settings as read back; a missing or unreadable one is absent. */
export interface LoadedSettings {
  language?: Language;
  basemap?: BasemapConfig;
  visibleLevels?: Record<GridLevel, boolean>;
  choropleth?: ChoroplethMode;
  feeds?: FeedConfig[];
  operator?: string;
}

export function parseLanguage(value: unknown): Language | null {
  return value === 'zh' || value === 'en' ? value : null;
}

export function parseChoropleth(value: unknown): ChoroplethMode | null {
  return typeof value === 'string' && (CHOROPLETH_MODES as readonly string[]).includes(value)
    ? (value as ChoroplethMode)
    : null;
}

/** Accepts `{1: true, 2: false, …}` with keys as numbers or strings; every level must be a boolean. */
export function parseVisibleLevels(value: unknown): Record<GridLevel, boolean> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const out = {} as Record<GridLevel, boolean>;
  for (const level of GRID_LEVELS) {
    const v = record[String(level)];
    if (typeof v !== 'boolean') return null;
    out[level] = v;
  }
  return out;
}

/** The stored basemap, or null when it no longer validates (the map then stays without one). */
export function parseStoredBasemap(value: unknown): BasemapConfig | null {
  const result = parseBasemapConfig(value);
  return result.ok ? result.value : null;
}

/** The longest operator name accepted (characters). */
export const MAX_OPERATOR_NAME = 40;

/**
 * An operator's name as typed or stored: trimmed, 1–MAX_OPERATOR_NAME characters, no control
 * characters (it goes into every case's history and into exports). Null when it is not one.
 */
export function parseOperatorName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = value.trim().replace(/\s+/g, ' ');
  if (name.length === 0 || [...name].length > MAX_OPERATOR_NAME) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return null;
  return name;
}

/**
 * The stored list of configured feeds: an entry that no longer validates (hand-edited, written by
 * a newer version) is dropped and the others kept, so one bad feed never costs the operator the
 * rest. Null when the value is not a list at all.
 */
export function parseStoredFeeds(value: unknown): FeedConfig[] | null {
  return parseFeedConfigList(value);
}
