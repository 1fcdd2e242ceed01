// pages/briefing.js — a printable role briefing (/briefing/SCENARIO/SEAT):
// goals, starting position, actions with costs, the deals the seat can make
// and what to do in a crisis, each rule with its paper quote. The text is
// `gg-arena --briefing SEAT --scenario SCENARIO`, the same generator and rule
// data as the terminal's briefings, shipped as data/briefings/*.md (a test
// keeps them fresh) and drawn here from a small, safe Markdown subset.

import { h, mount } from '../h.js';
import { t, catName, seatName, seatLabel, getRules, SEATS } from '../i18n.js';
import { langPicker } from './home.js';

/**
 * Inline Markdown (**bold**, *italic*, `code`) as DOM nodes; everything else
 * is text, so nothing in the file can become markup.
 * @param {string} s
 * @returns {(Node | string)[]}
 */
export function inline(s) {
  /** @type {(Node | string)[]} */
  const out = [];
  const re = /\*\*(.+?)\*\*|\*(.+?)\*|`([^`]+)`/g;
  let at = 0;
  for (let m; (m = re.exec(s)); at = re.lastIndex) {
    if (m.index > at) out.push(s.slice(at, m.index));
    if (m[1] !== undefined) out.push(h('strong', null, ...inline(m[1])));
    else if (m[2] !== undefined) out.push(h('em', null, ...inline(m[2])));
    else out.push(h('code', null, m[3]));
  }
  if (at < s.length) out.push(s.slice(at));
  return out;
}

/**
 * The block structure the briefings use: # headings, - list items,
 * paragraphs, blank lines. Unescapes \$ and the like.
 * @param {string} md
 * @returns {HTMLElement[]}
 */
export function markdown(md) {
  /** @type {HTMLElement[]} */
  const blocks = [];
  /** @type {HTMLElement | null} */
  let list = null;
  for (const raw of md.replace(/\\([\\`*_$#-])/g, '$1').split('\n')) {
    const line = raw.trimEnd();
    const head = /^(#{1,4})\s+(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (item) {
      if (!list) blocks.push((list = h('ul', null)));
      list.appendChild(h('li', null, ...inline(item[1])));
      continue;
    }
    list = null;
    if (head) blocks.push(h('h' + head[1].length, null, ...inline(head[2])));
    else if (line) blocks.push(h('p', null, ...inline(line)));
  }
  return blocks;
}

/** @param {HTMLElement} root @param {string} path "SCENARIO/SEAT" */
export function briefingPage(root, path) {
  const [scen, seat] = path.split('/');
  const rules = getRules();
  const known = rules && rules.scenarios.some((/** @type {any} */ s) => s.id === scen) && SEATS.includes(seat);
  /** @type {string | null} */
  let text = null;
  let failed = !known;
  const render = () => {
    document.title = t('briefing.title', { seat: seatName(seat || ''), scen: known ? catName('scenarios', scen) : '' });
    mount(root, h('main', { class: 'home briefing', id: 'main' },
      h('header', { class: 'home-head no-print' },
        h('nav', { class: 'row wrap', 'aria-label': t('briefing.others') },
          known ? SEATS.map((s) => s === seat ? h('strong', null, seatLabel(s))
            : h('a', { href: `/briefing/${encodeURIComponent(scen)}/${s}` }, seatLabel(s))) : null),
        h('button', { type: 'button', onclick: () => print() }, t('briefing.print')),
        langPicker(render)),
      failed ? h('p', { class: 'err', role: 'alert' }, t('briefing.unknown'))
        : text === null ? h('p', null, t('common.waiting'))
        : h('article', { lang: 'en' }, markdown(text)),
      h('p', { class: 'muted no-print' }, t('briefing.english_only'))));
  };
  render();
  if (!known) return;
  fetch(`/data/briefings/${encodeURIComponent(scen)}-${seat}.md`)
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
    .then((md) => { text = md; render(); }, () => { failed = true; render(); });
}
