// The paper quote behind a rule: found for the catalogue's citations, always
// from a cited paper and a cited line range; none for "design".
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sourceQuote } from '../../public/js/i18n.js';

const rules = JSON.parse(fs.readFileSync(new URL('../../public/data/rules.json', import.meta.url), 'utf8'));

test('a quote is from a paper and line range the source cites', () => {
  const q = sourceQuote('design; Mo22 L179-L197');
  assert.ok(q);
  assert.equal(q.paper, 'Mo22');
  assert.ok(q.line >= 179 && q.line <= 197);
  assert.equal(sourceQuote('design'), null);
  assert.equal(sourceQuote('Mo22 L999999'), null);
});

test('most rules with a paper citation show a verbatim quote', () => {
  let cited = 0, quoted = 0;
  for (const kind of ['actions', 'events', 'responses', 'accords', 'projects']) {
    for (const e of rules[kind]) {
      if (!/\b(M17|SO24|Mo22|D18|HB20)\b/.test(e.source)) continue;
      cited++;
      const q = sourceQuote(e.source);
      if (q) { quoted++; assert.ok(e.source.includes(q.paper), e.id); }
    }
  }
  assert.ok(cited > 50, `cited ${cited}`);
  assert.ok(quoted >= cited * 0.8, `${quoted} of ${cited} citations have a quote`);
});
