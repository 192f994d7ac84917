/**
 * The patrol layers' icons, painted as raw RGBA pixels: a heading arrow for moving workers and a
 * stretchable pill behind the daily-report marks. Pure (no canvas, no DOM), so they are tested in
 * Node and can be re-added to the map after every style rebuild without loading anything (the
 * style has no sprite, and nothing may be fetched from outside).
 */

/** Raw image as MapLibre's `addImage` takes it (non-premultiplied RGBA). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** `#rrggbb` as [r, g, b]. */
export function hexRgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

/**
 * Paints a shape given by its signed distance (image px, negative inside): `ink` inside, a white
 * halo `halo` px wide around it, edges anti-aliased over one pixel.
 */
function paintSdf(width: number, height: number, dist: (x: number, y: number) => number, ink: string, halo: number): RgbaImage {
  const [r, g, b] = hexRgb(ink);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = dist(x + 0.5, y + 0.5);
      const inner = Math.min(1, Math.max(0, 0.5 - d));
      const outer = Math.min(1, Math.max(0, 0.5 - (d - halo)));
      if (outer <= 0) continue;
      // Ink over white, then the whole over transparent: colour is the ink's share of what is drawn.
      const k = inner / outer;
      const i = (y * width + x) * 4;
      data[i] = Math.round(r * k + 255 * (1 - k));
      data[i + 1] = Math.round(g * k + 255 * (1 - k));
      data[i + 2] = Math.round(b * k + 255 * (1 - k));
      data[i + 3] = Math.round(outer * 255);
    }
  }
  return { width, height, data };
}

/** Signed distance to a convex polygon (counter-clockwise in image space is not required). */
function convexDistance(points: readonly [number, number][]): (x: number, y: number) => number {
  // Orientation decides which side of each edge is outside.
  let area = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i];
    const [x2, y2] = points[(i + 1) % points.length];
    area += x1 * y2 - x2 * y1;
  }
  const sign = area > 0 ? 1 : -1;
  const edges = points.map(([x1, y1], i) => {
    const [x2, y2] = points[(i + 1) % points.length];
    const len = Math.hypot(x2 - x1, y2 - y1);
    // Outward unit normal.
    return { x1, y1, nx: (sign * (y2 - y1)) / len, ny: (sign * -(x2 - x1)) / len };
  });
  // The largest distance to an edge line: exact inside, a mitred corner outside (fine for a halo).
  return (x, y) => {
    let d = -Infinity;
    for (const e of edges) d = Math.max(d, (x - e.x1) * e.nx + (y - e.y1) * e.ny);
    return d;
  };
}

/** Size of the heading arrow image (image px; drawn at pixelRatio 2, so half as many CSS px). */
export const HEADING_ARROW_PX = 56;

/**
 * An arrowhead pointing up (north), well away from the image's centre, so that rotating the image
 * about its centre (MapLibre's `icon-rotate`) swings the arrow around the worker's dot.
 */
export function headingArrowImage(ink: string): RgbaImage {
  const s = HEADING_ARROW_PX;
  const c = s / 2;
  return paintSdf(s, s, convexDistance([[c, 2], [c + 8, 15], [c - 8, 15]]), ink, 2);
}

/** Size and corner radius of the pill behind report marks (image px, pixelRatio 2). */
export const PILL_PX = 24;
export const PILL_RADIUS_PX = 9;

/** A rounded rectangle filled with `fill` and a white rim: stretched around a label by `icon-text-fit`. */
export function pillImage(fill: string): RgbaImage {
  const s = PILL_PX;
  const r = PILL_RADIUS_PX;
  const halo = 2;
  // Signed distance to a rounded rectangle inset by the halo, so the rim fits in the image.
  const half = s / 2 - halo;
  const dist = (x: number, y: number): number => {
    const qx = Math.abs(x - s / 2) - (half - r);
    const qy = Math.abs(y - s / 2) - (half - r);
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
  return paintSdf(s, s, dist, fill, halo);
}

/** Options for `addImage` of a pill: only its straight middle stretches, so the corners stay round. */
export function pillImageOptions(): { pixelRatio: number; stretchX: [number, number][]; stretchY: [number, number][]; content: [number, number, number, number] } {
  const s = PILL_PX;
  const r = PILL_RADIUS_PX;
  return { pixelRatio: 2, stretchX: [[r, s - r]], stretchY: [[r, s - r]], content: [r, r - 2, s - r, s - r + 2] };
}
