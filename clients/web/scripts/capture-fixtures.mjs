// scripts/capture-fixtures.mjs — captures the rendering and unit tests'
// fixtures (clients/web/test/fixtures) from the current build: a real
// gg-server on loopback (GG_BIN, default build/bin; a journal in a temporary
// directory, for the debrief) plays a classroom game, seed 3, to its end.
// Russia and the West are the server's negotiator bots (their offers carry
// reasons); China and Kazakhstan are played here over /ws, as two browser
// pages would: chat in every channel, deals (a consent fee China pays, a
// payment it promises and does not make: a broken promise), orders (up to
// three affordable actions a turn, the consents Kazakhstan sold) and the
// crisis the teacher brings in (January 2022, in turn 2).
//
// Writes
//   test/fixtures/kazakhstan.jsonl  every message Kazakhstan's socket
//       received, in order (the page's stream; direct replies included), after
//       a first line {"t":"fixture",...} saying how and on which rules
//       version it was captured;
//   test/fixtures/debrief.json      the server's debrief of the same game
//       (the `debrief` request, as /debrief/ID reads it), with a "fixture"
//       key saying the same.
// The unit test test/unit/fixtures.test.js fails while either is older than
// public/data/rules.json or disagrees with itself. The server is stopped
// at the end (and on any failure).
//
//   node --experimental-websocket clients/web/scripts/capture-fixtures.mjs [OUT_DIR]
// (Node 22 and later need no flag; the script re-runs itself with it when
// WebSocket is missing.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

if (typeof WebSocket === 'undefined') {
  const r = spawnSync(process.execPath, ['--experimental-websocket', '--no-warnings', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status === null ? 1 : r.status);
}

const { startServer } = await import('../test/server.js');
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] || path.join(here, '..', 'test', 'fixtures'));
const rules = JSON.parse(fs.readFileSync(path.join(here, '..', 'public', 'data', 'rules.json'), 'utf8'));

const SCENARIO = 'classroom';
const SEED = 3;
const BOTS = { russia: 'negotiator', west: 'negotiator' };
const CRISIS_TURN = 2;
const BROKEN_TURN = 3; // China promises 2 capital for consent and does not pay
const TIMEOUT = 30000;

/** One WebSocket speaking the protocol's JSON form; replies matched by rid. */
class Sock {
  /** @param {string} url @param {string} name */
  constructor(url, name) {
    this.name = name;
    this.ws = new WebSocket(url);
    /** @type {any[]} */ this.got = [];
    /** @type {Map<number, (m: any) => void>} */ this.wait = new Map();
    /** @type {((m: any) => void)[]} */ this.watchers = [];
    this.rid = 0;
    this.state = /** @type {any} */ (null);
    this.last = 0;
    this.open = new Promise((resolve, reject) => {
      this.ws.onopen = resolve;
      this.ws.onerror = () => reject(new Error(name + ': socket error'));
    });
    this.ws.onmessage = (ev) => {
      const m = JSON.parse(String(ev.data));
      this.got.push(m);
      if (m.seq) this.last = m.seq;
      if (m.t === 'state') this.state = m;
      if (m.rid && this.wait.has(m.rid) && !(m.t === 'debrief_data' && m.part > 1)) {
        const f = this.wait.get(m.rid);
        this.wait.delete(m.rid);
        f(m);
      }
      for (const w of this.watchers) w(m);
    };
  }

  /** Sends a request; resolves with its reply. @param {any} m */
  async req(m) {
    await this.open;
    const rid = ++this.rid;
    const reply = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no reply to ${m.t}`)), TIMEOUT);
      this.wait.set(rid, (r) => { clearTimeout(timer); resolve(r); });
    });
    this.ws.send(JSON.stringify({ ...m, rid }));
    return reply;
  }

  /** Like req, but a refusal throws. @param {any} m */
  async must(m) {
    const r = await this.req(m);
    if (r.t === 'error') throw new Error(`${this.name}: ${m.t} refused: ${r.name} ${r.msg || ''} ${JSON.stringify(m)}`);
    return r;
  }

  /** Resolves when a message satisfies pred: one received already (if `past`) or the next. */
  until(pred, what, past = true) {
    const hit = past ? this.got.find(pred) : null;
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: waited ${TIMEOUT} ms for ${what}`)), TIMEOUT);
      const w = (m) => {
        if (!pred(m)) return;
        clearTimeout(timer);
        this.watchers = this.watchers.filter((x) => x !== w);
        resolve(m);
      };
      this.watchers.push(w);
    });
  }

  /** Resolves when the seat is in (turn, phase) — now or at its next state — or the game is over. */
  phase(turn, phase) {
    const at = (/** @type {any} */ m) => (m.t === 'state' && m.turn === turn && m.phase === phase) || m.t === 'game_over';
    if (this.over()) return Promise.resolve(this.got.find((m) => m.t === 'game_over'));
    if (this.state && at(this.state)) return Promise.resolve(this.state);
    return this.until(at, `turn ${turn} ${phase}`, false);
  }

  over() { return this.got.some((m) => m.t === 'game_over'); }
  close() { this.ws.close(); }
}

/** A socket joined with a code. */
async function joined(url, name, code) {
  const s = new Sock(url, name);
  await s.must({ t: 'hello', v: 1, name: 'gg-web capture', feat: 0 });
  await s.must({ t: 'join', code });
  return s;
}

/**
 * Up to three affordable actions, the ones not ordered last turn first, then
 * in the server's order; `first` orders go before them (consents sold,
 * payments promised).
 * @param {any} st the seat's state @param {string} seat @param {any[]} first
 */
function pickOrders(st, seat, first, lastTurn = new Set()) {
  const left = { ...st.view.res[seat] };
  const o = [...first];
  const pay = (/** @type {Record<string, number>} */ c) => {
    if (Object.entries(c || {}).some(([r, n]) => (left[r] || 0) < n)) return false;
    for (const [r, n] of Object.entries(c || {})) left[r] -= n;
    return true;
  };
  const legal = (st.legal || []).filter((l) => l.a !== 'transfer' && l.a !== 'consent' && !o.some((x) => x.a === l.a));
  const fresh = [...legal.filter((l) => !lastTurn.has(l.a)), ...legal.filter((l) => lastTurn.has(l.a))];
  for (const l of fresh) {
    if (o.length >= first.length + 3) break;
    if (pay(l.c)) o.push(l.t ? { a: l.a, t: l.t } : { a: l.a });
  }
  return o;
}

const server = await startServer(['--data', fs.mkdtempSync(path.join(os.tmpdir(), 'gg-capture-'))]);
/** @type {Sock[]} */
const socks = [];
try {
  const url = `ws://127.0.0.1:${server.port}/ws`;
  const lobby = new Sock(url, 'lobby');
  socks.push(lobby);
  await lobby.must({ t: 'hello', v: 1, name: 'gg-web capture', feat: 0 });
  const g = await lobby.must({ t: 'create_game', scen: SCENARIO, seed: SEED, bots: BOTS });
  lobby.close();
  const kz = await joined(url, 'kazakhstan', g.codes.kazakhstan);
  const cn = await joined(url, 'china', g.codes.china);
  const mod = await joined(url, 'teacher', g.mod);
  socks.push(kz, cn, mod);
  const seen = new Set();
  const lastOrders = { china: new Set(), kazakhstan: new Set() };
  /** Deals open to `me` this turn, from others, not yet answered here. */
  const offersTo = (/** @type {Sock} */ s, /** @type {string} */ me, /** @type {number} */ turn) => {
    const deals = new Map();
    for (const m of s.got) if (m.t === 'deal_update') deals.set(m.deal.id, m.deal);
    for (const d of (s.state.view.deals || [])) if (!deals.has(d.id)) deals.set(d.id, d);
    return [...deals.values()].filter((d) => d.st === 'open' && d.turn === turn && d.by !== me && d.parties.includes(me) && !seen.has(me + d.id));
  };
  let chinaOwes = /** @type {any[]} */ ([]);
  for (let turn = 1; !kz.over(); turn++) {
    await kz.phase(turn, 'diplomacy');
    await cn.phase(turn, 'diplomacy');
    if (kz.over()) break;
    const year = kz.state.year;
    if (turn === CRISIS_TURN) await mod.must({ t: 'inject_event', ev: 'january_unrest' });
    // Chat: public, private both ways, and Kazakhstan's team note.
    if (turn === 1) {
      await cn.must({ t: 'chat', ch: 'public', text: 'China will fund the Khorgos dry port. Who wants in?' });
      await cn.must({ t: 'chat', ch: 'private', to: ['kazakhstan'], text: 'Let our projects through this year and we pay the fee up front.' });
      await kz.must({ t: 'chat', ch: 'public', text: 'Kazakhstan welcomes investment from every direction: multi-vector, as always.' });
      await kz.must({ t: 'chat', ch: 'team', text: 'Keep stability above 4 and sell consent, do not give it away.' });
      await kz.must({ t: 'chat', ch: 'private', to: ['china'], text: 'One capital per turn and you have our consent.' });
    } else if (turn === BROKEN_TURN) {
      await cn.must({ t: 'chat', ch: 'private', to: ['kazakhstan'], text: 'Two capital this time, for consent to everything we build.' });
      await kz.must({ t: 'chat', ch: 'private', to: ['china'], text: 'Agreed. We will remember whether you pay.' });
    } else if (turn === BROKEN_TURN + 1) {
      await kz.must({ t: 'chat', ch: 'public', text: `China promised two capital in ${year - 1} and never paid.` });
      await kz.must({ t: 'chat', ch: 'team', text: 'No more consent to China on credit.' });
    } else {
      await kz.must({ t: 'chat', ch: 'public', text: `${year}: Kazakhstan keeps every route open.` });
    }
    // China's offers: a fee of 1 paid up front (turns 1-2), then 2 promised
    // and not paid (BROKEN_TURN); none after the broken promise.
    chinaOwes = [];
    const offer = turn < BROKEN_TURN ? [{ k: 'consent', power: 'china', a: 'any', fee: 1 }]
      : turn === BROKEN_TURN ? [{ k: 'transfer', from: 'china', to: 'kazakhstan', r: 'capital', n: 2 }, { k: 'consent', power: 'china', a: 'any' }] : null;
    if (offer) {
      const r = await cn.must({ t: 'propose', parties: ['kazakhstan'], cl: offer });
      await kz.until((m) => m.t === 'deal_update' && m.deal.id === r.id, `China's offer ${r.id}`);
    }
    // Kazakhstan answers every offer: China's while it pays, the first of
    // each bot's consent offers; the rest rejected.
    const took = new Set();
    for (const d of offersTo(kz, 'kazakhstan', turn)) {
      seen.add('kazakhstan' + d.id);
      const consent = d.cl.some((c) => c.k === 'consent');
      const acc = d.by === 'china' ? turn <= BROKEN_TURN : consent && !took.has(d.by);
      if (acc) took.add(d.by);
      await kz.req({ t: 'respond', deal: d.id, acc });
    }
    // China answers the bots' offers to it: rejects them all.
    for (const d of offersTo(cn, 'china', turn)) {
      seen.add('china' + d.id);
      await cn.req({ t: 'respond', deal: d.id, acc: false });
    }
    for (const m of cn.got) if (m.t === 'deal_update' && m.deal.by === 'china' && m.deal.st === 'accepted' && m.deal.turn === turn) chinaOwes.push(m.deal);
    await cn.req({ t: 'ready', turn, phase: 'diplomacy', seen: cn.last });
    await kz.req({ t: 'ready', turn, phase: 'diplomacy', seen: kz.last });
    // Offers after ready keep diplomacy open: answer them (rejected) and say ready again.
    for (;;) {
      const st = await Promise.race([kz.phase(turn, 'orders'), new Promise((r) => setTimeout(() => r(null), 1500))]);
      if (st || kz.over()) break;
      for (const d of offersTo(kz, 'kazakhstan', turn)) { seen.add('kazakhstan' + d.id); await kz.req({ t: 'respond', deal: d.id, acc: false }); }
      for (const d of offersTo(cn, 'china', turn)) { seen.add('china' + d.id); await cn.req({ t: 'respond', deal: d.id, acc: false }); }
      await cn.req({ t: 'ready', turn, phase: 'diplomacy', seen: cn.last });
      await kz.req({ t: 'ready', turn, phase: 'diplomacy', seen: kz.last });
    }
    if (kz.over()) break;
    await cn.phase(turn, 'orders');
    // Orders: China pays the fees it agreed up front (not the promise of
    // BROKEN_TURN); Kazakhstan gives China consent while it sells it.
    const pays = chinaOwes.flatMap((d) => d.cl.filter((c) => c.k === 'consent' && c.fee).map((c) => ({ a: 'transfer', t: 'kazakhstan', r: 'capital', n: c.fee })));
    const cnOrders = pickOrders(cn.state, 'china', pays, lastOrders.china);
    const kzOrders = pickOrders(kz.state, 'kazakhstan', turn <= BROKEN_TURN ? [{ a: 'consent', t: 'china' }] : [], lastOrders.kazakhstan);
    for (const [s, seat, o] of /** @type {const} */ ([[cn, 'china', cnOrders], [kz, 'kazakhstan', kzOrders]])) {
      const r = await s.req({ t: 'orders', turn, o });
      if (r.t === 'error') throw new Error(`${seat} turn ${turn}: orders refused: ${r.name} ${JSON.stringify(r.errs)} ${JSON.stringify(o)}`);
      lastOrders[seat] = new Set(o.map((x) => x.a));
      await s.req({ t: 'ready', turn, phase: 'orders' });
    }
    // The crisis step (Kazakhstan alone), or the next turn.
    const next = await kz.until((m) => (m.t === 'state' && (m.turn > turn || (m.turn === turn && m.phase === 'crisis'))) || m.t === 'game_over', `after turn ${turn}'s orders`);
    if (next.t === 'state' && next.phase === 'crisis') {
      const resp = (next.legal || []).map((l) => l.r || l.a).filter(Boolean);
      const opts = resp.length ? resp : rules.responses.map((/** @type {any} */ r) => r.id);
      await kz.must({ t: 'crisis_response', r: opts.includes('dialogue') ? 'dialogue' : opts[0] });
    }
  }
  await kz.until((m) => m.t === 'game_over', 'game over');
  // The debrief, as the teacher's page reads it.
  const parts = [];
  await new Promise((resolve, reject) => {
    const take = (/** @type {any} */ m) => {
      if (m.t !== 'debrief_data') return;
      parts[m.part - 1] = Buffer.from(m.data, 'base64');
      if (parts.filter(Boolean).length === m.parts) resolve(null);
    };
    mod.watchers.push(take);
    mod.req({ t: 'debrief' }).then((r) => { if (r.t === 'error') reject(new Error('debrief: ' + r.name)); }, reject);
  });
  const debrief = JSON.parse(Buffer.concat(parts).toString('utf8'));
  // The server says which rules it plays (PROTOCOL.md [P3.3]): a fixture of
  // other rules than the client's rule data would review a game no page shows.
  const welcome = kz.got.find((m) => m.t === 'welcome');
  if (!welcome || welcome.rules !== rules.rules_version) {
    throw new Error(`the server plays rules ${welcome && welcome.rules}, public/data/rules.json is ${rules.rules_version}: rebuild, or run build/bin/gg-arena --dump-rules > clients/web/public/data/rules.json`);
  }
  const fixture = { t: 'fixture', by: 'clients/web/scripts/capture-fixtures.mjs', rules_version: rules.rules_version, scenario: SCENARIO, seed: SEED, bots: BOTS };
  fs.mkdirSync(out, { recursive: true });
  // The resume token and session id differ every run: fixed, so that a
  // recapture on an unchanged build changes nothing.
  const got = kz.got.map((m) => (m.t === 'joined' ? { ...m, tok: 'tok-1' } : m.t === 'welcome' ? { ...m, sid: 's-1' } : m));
  fs.writeFileSync(path.join(out, 'kazakhstan.jsonl'), [fixture, ...got].map((m) => JSON.stringify(m)).join('\n') + '\n');
  fs.writeFileSync(path.join(out, 'debrief.json'), JSON.stringify({ fixture, ...debrief }) + '\n');
  const n = (t) => kz.got.filter((m) => m.t === t).length;
  console.log(`captured in ${out}: kazakhstan.jsonl (${kz.got.length} messages: ${n('state')} states, ${n('deal_update')} deal updates, ${n('chat')} chat, ${n('turn_result')} turn results), debrief.json (${debrief.turns} turns, winner ${debrief.result && debrief.result.winner}); rules version ${rules.rules_version}, seed ${SEED}`);
} finally {
  for (const s of socks) s.close();
  await server.stop();
}
