// ui/orders.js — the Orders panel: the seat's legal actions as cards (name,
// cost in the seat's own resource names, effect, consent, the rule and its
// source on demand), affordable first; a draft with a running total; the
// server's per-order errors shown on the card they concern; Ready.

import { h } from '../h.js';
import { t, num, seatName, resName, catName, catText, catSource, catEntry, effectText, condText, errText, slotNames, slotOf, sourceQuote, SEATS } from '../i18n.js';
import { ERRORS } from '../gen/protocol.js';

/** @typedef {import('../pages/play.js').Ctx} Ctx */

/** Draft orders of this page, kept across re-renders. @type {{turn: number, o: Record<string, any>[], errs: number[], sent: boolean, msg: string}} */
export const draft = { turn: 0, o: [], errs: [], sent: false, msg: '' };

/** Name of an order's target. @param {string} a @param {string | undefined} tg */
export function targetName(a, tg) {
  if (!tg) return '';
  return SEATS.includes(tg) ? seatName(tg) : catName('projects', tg);
}

/** "Belt and Road project: Khorgos dry port" / "Transfer: 2 capital to Kazakhstan". @param {Record<string, any>} o @param {string} seat */
export function orderText(o, seat) {
  if (o.a === 'transfer')
    return t('order.transfer', { n: o.n || 0, res: resName(seat, o.r || 0), to: seatName(o.t || '') });
  const tn = targetName(o.a, o.t);
  return catName('actions', o.a) + (tn ? ': ' + tn : '');
}

/** Cost as "2 capital, 1 force" in the seat's names. @param {Record<string, number>} c @param {string} seat */
export function costText(c, seat) {
  const parts = Object.entries(c || {}).filter(([, n]) => n).map(([r, n]) => num(n) + ' ' + resName(seat, r));
  return parts.length ? parts.join(', ') : t('order.free');
}

/** Total cost of a draft by slot. */
function draftTotal(legal, o) {
  const tot = [0, 0, 0];
  for (const x of o) {
    if (x.a === 'transfer') { tot[slotOf(x.r)] += x.n || 0; continue; }
    const l = legal.find((/** @type {any} */ l) => l.a === x.a && l.t === x.t);
    if (l) for (const [r, n] of Object.entries(l.c || {})) tot[slotOf(r)] += /** @type {number} */ (n);
  }
  return tot;
}

/** @param {Ctx} ctx */
export function ordersPanel(ctx) {
  const g = ctx.game;
  const st = g.state;
  if (!st) return h('p', null, t('common.waiting'));
  if (st.phase === 'over') return h('div', { class: 'orders' }, h('p', { class: 'muted over' }, t('order.over')));
  const me = g.who;
  if (draft.turn !== st.turn) { draft.turn = st.turn; draft.o = []; draft.errs = []; draft.sent = false; draft.msg = ''; }
  const legal = st.legal || [];
  const have = slotNames(me).map((r) => (st.view.res && st.view.res[me] && st.view.res[me][r]) || 0);
  const spent = draftTotal(legal, draft.o);
  const left = have.map((x, i) => x - spent[i]);
  const afford = (/** @type {any} */ l) => Object.entries(l.c || {}).every(([r, n]) => left[slotOf(r)] >= /** @type {number} */ (n));
  const inDraft = (/** @type {any} */ l) => draft.o.some((o) => o.a === l.a && o.t === l.t);
  const cards = legal.filter((/** @type {any} */ l) => l.a !== 'transfer')
    .map((/** @type {any} */ l, i) => ({ l, i, ok: afford(l) && !inDraft(l) }))
    .sort((a, b) => Number(b.ok) - Number(a.ok) || a.i - b.i);
  const canOrder = st.phase === 'orders';
  const full = draft.o.length >= 6;

  const add = (o) => { draft.o.push(o); draft.errs = []; draft.sent = false; ctx.rerender(); };
  const remove = (i) => { draft.o.splice(i, 1); draft.errs = []; draft.sent = false; ctx.rerender(); };
  const submit = async () => {
    try {
      await ctx.conn.request({ t: 'orders', turn: st.turn, o: draft.o });
      draft.errs = []; draft.sent = true; draft.msg = '';
    } catch (e) {
      const err = /** @type {any} */ (e);
      draft.errs = err.errs || [];
      draft.sent = false;
      draft.msg = errText((ERRORS[err.code] && ERRORS[err.code].name) || 'INTERNAL');
    }
    ctx.rerender();
  };

  const acked = g.acked && g.acked.turn === st.turn ? g.acked.o : null;
  return h('div', { class: 'orders' },
    st.view.opt && st.view.opt.bind ? null : promisesBox(owed(g.dealList(), me, st.turn), me, draft.o, full, add),
    h('div', { class: 'draft', 'aria-live': 'polite' },
      h('h3', null, t('order.draft')),
      h('p', { class: 'budget' }, t('order.have'), ' ', slotNames(me).map((r, i) =>
        h('span', { class: 'res' + (left[i] < 0 ? ' over' : '') }, num(left[i]), '/', num(have[i]), ' ', resName(me, r), ' '))),
      draft.o.length === 0 ? h('p', { class: 'muted' }, t('order.empty')) : null,
      h('ol', { class: 'draft-list' }, draft.o.map((o, i) =>
        h('li', { class: draft.errs[i] ? 'bad' : '' },
          h('span', null, orderText(o, me)),
          draft.errs[i] ? h('strong', { class: 'err', role: 'alert' }, ' ', errText(ERRORS[draft.errs[i]] ? ERRORS[draft.errs[i]].name : 'INTERNAL')) : null,
          h('button', { class: 'small', type: 'button', onclick: () => remove(i), 'aria-label': t('order.remove') + ': ' + orderText(o, me) }, '✕')))),
      draft.msg ? h('p', { class: 'err', role: 'alert' }, draft.msg) : null,
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'primary', id: 'send-orders', disabled: !canOrder, onclick: submit }, t('order.send')),
        ctx.readyButton()),
      !canOrder ? h('p', { class: 'muted' }, t('order.not_phase')) : null,
      draft.sent ? h('p', { class: 'ok' }, t('order.stored')) : null,
      acked ? h('div', { class: 'acked' }, h('h4', null, t('order.acked')),
        acked.length ? h('ul', null, acked.map((o) => h('li', null, orderText(o, me)))) : h('p', null, t('order.hold'))) : null),
    h('h3', null, t('order.actions')),
    h('ul', { class: 'cards' }, cards.map(({ l, ok }) => actionCard(l, me, ok && !full, () => add(l.t ? { a: l.a, t: l.t } : { a: l.a })))),
    legal.some((/** @type {any} */ l) => l.a === 'transfer') ? transferForm(me, left, full, add) : null);
}

/**
 * What this seat pays this turn under the deals it accepted (transfers from
 * it, consent fees it owes Kazakhstan): in a non-binding game each needs a
 * matching transfer order, or the ledger records the promise as broken
 * (RULES.md, deals). @param {Record<string, any>[]} deals @param {string} me @param {number} turn
 * @returns {{id: number, t: string, r: string, n: number}[]}
 */
export function owed(deals, me, turn) {
  const out = [];
  for (const d of deals) {
    if (d.st !== 'accepted' || d.turn !== turn || !d.parties.includes(me)) continue;
    for (const c of d.cl || []) {
      if (c.k === 'transfer' && c.from === me && c.n > 0) out.push({ id: d.id, t: c.to, r: c.r, n: c.n });
      if (c.k === 'consent' && c.power === me && c.fee > 0) out.push({ id: d.id, t: 'kazakhstan', r: 'capital', n: c.fee });
    }
  }
  return out.sort((a, b) => a.id - b.id);
}

/**
 * "Your promises this turn": each payment, with one click to add its
 * transfer to the draft, or ✓ once the draft holds enough for it.
 * @param {{id: number, t: string, r: string, n: number}[]} dues @param {string} me @param {Record<string, any>[]} o
 * @param {boolean} full @param {(o: Record<string, any>) => void} add
 */
function promisesBox(dues, me, o, full, add) {
  if (!dues.length) return null;
  // the draft's transfers by recipient and resource, spent on the dues in order
  const paid = /** @type {Record<string, number>} */ ({});
  for (const x of o) if (x.a === 'transfer') paid[x.t + '/' + x.r] = (paid[x.t + '/' + x.r] || 0) + (x.n || 0);
  return h('section', { class: 'promises card', 'aria-labelledby': 'promises-h' },
    h('h3', { id: 'promises-h' }, t('promise.title')),
    h('p', { class: 'muted' }, t('promise.help')),
    h('ul', null, dues.map((p) => {
      const k = p.t + '/' + p.r;
      const ok = (paid[k] || 0) >= p.n;
      if (ok) paid[k] -= p.n;
      return h('li', { class: ok ? 'kept' : '' }, t('promise.pay', { to: seatName(p.t), n: p.n, res: resName(me, p.r), id: p.id }), ' ',
        ok ? h('span', { class: 'ok' }, t('promise.in_orders'))
          : h('button', { type: 'button', class: 'small pay', disabled: full, onclick: () => add({ a: 'transfer', t: p.t, r: p.r, n: p.n }) }, t('promise.add')));
    })));
}

/** One action card. */
function actionCard(l, me, enabled, onAdd) {
  const e = catEntry('actions', l.a);
  return h('li', { class: 'card' + (enabled ? '' : ' dim') },
    h('div', { class: 'card-head' },
      h('strong', null, catName('actions', l.a)), l.t ? h('span', { class: 'target' }, ' → ', targetName(l.a, l.t)) : null),
    h('p', { class: 'cost' }, t('order.cost'), ': ', costText(l.c, me), l.nc ? h('span', { class: 'tag' }, t('order.needs_consent')) : null),
    h('p', { class: 'fx' }, catText('actions', l.a)),
    h('details', { class: 'rule' }, h('summary', null, t('order.rule')),
      e && e.requires ? h('p', null, t('order.requires'), ': ', condText(e.requires)) : null,
      e ? h('ul', null, (e.effects || []).map((/** @type {any} */ x) => h('li', null, effectText(x, me)))) : null,
      evidence(catSource('actions', l.a))),
    h('button', { type: 'button', class: 'add', disabled: !enabled, onclick: onAdd, 'aria-label': t('order.add') + ': ' + catName('actions', l.a) + (l.t ? ' ' + targetName(l.a, l.t) : '') }, t('order.add')));
}

/** The transfer builder: to whom, which resource, how much. */
function transferForm(me, left, full, add) {
  const to = h('select', { id: 'tr-to', 'aria-label': t('order.transfer_to') }, SEATS.filter((x) => x !== me).map((x) => h('option', { value: x }, seatName(x))));
  const res = h('select', { id: 'tr-res', 'aria-label': t('order.transfer_res') }, slotNames(me).map((r) => h('option', { value: r }, resName(me, r))));
  const n = h('input', { id: 'tr-n', type: 'number', min: 1, max: 15, value: 1, 'aria-label': t('order.transfer_n') });
  return h('div', { class: 'card transfer' },
    h('strong', null, catName('actions', 'transfer')),
    h('div', { class: 'row wrap' }, to, res, n,
      h('button', { type: 'button', disabled: full, onclick: () => {
        const amount = Math.max(1, Math.min(63, Number(/** @type {HTMLInputElement} */ (n).value) || 1));
        add({ a: 'transfer', t: /** @type {HTMLSelectElement} */ (to).value, r: /** @type {HTMLSelectElement} */ (res).value, n: amount });
      } }, t('order.add'))),
    left.some((x) => x < 0) ? h('p', { class: 'err' }, t('order.over_budget')) : null);
}


/** The source citation and, when the papers have one, its verbatim quote. @param {string} src */
export function evidence(src) {
  const q = sourceQuote(src);
  return h('div', { class: 'evidence' },
    q ? h('blockquote', { lang: 'en' }, '“', q.text, '”') : null,
    h('p', { class: 'source' }, t('order.source'), ': ', src, q ? h('span', null, ' — ', h('cite', null, q.title)) : null));
}
