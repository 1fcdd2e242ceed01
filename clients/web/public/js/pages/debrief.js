// pages/debrief.js — the debrief (/debrief/ID), projected or printed, and
// the comparative debrief of parallel tables (/debrief/ID1,ID2,...). Built
// from the server's `debrief` reply (PROTOCOL.md [P6.11]): the story, the
// charts (ui/debrief_charts.js), the promise ledger, every turn's news,
// orders and what they changed with the papers' quotes, and discussion
// questions drawn from what happened. Exports: Markdown and JSON from the
// data; the replay file through `export_replay` (the teacher's code).
//
// Which code opens a table: the teacher's moderator code (this browser's
// lessons, or the console's), else the code this tab played with
// (sessionStorage gg.game.ID, set by the player's page), else the page asks.
// The server decides: the moderator at any time; seats and observers once
// the game is over unless it keeps its secrets (`priv`).

import { h, mount } from '../h.js';
import { t, signed, seatName, seatLabel, sentence, catName, catText, changeText, errText, whatIf, SEATS, TRACKS } from '../i18n.js';
import { Conn, wsUrl } from '../net.js';
import { ERRORS } from '../gen/protocol.js';
import { seatBadge } from '../ui/board.js';
import { evidence } from '../ui/orders.js';
import { vpRace, trackChart, trackLegend, leaderMap, routeShares, compareMargins, chartSize } from '../ui/debrief_charts.js';
import { story, keyMoments, questionText, orderWords, clauseWords, changeWords, seatList, debriefMarkdown, gameHeading, lengthNotes } from '../ui/debrief_text.js';
import { findTable } from './teacher.js';
import { langPicker } from './home.js';
import { normCode } from './play.js';

/** The code this browser holds for a game, if any. @param {string} id */
function knownCode(id) {
  const found = findTable(id);
  if (found && found.table.mod) return found.table.mod;
  try { return sessionStorage.getItem('gg.mod.' + id) || sessionStorage.getItem('gg.game.' + id) || ''; } catch { return ''; }
}

/** Base64 (the JSON form of a `bin` field) to bytes. @param {string} b64 */
function bytes(b64) {
  const bin = atob(b64 || '');
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Sends a request whose reply comes in parts (`debrief_data`, `replay`:
 * `part` 1..`parts`) and resolves with the parts' bytes joined.
 * @param {Conn} conn @param {import('../net.js').Msg} m @param {(m: any) => void} hook sets the onDirect sink
 */
function partsRequest(conn, m, hook) {
  return new Promise((resolve, reject) => {
    /** @type {Uint8Array[]} */
    const got = [];
    let want = 0;
    const take = (/** @type {any} */ r) => {
      got[r.part - 1] = bytes(r.data);
      want = r.parts;
      if (got.filter(Boolean).length === want) {
        hook(null);
        const all = new Uint8Array(got.reduce((n, b) => n + b.length, 0));
        let at = 0;
        for (const b of got) { all.set(b, at); at += b.length; }
        resolve(all);
      }
    };
    // The first part answers the request; the rest come as direct messages
    // with the same rid.
    hook((/** @type {any} */ r) => { if (r.t === 'debrief_data' || r.t === 'replay') take(r); });
    conn.request(m).then(take, (e) => { hook(null); reject(e); });
  });
}

/** One table of the debrief. */
class Table {
  /** @param {string} id @param {number} index @param {() => void} changed */
  constructor(id, index, changed) {
    this.id = id;
    this.index = index;
    this.changed = changed;
    this.code = knownCode(id);
    this.status = this.code ? 'loading' : 'need-code';
    /** The code being typed into this table's form. */
    this.typed = '';
    this.msg = '';
    this.role = '';
    /** @type {any} */
    this.data = null;
    this.json = '';
    /** @type {((m: any) => void) | null} */
    this.sink = null;
    this.conn = new Conn({ url: wsUrl(), name: 'gg-web debrief', onStream: () => {}, onDirect: (m) => { if (this.sink) this.sink(m); } });
  }

  /** Joins with the code and reads the debrief. */
  async load() {
    this.status = 'loading';
    this.msg = '';
    this.changed();
    try {
      if (!this.conn.ws) await this.conn.open();
      const j = await this.conn.join(this.code);
      this.role = j.role;
      const raw = await partsRequest(this.conn, { t: 'debrief' }, (f) => { this.sink = f; });
      this.json = new TextDecoder().decode(raw);
      this.data = JSON.parse(this.json);
      this.status = 'ready';
      if (this.role === 'moderator') try { sessionStorage.setItem('gg.mod.' + this.id, this.code); } catch { /* */ }
    } catch (e) {
      const err = /** @type {any} */ (e);
      const name = err && err.name ? err.name : (err && err.code && ERRORS[err.code] ? ERRORS[err.code].name : 'INTERNAL');
      this.status = 'failed';
      this.msg = name === 'FORBIDDEN' ? t('debrief.forbidden') : errText(name);
      this.conn.close();
      this.conn = new Conn({ url: wsUrl(), name: 'gg-web debrief', onStream: () => {}, onDirect: (m) => { if (this.sink) this.sink(m); } });
    }
    this.changed();
  }

  /** Asks for the replay file (the teacher's code) and saves it. */
  async replay() {
    try {
      const raw = await partsRequest(this.conn, { t: 'export_replay' }, (f) => { this.sink = f; });
      save(`game-${this.id}.ggreplay`, 'application/octet-stream', raw);
    } catch (e) {
      const err = /** @type {any} */ (e);
      this.msg = errText((err && err.name) || 'INTERNAL');
      this.changed();
    }
  }
}

/** Offers bytes or text as a download. @param {string} name @param {string} type @param {BlobPart} body */
function save(name, type, body) {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = h('a', { href: url, download: name, class: 'sr' }, name);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** The export and print buttons of one table. @param {Table} tb */
function exports(tb) {
  const base = `debrief-${tb.id}`;
  return h('div', { class: 'row wrap no-print exports', role: 'group', 'aria-label': t('debrief.export') },
    h('button', { type: 'button', id: 'x-print', onclick: () => print() }, t('briefing.print')),
    h('button', { type: 'button', id: 'x-md', onclick: () => save(base + '.md', 'text/markdown', debriefMarkdown(tb.data)) }, t('debrief.export_md')),
    h('button', { type: 'button', id: 'x-json', onclick: () => save(base + '.json', 'application/json', tb.json) }, t('debrief.export_json')),
    tb.role === 'moderator'
      ? h('button', { type: 'button', id: 'x-replay', onclick: () => tb.replay() }, t('debrief.export_replay'))
      : h('span', { class: 'muted' }, t('debrief.replay_teacher')));
}

/** The promise ledger: each seat's record, then every deal. @param {any} d */
function ledger(d) {
  return h('section', { 'aria-labelledby': 'ledger-h', class: 'ledger' },
    h('h2', { id: 'ledger-h' }, t('debrief.ledger')),
    h('ul', { class: 'records row wrap' }, SEATS.map((s) => h('li', { class: 'card' }, seatBadge(s), ' ',
      t('deal.record', { k: d.promises[s].kept, b: d.promises[s].broken })))),
    d.deals.length ? h('table', { class: 'data deals-table' },
      h('caption', { class: 'sr' }, t('debrief.ledger')),
      h('thead', null, h('tr', null, ['year', 'deal', 'status', 'parties', 'terms'].map((c) => h('th', { scope: 'col' }, t('debrief.col_' + c))))),
      h('tbody', null, d.deals.map((/** @type {any} */ x) => h('tr', { class: 'st-' + x.status },
        h('td', null, String(d.year0 + x.turn - 1)),
        h('th', { scope: 'row' }, t('deal.number', { n: x.id })),
        h('td', null, t('status.' + x.status), x.breachers.length ? h('strong', null, ' — ', t('deal.broken_by', { who: seatList(x.breachers) })) : null),
        h('td', null, t('deal.by', { who: seatName(x.proposer) }), ': ', seatList(x.parties)),
        h('td', null, sentence(x.clauses.map(clauseWords).join('; ')))))))
      : h('p', { class: 'muted' }, t('debrief.no_deals')));
}

/** One turn of the story: news with quotes, orders with outcomes, what changed, chat. @param {any} d @param {any} turn */
function turnBlock(d, turn) {
  const chat = (d.chat || []).filter((/** @type {any} */ c) => c.turn === turn.turn);
  return h('section', { class: 'turn card', 'aria-labelledby': 'turn-' + turn.turn },
    h('h3', { id: 'turn-' + turn.turn }, t('debrief.turn_head', { year: String(turn.year), n: turn.turn })),
    turn.news.length ? h('ul', { class: 'news-list' }, turn.news.map((/** @type {any} */ n) => h('li', null,
      h('strong', null, catName('events', n.id)), n.what_if ? h('span', { class: 'tag what-if' }, whatIf(n.id)) : null,
      h('details', { class: 'rule' }, h('summary', null, t('debrief.quote')), evidence(n.source))))) : null,
    turn.resolved ? h('ul', { class: 'acts' }, SEATS.map((s) => h('li', null, seatBadge(s), ' ',
      (turn.orders[s] || []).length ? h('ul', null, turn.orders[s].map((/** @type {any} */ o) => h('li', { class: 'out-' + o.outcome },
        orderWords(o, s), ' — ', t('out.' + o.outcome),
        // what the order changed (its `chg`, as the turn report said it);
        // what the action does in general sits with its paper
        (o.chg || []).length ? h('span', { class: 'chg-line' }, ': ', o.chg.map(changeText).join(' · ')) : null,
        o.source ? h('details', { class: 'rule' }, h('summary', null, t('debrief.quote')),
          o.action && o.action !== 'transfer' ? h('p', { class: 'muted fx-line' }, catText('actions', o.action)) : null,
          evidence(o.source)) : null)))
        : t('news.no_orders')))) : h('p', { class: 'muted' }, t('debrief.not_resolved')),
    turn.crisis ? h('p', { class: 'warn' }, t('debrief.crisis'), ': ', catName('responses', turn.crisis.id)) : null,
    turn.breaches && turn.breaches.length ? h('p', { class: 'err' }, t('debrief.breaches', { who: seatList(turn.breaches) })) : null,
    (turn.changes || []).length ? h('div', { class: 'changed' }, h('h4', null, t('debrief.changed')),
      h('ul', { class: 'changes' }, turn.changes.map((/** @type {any} */ c) => h('li', null, changeWords(c))))) : null,
    chat.length ? h('details', { class: 'chat-turn' }, h('summary', null, t('debrief.chat', { n: chat.length })),
      h('ol', { class: 'chat-log' }, chat.map((/** @type {any} */ c) => h('li', null,
        h('span', { class: 'ch' }, '[', c.ch === 'private' ? t('console.ch_private', { to: c.to.map(seatName).join(', ') }) : t('console.ch_' + c.ch), '] '),
        h('strong', null, seatLabel(c.from)), ': ', h('span', { class: 'text' }, c.text))))) : null);
}

/** The whole debrief of one table. @param {Table} tb */
function single(tb) {
  const d = tb.data;
  const moments = keyMoments(d);
  return h('article', { class: 'debrief-body' },
    h('section', { class: 'story', 'aria-labelledby': 'story-h' },
      h('h2', { id: 'story-h' }, t('debrief.story')),
      story(d).map((p) => h('p', { class: 'lead' }, p)),
      moments.length ? [h('h3', null, t('debrief.moments')), h('ol', { class: 'moments' }, moments.map((m) => h('li', null, m)))] : null,
      d.result ? h('h3', null, t('debrief.result')) : null,
      d.result ? h('ol', { class: 'ranking' }, d.result.rank.map((/** @type {string} */ s) => h('li', null, seatBadge(s), ' ',
        t('score.vp', { n: d.result.vp[s] }), ' · ', t('over.margin'), ' ', signed(d.result.relative[s])))) : null),
    d.years.length ? h('section', { class: 'charts', 'aria-labelledby': 'charts-h' },
      h('h2', { id: 'charts-h' }, t('debrief.charts')),
      vpRace(d),
      h('h3', null, t('debrief.tracks_title')), trackLegend(d),
      h('div', { class: 'small-multiples' }, TRACKS.map((k) => trackChart(d, 'tracks', k)), trackChart(d, 'globals', 'escalation')),
      leaderMap(d), routeShares(d)) : h('p', { class: 'muted' }, t('debrief.no_years')),
    ledger(d),
    h('section', { 'aria-labelledby': 'turns-h' }, h('h2', { id: 'turns-h' }, t('debrief.turns')), d.log.map((/** @type {any} */ x) => turnBlock(d, x))),
    h('section', { class: 'questions', 'aria-labelledby': 'q-h' },
      h('h2', { id: 'q-h' }, t('debrief.questions')),
      h('ol', null, (d.questions || []).map((/** @type {any} */ q) => h('li', { class: 'question', 'data-kind': q.kind }, h('p', null, questionText(q)), evidence(q.source))))));
}

/** The comparative debrief of several tables. @param {Table[]} tables */
function compare(tables) {
  const ready = tables.filter((tb) => tb.data);
  const labels = ready.map((tb) => t('console.table_n', { n: tb.index + 1 }));
  const same = ready.every((tb) => tb.data.scenario === ready[0].data.scenario && tb.data.seed === ready[0].data.seed);
  const crises = (/** @type {any} */ d) => d.log.filter((/** @type {any} */ x) => x.crisis).map((/** @type {any} */ x) => `${x.year}: ${catName('responses', x.crisis.id)}`);
  const kept = (/** @type {any} */ d) => d.deals.filter((/** @type {any} */ x) => ['accepted', 'fulfilled', 'breached'].includes(x.status));
  // A deal "differs" when no other table made one with the same year and terms.
  const dealKey = (/** @type {any} */ d, /** @type {any} */ x) => (d.year0 + x.turn - 1) + ':' + x.clauses.map(clauseWords).join('; ');
  const keys = ready.map((tb) => new Set(kept(tb.data).map((/** @type {any} */ x) => dealKey(tb.data, x))));
  const onlyHere = (/** @type {number} */ k, /** @type {any} */ x) => keys.length > 1 && keys.every((ks, j) => j === k || !ks.has(dealKey(ready[k].data, x)));
  const hands = (/** @type {any} */ d) => (d.questions || []).filter((/** @type {any} */ q) => q.kind === 'domain')
    .map((/** @type {any} */ q) => t('debrief.c_hand', { year: String(q.year), dom: t('domain.' + q.domain), from: seatName(q.from), to: seatName(q.to) }));
  const row = (/** @type {string} */ key, /** @type {(d: any) => any} */ f) => h('tr', null, h('th', { scope: 'row' }, t(key)), ready.map((tb) => h('td', null, f(tb.data))));
  return h('article', { class: 'debrief-body compare' },
    h('p', { class: 'lead' }, same && ready.length ? t('debrief.same_start', { scen: catName('scenarios', ready[0].data.scenario), seed: ready[0].data.seed }) : t('debrief.different_start')),
    ready.length ? compareMargins(ready.map((tb) => tb.data), labels) : null,
    ready.length ? h('table', { class: 'data compare-table' },
      h('caption', null, t('debrief.compare_caption')),
      h('thead', null, h('tr', null, h('td', null), labels.map((l) => h('th', { scope: 'col' }, l)))),
      h('tbody', null,
        row('debrief.c_winner', (d) => d.result ? [seatBadge(d.result.winner), ' ', signed(d.result.relative[d.result.winner])] : t('debrief.running')),
        row('debrief.c_end', (d) => d.result ? t('end.' + d.result.reason) : t('debrief.running')),
        row('debrief.c_rank', (d) => d.result ? d.result.rank.map(seatName).join(' › ') : '—'),
        row('debrief.c_deals', (d) => t('debrief.c_deals_n', { n: d.deals.length, k: kept(d).length })),
        row('debrief.c_broken', (d) => { const b = d.deals.filter((/** @type {any} */ x) => x.breachers.length); return b.length ? b.map((/** @type {any} */ x) => `${t('deal.number', { n: x.id })}: ${seatList(x.breachers)}`).join('; ') : '—'; }),
        row('debrief.c_crises', (d) => crises(d).join('; ') || '—'),
        row('debrief.c_leaders', (d) => { const y = d.years[d.years.length - 1]; return y ? Object.entries(y.leaders).map(([dom, s]) => `${t('domain.' + dom)}: ${s ? seatName(/** @type {string} */ (s)) : t('debrief.tie')}`).join(' · ') : '—'; }),
        row('debrief.c_hands', (d) => hands(d).join('; ') || '—'))) : null,
    h('section', { 'aria-labelledby': 'cdeals-h' }, h('h2', { id: 'cdeals-h' }, t('debrief.c_deals_title')),
      ready.length > 1 ? h('p', { class: 'muted' }, t('debrief.only_here_help')) : null,
      h('div', { class: 'compare-cols' }, ready.map((tb, k) => h('div', { class: 'card' }, h('h3', null, labels[k]),
        kept(tb.data).length ? h('ul', null, kept(tb.data).map((/** @type {any} */ x) => h('li', { class: onlyHere(k, x) ? 'only-here' : null },
          `${tb.data.year0 + x.turn - 1} · `, x.clauses.map(clauseWords).join('; '), x.breachers.length ? h('strong', null, ' — ', t('deal.broken_by', { who: seatList(x.breachers) })) : null,
          onlyHere(k, x) ? h('span', { class: 'tag' }, t('debrief.only_here')) : null)))
          : h('p', { class: 'muted' }, t('debrief.no_deals')),
        h('p', null, h('a', { href: '/debrief/' + encodeURIComponent(tb.id) }, t('debrief.open_one', { n: tb.index + 1 }))))))));
}

/** @param {HTMLElement} root @param {string[]} ids */
export function debriefPage(root, ids) {
  let frame = 0;
  const schedule = () => { if (!frame) frame = requestAnimationFrame(() => { frame = 0; render(); }); };
  const tables = ids.slice(0, 8).map((id, i) => new Table(id, i, schedule));
  /** @type {any} */ (window).__gg = { tables };

  function askCode(/** @type {Table} */ tb) {
    return h('form', { class: 'card no-print', onsubmit: (/** @type {Event} */ ev) => {
      ev.preventDefault();
      tb.code = normCode(/** @type {HTMLInputElement} */ (document.getElementById('dcode-' + tb.index)).value);
      if (tb.code) tb.load();
    } },
    h('label', { for: 'dcode-' + tb.index }, t('debrief.ask_code', { n: tb.index + 1 })),
    // What was typed survives the redraws another table's loading causes.
    h('div', { class: 'row' }, h('input', { id: 'dcode-' + tb.index, autocomplete: 'off', autocapitalize: 'characters', value: tb.typed,
      oninput: (/** @type {Event} */ ev) => { tb.typed = /** @type {HTMLInputElement} */ (ev.target).value; } }),
      h('button', { type: 'submit', class: 'primary' }, t('home.go'))),
    tb.msg ? h('p', { class: 'err', role: 'alert' }, tb.msg) : null);
  }

  const narrow = () => innerWidth < 600;
  let drawnNarrow = narrow();
  addEventListener('resize', () => { if (narrow() !== drawnNarrow) schedule(); });

  function render() {
    drawnNarrow = narrow();
    chartSize(drawnNarrow);
    const one = tables.length === 1 ? tables[0] : null;
    const d = one && one.data;
    const title = d ? gameHeading(d) : one ? t('debrief.title') : t('debrief.compare_title_page', { n: tables.length });
    document.title = title + ' — ' + t('app.name');
    const waiting = tables.filter((tb) => tb.status !== 'ready');
    mount(root, h('div', { class: 'debrief-page' },
      h('header', { class: 'home-head no-print debrief-head' },
        h('nav', { class: 'row wrap', 'aria-label': t('debrief.nav') },
          one ? h('a', { href: '/teacher/game/' + encodeURIComponent(one.id) }, t('debrief.console')) : null,
          h('a', { href: '/teacher' }, t('teacher.back')), h('a', { href: '/' }, t('join.back'))),
        langPicker(render)),
      h('main', { id: 'main', class: 'debrief' },
        h('h1', null, title),
        d ? lengthNotes(d).map((n) => h('p', { class: 'lead length-note' }, n)) : null,
        d ? h('p', { class: 'muted' }, t('debrief.meta', { seed: d.seed }), ' · ',
          t(d.binding ? 'debrief.binding' : 'debrief.nonbinding')) : null,
        one && one.data ? exports(one) : null,
        one && one.status === 'ready' && one.msg ? h('p', { class: 'err', role: 'alert' }, one.msg) : null,
        waiting.map((tb) => tb.status === 'need-code' || tb.status === 'failed' ? askCode(tb) : h('p', { class: 'waiting', role: 'status' }, t('debrief.loading', { n: tb.index + 1 }))),
        one ? (one.data ? single(one) : null) : compare(tables))));
  }

  // Printed, every quote shows: the closed <details> open for the print.
  addEventListener('beforeprint', () => { for (const el of document.querySelectorAll('.debrief details.rule')) el.setAttribute('open', ''); });
  render();
  for (const tb of tables) if (tb.code) tb.load();
}

