// Draws the extension icon from a few shapes: images/icon.svg (the source) and images/icon.png
// (128x128, what the marketplace shows), rasterised here with 4x4 supersampling so no image
// tool is needed. Run: node scripts/make-icon.mjs
import { deflateSync } from 'zlib';
import { mkdirSync, writeFileSync } from 'fs';

const SIZE = 128;
const BG = '#1f2a37';
// A section tag "</>" above three configuration lines, the middle one flagged.
const shapes = [
  { kind: 'rect', x0: 4, y0: 4, x1: 124, y1: 124, r: 22, color: BG },
  { kind: 'path', points: [[42, 24], [24, 42], [42, 60]], width: 9, color: '#e8eef5' },
  { kind: 'path', points: [[86, 24], [104, 42], [86, 60]], width: 9, color: '#e8eef5' },
  { kind: 'path', points: [[71, 22], [57, 62]], width: 8, color: '#e8eef5' },
  { kind: 'path', points: [[26, 80], [102, 80]], width: 8, color: '#8fa3b8' },
  { kind: 'path', points: [[26, 96], [74, 96]], width: 8, color: '#f0a020' },
  { kind: 'circle', cx: 96, cy: 96, r: 7, color: '#f0a020' },
  { kind: 'path', points: [[26, 112], [86, 112]], width: 8, color: '#8fa3b8' },
];

function toSvg() {
  const parts = shapes.map((s) => {
    if (s.kind === 'rect') return `<rect x="${s.x0}" y="${s.y0}" width="${s.x1 - s.x0}" height="${s.y1 - s.y0}" rx="${s.r}" fill="${s.color}"/>`;
    if (s.kind === 'circle') return `<circle cx="${s.cx}" cy="${s.cy}" r="${s.r}" fill="${s.color}"/>`;
    return `<polyline points="${s.points.map((p) => p.join(',')).join(' ')}" fill="none" stroke="${s.color}" stroke-width="${s.width}" stroke-linecap="round" stroke-linejoin="round"/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">\n  ${parts.join('\n  ')}\n</svg>\n`;
}

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

function inside(s, x, y) {
  if (s.kind === 'circle') return Math.hypot(x - s.cx, y - s.cy) <= s.r;
  if (s.kind === 'rect') {
    const qx = Math.max(s.x0 + s.r - x, 0, x - (s.x1 - s.r));
    const qy = Math.max(s.y0 + s.r - y, 0, y - (s.y1 - s.r));
    return Math.hypot(qx, qy) <= s.r;
  }
  for (let i = 1; i < s.points.length; i++) if (segmentDistance(x, y, s.points[i - 1], s.points[i]) <= s.width / 2) return true;
  return false;
}

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

function rasterise() {
  const N = 4;
  const rows = [];
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4);
    for (let x = 0; x < SIZE; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < N; sy++) {
        for (let sx = 0; sx < N; sx++) {
          const px = x + (sx + 0.5) / N;
          const py = y + (sy + 0.5) / N;
          let hit;
          for (const s of shapes) if (inside(s, px, py)) hit = s;
          if (!hit) continue;
          const [cr, cg, cb] = rgb(hit.color);
          r += cr; g += cg; b += cb; a += 1;
        }
      }
      // Colour averaged over the covered samples, coverage as alpha (straight alpha).
      const o = 1 + x * 4;
      if (a > 0) row.set([Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((255 * a) / (N * N))], o);
    }
    rows.push(row);
  }
  return Buffer.concat(rows);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(pixels) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(pixels, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

mkdirSync('images', { recursive: true });
writeFileSync('images/icon.svg', toSvg());
writeFileSync('images/icon.png', png(rasterise()));
console.log('wrote images/icon.svg and images/icon.png');
