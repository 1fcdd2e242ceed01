// The captured streams the rendering tests replay (test/fixtures) must say
// what a current gg-server says, or the screenshots review a game no server
// plays. A "what if" card (drawn out of its historical year) is flagged by
// the engine (rules/engine.c out_of_year: the event has a year and it is not
// the game's year; a timeless card such as "A quiet year" never is); the page shows the flag only where the server sends
// it (report.whatif; the debrief's news[].what_if). The Kazakhstan stream was
// captured before protocol 1.1 sent `whatif`, and a projector screenshot
// showed the Ukraine invasion card in 2015 unflagged; its reports now carry
// the indices the engine sets.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { stream } from '../fixture.js';

const rules = JSON.parse(fs.readFileSync(new URL('../../public/data/rules.json', import.meta.url), 'utf8'));
const yearOf = new Map(rules.events.map((/** @type {any} */ e) => [e.id, e.year]));

test('kazakhstan.jsonl: every news card out of its year is flagged "what if", and only those', () => {
  const msgs = stream('kazakhstan');
  const years = new Map(msgs.filter((m) => m.t === 'state').map((m) => [m.turn, m.year]));
  let reports = 0, flagged = 0;
  for (const m of msgs) {
    const rep = m.t === 'turn_result' ? m.rep : m.t === 'state' ? m.view.report : null;
    if (!rep || !(rep.news || []).length) continue;
    reports++;
    const want = rep.news.flatMap((/** @type {string} */ id, /** @type {number} */ i) => {
      assert.ok(yearOf.has(id), `seq ${m.seq}: ${id} is not an event of the rules`);
      return yearOf.get(id) && yearOf.get(id) !== years.get(rep.turn) ? [i] : [];
    });
    assert.deepEqual(rep.whatif || [], want, `seq ${m.seq} (${m.t}, turn ${rep.turn}, ${years.get(rep.turn)}): news ${rep.news}`);
    flagged += want.length;
  }
  assert.ok(reports > 10 && flagged > 0, `${reports} reports, ${flagged} what-if cards`);
});

test('debrief.json: every news item out of its year says what_if, and only those', () => {
  const d = JSON.parse(fs.readFileSync(new URL('../fixtures/debrief.json', import.meta.url), 'utf8'));
  let n = 0;
  for (const turn of d.log) for (const item of turn.news || []) {
    n++;
    assert.equal(!!item.what_if, !!yearOf.get(item.id) && yearOf.get(item.id) !== d.year0 + turn.turn - 1, `turn ${turn.turn}: ${item.id}`);
  }
  assert.ok(n > 0);
});
