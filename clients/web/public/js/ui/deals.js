// ui/deals.js — the Deals panel: a composer for every clause kind that reads
// like a sentence (with a plain-words preview), incoming offers as cards with
// Accept · Reject · Counter, the ledger, and each seat's kept/broken record.

import { h } from '../h.js';
import { t, num, seatName, seatLabel, sentence, resName, catName, errText, reasonText, slotNames, SEATS, POWERS, getRules } from '../i18n.js';
import { ERRORS } from '../gen/protocol.js';
import { seatBadge } from './board.js';

/** @typedef {import('../pages/play.js').Ctx} Ctx */

const TAGS = ['security-in-kz', 'economy-in-kz', 'soft-power', 'coercion', 'energy'];

/** Composer state, kept across re-renders. */
export const composer = { parties: /** @type {string[]} */ ([]), cl: /** @type {Record<string, any>[]} */ ([]), kind: 'transfer', msg: '', ok: '', counterOf: 0 };

/** One clause as a sentence in the reader's language. @param {Record<string, any>} c */
export function clauseText(c) {
  switch (c.k) {
    case 'transfer':
      return t('clause.transfer', { from: seatName(c.from), to: seatName(c.to), n: c.n || 0, res: resName(c.from, c.r) });
    case 'consent':
      return t(c.fee ? 'clause.consent_fee' : 'clause.consent', {
        power: seatName(c.power), action: c.a === 'any' ? t('clause.any_action') : catName('actions', c.a), n: c.fee || 0,
      });
    case 'joint':
      return t('clause.joint', { partner: seatName(c.partner), project: catName('projects', c.p), n: c.n || 0 });
    case 'pledge':
      return t('clause.pledge', { seat: seatName(c.seat), tags: (c.tags || []).map((x) => t('tag.' + x)).join(', '), turns: t('unit.turns', { n: c.turns || 0 }) });
    case 'accord':
      return t(c.turns ? 'clause.accord_turns' : 'clause.accord', { accord: catName('accords', c.accord), turns: t('unit.turns', { n: c.turns || 0 }) });
    default:
      return c.k;
  }
}

/**
 * Accept · Reject · Counter for an offer to this seat. Counter fills the
 * composer with the offer's clauses; sending the counter-proposal then
 * declines the offer — proposal first, answer after it, since the answer
 * may be the last one diplomacy waits for and end it ([P6.13]).
 * @param {Ctx} ctx @param {Record<string, any>} d
 */
export function offerButtons(ctx, d) {
  const me = ctx.game.who;
  const counter = () => {
    composer.parties = d.parties.filter((/** @type {string} */ p) => p !== me);
    composer.cl = d.cl.map((/** @type {any} */ c) => ({ ...c }));
    composer.counterOf = d.id;
    composer.msg = ''; composer.ok = '';
    ctx.showTab('deals');
    requestAnimationFrame(() => {
      const el = document.getElementById('composer');
      if (el) el.scrollIntoView({ block: 'start' });
    });
  };
  return [
    h('button', { type: 'button', class: 'primary', onclick: () => respond(ctx, d.id, true) }, t('deal.accept')),
    h('button', { type: 'button', onclick: () => respond(ctx, d.id, false) }, t('deal.reject')),
    h('button', { type: 'button', onclick: counter }, t('deal.counter')),
  ];
}

/** @param {Ctx} ctx @param {number} id @param {boolean} acc */
async function respond(ctx, id, acc) {
  try { await ctx.conn.request({ t: 'respond', deal: id, acc }); } catch (e) { ctx.toast(errName(e)); }
}

/** @param {Ctx} ctx */
export function dealsPanel(ctx) {
  const g = ctx.game;
  const me = g.who;
  const deals = g.dealList();
  const mine = g.offers();
  return h('div', { class: 'deals' },
    // the count only when there is something to count ("Offers to you 0"
    // above "No offers waiting for your answer" said it twice)
    h('h3', null, t('deal.incoming'), mine.length ? [' ', h('span', { class: 'count' }, num(mine.length))] : null),
    mine.length === 0 ? h('p', { class: 'muted' }, t('deal.none_incoming')) : null,
    h('ul', { class: 'cards' }, mine.map((d) => dealCard(d, me, offerButtons(ctx, d), g.whys.get(d.id)))),
    g.role === 'player' ? composerView(ctx) : null,
    h('h3', null, t('deal.ledger')),
    h('ul', { class: 'cards ledger' }, deals.filter((d) => !mine.includes(d)).map((d) => dealCard(d, me, null, g.whys.get(d.id)))),
    h('h3', null, t('deal.records')),
    h('ul', { class: 'records' }, SEATS.map((s) => h('li', null, seatBadge(s), ' ',
      t('deal.record', { k: g.kept[s] || 0, b: g.broken[s] || 0 })))));
}

function errName(e) {
  return errText((ERRORS[e && e.code] && ERRORS[e.code].name) || 'INTERNAL');
}

/**
 * A ledger entry as a card; `whys` are the reasons given on its moves (the
 * bots' and any client's), shown in the reader's language.
 * @param {Record<string, any>} d @param {string} me @param {any[] | null} actions
 * @param {any[]} [whys]
 */
export function dealCard(d, me, actions, whys) {
  const reasons = (whys || []).map(reasonText).filter((x) => x);
  return h('li', { class: 'card deal st-' + d.st },
    h('div', { class: 'card-head' }, h('strong', null, t('deal.number', { n: d.id })), ' ',
      h('span', { class: 'status' }, t('status.' + d.st)), ' · ', t('deal.by', { who: seatName(d.by) })),
    h('ul', { class: 'clauses' }, (d.cl || []).map((/** @type {any} */ c) => h('li', null, sentence(clauseText(c))))),
    reasons.length ? h('div', { class: 'reasons' }, h('span', { class: 'muted' }, t('deal.reasons'), ':'),
      h('ul', null, reasons.map((r) => h('li', null, r)))) : null,
    h('p', { class: 'parties' }, t('deal.parties'), ': ', d.parties.map((/** @type {string} */ p) =>
      h('span', { class: 'party' }, seatBadge(p), d.acc.includes(p) ? h('span', { class: 'acc' }, ' ✓ ', h('span', { class: 'sr' }, t('deal.accepted'))) : null, ' '))),
    d.breach && d.breach.length ? h('p', { class: 'err' }, t('deal.broken_by', { who: d.breach.map(seatName).join(', ') })) : null,
    actions ? h('div', { class: 'row wrap' }, actions) : null);
}

/** A labelled select. */
function sel(id, label, options, value, onchange) {
  return h('label', { class: 'field' }, h('span', null, label),
    h('select', { id, onchange: (/** @type {Event} */ ev) => onchange(/** @type {HTMLSelectElement} */ (ev.target).value) },
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
}
function numIn(id, label, value, min, max, onchange) {
  return h('label', { class: 'field' }, h('span', null, label),
    h('input', { id, type: 'number', min, max, value, onchange: (/** @type {Event} */ ev) => onchange(Number(/** @type {HTMLInputElement} */ (ev.target).value) || 0) }));
}

/** A new clause of a kind with sensible defaults for this seat. */
function newClause(kind, me) {
  const other = SEATS.find((s) => s !== me) || 'kazakhstan';
  const power = POWERS.includes(me) ? me : 'china';
  const r = getRules();
  switch (kind) {
    case 'transfer': return { k: 'transfer', from: me, to: other, r: slotNames(me)[0], n: 1 };
    case 'consent': return { k: 'consent', power, a: 'any', fee: 0 };
    case 'joint': return { k: 'joint', p: r ? r.projects[0].id : 'khorgos', partner: other === me ? 'china' : other, n: 1 };
    case 'pledge': return { k: 'pledge', seat: me, tags: ['security-in-kz'], turns: 2 };
    default: return { k: 'accord', accord: r ? r.accords[0].id : 'spheres', turns: 0 };
  }
}

/** The composer: parties, clauses (each editable), preview, send. @param {Ctx} ctx */
function composerView(ctx) {
  const me = ctx.game.who;
  // The offer a counter answers has gone (answered, expired): a plain proposal now.
  if (composer.counterOf && !ctx.game.offers().some((d) => d.id === composer.counterOf)) composer.counterOf = 0;
  const r = getRules();
  const others = SEATS.filter((s) => s !== me);
  const re = () => ctx.rerender();
  const send = async () => {
    composer.msg = ''; composer.ok = '';
    try {
      const ok = await ctx.conn.request({ t: 'propose', parties: composer.parties, cl: composer.cl });
      composer.ok = t('deal.sent', { n: ok.id || 0 });
      composer.cl = []; composer.parties = [];
      // A counter-proposal declines the offer it answers, after it is sent.
      const of = composer.counterOf;
      composer.counterOf = 0;
      if (of && ctx.game.offers().some((d) => d.id === of)) await respond(ctx, of, false);
    } catch (e) { composer.msg = errName(e); }
    re();
  };
  const seatOpts = SEATS.map((s) => [s, seatLabel(s)]);
  const edit = (c, i) => {
    const set = (k) => (v) => { c[k] = v; re(); };
    const id = (k) => `cl${i}-${k}`;
    switch (c.k) {
      case 'transfer': return [sel(id('from'), t('clause.f_from'), seatOpts, c.from, set('from')), sel(id('to'), t('clause.f_to'), seatOpts, c.to, set('to')),
        sel(id('r'), t('clause.f_res'), slotNames(c.from).map((x) => [x, resName(c.from, x)]), c.r, set('r')), numIn(id('n'), t('clause.f_n'), c.n, 0, 63, set('n'))];
      case 'consent': return [sel(id('power'), t('clause.f_power'), POWERS.map((s) => [s, seatName(s)]), c.power, set('power')),
        sel(id('a'), t('clause.f_action'), [['any', t('clause.any_action')], ...(r ? r.actions.filter((/** @type {any} */ a) => a.seat === c.power && a.consent).map((/** @type {any} */ a) => [a.id, catName('actions', a.id)]) : [])], c.a, set('a')),
        numIn(id('fee'), t('clause.f_fee'), c.fee, 0, 15, set('fee'))];
      case 'joint': return [sel(id('p'), t('clause.f_project'), (r ? r.projects : []).map((/** @type {any} */ p) => [p.id, catName('projects', p.id)]), c.p, set('p')),
        sel(id('partner'), t('clause.f_partner'), seatOpts, c.partner, set('partner')), numIn(id('n'), t('clause.f_n'), c.n, 0, 15, set('n'))];
      case 'pledge': return [sel(id('seat'), t('clause.f_seat'), seatOpts, c.seat, set('seat')),
        sel(id('tag'), t('clause.f_tag'), TAGS.map((x) => [x, t('tag.' + x)]), c.tags[0], (v) => { c.tags = [v]; re(); }),
        numIn(id('turns'), t('clause.f_turns'), c.turns, 0, 12, set('turns'))];
      default: return [sel(id('accord'), t('clause.f_accord'), (r ? r.accords : []).map((/** @type {any} */ a) => [a.id, catName('accords', a.id)]), c.accord, set('accord')),
        numIn(id('turns'), t('clause.f_turns'), c.turns, 0, 12, set('turns'))];
    }
  };
  return h('section', { class: 'composer', id: 'composer', 'aria-labelledby': 'composer-h' },
    h('h3', { id: 'composer-h' }, composer.counterOf ? t('deal.counter_to', { n: composer.counterOf }) : t('deal.compose')),
    composer.counterOf ? h('p', { class: 'counter-note' }, t('deal.counter_note', { n: composer.counterOf }), ' ',
      h('button', { type: 'button', class: 'small', id: 'counter-cancel', onclick: () => { composer.counterOf = 0; composer.cl = []; composer.parties = []; re(); } }, t('deal.counter_cancel'))) : null,
    h('fieldset', null, h('legend', null, t('deal.parties')),
      others.map((s) => h('label', { class: 'check' },
        h('input', { type: 'checkbox', id: 'party-' + s, checked: composer.parties.includes(s), onchange: (/** @type {Event} */ ev) => {
          const on = /** @type {HTMLInputElement} */ (ev.target).checked;
          composer.parties = on ? [...composer.parties, s] : composer.parties.filter((p) => p !== s);
          re();
        } }), ' ', seatBadge(s)))),
    h('ol', { class: 'clause-edit' }, composer.cl.map((c, i) => h('li', null,
      h('p', { class: 'preview' }, sentence(clauseText(c))),
      h('div', { class: 'row wrap' }, edit(c, i),
        h('button', { type: 'button', class: 'small', 'aria-label': t('deal.remove_clause'), onclick: () => { composer.cl.splice(i, 1); re(); } }, '✕'))))),
    composer.cl.length < 4 ? h('div', { class: 'row' },
      sel('clause-kind', t('deal.clause_kind'), ['transfer', 'consent', 'joint', 'pledge', 'accord'].map((k) => [k, t('clause.kind.' + k)]), composer.kind, (v) => { composer.kind = v; }),
      h('button', { type: 'button', id: 'add-clause', onclick: () => { composer.cl.push(newClause(composer.kind, me)); re(); } }, t('deal.add_clause'))) : null,
    composer.cl.length ? h('div', { class: 'preview-box' }, h('strong', null, t('deal.preview')), ' ',
      sentence(t('deal.preview_text', { who: seatName(me), parties: composer.parties.map(seatName).join(', ') || '—' })),
      h('ul', null, composer.cl.map((c) => h('li', null, sentence(clauseText(c)))))) : null,
    h('button', { type: 'button', class: 'primary', id: 'send-deal', disabled: !composer.cl.length || !composer.parties.length, onclick: send }, t('deal.send')),
    composer.msg ? h('p', { class: 'err', role: 'alert' }, composer.msg) : null,
    composer.ok ? h('p', { class: 'ok', role: 'status' }, composer.ok) : null);
}
