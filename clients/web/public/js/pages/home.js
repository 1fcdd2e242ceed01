// pages/home.js — the front page: enter a code, choose the language, play
// now against three server bots (create_game within the server's limits),
// and the way to the teacher's page.

import { h, mount } from '../h.js';
import { t, catName, seatName, getLang, setLang, LANGS, SEATS, getRules, errText } from '../i18n.js';
import { Conn, wsUrl } from '../net.js';
import { ERRORS } from '../gen/protocol.js';
import { normCode } from './play.js';

/** The language choice (remembered in this browser). @param {() => void} after */
export function langPicker(after) {
  const names = { en: 'English', ru: 'Русский', kk: 'Қазақша' };
  return h('label', { class: 'lang' }, h('span', { class: 'sr' }, t('home.language')),
    h('select', { id: 'lang', 'aria-label': t('home.language'), onchange: async (/** @type {Event} */ ev) => {
      await setLang(/** @type {any} */ (/** @type {HTMLSelectElement} */ (ev.target).value));
      after();
    } }, LANGS.map((l) => h('option', { value: l, lang: l, selected: l === getLang() }, names[l]))));
}

/** @param {HTMLElement} root */
export function homePage(root) {
  let msg = '';
  let busy = false;
  const render = () => {
    document.title = t('app.name');
    const rules = getRules();
    const scen = (rules ? rules.scenarios : []).map((/** @type {any} */ s) => h('option', { value: s.id, selected: s.id === 'classroom' }, catName('scenarios', s.id)));
    mount(root, h('main', { class: 'home', id: 'main' },
      h('header', { class: 'home-head' }, h('h1', null, t('app.name')), langPicker(render)),
      h('p', { class: 'lead' }, t('home.lead')),
      h('section', { class: 'card', 'aria-labelledby': 'join-h' },
        h('h2', { id: 'join-h' }, t('home.join')),
        h('form', { onsubmit: (/** @type {Event} */ ev) => {
          ev.preventDefault();
          const code = normCode(/** @type {HTMLInputElement} */ (document.getElementById('code')).value);
          if (!code) { msg = t('home.code_empty'); render(); return; }
          location.assign('/join/' + encodeURIComponent(code));
        } },
        h('label', { for: 'code' }, t('home.code')),
        h('div', { class: 'row' },
          h('input', { id: 'code', name: 'code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', placeholder: 'ABCD-1234', 'aria-describedby': 'code-help' }),
          h('button', { type: 'submit', class: 'primary' }, t('home.go'))),
        h('p', { id: 'code-help', class: 'muted' }, t('home.code_help')))),
      h('section', { class: 'card', 'aria-labelledby': 'now-h' },
        h('h2', { id: 'now-h' }, t('home.play_now')),
        h('p', null, t('home.play_now_help')),
        h('div', { class: 'row wrap' },
          h('label', { class: 'field' }, h('span', null, t('home.scenario')), h('select', { id: 'scen' }, scen)),
          h('label', { class: 'field' }, h('span', null, t('home.seat')), h('select', { id: 'seat' }, SEATS.map((s) => h('option', { value: s }, seatName(s))))),
          h('button', { type: 'button', class: 'primary', id: 'play-now', disabled: busy, onclick: playNow }, t('home.start')))),
      msg ? h('p', { class: 'err', role: 'alert' }, msg) : null,
      h('p', null, h('a', { href: '/teacher' }, t('home.teacher')))));
  };
  async function playNow() {
    const scen = /** @type {HTMLSelectElement} */ (document.getElementById('scen')).value;
    const seat = /** @type {HTMLSelectElement} */ (document.getElementById('seat')).value;
    busy = true; msg = ''; render();
    const conn = new Conn({ url: wsUrl(), onStream: () => {} });
    try {
      await conn.open();
      /** @type {Record<string, string>} */
      const bots = {};
      for (const s of SEATS) if (s !== seat) bots[s] = 'greedy';
      const g = await conn.request({ t: 'create_game', scen, bots, dl_dip: 300, dl_ord: 300, dl_cri: 120, miss: 'bot' });
      conn.close();
      location.assign('/join/' + encodeURIComponent(g.codes[seat]));
    } catch (e) {
      conn.close();
      const err = /** @type {any} */ (e);
      msg = errText((ERRORS[err.code] && ERRORS[err.code].name) || 'CONNECT_FAILED');
      busy = false;
      render();
    }
  }
  render();
}

/** Pages of later issues (teacher console, debrief, briefings). @param {HTMLElement} root @param {string} which */
export function laterPage(root, which) {
  const render = () => mount(root, h('main', { class: 'home', id: 'main' },
    h('header', { class: 'home-head' }, h('h1', null, t('later.' + which)), langPicker(render)),
    h('p', null, t('later.text')),
    h('p', null, h('a', { href: '/' }, t('join.back')))));
  render();
}
