/**
 * Builds a MapLibre style `font-faces` object from Fontsource CSS and the bundled URLs of its
 * woff2 files. Pure, so the mapping from font names to files can be unit-tested without a bundler.
 */
import type { FontFacesSpecification, MLFontFace } from 'maplibre-gl';
import { parseFontsourceCss } from './fontsource-css';

/** One `text-font` name and where its faces come from. */
export interface FontFaceSource {
  /** The name layers use in `text-font`, e.g. `Noto Sans SC Regular`. */
  fontName: string;
  /** The Fontsource CSS text (e.g. `@fontsource/noto-sans-sc/400.css?raw`). */
  css: string;
  /** Bundled URL of each woff2 file, keyed by file name (`noto-sans-sc-4-400-normal.woff2`). */
  urlsByFile: Readonly<Record<string, string>>;
}

/**
 * Maps each font name to its woff2 files with their unicode ranges, in the CSS's order.
 * Files the bundle does not hold are left out (MapLibre would only fail to download them), and a
 * font with no file left is omitted so `text-font` falls through to the next name in its stack.
 */
export function buildFontFaces(sources: readonly FontFaceSource[]): FontFacesSpecification {
  const spec: FontFacesSpecification = {};
  for (const source of sources) {
    const faces: MLFontFace[] = [];
    for (const face of parseFontsourceCss(source.css)) {
      if (face.style !== 'normal') continue;
      const url = source.urlsByFile[face.woff2File];
      if (!url) continue;
      faces.push(face.unicodeRange.length > 0 ? { url, 'unicode-range': face.unicodeRange } : { url });
    }
    if (faces.length > 0) spec[source.fontName] = faces;
  }
  return spec;
}

/** Keys a `import.meta.glob` result (`../../x/files/a.woff2` → url) by bare file name. */
export function urlsByFileName(globbed: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, url] of Object.entries(globbed)) {
    out[path.split('/').pop() ?? path] = url;
  }
  return out;
}
