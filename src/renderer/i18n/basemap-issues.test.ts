import { describe, expect, it } from 'vitest';
import { BASEMAP_ISSUE_CODES, BASEMAP_ISSUE_PARAMS, type BasemapIssueCode } from '@core/basemap';
import { basemapFormToConfig, EMPTY_BASEMAP_FORM, type BasemapForm, type FormError } from '@core/state';
import { createI18n } from './index';
import enApp from './locales/en/app.json';
import zhApp from './locales/zh/app.json';

type Json = { [key: string]: string | Json };
const LOCALES = { zh: zhApp as Json, en: enApp as Json };

/** The `basemap.issue` messages of a locale file. */
function issueMessages(lang: keyof typeof LOCALES): Record<string, string> {
  const basemap = LOCALES[lang].basemap as Json;
  return (basemap.issue ?? {}) as Record<string, string>;
}

/** `{{name}}` and `{{name, format}}` in a message: name → format ('' for none). */
function interpolations(message: string): Map<string, string> {
  return new Map([...message.matchAll(/\{\{\s*([^,}\s]+)\s*(?:,\s*([^}]*?)\s*)?\}\}/g)].map((m) => [m[1], m[2] ?? '']));
}

describe('basemap issue translations', () => {
  it.each(['zh', 'en'] as const)('%s has a message for every BasemapIssueCode and none for codes that do not exist', (lang) => {
    const messages = issueMessages(lang);
    expect(BASEMAP_ISSUE_CODES.filter((code) => typeof messages[code] !== 'string' || messages[code].trim() === '')).toEqual([]);
    expect(Object.keys(messages).filter((key) => !(BASEMAP_ISSUE_CODES as string[]).includes(key))).toEqual([]);
  });

  it.each(BASEMAP_ISSUE_CODES)('%s interpolates only its own parameters, lists with the list format', (code: BasemapIssueCode) => {
    const spec: Record<string, string> = BASEMAP_ISSUE_PARAMS[code];
    for (const lang of ['zh', 'en'] as const) {
      for (const [name, format] of interpolations(issueMessages(lang)[code])) {
        expect(spec[name], `${lang} basemap.issue.${code} uses {{${name}}}`).toBeDefined();
        // An array without the list format would print as "a,b"; the formatter gives 「a、b和c」 / "a, b, and c".
        expect(format.startsWith('list'), `${lang} basemap.issue.${code} {{${name}, ${format}}}`).toBe(spec[name] === 'list');
      }
    }
  });

  it('renders each code fully in both languages', () => {
    const sample = { text: 'v', number: 3, list: ['{a}', '{b}'] } as const;
    for (const lang of ['zh', 'en'] as const) {
      const i18n = createI18n(lang);
      for (const code of BASEMAP_ISSUE_CODES) {
        const spec: Record<string, keyof typeof sample> = BASEMAP_ISSUE_PARAMS[code];
        const params = Object.fromEntries(Object.entries(spec).map(([name, kind]) => [name, sample[kind]]));
        const text = i18n.t(`basemap.issue.${code}`, params);
        expect(text, `${lang} ${code}`).not.toMatch(/\{\{|basemap\.issue|\?/);
      }
    }
  });
});

describe('basemap form errors in the dialog', () => {
  const form = (patch: Partial<BasemapForm>): BasemapForm => ({ ...EMPTY_BASEMAP_FORM, ...patch });
  /** What BasemapDialog shows for each field's errors. */
  function shown(lang: 'zh' | 'en', f: BasemapForm): Record<string, string[]> {
    const result = basemapFormToConfig(f);
    if (result.ok) throw new Error('expected errors');
    const i18n = createI18n(lang);
    const text = (e: FormError): string => i18n.t(e.key, { ...e.params, defaultValue: e.fallback });
    return Object.fromEntries(Object.entries(result.fieldErrors).map(([field, errors]) => [field, (errors ?? []).map(text)]));
  }

  it('shows a missing XYZ placeholder in Chinese, with a Chinese list', () => {
    const f = form({ kind: 'xyz-raster', url: 'https://t.example/{z}/tile.png' });
    expect(shown('zh', f)).toEqual({ url: ['地址缺少 {x}和{y} 占位符（XYZ 瓦片地址模板须包含 {z}、{x}、{y}）'] });
    expect(shown('en', f)).toEqual({ url: ['The URL lacks {x} and {y} (an XYZ tile template needs {z}, {x} and {y})'] });
  });

  it('shows zod field errors translated too', () => {
    const f = form({ kind: 'wmts', url: 'ftp://tiles.example/wmts', layer: '', tileMatrixSet: 'w', format: 'tiles', zoomOffset: '5' });
    expect(shown('zh', f)).toEqual({
      url: ['地址必须以 http:// 或 https:// 开头（或为本服务器上的路径，如 /tiles/…）'],
      layer: ['必填'],
      zoomOffset: ['应在 -2 到 3 之间'],
    });
  });

  it('falls back to the English text only for a key a locale lacks', () => {
    const i18n = createI18n('zh');
    expect(i18n.t('basemap.issue.no_such_code', { defaultValue: 'must be odd' })).toBe('must be odd');
  });
});
