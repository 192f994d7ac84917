/**
 * Reads the `@font-face` rules of a Fontsource CSS file (e.g. `@fontsource/noto-sans-sc/400.css`)
 * so the same woff2 files that style the UI can also draw the map's labels (MapLibre's style
 * `font-faces`). Pure: string in, plain objects out.
 */

/** One `@font-face` rule of a Fontsource CSS file, reduced to what a map style needs. */
export interface FontsourceFace {
  /** CSS family, e.g. `Noto Sans SC`. */
  family: string;
  /** Numeric weight, e.g. 400. */
  weight: number;
  /** `normal` or `italic`. */
  style: string;
  /** File name of the woff2 source without its folder, e.g. `noto-sans-sc-4-400-normal.woff2`. */
  woff2File: string;
  /** The rule's `unicode-range`, one entry per range (`U+4e00-4eff`); empty when the rule names none. */
  unicodeRange: string[];
}

const FACE_RE = /@font-face\s*{([^}]*)}/g;

function descriptor(body: string, name: string): string | null {
  // Descriptors are `name: value;` and values never contain `;` in Fontsource's output.
  const m = new RegExp(`(?:^|[;{\\s])${name}\\s*:\\s*([^;]+);?`, 'i').exec(body);
  return m ? m[1].trim() : null;
}

function unquote(s: string): string {
  return s.replace(/^['"]|['"]$/g, '');
}

/**
 * Parses every `@font-face` rule that has a woff2 source. Rules without one are skipped: MapLibre
 * hands the bytes to the CSS Font Loading API, and woff2 is what Fontsource ships for every subset.
 *
 * @example
 * parseFontsourceCss("@font-face{font-family:'Noto Sans SC';font-weight:400;src:url(./files/a.woff2) format('woff2');unicode-range:U+4e00-4eff,U+3000;}")
 * // → [{ family: 'Noto Sans SC', weight: 400, style: 'normal', woff2File: 'a.woff2', unicodeRange: ['U+4e00-4eff', 'U+3000'] }]
 */
export function parseFontsourceCss(css: string): FontsourceFace[] {
  const faces: FontsourceFace[] = [];
  for (const match of css.matchAll(FACE_RE)) {
    const body = match[1];
    const src = descriptor(body, 'src');
    if (!src) continue;
    const woff2 = /url\(\s*['"]?([^'")]+\.woff2)['"]?\s*\)/i.exec(src);
    if (!woff2) continue;
    const file = woff2[1].split('/').pop() ?? woff2[1];
    const range = descriptor(body, 'unicode-range');
    faces.push({
      family: unquote(descriptor(body, 'font-family') ?? ''),
      weight: Number(descriptor(body, 'font-weight') ?? 400),
      style: descriptor(body, 'font-style') ?? 'normal',
      woff2File: file,
      unicodeRange: range
        ? range
            .split(',')
            .map((r) => r.trim())
            .filter((r) => r.length > 0)
        : [],
    });
  }
  return faces;
}
