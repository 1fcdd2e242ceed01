// ui/chat.js — the Chat panel: channels Public · Team · one per other seat,
// unread counts, the messages of the open channel, and a send box that stays
// put while messages arrive (it is not re-rendered, so typing is not lost).

import { h, mount } from '../h.js';
import { t, num, seatName, seatLabel, errText, SEATS } from '../i18n.js';
import { ERRORS, MAX_CHAT } from '../gen/protocol.js';
import { seatBadge } from './board.js';

/** @typedef {import('../pages/play.js').Ctx} Ctx */

/** @type {{open: string, msg: string, form: HTMLElement | null, lang: string}} */
export const chatUi = { open: 'public', msg: '', form: null, lang: '' };

/** Channels this reader can use. @param {Ctx} ctx */
function channels(ctx) {
  const g = ctx.game;
  if (g.role !== 'player') return ['public'];
  return ['public', 'team', ...SEATS.filter((s) => s !== g.who)];
}

/** Total unread (for the tab label). @param {Ctx} ctx */
export function unreadTotal(ctx) {
  return Object.values(ctx.game.unread).reduce((a, b) => a + b, 0);
}

/** @param {Ctx} ctx */
export function chatPanel(ctx) {
  const g = ctx.game;
  const chans = channels(ctx);
  if (!chans.includes(chatUi.open)) chatUi.open = 'public';
  g.unread[chatUi.open] = 0;
  const list = h('ol', { class: 'chat-log', 'aria-live': 'polite', 'aria-label': t('chat.log') });
  const lines = g.chat.filter((m) => g.chatKey(m) === chatUi.open).slice(-100);
  mount(list, lines.length ? lines.map((m) => h('li', { class: m.from === g.who ? 'mine' : '' },
    m.from && m.from !== 'moderator' && m.from !== 'observer' ? seatBadge(m.from) : h('span', { class: 'who' }, seatLabel(m.from || 'moderator')),
    h('span', { class: 'turn' }, ' ', t('chat.turn', { n: m.turn || 0 }), ' '),
    h('span', { class: 'text' }, m.text))) : h('li', { class: 'muted' }, t('chat.empty')));
  const tabs = h('div', { class: 'chat-tabs', role: 'tablist', 'aria-label': t('chat.channels') }, chans.map((c) => {
    const n = g.unread[c] || 0;
    return h('button', { type: 'button', role: 'tab', id: 'chan-' + c, 'aria-selected': String(c === chatUi.open), class: c === chatUi.open ? 'on' : '',
      onclick: () => { chatUi.open = c; ctx.rerender(); } },
    c === 'public' || c === 'team' ? t('chat.' + c) : seatLabel(c),
    n ? h('span', { class: 'badge' }, num(n), h('span', { class: 'sr' }, ' ', t('chat.unread'))) : null);
  }));
  if (chatUi.form && chatUi.lang === document.documentElement.lang) return panel(ctx, tabs, list, chatUi.form);
  const input = h('input', { id: 'chat-input', type: 'text', maxlength: MAX_CHAT, autocomplete: 'off', 'aria-label': t('chat.say'), placeholder: t('chat.say') + '…' });
  // The send box is built once per page and language and kept across re-renders.
  const form = chatUi.form = h('form', { class: 'chat-form', onsubmit: async (/** @type {Event} */ ev) => {
    ev.preventDefault();
    const el = /** @type {HTMLInputElement} */ (input);
    const text = el.value.trim();
    if (!text) return;
    const ch = chatUi.open === 'public' || chatUi.open === 'team' ? chatUi.open : 'private';
    /** @type {import('../net.js').Msg} */
    const m = { t: 'chat', ch, text };
    if (ch === 'private') m.to = [chatUi.open];
    if (!ctx.conn.send(m)) { chatUi.msg = errText('CONN_CLOSED'); ctx.rerender(); return; }
    el.value = '';
    chatUi.msg = '';
  } },
  input, h('button', { type: 'submit', class: 'primary' }, t('chat.send')));
  chatUi.lang = document.documentElement.lang;
  return panel(ctx, tabs, list, form);
}

/** @param {Ctx} ctx @param {HTMLElement} tabs @param {HTMLElement} list @param {HTMLElement} form */
function panel(ctx, tabs, list, form) {
  const g = ctx.game;
  return h('div', { class: 'chat' }, tabs,
    h('p', { class: 'muted chan-note' }, chatUi.open === 'team' ? t('chat.team_note') : chatUi.open === 'public' ? t('chat.public_note') : t('chat.private_note', { who: seatName(chatUi.open) })),
    list, g.role === 'player' ? form : null,
    chatUi.msg ? h('p', { class: 'err', role: 'alert' }, chatUi.msg) : null);
}

/** Shows a chat error reply (rate limits) in the panel. @param {any} e */
export function chatError(e) {
  chatUi.msg = errText((ERRORS[e.code] && ERRORS[e.code].name) || 'INTERNAL');
}
