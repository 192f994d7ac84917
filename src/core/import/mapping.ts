/**
 * The mapping step of the import dialog: which properties a file has, which of them most likely
 * hold the code, name, level, parent and kind, and how their values are read.
 */
import { DEDICATED_KINDS, type DedicatedKind, type GridKind, type GridLevel } from '../model';
import type { PropertyInfo, PropertyMapping } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How a property value is shown as a sample: short, one line. */
function sampleText(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/**
 * Property keys found in a parsed FeatureCollection (or its JSON text), in order of first
 * appearance, for the mapping step of the dialog. Anything else gives an empty list.
 */
export function listProperties(input: unknown): PropertyInfo[] {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value.charCodeAt(0) === 0xfeff ? value.slice(1) : value);
    } catch {
      return [];
    }
  }
  if (!isObject(value) || !Array.isArray(value.features)) return [];
  const byKey = new Map<string, PropertyInfo>();
  for (const f of value.features) {
    if (!isObject(f) || !isObject(f.properties)) continue;
    for (const [key, v] of Object.entries(f.properties)) {
      let info = byKey.get(key);
      if (!info) {
        info = { key, samples: [], count: 0 };
        byKey.set(key, info);
      }
      info.count++;
      if (v === null || v === undefined || v === '') continue;
      const text = sampleText(v);
      if (info.samples.length < 3 && !info.samples.includes(text)) info.samples.push(text);
    }
  }
  return [...byKey.values()];
}

/** Lower case without spaces, underscores or hyphens: `Grid_Code` and `gridCode` meet as `gridcode`. */
const normalise = (key: string): string => key.toLowerCase().replace(/[\s_\-.]/g, '');

/** Names seen in the wild for each field, most telling first (normalised). */
const SYNONYMS = {
  code: ['code', 'gridcode', '编码', '网格编码', '网格代码', '代码', '编号', 'wgbm', 'bm'],
  name: ['name', 'gridname', '名称', '网格名称', '名字', 'wgmc', 'mc'],
  level: ['level', 'gridlevel', '层级', '级别', '网格层级', '网格级别', '等级'],
  parent: ['parent', 'parentcode', 'parentid', 'pcode', '上级', '上级编码', '上级网格', '上级网格编码', '父级', '父级编码', 'sjbm'],
  kind: ['kind', 'gridkind', '类型', '网格类型', 'type'],
  dedicatedKind: ['dedicatedkind', '专属类型', '专属网格类型', '单位类型'],
} as const;

function find(properties: readonly PropertyInfo[], names: readonly string[]): string | null {
  for (const name of names) {
    const hit = properties.find((p) => normalise(p.key) === name);
    if (hit) return hit.key;
  }
  return null;
}

/**
 * Best guess of the mapping from property names (code/编码/grid_code/gridCode/CODE, name/名称,
 * level/层级, parent/parent_code/上级/上级编码, kind/类型, dedicated_kind/专属类型), matched
 * case-insensitively and ignoring `_`, `-` and spaces. Fallbacks: code `code` (so the report
 * says what is missing), no name, level fixed at 3 (a file of one layer is most often 三级网格),
 * parent inferred by containment.
 */
export function guessMapping(properties: readonly PropertyInfo[]): PropertyMapping {
  const level = find(properties, SYNONYMS.level);
  return {
    code: find(properties, SYNONYMS.code) ?? 'code',
    name: find(properties, SYNONYMS.name),
    level: level ? { property: level } : { fixed: 3 },
    parent: find(properties, SYNONYMS.parent),
    kind: find(properties, SYNONYMS.kind),
    dedicatedKind: find(properties, SYNONYMS.dedicatedKind),
  };
}

/** A code or parent code as text: strings trimmed, whole numbers as digits; null when absent. */
export function readCode(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

const CHINESE_LEVELS: Record<string, GridLevel> = { 一: 1, 二: 2, 三: 3, 四: 4 };

/** 1–4 from a number, a digit string ("3", "3级") or a Chinese numeral ("三级"); else null. */
export function readLevel(v: unknown): GridLevel | null {
  let n: number | null = null;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const s = v.trim();
    const m = /^(\d+)\s*级?$/.exec(s) ?? /^([一二三四])\s*级?(网格)?$/.exec(s);
    if (m) n = /\d/.test(m[1]) ? Number(m[1]) : CHINESE_LEVELS[m[1]];
  }
  return n === 1 || n === 2 || n === 3 || n === 4 ? n : null;
}

/** Unit types by the names files use for them. */
const DEDICATED_NAMES: Record<string, DedicatedKind> = {
  学校: 'school',
  幼儿园: 'school',
  医院: 'hospital',
  卫生院: 'hospital',
  市场: 'market',
  农贸市场: 'market',
  商场: 'market',
  园区: 'enterprise_park',
  企业园区: 'enterprise_park',
  产业园: 'enterprise_park',
  工地: 'construction_site',
  建筑工地: 'construction_site',
};

/** A dedicated grid's unit type from an id (`school`) or a Chinese name (学校); else undefined. */
export function readDedicatedKind(v: unknown): DedicatedKind | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  const lower = s.toLowerCase().replace(/[\s-]/g, '_');
  if ((DEDICATED_KINDS as readonly string[]).includes(lower)) return lower as DedicatedKind;
  return DEDICATED_NAMES[s.replace(/网格$/, '')];
}

/** Values that mean an ordinary (base) grid. */
const BASE_WORDS = new Set(['', 'base', 'basic', 'normal', 'false', 'no', 'n', '0', '否', '基础', '基础网格', '普通', '普通网格', '综合网格']);

/**
 * A grid's kind from the mapped kind property: `dedicated`, 专属, true, 1, yes, or a unit type
 * (school, 学校…) mean dedicated, as does any other non-empty value (the property exists to mark
 * dedicated grids); empty, false, 0, base, 基础/普通 mean base. The unit type comes along when the
 * value names one.
 */
export function readKind(v: unknown): { kind: GridKind; dedicatedKind?: DedicatedKind } {
  if (v === null || v === undefined || v === false) return { kind: 'base' };
  if (typeof v === 'number') return { kind: v === 0 || Number.isNaN(v) ? 'base' : 'dedicated' };
  if (typeof v !== 'string') return { kind: 'dedicated' };
  const s = v.trim().toLowerCase();
  if (BASE_WORDS.has(s)) return { kind: 'base' };
  const dedicatedKind = readDedicatedKind(v);
  return dedicatedKind ? { kind: 'dedicated', dedicatedKind } : { kind: 'dedicated' };
}
