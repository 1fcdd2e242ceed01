// The QR encoder (public/js/qr.js): each symbol is rendered to a PNG and
// read back by an independent decoder, zbarimg (Debian's zbar-tools, which
// scripts/setup.sh installs). Without zbarimg the decoding tests skip, and
// fail under CI, where setup has run.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { qrMatrix, qrSvg } from '../../public/js/qr.js';

const SCALE = 4, QUIET = 4;

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit greyscale PNG of the symbol, SCALE pixels a module. */
function png(q) {
  const side = (q.size + 2 * QUIET) * SCALE;
  const raw = Buffer.alloc(side * (side + 1), 255);
  for (let py = 0; py < side; py++) {
    raw[py * (side + 1)] = 0; // filter: none
    for (let px = 0; px < side; px++) {
      const x = Math.floor(px / SCALE) - QUIET, y = Math.floor(py / SCALE) - QUIET;
      if (x >= 0 && y >= 0 && x < q.size && y < q.size && q.dark(x, y))
        raw[py * (side + 1) + 1 + px] = 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function haveZbar() {
  try {
    execFileSync('zbarimg', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error('zbarimg is missing under CI: scripts/setup.sh installs zbar-tools');
    return false;
  }
}

const samples = [
  'http://127.0.0.1:7777/join/K7Q2-MX4P',                         // a classroom link
  'http://192.168.100.200:7777/join/K7Q2-MX4P',
  'HELLO',                                                          // version 1
  'http://teacher-laptop.local:7777/watch/ABCD-EFGH?lang=kk',
  'Қазақстан — Kazakhstan — Казахстан',                             // UTF-8 bytes
  'x'.repeat(100),                                                  // version 7: version info blocks
  'http://example.invalid/' + 'y'.repeat(170),                      // version 10, 16-bit count
];

test('every sample decodes to its text with an independent reader', { skip: !haveZbar() && 'zbarimg not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gg-qr-'));
  try {
    samples.forEach((text, i) => {
      const q = qrMatrix(text);
      const file = join(dir, `q${i}.png`);
      writeFileSync(file, png(q));
      const out = execFileSync('zbarimg', ['--raw', '-q', '-Sbinary', file]).toString('utf8');
      assert.equal(out.replace(/\n$/, ''), text, `version ${q.version} mask ${q.mask}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the smallest version is chosen, and too much text is refused', () => {
  assert.equal(qrMatrix('HELLO').version, 1);
  assert.equal(qrMatrix('HELLO').size, 21);
  assert.equal(qrMatrix('x'.repeat(14)).version, 1); // 14 bytes: level M's version-1 capacity
  assert.equal(qrMatrix('x'.repeat(15)).version, 2);
  assert.equal(qrMatrix('x'.repeat(213)).version, 10);
  assert.throws(() => qrMatrix('x'.repeat(214)), RangeError);
});

test('finder patterns sit in three corners', () => {
  const q = qrMatrix('http://127.0.0.1:7777/join/K7Q2-MX4P');
  const n = q.size;
  for (const [ox, oy] of [[0, 0], [n - 7, 0], [0, n - 7]]) {
    for (let i = 0; i < 7; i++) {
      assert.ok(q.dark(ox + i, oy) && q.dark(ox + i, oy + 6) && q.dark(ox, oy + i) && q.dark(ox + 6, oy + i));
    }
    assert.ok(!q.dark(ox + 1, oy + 1) && q.dark(ox + 3, oy + 3));
  }
  assert.ok(q.dark(8, n - 8), 'the dark module');
});

test('the SVG has a quiet zone, an accessible name and escapes it', () => {
  const svg = qrSvg('HELLO', 'Join <China> & "win"');
  assert.match(svg, /viewBox="0 0 29 29"/); // 21 modules + 2 * 4
  assert.match(svg, /role="img" aria-label="Join &#60;China&#62; &#38; &#34;win&#34;"/);
  assert.ok(!svg.includes('<China>'));
});
