/**
 * The map's label fonts, bundled: Noto Sans (Latin, Cyrillic, Greek, Vietnamese) and Noto Sans SC
 * (Chinese), regular and bold, straight from the Fontsource packages the UI uses too. MapLibre
 * downloads a woff2 chunk only when a label needs a character it covers, from the app's own
 * origin, so labels never depend on a glyph server or on the fonts of the operator's machine.
 */
import type { FontFacesSpecification } from 'maplibre-gl';
import notoSans400Css from '@fontsource/noto-sans/400.css?raw';
import notoSans700Css from '@fontsource/noto-sans/700.css?raw';
import notoSansSc400Css from '@fontsource/noto-sans-sc/400.css?raw';
import notoSansSc700Css from '@fontsource/noto-sans-sc/700.css?raw';
import { buildFontFaces, urlsByFileName } from './font-faces';
import { MAP_FONT_NAMES } from './font-names';

export { MAP_FONT_NAMES, MAP_FONT_STACKS } from './font-names';

// Relative globs: an absolute '/node_modules/...' glob matches nothing under the renderer root
// (STACK.md pitfall 6). `no-inline` keeps the smallest chunks (under Vite's 4 kB inline limit)
// as files: a data: URL would need `connect-src data:` in the CSP to be fetched.
const notoSans400 = import.meta.glob<string>('../../../node_modules/@fontsource/noto-sans/files/*-400-normal.woff2', {
  query: '?url&no-inline',
  import: 'default',
  eager: true,
});
const notoSans700 = import.meta.glob<string>('../../../node_modules/@fontsource/noto-sans/files/*-700-normal.woff2', {
  query: '?url&no-inline',
  import: 'default',
  eager: true,
});
const notoSansSc400 = import.meta.glob<string>(
  '../../../node_modules/@fontsource/noto-sans-sc/files/*-400-normal.woff2',
  { query: '?url&no-inline', import: 'default', eager: true },
);
const notoSansSc700 = import.meta.glob<string>(
  '../../../node_modules/@fontsource/noto-sans-sc/files/*-700-normal.woff2',
  { query: '?url&no-inline', import: 'default', eager: true },
);

let cached: FontFacesSpecification | null = null;

/** The style's `font-faces`, pointing at the bundled woff2 files (built once). */
export function mapFontFaces(): FontFacesSpecification {
  cached ??= buildFontFaces([
    { fontName: MAP_FONT_NAMES.sansRegular, css: notoSans400Css, urlsByFile: urlsByFileName(notoSans400) },
    { fontName: MAP_FONT_NAMES.sansBold, css: notoSans700Css, urlsByFile: urlsByFileName(notoSans700) },
    { fontName: MAP_FONT_NAMES.scRegular, css: notoSansSc400Css, urlsByFile: urlsByFileName(notoSansSc400) },
    { fontName: MAP_FONT_NAMES.scBold, css: notoSansSc700Css, urlsByFile: urlsByFileName(notoSansSc700) },
  ]);
  return cached;
}
