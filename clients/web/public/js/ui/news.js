// ui/news.js — turn results (the news, then each seat's orders with their
// outcomes and what each order changed, then what changed on the tracks), the game-over ranking, and
// Kazakhstan's crisis choices.

import { h } from '../h.js';
import { t, num, signed, seatName, catName, catText, catSource, effectText, condText, catEntry, changeText, whatIf, tieWords, sentence, SEATS, getRules } from '../i18n.js';
import { seatBadge, GAUGES } from './board.js';
import { orderText, evidence } from './orders.js';

/** @typedef {import('../pages/play.js').Ctx} Ctx */

/** Changes of the tracks between two turn results (or nothing). */
function changes(prev, cur) {
  if (!prev) return [];
  const out = [];
  for (const g of GAUGES) {
    const a = (prev[g.src] && prev[g.src][g.id]) || 0;
    const b = (cur[g.src] && cur[g.src][g.id]) || 0;
    if (a !== b) out.push(h('li', null, t('track.' + g.id), ': ', num(a), ' → ', num(b), ' (', signed(b - a), ')'));
  }
  return out;
}

/**
 * What order `i` of `seat` changed, from the turn_result of turn `resolved`
 * (its `rep.acts[seat][i].chg`), as a list; null when there is none.
 * @param {any} res the latest turn_result @param {number} resolved @param {string} seat @param {number} i
 */
function chgList(res, resolved, seat, i) {
  const o = res && res.turn === resolved && res.rep && res.rep.acts && (res.rep.acts[seat] || [])[i];
  const chg = (o && o.chg) || [];
  return chg.length ? h('ul', { class: 'chg' }, chg.map((/** @type {any} */ c) => h('li', null, changeText(c)))) : null;
}

/** The news of the current state's report plus the latest turn result. @param {Ctx} ctx */
export function newsPanel(ctx) {
  const g = ctx.game;
  const st = g.state;
  if (!st) return h('p', null, t('common.waiting'));
  const rep = st.view.report || {};
  const res = g.results;
  const last = res[res.length - 1];
  // what the last resolution changed: against the result before it, or the
  // tracks before it (a page that joined during the turn holds no earlier result)
  const prev = res.length > 1 && res[res.length - 2].turn === last.turn - 1 ? res[res.length - 2] : last && last.before;
  return h('div', { class: 'news' },
    h('h3', null, t('news.title', { year: String(st.year) })),
    (rep.news || []).length ? h('ul', { class: 'cards' }, rep.news.map((/** @type {string} */ id, /** @type {number} */ i) => h('li', { class: 'card event' },
      // `whatif`: the indices of the cards drawn out of their historical year
      // (the year it happened) or with none (a possible event, not history)
      h('strong', null, catName('events', id)), (rep.whatif || []).includes(i) ? h('span', { class: 'tag what-if' }, whatIf(id)) : null,
      h('p', null, catText('events', id)),
      h('details', { class: 'rule' }, h('summary', null, t('order.rule')),
        h('ul', null, ((catEntry('events', id) || {}).effects || []).map((/** @type {any} */ e) => h('li', null, effectText(e)))),
        evidence(catSource('events', id)))))) :
      h('p', { class: 'muted' }, t('news.none')),
    rep.resolved ? h('h3', null, t('news.orders', { n: rep.resolved })) : null,
    rep.acts && rep.resolved ? h('ul', { class: 'acts' }, SEATS.map((s) => h('li', null, seatBadge(s), ' ',
      (rep.acts[s] || []).length ? h('ul', null, rep.acts[s].map((/** @type {any} */ o, /** @type {number} */ i) =>
        h('li', { class: 'out-' + o.out }, orderText(o, s), ' — ', t('out.' + (o.out || 'none')),
          // what the order changed: `chg` of the same order in this turn's turn_result
          // (PROTOCOL.md section 8; a state's view leaves it out)
          chgList(last, rep.resolved, s, i)))) :
        t('news.no_orders')))) : null,
    rep.crisis ? h('p', { class: 'warn' }, t('news.crisis'), rep.resp ? ' ' + catName('responses', rep.resp) : '') : null,
    last ? h('h3', null, t('news.changes')) : null,
    last ? h('ul', { class: 'changes' }, changes(prev, last).length ? changes(prev, last) : h('li', { class: 'muted' }, t('news.no_changes'))) : null);
}

/** The final ranking. @param {Record<string, any>} o game_over */
export function gameOver(o) {
  // equal margins: which criterion decided (game_over.by, protocol 1.5)
  const tie = tieWords(o.winner, o.rank[1], o.by);
  return h('section', { class: 'game-over', 'aria-labelledby': 'over-h' },
    h('h2', { id: 'over-h' }, t('over.title'), ' — ', t('over.winner', { who: seatName(o.winner) })),
    h('p', null, t('end.' + o.reason)),
    tie ? h('p', { class: 'decided-by' }, sentence(tie)) : null,
    h('ol', { class: 'ranking' }, o.rank.map((/** @type {string} */ s) => h('li', null, seatBadge(s), ' ',
      t('score.vp', { n: o.vp[s] || 0 }), ' · ', h('span', { class: 'nowrap' }, t('over.margin'), ' ', signed(o.rel[s] || 0))))),
    h('p', null, h('a', { href: '/debrief/' + encodeURIComponent(o.game || '') }, t('over.debrief'))));
}

/** Kazakhstan's crisis step: the responses, their conditions and consequences. @param {Ctx} ctx */
export function crisisDialog(ctx) {
  const r = getRules();
  const answer = async (id) => {
    try { await ctx.conn.request({ t: 'crisis_response', r: id }); ctx.toast(t('crisis.sent')); } catch (e) { ctx.toast(t('crisis.refused')); }
  };
  return h('div', { class: 'crisis', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'crisis-h' },
    h('h2', { id: 'crisis-h' }, t('crisis.title')),
    h('p', null, t('crisis.help')),
    h('ul', { class: 'cards' }, (r ? r.responses : []).map((/** @type {any} */ x) => h('li', { class: 'card' },
      h('strong', null, catName('responses', x.id)),
      h('p', null, catText('responses', x.id)),
      x.requires ? h('p', { class: 'cond' }, t('order.requires'), ': ', condText(x.requires)) : null,
      h('ul', null, (x.effects || []).map((/** @type {any} */ e) => h('li', null, effectText(e, 'kazakhstan')))),
      h('details', { class: 'rule' }, h('summary', null, t('order.rule')), evidence(catSource('responses', x.id))),
      h('button', { type: 'button', class: 'primary', id: 'crisis-' + x.id, onclick: () => answer(x.id) }, t('crisis.choose'))))));
}
