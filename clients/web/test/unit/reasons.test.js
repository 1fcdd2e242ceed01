// Bots' reasons (`why`: a template id and its arguments) render in the
// reader's language: every template of the rule data with arguments of its
// kinds fills every placeholder with display names, never wire names; VP in
// hundredths reads as the locale's decimal; an unknown template is shown as
// a missing key, not dropped; the store keeps each deal's reasons once.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import en from '../../public/js/i18n/en.js';
import ru from '../../public/js/i18n/ru.js';
import kk from '../../public/js/i18n/kk.js';
import { useTable, useRules, reasonText, missing } from '../../public/js/i18n.js';
import { Game } from '../../public/js/store.js';

const rules = JSON.parse(fs.readFileSync(new URL('../../public/data/rules.json', import.meta.url), 'utf8'));
useRules(rules);
const TABLES = { en, ru, kk };

/** Sample arguments of each kind (wire names, as on the wire). */
const SAMPLE = {
  seat: 'russia', number: 3, action: 'eaeu_step', accord: rules.accords[0].id, project: rules.projects[0].id,
  resource: 'capital', tags: ['security-in-kz', 'energy'], vp_hundredths: 150, deal: 12,
};

for (const [lang, table] of Object.entries(TABLES)) {
  test(`${lang}: every reason template renders with display names and no hole left`, () => {
    useTable(/** @type {any} */ (lang), table);
    missing.clear();
    for (const r of rules.reasons) {
      const args = r.args.map((k) => SAMPLE[k]);
      const s = reasonText({ id: r.id, args });
      if (r.id === 'none') { assert.equal(s, ''); continue; }
      assert.ok(s.length > 10, `${lang} ${r.id}: ${s}`);
      assert.doesNotMatch(s, /\{\d\}|⟦|undefined/, `${lang} ${r.id}: ${s}`);
      for (const [i, k] of r.args.entries()) {
        // A wire name never shows (ids are not words a reader knows).
        if (['seat', 'action', 'accord', 'project', 'tags'].includes(k))
          assert.ok(!s.includes(String(args[i]).split(',')[0]), `${lang} ${r.id}: wire name in ${s}`);
      }
    }
    assert.deepEqual([...missing], []);
  });
}

test('the same reason in three languages: names, amounts and VP in the reader\'s words', () => {
  const why = { id: 'reject_price', args: ['kazakhstan', 'land_lease', 3, 2] };
  useTable('en', en);
  assert.equal(reasonText(why), 'Kazakhstan rejects: its price for consent to Land lease is 3 capital, not 2.');
  useTable('ru', ru);
  assert.match(reasonText(why), /^Казахстан отказывается: цена согласия на «Аренда земли» — 3 капитала, а не 2\.$/);
  useTable('kk', kk);
  assert.match(reasonText(why), /^Қазақстан бас тартады: .*3 капитал/);
  // A sentence starts with a capital, though the seat's name is "the West" mid-sentence.
  useTable('en', en);
  assert.equal(reasonText({ id: 'accord_even', args: ['west', 'hedge'] }).slice(0, 18), 'The West proposes ');
  const vp = { id: 'accept_gain', args: ['china', 125] };
  useTable('en', en);
  assert.match(reasonText(vp), /about 1\.25 VP/);
  useTable('ru', ru);
  assert.match(reasonText(vp), /около 1,25 ПО/);
});

test('an unknown template is shown as a missing key, not dropped', () => {
  useTable('ru', ru);
  missing.clear();
  assert.equal(reasonText({ id: 'from_the_future', args: [] }), '⟦reason.from_the_future⟧');
  assert.ok(missing.has('reason.from_the_future'));
  assert.equal(reasonText(null), '');
  assert.equal(reasonText({ id: 'none', args: [] }), '');
});

test('the store keeps each deal\'s reasons in order, once (a resumed stream repeats nothing)', () => {
  const g = new Game();
  const deal = { id: 4, st: 'open', by: 'china', parties: ['china', 'kazakhstan'], acc: ['china'], cl: [] };
  const open = { t: 'deal_update', seq: 1, deal, why: { id: 'consent_fee', args: ['china', 1, 'land_lease'] } };
  const answer = { t: 'deal_update', seq: 2, deal: { ...deal, st: 'rejected' }, why: { id: 'reject_price', args: ['kazakhstan', 'land_lease', 3, 1] } };
  g.apply(open); g.apply(answer); g.apply({ ...answer, seq: 3 });
  g.apply({ t: 'deal_update', seq: 4, deal: { ...deal, st: 'rejected' }, why: { id: 'none', args: [] } });
  assert.deepEqual(g.whys.get(4).map((w) => w.id), ['consent_fee', 'reject_price']);
  g.apply({ t: 'deal_update', seq: 5, deal: { ...deal, id: 5 } });
  assert.equal(g.whys.get(5), undefined, 'a move without a reason adds none');
});

// A pledge reads as a sentence, not a tag id ("security-in-Kazakhstan"
// once showed on an offer and in the buy_pledge reason), as in WEB_DESIGN.md.
test('en: a pledge and the reason that buys one read as plain words', async () => {
  const { clauseText } = await import('../../public/js/ui/deals.js');
  useTable('en', en);
  assert.equal(clauseText({ k: 'pledge', seat: 'russia', tags: ['security-in-kz'], turns: 2 }), 'Russia pledges no security actions in Kazakhstan for 2 turns');
  const why = reasonText({ id: 'buy_pledge', args: ['west', 2, 'russia', ['security-in-kz'], 2] });
  assert.ok(why.includes('Russia forgoes security actions in Kazakhstan for 2 turns'), why);
});

// A what-if card says what kind it is: one drawn before its year says when
// it happened; one with no year is a possible event ("A quiet year" once
// read "what if: not in its historical year").
test('what-if tags: the year it happened, or a possible event', async () => {
  const { whatIf } = await import('../../public/js/i18n.js');
  const year = rules.events.find((e) => e.id === 'january_unrest').year;
  assert.equal(rules.events.find((e) => e.id === 'quiet_year').year, 0);
  for (const [lang, table] of Object.entries(TABLES)) {
    useTable(lang, table);
    assert.ok(whatIf('january_unrest').includes(String(year)), `${lang}: ${whatIf('january_unrest')}`);
    assert.ok(!whatIf('quiet_year').includes('⟦') && whatIf('quiet_year') !== whatIf('january_unrest'), `${lang}: ${whatIf('quiet_year')}`);
  }
  useTable('en', en);
  assert.equal(whatIf('quiet_year'), 'what if: a possible event, not history');
  assert.equal(whatIf('january_unrest'), 'what if: it happened in 2022');
});

test('en: a route moved by one unit says "unit"', async () => {
  const { changeText } = await import('../../public/js/i18n.js');
  useTable('en', en);
  assert.equal(changeText({ k: 'route', x: 'north', n: -1 }), 'North (Russia) route −1 unit');
  assert.equal(changeText({ k: 'route', x: 'east', n: 2 }), 'East (China) route +2 units');
});
