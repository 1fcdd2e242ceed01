// pages/console.js — the teacher's console (/teacher/game/ID or
// /teacher/game/ID1,ID2,… for parallel tables). Each table is joined with its
// moderator code, so the page sees the moderator view: every seat's board,
// submitted orders, all chat (private and team included) and the deals in
// flight. With several tables an overview shows each one's phase, clock and
// who has not submitted; every table has the moderator's controls: pause,
// resume, extend, inject an event, hand a seat to a bot, end. One table's
// console also forks a what-if: a new game from the end of a turn, with new
// join codes (fork_game, PROTOCOL.md [P6.12]).
//
// Moderator codes come from this browser's lessons (pages/teacher.js) or are
// asked for once and kept in the tab's sessionStorage.

import { h, mount } from '../h.js';
import { t, num, catName, catText, seatName, seatLabel, errText, getRules, SEATS } from '../i18n.js';
import { Conn, wsUrl } from '../net.js';
import { ERRORS } from '../gen/protocol.js';
import { Game } from '../store.js';
import { mapSvg, gauges, scoreStrip, marginLine, seatBadge } from '../ui/board.js';
import { dealCard } from '../ui/deals.js';
import { orderText } from '../ui/orders.js';
import { gameOver } from '../ui/news.js';
import { findTable } from './teacher.js';
import { langPicker } from './home.js';
import { normCode } from './play.js';

/** Minutes the extend buttons add. */
const EXTEND_MIN = [1, 5];

/** The console's selections, kept across the once-a-second redraws. */
const picked = { /** @type {Record<number, string>} */ ev: {}, /** @type {Record<number, string>} */ seat: {},
  /** @type {Record<number, string>} */ turn: {} };

/** One table the console follows. */
class Table {
  /** @param {string} id @param {number} index @param {() => void} changed */
  constructor(id, index, changed) {
    this.id = id;
    this.index = index;
    this.game = new Game();
    this.status = 'connecting';
    this.msg = '';
    this.refused = false;
    const found = findTable(id);
    let code = found ? found.table.mod : '';
    try { code = code || sessionStorage.getItem('gg.mod.' + id) || ''; } catch { /* */ }
    this.code = code;
    /** The moderator code being typed into the form. */
    this.typed = '';
    this.conn = new Conn({
      url: wsUrl(),
      name: 'gg-web teacher',
      onStream: (m) => { this.game.apply(m, ''); changed(); },
      onStatus: (s, detail) => {
        if (this.refused) return; // closed by us: not a moderator code
        this.status = s;
        if (s === 'joined') this.game.setJoined(detail);
        if (s === 'failed') this.msg = errText((detail && detail.name) || 'BAD_CODE');
        changed();
      },
      onDirect: (m) => {
        if (m.t === 'error' && m.code) this.msg = errText((ERRORS[m.code] && ERRORS[m.code].name) || 'INTERNAL');
        changed();
      },
    });
    this.changed = changed;
    /** @type {any} the game_forked reply of the last fork, or null */
    this.forked = null;
    this.forking = false;
  }

  /** Joins with the moderator code (the only role that may steer). */
  async start() {
    if (!this.code) { this.status = 'need-code'; this.changed(); return; }
    try {
      await this.conn.open();
      const j = await this.conn.join(this.code);
      if (j.role !== 'moderator') {
        this.refused = true;
        this.conn.close();
        this.status = 'failed';
        this.msg = t('console.not_moderator');
      } else {
        try { sessionStorage.setItem('gg.mod.' + this.id, this.code); } catch { /* */ }
      }
    } catch (e) {
      this.status = 'failed';
      this.msg = errText(/** @type {any} */ (e).name || 'CONNECT_FAILED');
    }
    this.changed();
  }

  /** Sends a moderator command and reports its error, if any. @param {import("../net.js").Msg} m */
  async send(m) {
    this.msg = '';
    try {
      await this.conn.request(m);
    } catch (e) {
      const err = /** @type {any} */ (e);
      this.msg = errText((ERRORS[err.code] && ERRORS[err.code].name) || 'INTERNAL');
    }
    this.changed();
  }

  /** Forks a new game from the end of `turn` (the server answers with its
   * codes); its moderator code is kept for its console. @param {number} turn */
  async fork(turn) {
    this.msg = '';
    this.forked = null;
    this.forking = true;
    this.changed();
    try {
      const f = await this.conn.request({ t: 'fork_game', game: this.id, turn });
      this.forked = f;
      try { sessionStorage.setItem('gg.mod.' + f.game, f.mod); } catch { /* */ }
    } catch (e) {
      const err = /** @type {any} */ (e);
      this.msg = errText((ERRORS[err.code] && ERRORS[err.code].name) || err.name || 'INTERNAL');
    }
    this.forking = false;
    this.changed();
  }

  /** Turns this table has resolved (each can be forked from), as its state shows. */
  resolvedTurns() {
    const st = this.game.state;
    if (!st) return 0;
    return st.phase === 'crisis' || st.phase === 'over' || this.game.over ? st.turn : st.turn - 1;
  }

  /** Seats the phase waits for: in orders those that owe orders, in
   * diplomacy those that owe an answer to an offer ([P6.14] `wait`). */
  waitingFor() {
    const st = this.game.state;
    if (st && st.phase === 'diplomacy') return this.game.waits().map((w) => w.seat);
    if (!st || st.phase !== 'orders') return [];
    const done = new Set(st.view.submitted || []);
    return SEATS.filter((s) => !done.has(s));
  }
}

/** The clock of a table as m:ss, "paused" or "no deadline". @param {Game} g */
function clock(g) {
  const st = g.state;
  if (st && st.paused) return t('clock.paused');
  if (st && st.phase === 'over') return '—';
  const ms = g.msLeft();
  if (ms === null) return t('clock.none');
  const sec = Math.ceil(ms / 1000);
  return Math.floor(sec / 60) + ':' + String(sec % 60).padStart(2, '0');
}

/** Phase, year and turn. @param {Game} g */
function phaseLine(g) {
  const st = g.state;
  if (!st) return t('common.waiting');
  return t('phase.' + (g.over ? 'over' : st.phase)) + ' · ' +
    t('top.year', { year: String(st.year), n: st.turn, of: (st.view.opt && st.view.opt.turns) || 0 });
}

/**
 * [P6.14] Whom diplomacy waits for, with whose offer (the moderator sees
 * every deal), and what ends the wait: the first thing a teacher looks for
 * when a table stops moving. @param {Game} g
 */
function waitBanner(g) {
  const waits = g.waits();
  if (!waits.length) return null;
  return h('div', { class: 'wait-note console-wait', role: 'status' },
    h('ul', null, waits.map((w) => h('li', null,
      t(w.deal ? 'wait.offer_by' : 'wait.offer', { who: seatName(w.seat), by: w.deal ? seatName(w.deal.by) : '' })))),
    h('p', { class: 'wait-help' }, t('console.wait_help')));
}

/** The moderator's controls for one table. @param {Table} tb */
function controls(tb) {
  const st = tb.game.state;
  const live = st && st.phase !== 'over' && !tb.game.over;
  const rules = getRules();
  const events = rules ? rules.events : [];
  const ev = picked.ev[tb.index] || (events[0] && events[0].id) || '';
  const seat = picked.seat[tb.index] || SEATS[0];
  const value = (/** @type {Event} */ e) => /** @type {HTMLSelectElement} */ (e.target).value;
  return h('div', { class: 'controls', role: 'group', 'aria-label': t('console.controls') },
    h('div', { class: 'row wrap' },
      st && st.paused
        ? h('button', { type: 'button', disabled: !live, onclick: () => tb.send({ t: 'resume_game' }) }, t('console.resume'))
        : h('button', { type: 'button', disabled: !live, onclick: () => tb.send({ t: 'pause' }) }, t('console.pause')),
      // Extending needs a deadline (a phase without one waits for every seat).
      EXTEND_MIN.map((m) => h('button', { type: 'button', disabled: !live || !st.dl, onclick: () => tb.send({ t: 'extend', secs: m * 60 }) },
        t('console.extend', { n: m }))),
      h('button', { type: 'button', class: 'danger', disabled: !live, onclick: () => {
        if (confirm(t('console.end_confirm'))) tb.send({ t: 'end_game' });
      } }, t('console.end'))),
    h('div', { class: 'row wrap' },
      h('label', { class: 'field' }, h('span', null, t('console.event')),
        h('select', { id: 'ev-' + tb.index, onchange: (/** @type {Event} */ e) => { picked.ev[tb.index] = value(e); } },
          events.map((/** @type {any} */ e) =>
            h('option', { value: e.id, selected: e.id === ev, title: catText('events', e.id) }, catName('events', e.id))))),
      h('button', { type: 'button', disabled: !live || (st && st.phase === 'crisis'), onclick: () => tb.send({ t: 'inject_event', ev: picked.ev[tb.index] || ev }) },
        t('console.inject')),
      h('label', { class: 'field' }, h('span', null, t('console.bot_seat')),
        h('select', { id: 'bs-' + tb.index, onchange: (/** @type {Event} */ e) => { picked.seat[tb.index] = value(e); } },
          SEATS.map((s) => h('option', { value: s, selected: s === seat }, seatLabel(s))))),
      h('button', { type: 'button', disabled: !live, onclick: () => tb.send({ t: 'replace_with_bot', seat: picked.seat[tb.index] || seat }) },
        t('console.bot'))),
    h('p', { class: 'muted' }, t('console.bot_help')),
    tb.msg ? h('p', { class: 'err', role: 'alert' }, tb.msg) : null);
}

/** "Fork from turn N": a new game where a turn left this one, and its codes
 * once the server made it. @param {Table} tb */
function forkPanel(tb) {
  const n = tb.resolvedTurns();
  const turns = Array.from({ length: n }, (_, i) => i + 1);
  const turn = Number(picked.turn[tb.index]) || n;
  const f = tb.forked;
  return h('section', { class: 'controls fork', 'aria-label': t('console.fork') },
    h('h2', null, t('console.fork')),
    h('p', { class: 'muted' }, t('console.fork_help')),
    n ? h('div', { class: 'row wrap' },
      h('label', { class: 'field' }, h('span', null, t('console.fork_turn')),
        h('select', { id: 'fork-turn-' + tb.index, onchange: (/** @type {Event} */ e) => {
          picked.turn[tb.index] = /** @type {HTMLSelectElement} */ (e.target).value; tb.changed();
        } }, turns.map((k) => h('option', { value: String(k), selected: k === turn }, String(k))))),
      h('button', { type: 'button', class: 'fork-go', disabled: tb.forking, onclick: () => tb.fork(turn) },
        t('console.fork_go', { n: turn })))
      : h('p', { class: 'muted' }, t('console.fork_none')),
    f ? h('div', { class: 'card forked', role: 'status' },
      h('p', null, h('strong', null, t('console.forked', { id: f.game, n: f.turn }))),
      h('ul', { class: 'fork-codes' },
        SEATS.map((s) => h('li', null, seatBadge(s), ' ', h('code', { class: 'code', 'data-seat': s }, f.codes[s]))),
        h('li', null, seatName('observer'), ' ', h('code', { class: 'code', 'data-seat': 'observer' }, f.obs)),
        h('li', null, seatName('moderator'), ' ', h('code', { class: 'code', 'data-seat': 'moderator' }, f.mod))),
      h('p', { class: 'muted' }, t('console.fork_hash', { hash: f.hash, n: f.turn })),
      h('a', { href: '/teacher/game/' + encodeURIComponent(f.game) }, t('console.fork_open'))) : null);
}

/** Every seat's resources and, once submitted, its orders. @param {any} v */
function seatsPanel(v) {
  const done = new Set(v.submitted || []);
  return h('ul', { class: 'seat-cards' }, SEATS.map((s) => {
    const orders = (v.orders && v.orders[s]) || [];
    const res = (v.res && v.res[s]) || {};
    return h('li', { class: 'card' },
      h('div', { class: 'row' }, seatBadge(s), v.phase === 'orders' ? h('span', { class: done.has(s) ? 'ok' : 'warn' },
        done.has(s) ? t('console.submitted') : t('console.not_submitted')) : null),
      h('p', { class: 'muted' }, Object.entries(res).map(([r, n]) => t('res.' + r) + ' ' + num(Number(n))).join(' · ')),
      orders.length ? h('ol', null, orders.map((/** @type {any} */ o) => h('li', null, orderText(o, s))))
        // once over, no orders are coming: say nothing rather than "not yet"
        : v.phase === 'over' ? null : h('p', { class: 'muted' }, t('console.no_orders')));
  }));
}

/** All chat, every channel, newest last. @param {Game} g */
function chatLog(g) {
  const lines = g.chat.slice(-60);
  const chan = (/** @type {any} */ m) => m.ch === 'private'
    ? t('console.ch_private', { to: (m.to || []).map(seatName).join(', ') })
    : t('console.ch_' + (m.ch || 'public'));
  return h('ol', { class: 'chat-log', 'aria-label': t('console.chat') }, lines.length
    ? lines.map((m) => h('li', null, h('span', { class: 'ch' }, '[', chan(m), '] '),
      h('strong', null, seatLabel(m.from || 'moderator')), ': ', h('span', { class: 'text' }, m.text)))
    : h('li', { class: 'muted' }, t('chat.empty')));
}

/** The full console of one table. @param {Table} tb */
function tableView(tb) {
  const g = tb.game, st = g.state;
  if (!st) return h('p', { class: 'waiting' }, tb.status === 'failed' ? tb.msg : t('common.waiting'));
  const v = st.view;
  const open = g.dealList().filter((d) => d.st === 'open');
  return h('div', { class: 'console-table' },
    scoreStrip(v, { vp: g.over ? g.over.vp : null, rel: g.over ? g.over.rel : null, winner: g.over ? g.over.winner : null, kept: g.kept, broken: g.broken }),
    waitBanner(g),
    // A finished table has nothing left to steer: its result and the way to
    // the debrief where the controls were (forking stays, below the board).
    g.over ? gameOver({ ...g.over, game: g.over.game || tb.id }) : st.phase === 'over' ? null : controls(tb),
    h('div', { class: 'layout' },
      h('section', { class: 'board', 'aria-label': t('board.title') }, mapSvg(v), gauges(v)),
      h('section', { class: 'side' },
        h('h2', null, t('console.seats')), seatsPanel(v),
        h('h2', null, t('console.deals')),
        open.length ? h('ul', { class: 'cards' }, open.map((d) => dealCard(d, '', null))) : h('p', { class: 'muted' }, t('console.no_deals')),
        h('h2', null, t('console.chat')), chatLog(g))),
    // Forking is for after a turn, not for the running class: below the board.
    forkPanel(tb));
}

/** The overview row of one table among several. @param {Table} tb */
function overviewRow(tb) {
  const g = tb.game;
  const waiting = tb.waitingFor();
  return h('tr', null,
    h('th', { scope: 'row' }, h('a', { href: '/teacher/game/' + encodeURIComponent(tb.id) }, t('console.table_n', { n: tb.index + 1 }))),
    h('td', null, phaseLine(g)),
    h('td', null, g.state ? marginLine(g.state.view, { vp: g.over ? g.over.vp : null, rel: g.over ? g.over.rel : null, winner: g.over ? g.over.winner : undefined }) : '—'),
    h('td', { class: 'clock' }, clock(g)),
    h('td', null, waiting.length ? [waiting.map((s) => seatBadge(s)),
      g.state && g.state.phase === 'diplomacy' ? h('span', { class: 'muted' }, ' ', t('console.to_answer')) : null] : '—'),
    // a finished table has nothing left to control: its debrief instead
    h('td', null, tb.status !== 'joined' ? h('span', { class: 'err' }, tb.msg || t('conn.' + tb.status))
      : g.over || (g.state && g.state.phase === 'over') ? h('a', { href: '/debrief/' + encodeURIComponent(tb.id) }, t('console.debrief')) : controls(tb)));
}

/** @param {HTMLElement} root @param {string[]} ids */
export function consolePage(root, ids) {
  let frame = 0;
  const schedule = () => { if (!frame) frame = requestAnimationFrame(() => { frame = 0; render(); }); };
  const tables = ids.slice(0, 8).map((id, i) => new Table(id, i, schedule));
  /** @type {any} */ (window).__gg = { tables };

  function askCode(/** @type {Table} */ tb) {
    return h('form', { class: 'card', onsubmit: (/** @type {Event} */ ev) => {
      ev.preventDefault();
      tb.code = normCode(/** @type {HTMLInputElement} */ (document.getElementById('mod-' + tb.index)).value);
      tb.status = 'connecting';
      tb.start();
    } },
    h('label', { for: 'mod-' + tb.index }, t('console.ask_code', { n: tb.index + 1 })),
    // (what is typed is kept: the console redraws every second for its clocks)
    h('div', { class: 'row' }, h('input', { id: 'mod-' + tb.index, autocomplete: 'off', autocapitalize: 'characters', value: tb.typed,
      oninput: (/** @type {Event} */ ev) => { tb.typed = /** @type {HTMLInputElement} */ (ev.target).value; } }),
      h('button', { type: 'submit', class: 'primary' }, t('home.go'))));
  }

  function render() {
    document.title = t('console.title') + ' — ' + t('app.name');
    const one = tables.length === 1 ? tables[0] : null;
    const asks = tables.filter((tb) => tb.status === 'need-code').map(askCode);
    mount(root, h('div', { class: 'game teacher-console' },
      h('header', { class: 'topbar' },
        h('strong', null, t('console.title')),
        one ? h('div', { class: 'phase' }, phaseLine(one.game)) : h('div', null, t('console.n_tables', { n: tables.length })),
        one ? h('div', { class: 'clock', role: 'timer', 'aria-label': t('clock.label') }, clock(one.game)) : null,
        h('nav', { class: 'row' }, one ? h('a', { href: '/teacher/codes/' + encodeURIComponent(one.id) }, t('console.codes')) : null,
          h('a', { href: '/debrief/' + tables.map((tb) => encodeURIComponent(tb.id)).join(',') }, t(one ? 'console.debrief' : 'console.debrief_all')),
          h('a', { href: '/teacher' }, t('teacher.back'))),
        langPicker(render)),
      h('main', { id: 'main' }, asks,
        one ? tableView(one) : h('table', { class: 'overview' },
          h('caption', null, t('console.overview')),
          h('thead', null, h('tr', null, ['table', 'phase', 'score', 'clock', 'waiting', 'controls'].map((c) =>
            h('th', { scope: 'col' }, t('console.col_' + c))))),
          h('tbody', null, tables.map(overviewRow))))));
  }

  render();
  setInterval(schedule, 1000); // the clocks
  for (const tb of tables) tb.start();
}
