// index.html preloads every module app.js imports (directly or not), so the
// browser fetches them in parallel instead of one import level at a time;
// and nothing in public/ points outside the server.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pub = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'public');

function staticImports(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const src = fs.readFileSync(path.join(pub, file), 'utf8');
  for (const m of src.matchAll(/^import\s[^'"]*['"](\.[^'"]+)['"]/gm)) staticImports(path.posix.join(path.posix.dirname(file), m[1]), seen);
  return seen;
}

test('every statically imported module is preloaded', () => {
  const html = fs.readFileSync(path.join(pub, 'index.html'), 'utf8');
  const preloaded = new Set([...html.matchAll(/rel="modulepreload" href="\/([^"]+)"/g)].map((m) => m[1]));
  const needed = staticImports('js/app.js');
  assert.deepEqual([...needed].filter((f) => !preloaded.has(f)), []);
  assert.deepEqual([...preloaded].filter((f) => !needed.has(f)), [], 'no stale preloads');
});

test('no asset refers to another origin', () => {
  const offenders = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (/\.(html|css|js)$/.test(e.name) && /(src|href)=["']?https?:|url\(["']?https?:|fetch\(["']https?:|import\(["']https?:/.test(fs.readFileSync(f, 'utf8'))) offenders.push(f);
    }
  };
  walk(pub);
  assert.deepEqual(offenders, []);
});
