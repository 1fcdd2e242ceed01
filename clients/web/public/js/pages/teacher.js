// pages/teacher.js — the teacher's page (/teacher): create one game or
// several parallel tables for a class (same scenario and seed, so outcomes
// can be compared), with the 90-minute lesson preset or any protocol option;
// the list of this browser's classes; and the projector page of a table's
// join codes with their QR codes (/teacher/codes/GAME).
//
// The codes a teacher creates are kept in this browser's localStorage (they
// are the teacher's to hand out; the moderator code never leaves the
// teacher's machine except to join).

import { h, mount } from '../h.js';
import { t, catName, seatName, seatLabel, getRules, errText, SEATS } from '../i18n.js';
import { Conn, wsUrl } from '../net.js';
import { ERRORS } from '../gen/protocol.js';
import { qrSvg } from '../qr.js';
import { seatBadge } from '../ui/board.js';
import { langPicker } from './home.js';

/** The 90-minute lesson: 15 min briefing, six turns of about 9 minutes
 * (diplomacy 5, orders 3, crisis 1.5), 15 min debrief; a missed deadline is
 * played by a server bot so the class never waits; several students per seat. */
export const LESSON_PRESET = Object.freeze({
  scen: 'classroom', dl_dip: 300, dl_ord: 180, dl_cri: 90, miss: 'bot', teams: true, bind: false,
});

/** Most tables one class creates at once. */
export const MAX_TABLES = 8;

const STORE_KEY = 'gg.teacher';

/**
 * @typedef {{game: string, codes: Record<string, string>, obs: string, mod: string}} Table
 * @typedef {{id: string, at: number, scen: string, seed: number, bots: Record<string, string>, tables: Table[]}} Lesson
 */

/** This browser's lessons, newest first. @returns {Lesson[]} */
export function loadLessons() {
  try {
    const v = JSON.parse(localStorage.getItem(STORE_KEY) || '[]');
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

/** @param {Lesson[]} lessons */
function saveLessons(lessons) {
  try { localStorage.setItem(STORE_KEY, JSON.stringify(lessons.slice(0, 50))); } catch { /* private mode */ }
}

/** The table of game `id` from this browser's lessons, or null. @param {string} id */
export function findTable(id) {
  for (const l of loadLessons()) for (const tb of l.tables) if (tb.game === id) return { lesson: l, table: tb };
  return null;
}

/** A join link for `code` on this server. @param {string} kind @param {string} code */
export function joinUrl(kind, code) {
  return `${location.origin}/${kind}/${encodeURIComponent(code)}`;
}

/** A fresh seed shared by a class's tables (fits a JSON number exactly). */
function pickSeed() {
  const a = new Uint32Array(2);
  crypto.getRandomValues(a);
  return (a[0] & 0x1fffff) * 2 ** 32 + a[1] || 1;
}

/** The creator key as last typed: it stays in the field after a refusal
 * (BAD_CREATE_KEY), for a correction, until the page is left. */
let typedKey = '';

/**
 * Reads the form into a create_game message (without the seed).
 * @returns {import("../net.js").Msg}
 */
function readForm() {
  const val = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id)).value;
  const on = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id)).checked;
  /** @type {Record<string, string>} */
  const bots = {};
  for (const s of SEATS) if (val('bot-' + s)) bots[s] = val('bot-' + s);
  const msg = {
    t: 'create_game', scen: val('t-scen'),
    dl_dip: Number(val('t-dip')) * 60, dl_ord: Number(val('t-ord')) * 60, dl_cri: Number(val('t-cri')) * 60,
    miss: val('t-miss'), teams: on('t-teams'), bind: on('t-bind'), bots,
  };
  const key = val('t-key');
  typedKey = key;
  if (key) /** @type {any} */ (msg).key = key;
  return msg;
}

/** @param {HTMLElement} root */
export function teacherPage(root) {
  typedKey = '';
  let msg = '';
  let busy = false;
  const render = () => {
    document.title = t('teacher.title') + ' — ' + t('app.name');
    const rules = getRules();
    const num = (/** @type {string} */ id, /** @type {number} */ v, /** @type {string} */ label) =>
      h('label', { class: 'field' }, h('span', null, label),
        h('input', { id, type: 'number', min: 0, max: 60, step: 0.5, value: v, inputmode: 'decimal' }));
    const check = (/** @type {string} */ id, /** @type {boolean} */ v, /** @type {string} */ label) =>
      h('label', { class: 'check' }, h('input', { id, type: 'checkbox', checked: v }), ' ', label);
    const p = LESSON_PRESET;
    mount(root, h('main', { class: 'home teacher', id: 'main' },
      h('header', { class: 'home-head' }, h('h1', null, t('teacher.title')), langPicker(render)),
      h('p', { class: 'lead' }, t('teacher.lead')),
      h('section', { class: 'card', 'aria-labelledby': 'new-h' },
        h('h2', { id: 'new-h' }, t('teacher.new')),
        h('p', { class: 'muted' }, t('teacher.preset_help')),
        h('form', { onsubmit: (/** @type {Event} */ ev) => { ev.preventDefault(); create(); } },
          h('div', { class: 'row wrap' },
            h('label', { class: 'field' }, h('span', null, t('home.scenario')),
              h('select', { id: 't-scen' }, (rules ? rules.scenarios : []).map((/** @type {any} */ s) =>
                h('option', { value: s.id, selected: s.id === p.scen }, catName('scenarios', s.id))))),
            h('label', { class: 'field' }, h('span', null, t('teacher.tables')),
              h('input', { id: 't-n', type: 'number', min: 1, max: MAX_TABLES, value: 1, inputmode: 'numeric' }))),
          h('fieldset', null, h('legend', null, t('teacher.deadlines')),
            h('div', { class: 'row wrap' },
              num('t-dip', p.dl_dip / 60, t('phase.diplomacy')), num('t-ord', p.dl_ord / 60, t('phase.orders')),
              num('t-cri', p.dl_cri / 60, t('phase.crisis'))),
            h('p', { class: 'muted' }, t('teacher.deadlines_help'))),
          h('div', { class: 'row wrap' },
            h('label', { class: 'field' }, h('span', null, t('teacher.missed')),
              h('select', { id: 't-miss' }, ['bot', 'repeat', 'hold'].map((m) =>
                h('option', { value: m, selected: m === p.miss }, t('teacher.miss.' + m))))),
            check('t-teams', p.teams, t('teacher.teams')), check('t-bind', p.bind, t('teacher.binding'))),
          h('fieldset', null, h('legend', null, t('teacher.bots')),
            h('div', { class: 'row wrap' }, SEATS.map((s) => h('label', { class: 'field' }, h('span', null, seatLabel(s)),
              h('select', { id: 'bot-' + s },
                h('option', { value: '' }, t('teacher.bot.none')),
                ['greedy', 'mcts', 'negotiator'].map((b) => h('option', { value: b }, t('teacher.bot.' + b)))))))),
          h('label', { class: 'field' }, h('span', null, t('teacher.key')),
            h('input', { id: 't-key', type: 'password', autocomplete: 'off', value: typedKey, 'aria-describedby': 't-key-help' })),
          h('p', { id: 't-key-help', class: 'muted' }, t('teacher.key_help')),
          h('button', { type: 'submit', class: 'primary', id: 't-create', disabled: busy }, t('teacher.create')))),
      msg ? h('p', { class: 'err', role: 'alert' }, msg) : null,
      lessonList()));
  };

  function lessonList() {
    const lessons = loadLessons();
    return h('section', { class: 'card', 'aria-labelledby': 'mine-h' },
      h('h2', { id: 'mine-h' }, t('teacher.mine')),
      lessons.length ? h('ul', { class: 'lessons' }, lessons.map((l) => h('li', { class: 'lesson' },
        h('strong', null, catName('scenarios', l.scen)), ' · ', new Date(l.at).toLocaleString(),
        ' · ', t('teacher.n_tables', { n: l.tables.length }),
        h('div', { class: 'row wrap' },
          h('a', { class: 'button', href: '/teacher/game/' + l.tables.map((tb) => tb.game).join(',') },
            l.tables.length > 1 ? t('teacher.open_all') : t('teacher.open')),
          l.tables.map((tb, i) => h('a', { href: '/teacher/codes/' + encodeURIComponent(tb.game) },
            t('teacher.codes_of', { n: i + 1 }))))))) : h('p', { class: 'muted' }, t('teacher.none_yet')));
  }

  async function create() {
    const n = Math.max(1, Math.min(MAX_TABLES, Number(/** @type {HTMLInputElement} */ (document.getElementById('t-n')).value) || 1));
    const base = readForm();
    busy = true; msg = ''; render();
    const conn = new Conn({ url: wsUrl(), onStream: () => {} });
    /** @type {Lesson} */
    const lesson = { id: String(Date.now()), at: Date.now(), scen: base.scen, seed: pickSeed(), bots: base.bots, tables: [] };
    try {
      await conn.open();
      for (let i = 0; i < n; i++) {
        const g = await conn.request({ ...base, seed: lesson.seed });
        lesson.tables.push({ game: g.game, codes: g.codes, obs: g.obs, mod: g.mod });
      }
      conn.close();
      saveLessons([lesson, ...loadLessons()]);
      location.assign('/teacher/codes/' + encodeURIComponent(lesson.tables[0].game));
    } catch (e) {
      conn.close();
      if (lesson.tables.length) saveLessons([lesson, ...loadLessons()]); // keep what was made
      const err = /** @type {any} */ (e);
      msg = errText((ERRORS[err.code] && ERRORS[err.code].name) || err.name || 'CONNECT_FAILED');
      busy = false;
      render();
    }
  }
  render();
}

/** One code, large, with the QR of its link. @param {string} label @param {string} kind @param {string} code @param {Node} [badge] */
function codeCard(label, kind, code, badge) {
  const url = joinUrl(kind, code);
  const qr = h('div', { class: 'qr' });
  qr.innerHTML = qrSvg(url, t('teacher.qr_label', { who: label, code }));
  return h('li', { class: 'code-card' }, badge || h('strong', null, label),
    h('div', { class: 'code' }, code), qr, h('div', { class: 'muted url' }, url));
}

/** The projector page of one table's codes. @param {HTMLElement} root @param {string} gameId */
export function codesPage(root, gameId) {
  const found = findTable(gameId);
  const render = () => {
    document.title = t('teacher.codes_title') + ' — ' + t('app.name');
    if (!found) {
      mount(root, h('main', { class: 'home', id: 'main' }, h('h1', null, t('teacher.codes_title')),
        h('p', { class: 'err' }, t('teacher.unknown_game')), h('p', null, h('a', { href: '/teacher' }, t('teacher.back')))));
      return;
    }
    const { lesson, table } = found;
    const idx = lesson.tables.indexOf(table);
    mount(root, h('main', { class: 'codes-page', id: 'main' },
      h('header', { class: 'home-head' },
        h('h1', null, t('teacher.codes_heading', { n: idx + 1, of: lesson.tables.length, scen: catName('scenarios', lesson.scen) })),
        langPicker(render)),
      h('p', { class: 'lead' }, t('teacher.codes_help', { host: location.host })),
      h('ul', { class: 'code-grid' },
        // The students' seats (a seat the computer plays has a code too, kept
        // in this browser for a team that arrives late).
        SEATS.filter((s) => table.codes[s] && !(lesson.bots || {})[s]).map((s) => codeCard(seatLabel(s), 'join', table.codes[s], seatBadge(s))),
        codeCard(t('seat.observer'), 'watch', table.obs)),
      h('nav', { class: 'row wrap no-print' },
        h('a', { href: '/teacher/game/' + encodeURIComponent(table.game) }, t('teacher.open')),
        lesson.tables.map((tb, i) => tb === table ? null :
          h('a', { href: '/teacher/codes/' + encodeURIComponent(tb.game) }, t('teacher.codes_of', { n: i + 1 }))),
        h('a', { href: '/teacher' }, t('teacher.back')))));
  };
  render();
}
