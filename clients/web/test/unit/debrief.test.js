// The debrief page's pure parts: route shares that add up to 100, end labels
// that never overlap, and every word of a debrief (story, clauses, orders,
// changes, questions, the Markdown export) present in en, ru and kk. The
// fixture is `gg-arena --replay F --debrief --json` of a classroom game,
// with a broken deal, a crisis and a private message added to reach every
// kind.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import en from '../../public/js/i18n/en.js';
import ru from '../../public/js/i18n/ru.js';
import kk from '../../public/js/i18n/kk.js';
import { useTable, useRules, missing } from '../../public/js/i18n.js';
import { shares, spread } from '../../public/js/ui/debrief_charts.js';
import { debriefMarkdown, story, keyMoments, questionText, clauseWords, orderWords } from '../../public/js/ui/debrief_text.js';

const read = (f) => JSON.parse(fs.readFileSync(new URL(f, import.meta.url), 'utf8'));
const d = read('../fixtures/debrief.json');
useRules(read('../../public/data/rules.json'));

test('route shares are whole percentages adding up to 100', () => {
  assert.deepEqual(shares({ north: 12, east: 2, caspian: 1 }), [80, 13, 7]);
  assert.deepEqual(shares({ north: 1, east: 1, caspian: 1 }).reduce((a, b) => a + b), 100);
  assert.deepEqual(shares({ north: 0, east: 0, caspian: 0 }), [0, 0, 0]);
  for (const y of d.years) assert.equal(shares(y.routes).reduce((a, b) => a + b), 100);
});

test('end labels keep their order, at least the gap apart, within the chart', () => {
  const ys = spread([100, 101, 102, 300, 99], 17, 10, 290);
  const sorted = [...ys].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i] - sorted[i - 1] >= 17 - 1e-9);
  assert.ok(ys[4] < ys[0] && ys[0] < ys[1] && ys[1] < ys[2], 'order kept');
  assert.ok(Math.max(...ys) <= 290 && Math.min(...ys) >= 10);
});

for (const [lang, table] of Object.entries({ en, ru, kk })) {
  test(`${lang}: every word of a debrief is translated`, () => {
    useTable(/** @type {any} */ (lang), table);
    missing.clear();
    const md = debriefMarkdown(d);
    const words = [...story(d), ...keyMoments(d), ...d.questions.map(questionText), ...d.deals.flatMap((x) => x.clauses.map(clauseWords)),
      ...d.log.flatMap((l) => Object.entries(l.orders || {}).flatMap(([s, os]) => os.map((o) => orderWords(o, s))))];
    assert.deepEqual([...missing], [], `${lang}: missing keys`);
    assert.ok(!md.includes('⟦') && !words.join(' ').includes('⟦'));
    assert.ok(md.includes(String(d.years[0].year)) && md.includes('HB20 L238'));
    assert.equal(d.questions.length, 5);
  });
}

test('a transfer order reads its resource and amount from arg', () => {
  useTable('en', en);
  assert.equal(orderWords({ action: 'transfer', target: 3, arg: (4 << 2) | 1 }, 'china'), 'Give 4 force to Kazakhstan');
});
