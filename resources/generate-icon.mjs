// Rasterises icon.svg's shapes to icon.png with no dependencies (Node's zlib only), so the PNG the
// window and packagers need can be regenerated without an SVG renderer: `node resources/generate-icon.mjs`.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4; // 4×4 supersampling for anti-aliased edges

const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), 255];
const rect = (x, y, w, h, color) => ({ color: hex(color), hit: (px, py) => px >= x && px < x + w && py >= y && py < y + h });
const roundRect = (x, y, w, h, r, color) => ({
  color: hex(color),
  hit: (px, py) => {
    if (px < x || px >= x + w || py < y || py >= y + h) return false;
    const cx = Math.min(Math.max(px, x + r), x + w - r);
    const cy = Math.min(Math.max(py, y + r), y + h - r);
    return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
  },
});
const circle = (cx, cy, r, color) => ({ color: hex(color), hit: (px, py) => (px - cx) ** 2 + (py - cy) ** 2 <= r * r });

// Paint order, bottom to top, as in icon.svg.
const teal = '#2dd4bf';
const shapes = [
  roundRect(16, 16, 480, 480, 96, '#0b1220'),
  rect(256, 176, 80, 80, '#f59e0b'),
  rect(88, 88, 336, 16, teal),
  rect(88, 408, 336, 16, teal),
  rect(88, 88, 16, 336, teal),
  rect(408, 88, 16, 336, teal),
  ...[172, 252, 332].flatMap((p) => [rect(p, 104, 8, 304, teal), rect(104, p, 304, 8, teal)]),
  circle(296, 216, 18, '#ffffff'),
];

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const px = x + (sx + 0.5) / SAMPLES;
        const py = y + (sy + 0.5) / SAMPLES;
        let color = [0, 0, 0, 0];
        for (const shape of shapes) if (shape.hit(px, py)) color = shape.color;
        // Premultiplied, so transparent samples do not darken the edge.
        for (let c = 0; c < 3; c++) sum[c] += (color[c] * color[3]) / 255;
        sum[3] += color[3];
      }
    }
    const n = SAMPLES * SAMPLES;
    const alpha = sum[3] / n;
    const i = (y * SIZE + x) * 4;
    for (let c = 0; c < 3; c++) rgba[i + c] = alpha === 0 ? 0 : Math.round(((sum[c] / n) * 255) / alpha);
    rgba[i + 3] = Math.round(alpha);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
};

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4); // filter byte 0

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`icon.png: ${SIZE}×${SIZE}, ${png.length} bytes`);
