import { describe, expect, it } from 'vitest';
import { HEADING_ARROW_PX, PILL_PX, PILL_RADIUS_PX, headingArrowImage, hexRgb, pillImage, pillImageOptions, type RgbaImage } from './patrol-images';

const px = (img: RgbaImage, x: number, y: number): number[] => Array.from(img.data.slice((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

describe('patrol images', () => {
  it('reads #rrggbb and refuses anything else', () => {
    expect(hexRgb('#1f2633')).toEqual([31, 38, 51]);
    expect(() => hexRgb('red')).toThrow(RangeError);
  });

  it('the heading arrow points up from well outside the centre, mirrored left to right, with a white halo', () => {
    const img = headingArrowImage('#1f2633');
    const s = HEADING_ARROW_PX;
    expect([img.width, img.height, img.data.length]).toEqual([s, s, s * s * 4]);
    const c = s / 2;
    // Inside the arrowhead: ink, opaque.
    expect(px(img, c, 10)).toEqual([31, 38, 51, 255]);
    // The centre (where the worker's dot is) and the whole lower half stay clear.
    let lowerAlpha = 0;
    for (let y = c - 4; y < s; y++) for (let x = 0; x < s; x++) lowerAlpha += px(img, x, y)[3];
    expect(lowerAlpha).toBe(0);
    // Just outside the ink, the halo is white.
    const halo = px(img, c, 1);
    expect(halo.slice(0, 3)).toEqual([255, 255, 255]);
    expect(halo[3]).toBeGreaterThan(0);
    for (let y = 0; y < s; y++) for (let x = 0; x < c; x++) expect(px(img, x, y), `${x},${y}`).toEqual(px(img, s - 1 - x, y));
  });

  it('the pill is filled in the middle, white at the rim, transparent in the corners, and stretches only between its corners', () => {
    const img = pillImage('#c92a2a');
    expect([img.width, img.height]).toEqual([PILL_PX, PILL_PX]);
    expect(px(img, PILL_PX / 2, PILL_PX / 2)).toEqual([201, 42, 42, 255]);
    expect(px(img, 0, 0)[3]).toBe(0);
    expect(px(img, PILL_PX / 2, 0).slice(0, 3)).toEqual([255, 255, 255]);
    const o = pillImageOptions();
    expect(o.stretchX).toEqual([[PILL_RADIUS_PX, PILL_PX - PILL_RADIUS_PX]]);
    expect(o.content[0]).toBeLessThan(o.content[2]);
    expect(o.content[1]).toBeLessThan(o.content[3]);
  });
});
