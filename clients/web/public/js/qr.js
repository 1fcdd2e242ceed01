// qr.js — a small QR Code encoder (ISO/IEC 18004, model 2) for the join
// links a projector shows: byte mode, error correction level M, versions
// 1..10 (up to 213 bytes, far more than http://HOST:PORT/join/K7Q2-MX4P).
// Generated in the page, so nothing leaves the room. Pure: no DOM access.
//
// qrMatrix(text) -> { size, dark(x, y) }; qrSvg(text, label) -> an SVG
// string with a 4-module quiet zone. Throws RangeError when the text does
// not fit version 10.

/** Error correction level M, per version 1..10: [EC codewords per block,
 * blocks of group 1, data codewords of a group-1 block, blocks of group 2]
 * (group-2 blocks hold one data codeword more). */
const EC_M = [
  [0, 0, 0, 0], // (no version 0)
  [10, 1, 16, 0], [16, 1, 28, 0], [26, 1, 44, 0], [18, 2, 32, 0], [24, 2, 43, 0],
  [16, 4, 27, 0], [18, 4, 31, 0], [22, 2, 38, 2], [22, 3, 36, 2], [26, 4, 43, 1],
];

/** Centres of the alignment patterns per version (row and column alike). */
const ALIGN = [
  [], [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],
  [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
];

const MAX_VERSION = 10;
const FORMAT_EC_M = 0; // the two EC-level bits of the format information for M

/** Multiplies in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1 (0x11D).
 * @param {number} x @param {number} y */
function gfMul(x, y) {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z;
}

/** The Reed-Solomon generator polynomial of `degree`, highest term dropped,
 * coefficients from x^(degree-1) down to x^0.
 * @param {number} degree */
function rsGenerator(degree) {
  const g = new Array(degree).fill(0);
  g[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      g[j] = gfMul(g[j], root);
      if (j + 1 < degree) g[j] ^= g[j + 1];
    }
    root = gfMul(root, 2);
  }
  return g;
}

/** The EC codewords of `data` for generator `g`.
 * @param {number[]} data @param {number[]} g */
function rsRemainder(data, g) {
  const r = new Array(g.length).fill(0);
  for (const b of data) {
    const factor = b ^ /** @type {number} */ (r.shift());
    r.push(0);
    for (let i = 0; i < g.length; i++) r[i] ^= gfMul(g[i], factor);
  }
  return r;
}

/** @param {number} v */
function dataCodewords(v) {
  const [, b1, d1, b2] = EC_M[v];
  return b1 * d1 + b2 * (d1 + 1);
}

/** The smallest version whose byte-mode capacity at level M holds n bytes.
 * @param {number} n */
function pickVersion(n) {
  for (let v = 1; v <= MAX_VERSION; v++) {
    const countBits = v <= 9 ? 8 : 16;
    if (4 + countBits + 8 * n <= 8 * dataCodewords(v)) return v;
  }
  throw new RangeError(`text of ${n} bytes is too long for a QR code of version ${MAX_VERSION}`);
}

/** Mode, count, data, terminator and padding as codewords.
 * @param {Uint8Array} bytes @param {number} v */
function encodeData(bytes, v) {
  /** @type {number[]} */
  const bits = [];
  const put = (/** @type {number} */ val, /** @type {number} */ n) => {
    for (let i = n - 1; i >= 0; i--) bits.push((val >>> i) & 1);
  };
  put(0b0100, 4); // byte mode
  put(bytes.length, v <= 9 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  const cap = 8 * dataCodewords(v);
  put(0, Math.min(4, cap - bits.length));
  while (bits.length % 8) bits.push(0);
  /** @type {number[]} */
  const cw = [];
  for (let i = 0; i < bits.length; i += 8) {
    let b = 0;
    for (let j = 0; j < 8; j++) b = (b << 1) | bits[i + j];
    cw.push(b);
  }
  for (let pad = 0xec; cw.length < cap / 8; pad ^= 0xec ^ 0x11) cw.push(pad);
  return cw;
}

/** Splits the data codewords into blocks, adds each block's EC codewords,
 * and interleaves them as the symbol stores them.
 * @param {number[]} data @param {number} v */
function interleave(data, v) {
  const [ecLen, b1, d1, b2] = EC_M[v];
  const g = rsGenerator(ecLen);
  /** @type {number[][]} */
  const blocks = [];
  /** @type {number[][]} */
  const ecs = [];
  let off = 0;
  for (let i = 0; i < b1 + b2; i++) {
    const len = i < b1 ? d1 : d1 + 1;
    const block = data.slice(off, off + len);
    off += len;
    blocks.push(block);
    ecs.push(rsRemainder(block, g));
  }
  /** @type {number[]} */
  const out = [];
  for (let i = 0; i <= d1; i++) for (const b of blocks) if (i < b.length) out.push(b[i]);
  for (let i = 0; i < ecLen; i++) for (const e of ecs) out.push(e[i]);
  return out;
}

/** The mask condition for mask `m` at column x, row y.
 * @param {number} m @param {number} x @param {number} y */
function masked(m, x, y) {
  switch (m) {
    case 0: return (x + y) % 2 === 0;
    case 1: return y % 2 === 0;
    case 2: return x % 3 === 0;
    case 3: return (x + y) % 3 === 0;
    case 4: return (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0;
    case 5: return ((x * y) % 2) + ((x * y) % 3) === 0;
    case 6: return (((x * y) % 2) + ((x * y) % 3)) % 2 === 0;
    default: return (((x + y) % 2) + ((x * y) % 3)) % 2 === 0;
  }
}

class QrSymbol {
  /** @param {number} version */
  constructor(version) {
    this.version = version;
    this.size = 17 + 4 * version;
    /** @type {boolean[][]} */
    this.mod = Array.from({ length: this.size }, () => new Array(this.size).fill(false));
    /** @type {boolean[][]} */
    this.fn = Array.from({ length: this.size }, () => new Array(this.size).fill(false));
  }

  /** Sets a function-pattern module (never masked or overwritten by data).
   * @param {number} x @param {number} y @param {boolean} dark */
  set(x, y, dark) {
    this.mod[y][x] = dark;
    this.fn[y][x] = true;
  }

  drawFunctionPatterns() {
    const n = this.size;
    for (let i = 0; i < n; i++) {
      this.set(6, i, i % 2 === 0);
      this.set(i, 6, i % 2 === 0);
    }
    for (const [cx, cy] of [[3, 3], [n - 4, 3], [3, n - 4]]) {
      for (let dy = -4; dy <= 4; dy++) {
        for (let dx = -4; dx <= 4; dx++) {
          const x = cx + dx, y = cy + dy;
          const d = Math.max(Math.abs(dx), Math.abs(dy));
          if (x >= 0 && x < n && y >= 0 && y < n) this.set(x, y, d !== 2 && d !== 4);
        }
      }
    }
    const pos = ALIGN[this.version];
    const last = pos.length - 1;
    for (let i = 0; i <= last; i++) {
      for (let j = 0; j <= last; j++) {
        if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) continue;
        for (let dy = -2; dy <= 2; dy++) {
          for (let dx = -2; dx <= 2; dx++) {
            this.set(pos[i] + dx, pos[j] + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
          }
        }
      }
    }
    this.drawFormat(0); // reserves the format areas; redrawn with the chosen mask
    if (this.version >= 7) this.drawVersion();
  }

  /** The 15 format bits (EC level M, `mask`), BCH-protected, both copies.
   * @param {number} mask */
  drawFormat(mask) {
    const data = (FORMAT_EC_M << 3) | mask;
    let rem = data;
    for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
    const bits = ((data << 10) | rem) ^ 0x5412;
    const bit = (/** @type {number} */ i) => ((bits >>> i) & 1) !== 0;
    const n = this.size;
    for (let i = 0; i <= 5; i++) this.set(8, i, bit(i));
    this.set(8, 7, bit(6));
    this.set(8, 8, bit(7));
    this.set(7, 8, bit(8));
    for (let i = 9; i < 15; i++) this.set(14 - i, 8, bit(i));
    for (let i = 0; i < 8; i++) this.set(n - 1 - i, 8, bit(i));
    for (let i = 8; i < 15; i++) this.set(8, n - 15 + i, bit(i));
    this.set(8, n - 8, true); // the dark module
  }

  drawVersion() {
    let rem = this.version;
    for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
    const bits = (this.version << 12) | rem;
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) !== 0;
      const a = this.size - 11 + (i % 3), b = Math.floor(i / 3);
      this.set(a, b, dark);
      this.set(b, a, dark);
    }
  }

  /** Places the codewords in the two-column zigzag, bottom right first.
   * @param {number[]} cw */
  drawCodewords(cw) {
    const n = this.size;
    let i = 0;
    for (let right = n - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5; // the vertical timing pattern
      const upward = ((right + 1) & 2) === 0;
      for (let vert = 0; vert < n; vert++) {
        const y = upward ? n - 1 - vert : vert;
        for (let j = 0; j < 2; j++) {
          const x = right - j;
          if (this.fn[y][x] || i >= cw.length * 8) continue;
          this.mod[y][x] = ((cw[i >>> 3] >>> (7 - (i & 7))) & 1) !== 0;
          i++;
        }
      }
    }
  }

  /** Inverts the data modules under mask `m` (applying it twice undoes it).
   * @param {number} m */
  applyMask(m) {
    for (let y = 0; y < this.size; y++)
      for (let x = 0; x < this.size; x++)
        if (!this.fn[y][x] && masked(m, x, y)) this.mod[y][x] = !this.mod[y][x];
  }

  /** The standard's penalty score (lower is better) of the current modules. */
  penalty() {
    const n = this.size, m = this.mod;
    let p = 0;
    const line = (/** @type {(i: number) => boolean} */ at) => {
      let run = 1;
      for (let i = 1; i <= n; i++) {
        if (i < n && at(i) === at(i - 1)) {
          run++;
        } else {
          if (run >= 5) p += 3 + (run - 5);
          run = 1;
        }
      }
      // Finder-like 1:1:3:1:1 with four light modules on one side (outside
      // the symbol counts as light).
      const get = (/** @type {number} */ i) => (i >= 0 && i < n ? at(i) : false);
      for (let i = -4; i < n; i++) {
        const core = get(i) && !get(i + 1) && get(i + 2) && get(i + 3) && get(i + 4) &&
          !get(i + 5) && get(i + 6);
        if (!core) continue;
        const before = !get(i - 1) && !get(i - 2) && !get(i - 3) && !get(i - 4);
        const after = !get(i + 7) && !get(i + 8) && !get(i + 9) && !get(i + 10);
        if (before || after) p += 40;
      }
    };
    for (let y = 0; y < n; y++) line((x) => m[y][x]);
    for (let x = 0; x < n; x++) line((y) => m[y][x]);
    let darkCount = 0;
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        if (m[y][x]) darkCount++;
        if (x + 1 < n && y + 1 < n && m[y][x] === m[y][x + 1] && m[y][x] === m[y + 1][x] &&
            m[y][x] === m[y + 1][x + 1]) p += 3;
      }
    }
    const total = n * n;
    p += 10 * Math.max(0, Math.ceil(Math.abs(darkCount * 20 - total * 10) / total) - 1);
    return p;
  }
}

/**
 * Encodes `text` (as UTF-8) at error correction level M in the smallest
 * version that holds it, with the mask of lowest penalty.
 * @param {string} text
 * @returns {{ size: number, version: number, mask: number, dark: (x: number, y: number) => boolean }}
 */
export function qrMatrix(text) {
  const bytes = new TextEncoder().encode(text);
  const version = pickVersion(bytes.length);
  const sym = new QrSymbol(version);
  sym.drawFunctionPatterns();
  sym.drawCodewords(interleave(encodeData(bytes, version), version));
  let best = 0, bestPenalty = Infinity;
  for (let m = 0; m < 8; m++) {
    sym.applyMask(m);
    sym.drawFormat(m);
    const p = sym.penalty();
    if (p < bestPenalty) {
      best = m;
      bestPenalty = p;
    }
    sym.applyMask(m);
  }
  sym.applyMask(best);
  sym.drawFormat(best);
  const mod = sym.mod;
  return { size: sym.size, version, mask: best, dark: (x, y) => mod[y][x] };
}

const QUIET = 4; // modules of light border the standard asks for

/**
 * The QR code of `text` as an SVG document string: one path of unit
 * squares, a quiet zone, crisp edges; `label` becomes its accessible name.
 * @param {string} text
 * @param {string} label
 */
export function qrSvg(text, label) {
  const q = qrMatrix(text);
  const side = q.size + 2 * QUIET;
  let d = '';
  for (let y = 0; y < q.size; y++)
    for (let x = 0; x < q.size; x++)
      if (q.dark(x, y)) d += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
  const esc = label.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" ` +
    `role="img" aria-label="${esc}" shape-rendering="crispEdges">` +
    `<rect width="${side}" height="${side}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}
