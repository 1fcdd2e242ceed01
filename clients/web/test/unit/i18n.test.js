// Every interface key exists in every language with the same placeholders;
// every catalogue entry of the rule data has a Russian and a Kazakh name and
// text; plural values have the forms their language needs.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import en from '../../public/js/i18n/en.js';
import ru from '../../public/js/i18n/ru.js';
import kk from '../../public/js/i18n/kk.js';
import { ERRORS } from '../../public/js/gen/protocol.js';

const rules = JSON.parse(fs.readFileSync(new URL('../../public/data/rules.json', import.meta.url), 'utf8'));
const TABLES = { ru, kk };
const KINDS = { actions: 'action', events: 'event', projects: 'project', accords: 'accord', responses: 'response', scenarios: 'scenario' };
const catalogueKey = (k) => /^(action|event|project|accord|response|scenario|reason)\./.test(k);
const holes = (v) => [...new Set((typeof v === 'string' ? v : Object.values(v).join(' ')).match(/\{\w+\}/g) || [])].sort();

for (const [lang, table] of Object.entries(TABLES)) {
  test(`${lang}: every English key is translated`, () => {
    const missing = Object.keys(en).filter((k) => !(k in table));
    assert.deepEqual(missing, [], `${lang}.js lacks these keys`);
  });
  test(`${lang}: no key that English does not have (typos)`, () => {
    const extra = Object.keys(table).filter((k) => !(k in en) && !catalogueKey(k));
    assert.deepEqual(extra, []);
  });
  test(`${lang}: placeholders match English`, () => {
    for (const k of Object.keys(en)) {
      if (!(k in table)) continue;
      assert.deepEqual(holes(table[k]), holes(en[k]), `${lang} ${k}`);
    }
  });
  test(`${lang}: every catalogue entry has a name and a text`, () => {
    const missing = [];
    for (const [kind, key] of Object.entries(KINDS)) {
      for (const e of rules[kind]) {
        for (const k of [`${key}.${e.id}`, `${key}.${e.id}.text`, ...(key === 'scenario' ? [`${key}.${e.id}.short`] : [])]) if (typeof table[k] !== 'string' || !table[k].trim()) missing.push(k);
      }
    }
    assert.deepEqual(missing, []);
  });
  test(`${lang}: no stale catalogue keys`, () => {
    const ids = new Set();
    for (const [kind, key] of Object.entries(KINDS)) for (const e of rules[kind]) { ids.add(`${key}.${e.id}`); ids.add(`${key}.${e.id}.text`); }
    for (const e of rules.scenarios) ids.add(`scenario.${e.id}.short`);
    for (const r of rules.reasons) ids.add(`reason.${r.id}`);
    assert.deepEqual(Object.keys(table).filter((k) => catalogueKey(k) && !ids.has(k)), []);
  });
  test(`${lang}: every reason template is translated with English's placeholders`, () => {
    for (const r of rules.reasons) {
      if (r.id === 'none') continue; // never shown
      const v = table['reason.' + r.id];
      assert.equal(typeof v, 'string', `${lang} lacks reason.${r.id}`);
      assert.deepEqual(holes(v), holes(r.text), `${lang} reason.${r.id}`);
    }
    const ids = new Set(rules.reasons.map((r) => 'reason.' + r.id));
    assert.deepEqual(Object.keys(table).filter((k) => k.startsWith('reason.') && !ids.has(k)), [], 'stale reason keys');
  });
  test(`${lang}: plural values have the forms the language needs`, () => {
    const need = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const [k, v] of Object.entries(table)) {
      if (typeof v !== 'object') continue;
      for (const form of need) assert.ok(form in v || 'other' in v, `${lang} ${k} lacks ${form}`);
      if (lang === 'ru') for (const form of ['one', 'few', 'many']) assert.ok(form in v, `ru ${k} lacks ${form}`);
    }
  });
  test(`${lang}: values are not left in English`, () => {
    const words = (v) => /[A-Za-z]{3,}/.test(v.replace(/\{\w+\}/g, ''));
    const same = Object.keys(en).filter((k) => typeof en[k] === 'string' && words(en[k]) && table[k] === en[k]);
    assert.deepEqual(same, []);
  });
}

test('en: a translated message for every protocol error code', () => {
  const missing = Object.values(ERRORS).map((e) => 'err.' + e.name).filter((k) => !(k in en));
  assert.deepEqual(missing, []);
});

test('en: no plural value without "other"', () => {
  for (const [k, v] of Object.entries(en)) if (typeof v === 'object') assert.ok('other' in v, k);
});

test('rulesMismatch: a server that plays other rules than the page asks for a reload', async () => {
  const { rulesMismatch } = await import('../../public/js/i18n.js');
  const data = { rules_version: 19 };
  assert.deepEqual(rulesMismatch({ t: 'welcome', rules: 20 }, data), { page: 19, server: 20 });
  assert.equal(rulesMismatch({ t: 'welcome', rules: 19 }, data), null);
  // a 1.3 server does not say: nothing to compare, no banner
  assert.equal(rulesMismatch({ t: 'welcome' }, data), null);
  assert.equal(rulesMismatch({ t: 'welcome', rules: 20 }, null), null);
});
