// Every effect, condition, name and text of the whole rule catalogue renders
// in every language without a missing key or an unfilled placeholder.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import en from '../../public/js/i18n/en.js';
import ru from '../../public/js/i18n/ru.js';
import kk from '../../public/js/i18n/kk.js';
import { useTable, useRules, effectText, condText, catName, catText, missing, SEATS } from '../../public/js/i18n.js';

const rules = JSON.parse(fs.readFileSync(new URL('../../public/data/rules.json', import.meta.url), 'utf8'));
useRules(rules);

function everything() {
  const out = [];
  const walk = (x, owner) => {
    if (Array.isArray(x)) { for (const v of x) walk(v, owner); return; }
    if (!x || typeof x !== 'object') return;
    if ('delta' in x && 'kind' in x) out.push(effectText(x, owner));
    else if ('kind' in x && 'a' in x && 'b' in x && !('value' in x)) out.push(condText(x));
    for (const v of Object.values(x)) if (typeof v === 'object') walk(v, owner);
  };
  for (const kind of ['actions', 'events', 'projects', 'accords', 'responses', 'scenarios']) {
    for (const e of rules[kind]) {
      out.push(catName(kind, e.id), catText(kind, e.id));
      walk(e, e.seat && SEATS.includes(e.seat) ? e.seat : 'kazakhstan');
    }
  }
  return out;
}

for (const [lang, table] of Object.entries({ en, ru, kk })) {
  test(`${lang}: the whole catalogue renders`, () => {
    useTable(/** @type {any} */ (lang), table);
    missing.clear();
    const texts = everything();
    assert.ok(texts.length > 300, `${texts.length} texts`);
    assert.deepEqual([...missing], []);
    const bad = texts.filter((x) => /⟦|\{\w+\}|undefined|NaN/.test(x));
    assert.deepEqual(bad, []);
  });
}
