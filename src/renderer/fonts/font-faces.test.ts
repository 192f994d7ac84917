import { describe, expect, it } from 'vitest';
import type { MLFontFace } from 'maplibre-gl';
import { buildFontFaces, urlsByFileName } from './font-faces';
import { parseFontsourceCss } from './fontsource-css';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

// Vitest turns CSS imports (even `?raw`) into empty strings, so map-fonts.ts itself is checked in
// the built app; here the same packages are read from disk and put through the same builder.
const FONTSOURCE = resolve(import.meta.dirname, '../../../node_modules/@fontsource');
function source(pkg: string, weight: number, fontName: string) {
  const files = readdirSync(resolve(FONTSOURCE, pkg, 'files')).filter((f) => f.endsWith(`-${weight}-normal.woff2`));
  return {
    fontName,
    css: readFileSync(resolve(FONTSOURCE, pkg, `${weight}.css`), 'utf8'),
    urlsByFile: Object.fromEntries(files.map((f) => [f, `./assets/${f}`])),
  };
}
function mapFontFaces() {
  return buildFontFaces([
    source('noto-sans', 400, 'Noto Sans Regular'),
    source('noto-sans', 700, 'Noto Sans Bold'),
    source('noto-sans-sc', 400, 'Noto Sans SC Regular'),
    source('noto-sans-sc', 700, 'Noto Sans SC Bold'),
  ]);
}

const CSS = `
/* noto-sans-sc-[4]-400-normal */
@font-face {
  font-family: 'Noto Sans SC';
  font-style: normal;
  font-display: swap;
  font-weight: 400;
  src: url(./files/noto-sans-sc-4-400-normal.woff2) format('woff2'), url(./files/noto-sans-sc-4-400-normal.woff) format('woff');
  unicode-range: U+1f1e9-1f1f5,U+1f21a,U+4e00-4eff;
}
@font-face {
  font-family: 'Noto Sans SC';
  font-style: normal;
  font-weight: 400;
  src: url(./files/noto-sans-sc-5-400-normal.woff2) format('woff2');
  unicode-range: U+3000-303f;
}
`;

describe('parseFontsourceCss', () => {
  it('reads the woff2 file and unicode ranges of each @font-face', () => {
    expect(parseFontsourceCss(CSS)).toEqual([
      {
        family: 'Noto Sans SC',
        weight: 400,
        style: 'normal',
        woff2File: 'noto-sans-sc-4-400-normal.woff2',
        unicodeRange: ['U+1f1e9-1f1f5', 'U+1f21a', 'U+4e00-4eff'],
      },
      { family: 'Noto Sans SC', weight: 400, style: 'normal', woff2File: 'noto-sans-sc-5-400-normal.woff2', unicodeRange: ['U+3000-303f'] },
    ]);
  });
});

describe('buildFontFaces', () => {
  it('maps a text-font name to bundled URLs with their unicode ranges, skipping files not bundled', () => {
    const urls = urlsByFileName({ '../../../node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-4-400-normal.woff2': './assets/sc4-abc.woff2' });
    expect(buildFontFaces([{ fontName: 'Noto Sans SC Regular', css: CSS, urlsByFile: urls }])).toEqual({
      'Noto Sans SC Regular': [{ url: './assets/sc4-abc.woff2', 'unicode-range': ['U+1f1e9-1f1f5', 'U+1f21a', 'U+4e00-4eff'] }],
    });
    expect(buildFontFaces([{ fontName: 'X', css: CSS, urlsByFile: {} }])).toEqual({});
  });
});

describe('the Fontsource packages the map bundles', () => {
  const faces = mapFontFaces();
  const covers = (list: MLFontFace[], cp: number): boolean =>
    list.some((f) =>
      (f['unicode-range'] ?? []).some((r) => {
        const m = /^U\+([0-9a-f]+)(?:-([0-9a-f]+))?$/i.exec(r);
        if (!m) return false;
        const lo = parseInt(m[1], 16);
        const hi = m[2] ? parseInt(m[2], 16) : lo;
        return cp >= lo && cp <= hi;
      }),
    );

  it('declares regular and bold Noto Sans and Noto Sans SC, every file local', () => {
    expect(Object.keys(faces).sort()).toEqual(['Noto Sans Bold', 'Noto Sans Regular', 'Noto Sans SC Bold', 'Noto Sans SC Regular']);
    for (const list of Object.values(faces)) {
      for (const face of list as MLFontFace[]) {
        expect(face.url).toMatch(/\.woff2$/);
        expect(face.url).not.toMatch(/^(https?:|data:)/);
        expect(face['unicode-range']?.length).toBeGreaterThan(0);
      }
    }
    expect((faces['Noto Sans SC Regular'] as MLFontFace[]).length).toBeGreaterThan(90);
  });

  it('covers the characters of grid names and Latin codes', () => {
    const sc = faces['Noto Sans SC Regular'] as MLFontFace[];
    for (const ch of '锦华社区第三网格微专属街道楼') expect(covers(sc, ch.codePointAt(0)!), ch).toBe(true);
    const latin = faces['Noto Sans Regular'] as MLFontFace[];
    for (const ch of 'ZY-03-07') expect(covers(latin, ch.codePointAt(0)!)).toBe(true);
  });
});
