import { describe, expect, it } from 'vitest';
import { IMPORT_PROBLEM_KINDS } from '@core/import/types';
import { DEDICATED_KINDS, GRID_LEVELS, STAFF_ROLES } from '@core/model';
import { CHOROPLETH_MODES } from '@core/stats';
import { createI18n } from './index';

type Json = { [key: string]: string | Json };

// Every locale file, found by Vite's glob (no node:fs in the renderer layer, tests included).
const FILES = import.meta.glob<Json>('./locales/*/*.json', { eager: true, import: 'default' });
const filesOf = (lang: string): string[] =>
  Object.keys(FILES)
    .filter((path) => path.startsWith(`./locales/${lang}/`))
    .map((path) => path.slice(`./locales/${lang}/`.length))
    .sort();

/** Flattened keys, plural suffixes folded (en has _one/_other where zh has one form). */
function keysOf(tree: Json, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    return typeof v === 'string' ? [key.replace(/_(zero|one|two|few|many|other)$/, '')] : keysOf(v, key);
  });
}

const read = (lang: string, ns: string): Json => {
  const json = FILES[`./locales/${lang}/${ns}.json`];
  if (!json) throw new Error(`no locales/${lang}/${ns}.json`);
  return json;
};
const namespaces = filesOf('zh').map((f) => f.replace(/\.json$/, ''));

describe('locales', () => {
  it('have the app and map namespaces in both languages', () => {
    expect(namespaces).toEqual(expect.arrayContaining(['app', 'map']));
    expect(filesOf('en')).toEqual(filesOf('zh'));
  });

  it.each(namespaces)('zh and en have the same keys in %s', (ns) => {
    const zh = [...new Set(keysOf(read('zh', ns)))].sort();
    const en = [...new Set(keysOf(read('en', ns)))].sort();
    expect({ missingInEn: zh.filter((k) => !en.includes(k)), missingInZh: en.filter((k) => !zh.includes(k)) }).toEqual({
      missingInEn: [],
      missingInZh: [],
    });
  });

  it.each(namespaces)('no value is empty in %s', (ns) => {
    for (const lang of ['zh', 'en']) {
      const empty: string[] = [];
      const walk = (tree: Json, prefix: string): void => {
        for (const [k, v] of Object.entries(tree)) {
          if (typeof v === 'string') {
            if (v.trim() === '') empty.push(`${lang}:${prefix}${k}`);
          } else walk(v, `${prefix}${k}.`);
        }
      };
      walk(read(lang, ns), '');
      expect(empty).toEqual([]);
    }
  });

  it('English UI strings of the app namespace hold no Chinese (language names aside)', () => {
    const en = read('en', 'app');
    const chinese: string[] = [];
    const walk = (tree: Json, prefix: string): void => {
      for (const [k, v] of Object.entries(tree)) {
        if (typeof v === 'string') {
          if (/[\u3400-\u9fff]/.test(v) && `${prefix}${k}` !== 'language.zh') chinese.push(`${prefix}${k}`);
        } else walk(v, `${prefix}${k}.`);
      }
    };
    walk(en, '');
    expect(chinese).toEqual([]);
  });

  it('cover every enum the UI translates', () => {
    for (const lang of ['zh', 'en'] as const) {
      const i18n = createI18n(lang);
      const has = (key: string): boolean => i18n.exists(key, { ns: 'app' });
      const missing = [
        ...IMPORT_PROBLEM_KINDS.flatMap((k) => [`import.problem.${k}`, `import.kind.${k}`]),
        ...GRID_LEVELS.flatMap((l) => [`level.${l}`, `levelShort.${l}`]),
        ...STAFF_ROLES.map((r) => `role.${r}`),
        ...DEDICATED_KINDS.map((k) => `dedicatedKind.${k}`),
        ...CHOROPLETH_MODES.map((m) => `choropleth.${m}`),
        ...['none', 'xyz-raster', 'xyz-vector', 'wmts'].map((k) => `basemap.kind.${k}`),
        ...['wgs84', 'cgcs2000', 'gcj02', 'bd09'].map((c) => `crs.${c}`),
        ...['under', 'in', 'over'].map((b) => `band.status.${b}`),
      ].filter((k) => !has(k));
      expect(missing, lang).toEqual([]);
    }
  });
});

describe('createI18n', () => {
  it('starts in the given language with bundled resources, synchronously', () => {
    expect(createI18n('zh').t('actions.import')).toBe('导入网格');
    expect(createI18n('en').t('actions.import')).toBe('Import grids');
  });

  it('pluralises English and not Chinese', () => {
    const en = createI18n('en');
    expect(en.t('live.onPatrol', { count: 1 })).toBe('1 worker on patrol');
    expect(en.t('live.onPatrol', { count: 12 })).toBe('12 workers on patrol');
    expect(createI18n('zh').t('live.onPatrol', { count: 12 })).toBe('在岗巡查 12 人');
  });
});

describe('workflow refusals', () => {
  it('every refusal code has a message in both languages, with nested status and action names resolved', async () => {
    const { WORKFLOW_REFUSAL_CODES } = await import('@core/incidents/workflow');
    for (const lang of ['zh', 'en'] as const) {
      const i18n = createI18n(lang);
      for (const code of WORKFLOW_REFUSAL_CODES) expect(i18n.exists(`workflow.refused.${code}`), `${lang}: workflow.refused.${code}`).toBe(true);
      const text = i18n.t('workflow.refused.status', { action: 'verify', status: 'registered' });
      expect(text).not.toMatch(/\$t\(|\{\{|verify|registered/);
    }
    expect(createI18n('zh').t('workflow.refused.status', { action: 'verify', status: 'registered' })).toBe('未执行：该案件现为“已立案”，不能“核查结案”');
  });
});
