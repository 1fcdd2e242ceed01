// The captured streams the rendering tests replay (test/fixtures) must say
// what a current gg-server says, or the screenshots review a game no server
// plays. They are made by scripts/capture-fixtures.mjs (a real gg-server on
// loopback, a seeded classroom game; see the script's header): rerun it
// after a change to the rules, the protocol or the server's views. These
// tests fail when a fixture was captured on another rules version than
// public/data/rules.json, when its running score is missing or does not add
// up (a fixture from before view.score showed "0 VP · par 115 · −115" in
// turn 3 for every seat), when the two fixtures are not the same game, or
// when a "what if" card is flagged otherwise than the engine flags it
// (rules/engine.c out_of_year: the event has a year and it is not the
// game's year; a timeless card such as "A quiet year" never is).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { stream } from '../fixture.js';

const rules = JSON.parse(fs.readFileSync(new URL('../../public/data/rules.json', import.meta.url), 'utf8'));
const yearOf = new Map(rules.events.map((/** @type {any} */ e) => [e.id, e.year]));
const SEATS = ['china', 'russia', 'west', 'kazakhstan'];
const lines = fs.readFileSync(new URL('../fixtures/kazakhstan.jsonl', import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const debrief = JSON.parse(fs.readFileSync(new URL('../fixtures/debrief.json', import.meta.url), 'utf8'));
const RECAPTURE = 'recapture: node clients/web/scripts/capture-fixtures.mjs';

test('both fixtures were captured by the script on the rules version the client ships', () => {
  const meta = lines[0];
  assert.equal(meta.t, 'fixture', `kazakhstan.jsonl has no capture line: ${RECAPTURE}`);
  assert.equal(meta.by, 'clients/web/scripts/capture-fixtures.mjs');
  assert.equal(meta.rules_version, rules.rules_version, `kazakhstan.jsonl is from rules version ${meta.rules_version}, rules.json is ${rules.rules_version}: ${RECAPTURE}`);
  const welcome = lines.find((m) => m.t === 'welcome');
  assert.equal(welcome && welcome.rules, rules.rules_version, `the server that played kazakhstan.jsonl said rules ${welcome && welcome.rules}: ${RECAPTURE}`);
  assert.ok(debrief.fixture, `debrief.json has no capture record: ${RECAPTURE}`);
  assert.deepEqual(debrief.fixture, meta, 'debrief.json and kazakhstan.jsonl come from one capture');
  assert.equal(debrief.seed, String(meta.seed));
  assert.equal(debrief.scenario, meta.scenario);
});

test('kazakhstan.jsonl: every state carries the running score, and it adds up', () => {
  const msgs = stream('kazakhstan');
  const states = msgs.filter((m) => m.t === 'state');
  const sc = rules.scenarios.find((/** @type {any} */ x) => x.id === states[0].view.scen);
  const gamePar = Object.fromEntries(sc.pars.map((/** @type {any} */ p) => [SEATS[p.a], p.value]));
  for (const m of states) {
    const score = m.view.score;
    assert.ok(score, `seq ${m.seq} (turn ${m.turn} ${m.phase}): a state without view.score: ${RECAPTURE}`);
    for (const s of SEATS) {
      const x = score[s];
      assert.ok(x, `seq ${m.seq}: no score for ${s}`);
      assert.equal(x.margin, x.vp - x.par, `seq ${m.seq} ${s}: margin ${x.margin} is not vp ${x.vp} − par ${x.par}`);
      assert.equal(x.game_par, gamePar[s], `seq ${m.seq} ${s}: game par ${x.game_par}, the scenario's is ${gamePar[s]}`);
      assert.ok(x.par > 0, `seq ${m.seq} ${s}: par ${x.par}`);
    }
    // "as if scored now": from the first resolution on, points are on the board
    if (m.turn > 1) assert.ok(SEATS.some((s) => score[s].vp > 0), `seq ${m.seq} (turn ${m.turn}): every seat at 0 VP`);
  }
  // "ahead of pace" (RULES.md §9): the margin on the strip at the start of each turn after the first, summed
  const pace = Object.fromEntries(SEATS.map((s) => [s, 0]));
  let turn = states[0].turn;
  for (const m of states) {
    if (m.turn !== turn && m.phase !== 'over') {
      turn = m.turn;
      for (const s of SEATS) pace[s] += m.view.score[s].margin;
    }
    for (const s of SEATS) assert.equal(m.view.score[s].pace, pace[s], `seq ${m.seq} (turn ${m.turn}) ${s}: pace`);
  }
  assert.ok(SEATS.some((s) => pace[s] !== 0), 'some seat ran off par\'s pace');
  assert.ok(states.some((m) => m.turn >= 3), 'the stream reaches turn 3 (the render tests stop there)');
  const over = msgs.find((m) => m.t === 'game_over');
  assert.ok(over, 'the game ends');
  const last = states.at(-1).view.score;
  for (const s of SEATS) {
    assert.equal(over.vp[s], last[s].vp, `${s}: the final state's VP is game_over's`);
    assert.equal(over.rel[s], over.vp[s] - gamePar[s], `${s}: game_over's margin is VP less the par`);
  }
});

test('debrief.json is the same game: the result, one year per turn, margins that add up', () => {
  const over = stream('kazakhstan').find((m) => m.t === 'game_over');
  const r = debrief.result;
  assert.equal(r.winner, over.winner);
  assert.deepEqual(r.rank, over.rank);
  assert.deepEqual(r.vp, over.vp);
  assert.deepEqual(r.relative, over.rel);
  // game_over.by (protocol 1.5) is the debrief's decided_by
  assert.equal(over.by, r.decided_by);
  assert.equal(debrief.years.length, debrief.turns);
  debrief.years.forEach((/** @type {any} */ y, /** @type {number} */ i) => {
    assert.equal(y.year, debrief.year0 + i);
    assert.ok(SEATS.every((s) => Number.isInteger(y.vp[s]) && Number.isInteger(y.margin[s])), `year ${y.year}`);
    assert.ok(SEATS.some((s) => y.vp[s] > 0), `year ${y.year}: every seat at 0 VP`);
  });
  const end = debrief.years.at(-1);
  for (const s of SEATS) assert.equal(end.margin[s], r.relative[s], `${s}: the last year's margin is the result's`);
  // what the debrief page and its unit tests need to reach every kind
  for (const kind of ['broken_promise', 'crisis', 'domain', 'what_if']) assert.ok(debrief.questions.some((/** @type {any} */ q) => q.kind === kind), `a ${kind} question`);
  assert.ok(debrief.chat.some((/** @type {any} */ c) => c.ch === 'private'), 'a private message');
});

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
  const d = debrief;
  let n = 0;
  for (const turn of d.log) for (const item of turn.news || []) {
    n++;
    assert.equal(!!item.what_if, !!yearOf.get(item.id) && yearOf.get(item.id) !== d.year0 + turn.turn - 1, `turn ${turn.turn}: ${item.id}`);
  }
  assert.ok(n > 0);
});
