// pages/play.js — the seat's screen (/join/CODE) and the projector
// (/watch/CODE, observer code). Joins or resumes (the resume token lives in
// the tab's sessionStorage; after a reload the whole kept stream is replayed
// from seq 1, so nothing is missed or doubled), folds stream messages into a
// Game and re-renders at most once per animation frame.

import { h, mount } from '../h.js';
import { t, num, seatName, sentence, resName, slotNames, errText, scenarioShort, SEATS } from '../i18n.js';
import { Conn, wsUrl } from '../net.js';
import { ERRORS } from '../gen/protocol.js';
import { Game } from '../store.js';
import { mapSvg, gauges, scoreStrip, seatBadge } from '../ui/board.js';
import { ordersPanel } from '../ui/orders.js';
import { dealsPanel, dealCard, offerButtons, composer } from '../ui/deals.js';
import { chatPanel, chatUi, unreadTotal, chatError } from '../ui/chat.js';
import { newsPanel, crisisDialog, gameOver } from '../ui/news.js';
import { langPicker } from './home.js';

/**
 * @typedef {object} Ctx
 * @property {Game} game
 * @property {Conn} conn
 * @property {() => void} rerender
 * @property {(msg: string) => void} toast
 * @property {() => HTMLElement} readyButton
 * @property {(tab: string) => void} showTab
 */

/** Notices told to the players as they happen. */
const NOTICES = ['paused', 'resumed', 'extended', 'bot', 'event'];

/** "bg7u 7jqe" -> "BG7U-7JQE": case, spaces and the dash do not matter. @param {string} raw */
export function normCode(raw) {
  const c = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return c.length === 8 ? c.slice(0, 4) + '-' + c.slice(4) : c;
}

/**
 * Mounts a game page into root.
 * @param {HTMLElement} root @param {string} code @param {'player'|'projector'} mode
 */
export function startGame(root, code, mode) {
  code = normCode(code);
  const game = new Game();
  const key = 'gg.tok.' + code;
  let tab = 'orders';
  let status = 'connecting';
  let frame = 0;
  let toastMsg = '';
  /** The toast a notice raised, and the turn it came in. */
  let noticeToast = '';
  let noticeTurn = 0;
  /** The seat's last `ready` as sent ({turn, phase, seen}); kept in the
   * tab's session storage so a reload still knows it. @type {{turn: number, phase: string, seen: number} | null} */
  let readySent = null;
  try { readySent = JSON.parse(sessionStorage.getItem('gg.ready.' + code) || 'null'); } catch { /* */ }
  let drawn = '';
  /** True while a resume replays the kept stream (until the head it announced). */
  let replaying = false;
  let head = 0;

  const conn = new Conn({
    url: wsUrl(),
    onStream: (m) => {
      if (m.t === 'game_over') m.game = game.gameId;
      // Pauses, extensions, bots and injected events are told as they happen
      // (not when a reload replays them).
      if (m.t === 'notice' && NOTICES.includes(m.what) && status === 'joined' && !replaying) {
        toastMsg = noticeToast = sentence(t('notice.' + m.what, { who: m.who ? seatName(m.who) : '', n: m.secs || 0 }));
        noticeTurn = game.state ? game.state.turn : 0;
      }
      game.apply(m, tab === 'chat' ? chatUi.open : '');
      // A notice is about the turn it came in: once the next turn begins it
      // is old news (a page that caught up with several turns at once showed
      // "The teacher brought an event into play" a year after the event).
      if (toastMsg && toastMsg === noticeToast && game.state && game.state.turn !== noticeTurn) toastMsg = noticeToast = '';
      if (replaying && (m.seq || 0) >= head) replaying = false;
      schedule();
    },
    onStatus: (s, detail) => {
      status = s;
      if (s === 'joined') {
        head = detail.head || 0; replaying = conn.last < head; game.setJoined(detail);
        // The debrief page (/debrief/GAME) opens this game with the same code.
        try { sessionStorage.setItem(key, conn.tok); sessionStorage.setItem('gg.game.' + detail.game, code); } catch { /* */ }
      }
      if (s === 'failed') { try { sessionStorage.removeItem(key); } catch { /* */ } toastMsg = errText(detail.name || 'BAD_CODE'); }
      schedule();
    },
    onDirect: (m) => {
      if (m.t === 'error' && m.re === 'chat') chatError(m);
      else if (m.t === 'error' && m.code === -208) { /* HISTORY_GONE: the fresh state follows; nothing to tell */ }
      else if (m.t === 'error' && m.code) toastMsg = errText((ERRORS[m.code] && ERRORS[m.code].name) || 'INTERNAL');
      schedule();
    },
  });
  // Tests read this: the page's game and connection.
  /** @type {any} */ (window).__gg = { game, conn, rerenderNow: () => render() };

  const ctx = /** @type {Ctx} */ ({
    game, conn,
    rerender: () => schedule(),
    toast: (msg) => { toastMsg = msg; schedule(); },
    readyButton: () => {
      const st = game.state;
      // Ready again once an offer came after it: diplomacy waits for an
      // answer or a ready that has seen the offer ([P6.13]).
      const done = !!st && !!readySent && readySent.turn === st.turn && readySent.phase === st.phase && !game.awaiting(readySent).length;
      return h('button', { type: 'button', id: 'ready', class: 'ready' + (done ? ' done' : ''), disabled: !st || done || st.phase === 'crisis' || st.phase === 'over',
        onclick: sendReady }, done ? t('ready.done') : t('ready.button'));
    },
    showTab: (x) => { tab = x; render(); },
  });

  /** `ready` with `seen`: the last stream seq this page has received and drawn. */
  async function sendReady() {
    const st = game.state;
    if (!st) return;
    const sent = { turn: st.turn, phase: st.phase, seen: conn.last };
    try {
      await conn.request({ t: 'ready', ...sent });
      readySent = sent;
      try { sessionStorage.setItem('gg.ready.' + code, JSON.stringify(sent)); } catch { /* */ }
    } catch (e) { toastMsg = errText((ERRORS[/** @type {any} */ (e).code] || { name: 'INTERNAL' }).name); }
    schedule();
  }

  /**
   * [P6.13] Offers that came after this seat said ready keep diplomacy open
   * for its answer: told plainly in a bar over the page, whichever tab is
   * open (on a phone above the tab bar), with the offer, its reasons and
   * Accept · Reject · Counter; gone once answered or ready again.
   */
  function answerBar() {
    const late = game.role === 'player' ? game.awaiting(readySent) : [];
    if (!late.length) return null;
    const by = [...new Set(late.map((d) => d.by))];
    const countering = late.some((d) => d.id === composer.counterOf);
    return h('section', { class: 'answer-bar', 'aria-labelledby': 'answer-h' },
      h('h2', { id: 'answer-h', role: 'alert' }, late.length === 1 || by.length === 1
        ? t('answer.waiting', { who: seatName(by[0]), n: late.length }) : t('answer.waiting_many', { n: late.length })),
      h('p', { class: 'answer-help' }, countering ? t('answer.countering') : t('answer.help')),
      countering ? null : h('ul', { class: 'cards' }, late.map((d) => dealCard(d, game.who, offerButtons(ctx, d), game.whys.get(d.id)))));
  }

  /**
   * [P6.14] Whom diplomacy waits for, said to everyone else: the projector
   * and the other seats ("… waiting for Kazakhstan to answer an offer"; the
   * offer's author only where this page may see the offer). The awaited
   * seat itself has the answer bar.
   */
  function waitNote() {
    const me = game.who;
    const lines = game.waits().filter((w) => w.seat !== me).map((w) => {
      const d = w.deal;
      const key = !d ? 'wait.offer' : d.by === me ? 'wait.your_offer' : 'wait.offer_by';
      return h('li', null, t(key, { who: seatName(w.seat), by: d ? seatName(d.by) : '' }));
    });
    return lines.length ? h('div', { class: 'wait-note', role: 'status' }, h('ul', null, lines)) : null;
  }

  const shell = {
    top: h('header', { class: 'topbar' }),
    score: h('div', { class: 'score' }),
    board: h('section', { class: 'board', 'aria-label': t('board.title') }),
    side: h('section', { class: 'side' }),
    toast: h('div', { class: 'toast', role: 'status', 'aria-live': 'polite' }),
    answer: h('div', { class: 'answer' }),
  };
  mount(root, h('div', { class: 'game ' + mode }, shell.top, shell.score,
    h('main', { class: 'layout', id: 'main' }, shell.board, shell.side), shell.answer, shell.toast));

  function schedule() {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; render(); });
  }

  function clockText() {
    const ms = game.msLeft();
    const st = game.state;
    if (st && st.paused) return t('clock.paused');
    if ((st && st.phase === 'over') || game.over) return '—'; // no clock once the game is over
    if (ms === null) return t('clock.none');
    const sec = Math.ceil(ms / 1000);
    return Math.floor(sec / 60) + ':' + String(sec % 60).padStart(2, '0');
  }

  function topbar() {
    const st = game.state;
    const ms = game.msLeft();
    return [
      // The projector names the game the class is playing, not itself.
      h('div', { class: 'who' }, game.who && SEATS.includes(game.who) ? seatBadge(game.who)
        : h('strong', null, t('app.name'), st && st.view.scen ? ' · ' + scenarioShort(st.view.scen) : '')),
      h('div', { class: 'phase' }, st ? t('phase.' + (game.over ? 'over' : st.phase)) + ' · ' + t('top.year', { year: String(st.year), n: st.turn, of: (st.view.opt && st.view.opt.turns) || st.view.end || 0 }) : t('common.waiting')),
      h('div', { class: 'clock' + (ms !== null && ms < 60000 ? ' amber' : ''), id: 'clock', role: 'timer', 'aria-label': t('clock.label') }, clockText()),
      h('div', { class: 'conn conn-' + status }, t('conn.' + status)),
      mode === 'player' ? langPicker(() => render()) : null,
    ];
  }

  function resources(v) {
    return h('table', { class: 'resources' },
      h('caption', null, t('board.resources')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('board.seat')), [0, 1, 2].map((i) => h('th', { scope: 'col' }, t('res.slot' + i))))),
      h('tbody', null, SEATS.map((s) => h('tr', null, h('th', { scope: 'row' }, seatBadge(s)),
        slotNames(s).map((r) => h('td', { title: resName(s, r) }, num((v.res && v.res[s] && v.res[s][r]) || 0)))))));
  }

  let toastShown = '';
  let toastTimer = 0;
  function render() {
    const st = game.state;
    if (toastMsg !== toastShown) {
      // A toast goes by itself after 8 s (it never blocks the page: CSS).
      toastShown = toastMsg;
      clearTimeout(toastTimer);
      if (toastMsg) toastTimer = setTimeout(() => { toastMsg = ''; schedule(); }, 8000);
    }
    mount(shell.top, topbar());
    mount(shell.toast, toastMsg ? h('p', null, toastMsg, ' ', h('button', { type: 'button', class: 'small', 'aria-label': t('common.close'), onclick: () => { toastMsg = ''; render(); } }, '✕')) : null);
    if (!st) {
      mount(shell.board, h('p', { class: 'waiting' }, status === 'failed' ? t('join.failed') : t('common.waiting')));
      if (status === 'failed') mount(shell.side, h('a', { href: '/' }, t('join.back')));
      return;
    }
    const v = st.view;
    // The board depends only on the state, the result and the language:
    // chat lines and deal updates redraw the side panel alone.
    const boardKey = [st.seq, game.over ? 1 : 0, document.documentElement.lang].join('/');
    const boardStale = boardKey !== drawn;
    drawn = boardKey;
    if (boardStale) mount(shell.score, scoreStrip(v, { me: game.who, vp: game.over ? game.over.vp : null, rel: game.over ? game.over.rel : null, winner: game.over ? game.over.winner : null }));
    if (mode === 'projector') {
      if (boardStale) mount(shell.board, mapSvg(v), gauges(v));
      const pub = game.dealList().filter((d) => d.st !== 'open');
      mount(shell.side, game.over ? gameOver(game.over) : null, waitNote(), newsPanel(ctx),
        h('h3', null, t('watch.deals')), pub.length ? h('ul', { class: 'cards' }, pub.slice(0, 6).map((d) => dealCard(d, '', null, game.whys.get(d.id)))) : h('p', { class: 'muted' }, t('watch.no_deals')));
      return;
    }
    if (boardStale) mount(shell.board, mapSvg(v), gauges(v), resources(v));
    const bar = answerBar();
    mount(shell.answer, bar);
    const crisis = st.phase === 'crisis' && game.who === 'kazakhstan';
    const tabs = ['orders', 'deals', 'chat', 'news'];
    const unread = unreadTotal(ctx);
    const open = game.offers().length;
    const body = tab === 'orders' ? ordersPanel(ctx) : tab === 'deals' ? dealsPanel(ctx) : tab === 'chat' ? chatPanel(ctx) : newsPanel(ctx);
    mount(shell.side,
      crisis ? crisisDialog(ctx) : st.phase === 'crisis' ? h('p', { class: 'warn' }, t('crisis.waiting')) : null,
      game.over ? gameOver(game.over) : null,
      waitNote(),
      h('span', { id: 'tabs-anchor' }),
      h('nav', { class: 'tabs', role: 'tablist', 'aria-label': t('tabs.label') }, tabs.map((x) =>
        h('button', { type: 'button', role: 'tab', id: 'tab-' + x, 'aria-selected': String(x === tab), 'aria-controls': 'panel', class: x === tab ? 'on' : '',
          onclick: () => {
            tab = x;
            render();
            // Phone: one panel at a time under the map; bring it into view.
            if (innerWidth <= 800) document.getElementById('tabs-anchor')?.scrollIntoView({ block: 'start' });
          } },
        t('tabs.' + x),
        x === 'chat' && unread ? h('span', { class: 'badge' }, num(unread), h('span', { class: 'sr' }, ' ', t('chat.unread'))) : null,
        x === 'deals' && open ? h('span', { class: 'badge' }, num(open)) : null))),
      h('div', { class: 'panel', id: 'panel', role: 'tabpanel', 'aria-labelledby': 'tab-' + tab }, body));
    // On a phone the bar sits on the tab bar, whose height the language sets.
    if (bar) {
      const nav = shell.side.querySelector('.tabs');
      const px = nav && getComputedStyle(nav).position === 'fixed' ? nav.getBoundingClientRect().height + 'px' : '0px';
      if (shell.answer.style.getPropertyValue('--tabs-h') !== px) shell.answer.style.setProperty('--tabs-h', px);
    }
  }

  setInterval(() => {
    const c = document.getElementById('clock');
    if (c) {
      c.textContent = clockText();
      const ms = game.msLeft();
      c.classList.toggle('amber', ms !== null && ms < 60000);
    }
  }, 1000);

  (async () => {
    render();
    try {
      await conn.open();
      let tok = '';
      try { tok = sessionStorage.getItem(key) || ''; } catch { /* */ }
      if (tok) {
        try { await conn.resume(tok, 0); return; } catch (e) {
          if (/** @type {any} */ (e).code !== -205) throw e; // BAD_TOKEN: join afresh
        }
      }
      await conn.join(code);
    } catch (e) {
      const err = /** @type {any} */ (e);
      status = 'failed';
      toastMsg = errText(err.name || 'CONNECT_FAILED');
      if (err.code === -200) conn.close();
      render();
    }
  })();
  return ctx;
}

export { seatName };
