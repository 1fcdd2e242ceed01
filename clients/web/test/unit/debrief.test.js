// The debrief page's pure parts: route shares that add up to 100, end labels
// that never overlap, and every word of a debrief (story, clauses, orders,
// changes, questions, the Markdown export) present in en, ru and kk. The
// fixture is the server's debrief of the classroom game that
// scripts/capture-fixtures.mjs plays (a broken promise, a crisis, private
// chat: every kind of question).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import en from '../../public/js/i18n/en.js';
import ru from '../../public/js/i18n/ru.js';
import kk from '../../public/js/i18n/kk.js';
import { useTable, useRules, missing, tieWords } from '../../public/js/i18n.js';
import { shares, spread } from '../../public/js/ui/debrief_charts.js';
import { debriefMarkdown, story, keyMoments, questionText, clauseWords, orderWords, gameHeading, lengthNotes } from '../../public/js/ui/debrief_text.js';
import { TIEBREAKS } from '../../public/js/gen/protocol.js';

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
    assert.ok(d.questions.length >= 4);
  });
}

test('a transfer order reads its resource and amount from arg', () => {
  useTable('en', en);
  assert.equal(orderWords({ action: 'transfer', target: 3, arg: (4 << 2) | 1 }, 'china'), 'Give 4 force to Kazakhstan');
});

test('the heading states the length played, in every language', () => {
  const short = { ...d, turns: 4, length: 4, scenario_turns: 6, year0: 2013 };
  const stopped = { ...d, turns: 3, length: 6, scenario_turns: 6, year0: 2013 };
  const want = { en: 'Debrief: Classroom, 4 turns (2013–2016)', ru: 'Разбор игры: Урок, 4 хода (2013–2016)', kk: 'Ойынды талдау: Сабақ, 4 жүріс (2013–2016)' };
  for (const [lang, table] of Object.entries({ en, ru, kk })) {
    useTable(/** @type {any} */ (lang), table);
    missing.clear();
    assert.equal(gameHeading(short), want[lang]);
    assert.equal(lengthNotes(short).length, 1, `${lang}: the shortened game is named`);
    assert.ok(lengthNotes(short)[0].includes('6') && lengthNotes(short)[0].includes('4'));
    assert.equal(lengthNotes(stopped).length, 1, `${lang}: a game stopped early says so`);
    assert.equal(lengthNotes({ ...d, turns: 6, length: 6, scenario_turns: 6 }).length, 0);
    assert.ok(debriefMarkdown(short).startsWith('# ' + want[lang] + '\n'));
    assert.deepEqual([...missing], []);
  }
  useTable('en', en);
});

test('key moments are statements; a domain question names the move', () => {
  const q = { kind: 'domain', turn: 2, year: 2014, domain: 'elite', from: 'russia', to: 'china', action: 'elite_forum', source: 'Mo22 L416' };
  for (const [lang, table] of Object.entries({ en, ru, kk })) {
    useTable(/** @type {any} */ (lang), table);
    missing.clear();
    for (const m of keyMoments(d)) assert.ok(!m.includes('?'), `${lang}: a moment is not a question: ${m}`);
    const text = questionText(q);
    assert.ok(text.includes(lang === 'en' ? 'Elite forum' : table['action.elite_forum']), `${lang}: ${text}`);
    assert.ok(!questionText({ ...q, action: null }).includes(lang === 'en' ? 'Elite forum' : table['action.elite_forum']), `${lang}: no move, none named`);
    assert.deepEqual([...missing], []);
  }
  useTable('en', en);
  assert.equal(questionText(q), 'In 2014 China took the lead in elite influence from Russia (its move: Elite forum). What made the difference, and could Russia have stopped it?');
});

// A what-if card with a historical year says when it happened; one without
// (year 0) is a possible event, never "outside its historical year".
test('a what-if question: the real year, or a possible event', () => {
  const hist = { kind: 'what_if', turn: 1, year: 2013, event: 'ukraine_invasion' };
  const none = { kind: 'what_if', turn: 1, year: 2013, event: 'world_order_shift' };
  for (const [lang, table] of Object.entries({ en, ru, kk })) {
    useTable(/** @type {any} */ (lang), table);
    missing.clear();
    assert.ok(questionText(hist).includes('2022'), `${lang}: ${questionText(hist)}`);
    assert.ok(!questionText(none).includes('undefined') && !/\{/.test(questionText(none)), `${lang}: ${questionText(none)}`);
    assert.notEqual(questionText(none).replace('World-order shift', ''), questionText(hist).replace('Invasion of Ukraine', ''));
    assert.deepEqual([...missing], []);
  }
  useTable('en', en);
  assert.equal(questionText(none), 'In 2013 “World-order shift” came up: a possible event, not history. How did it change the game, and how likely was it?');
  assert.equal(questionText(hist), 'In 2013 “Invasion of Ukraine” happened; history had it in 2022. How did it change the game compared with history?');
});

test('a win on a tiebreak says which criterion decided it', () => {
  const rel = { china: 4, russia: 4, west: -2, kazakhstan: 1 };
  const tie = { ...d, result: { ...d.result, winner: 'russia', relative: rel, rank: ['russia', 'china', 'kazakhstan', 'west'], decided_by: 'domains_led' } };
  // every criterion of RULES.md §9 after the margin (generated from the rules), in every language
  const criteria = TIEBREAKS.filter((id) => id !== 'margin');
  assert.ok(criteria.includes('ahead_of_pace') && criteria.includes('draw'));
  for (const [lang, table] of Object.entries({ en, ru, kk })) {
    useTable(/** @type {any} */ (lang), table);
    for (const by of criteria) {
      missing.clear();
      const first = story({ ...tie, result: { ...tie.result, decided_by: by } })[0];
      assert.ok(table['tiebreak.' + by], `${lang}: no name for ${by}`);
      assert.ok(first.includes(table['tiebreak.' + by]), `${lang}: ${first}`);
      assert.deepEqual([...missing], []);
    }
    assert.ok(!story({ ...tie, result: { ...tie.result, decided_by: 'margin' } })[0].includes(table['tiebreak.domains_led']));
  }
  useTable('en', en);
  assert.equal(story(tie)[0], 'Russia won with a margin of +4; China came second (+4). Russia and China ended level on margin; Russia ranks first on the next criterion: domains led.');
});

test("the game-over card's line (game_over.by, protocol 1.5): the criterion in words; nothing on margin, absent or unknown", () => {
  useTable('en', en);
  assert.equal(tieWords('west', 'china', 'ahead_of_pace'), "the West and China ended level on margin; the West ranks first on the next criterion: ahead of par's pace over the game.");
  for (const by of ['margin', undefined, '', 'coin_toss']) assert.equal(tieWords('west', 'china', by), '', String(by));
});

test('the story names every seat that led the race as often as the most (not one of them)', () => {
  const years = ['kazakhstan', 'china', 'west', 'russia'].map((leading, i) => ({ ...d.years[i], leading }));
  const shared = { ...d, years };
  for (const [lang, table] of Object.entries({ en, ru, kk })) {
    useTable(/** @type {any} */ (lang), table);
    missing.clear();
    const line = story(shared)[1];
    assert.deepEqual([...missing], []);
    for (const s of ['kazakhstan', 'china', 'west', 'russia']) assert.ok(line.includes(table['seat.' + s]), `${lang}: ${line}`);
  }
  useTable('en', en);
  assert.equal(story(shared)[1], 'Kazakhstan, China, the West, Russia each led the race in 1 of 4 years.');
  const one = { ...d, years: d.years.map((y) => ({ ...y, leading: 'russia' })) };
  assert.equal(story(one)[1], `Russia led the race in ${d.years.length} of ${d.years.length} years.`);
});

// "the West" begins a sentence with a capital (the story read "the West won
// with a margin of +12" on the projector).
test('a story sentence that begins with a seat begins with a capital', () => {
  useTable('en', en);
  const west = { ...d, result: { ...d.result, winner: 'west', rank: ['west', 'russia', 'kazakhstan', 'china'], decided_by: 'margin' } };
  assert.match(story(west)[0], /^The West won with a margin of/);
  const led = { ...d, years: d.years.map((y) => ({ ...y, leading: 'west' })) };
  assert.match(story(led)[1], /^The West led the race/);
});
