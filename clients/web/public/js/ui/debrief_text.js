// ui/debrief_text.js — the debrief's words: the story (who won and why,
// key moments), orders, deal clauses and discussion questions from the
// server's debrief data, in the reader's language; and the same as one
// Markdown document for the export. Numbers and ids come from the data
// (PROTOCOL.md [P6.11]); names and texts from the rule data and the
// message tables.

import { t, num, signed, seatName, seatLabel, sentence, tieWords, resName, catName, scenarioShort, slotNames, sourceQuote, getRules, whatIf, changeText, catEntry, SEATS } from '../i18n.js';
import { historyYears } from './debrief_charts.js';

const TAGS = ['security-in-kz', 'economy-in-kz', 'soft-power', 'coercion', 'energy'];

/** A list of seats in words: "China and Russia". @param {string[]} seats */
export function seatList(seats) {
  const names = (seats || []).map(seatName);
  if (names.length <= 1) return names[0] || t('debrief.nobody');
  return t('debrief.and', { a: names.slice(0, -1).join(', '), b: names[names.length - 1] });
}

/** An order of the debrief log as words. @param {any} o @param {string} seat */
export function orderWords(o, seat) {
  const rules = getRules();
  const def = rules ? rules.actions.find((/** @type {any} */ a) => a.id === o.action) : null;
  // A transfer's arg: the resource slot in the low 2 bits, the amount above.
  if (o.action === 'transfer') return t('order.transfer', { n: (o.arg || 0) >> 2, res: resName(seat, (o.arg || 0) & 3), to: seatName(SEATS[o.target] || '') });
  let tgt = '';
  if (def && def.target === 'project' && rules.projects[o.target]) tgt = catName('projects', rules.projects[o.target].id);
  else if (def && (def.target === 'seat' || def.target === 'power') && SEATS[o.target]) tgt = seatName(SEATS[o.target]);
  return (o.action ? catName('actions', o.action) : o.name || '?') + (tgt ? ': ' + tgt : '');
}

/** An engine clause of the debrief (kind, a, b, c, amount, turns) as words. @param {any} c */
export function clauseWords(c) {
  const rules = getRules() || { actions: [], projects: [], accords: [] };
  switch (c.kind) {
    case 'transfer':
      return t('clause.transfer', { from: seatName(SEATS[c.a] || ''), to: seatName(SEATS[c.b] || ''), n: c.amount, res: resName(SEATS[c.a] || 'china', slotNames(SEATS[c.a] || 'china')[c.c] || 0) });
    case 'consent': {
      const act = rules.actions[c.c];
      return t(c.amount ? 'clause.consent_fee' : 'clause.consent', { power: seatName(SEATS[c.a] || ''), action: act ? catName('actions', act.id) : t('clause.any_action'), n: c.amount });
    }
    case 'joint': {
      const p = rules.projects[c.a];
      return t('clause.joint', { partner: seatName(SEATS[c.b] || ''), project: p ? catName('projects', p.id) : '?', n: c.amount });
    }
    case 'pledge':
      return t('clause.pledge', { seat: seatName(SEATS[c.a] || ''), tags: TAGS.filter((_, i) => (c.c >> i) & 1).map((x) => t('tag.' + x)).join(', '), turns: t('unit.turns', { n: c.turns }) });
    default: {
      const a = rules.accords[c.c];
      const name = a ? catName('accords', a.id) : '?';
      return t(c.turns ? 'clause.accord_turns' : 'clause.accord', { accord: name, turns: t('unit.turns', { n: c.turns }) });
    }
  }
}

/** A change of the turn log as words: "Sinophobia 3 → 5". @param {any} c */
export function changeWords(c) {
  const what = c.kind === 'influence' ? t('debrief.infl', { who: seatName(c.seat), dom: t('domain.' + c.name) })
    : c.kind === 'route' ? t('route.' + c.name) : t('track.' + c.name);
  return `${what}: ${num(c.from)} → ${num(c.to)} (${signed(c.to - c.from)})`;
}

/** A discussion question in words. @param {any} q */
export function questionText(q) {
  const year = String(q.year);
  switch (q.kind) {
    case 'broken_promise': return t('debrief.q_broken', { by: seatList(q.by), to: seatList(q.to), year });
    case 'crisis': return t('debrief.q_crisis', { year, resp: catName('responses', q.response) });
    case 'domain': return q.action
      ? t('debrief.q_domain_by', { year, dom: t('domain.' + q.domain), from: seatName(q.from), to: seatName(q.to), action: catName('actions', q.action) })
      : t('debrief.q_domain', { year, dom: t('domain.' + q.domain), from: seatName(q.from), to: seatName(q.to) });
    case 'what_if': {
      // a card with a historical year says it; one without is a possible event, not history
      const real = (catEntry('events', q.event) || {}).year;
      return real ? t('debrief.q_what_if', { year, event: catName('events', q.event), real: String(real) })
        : t('debrief.q_what_if_possible', { year, event: catName('events', q.event) });
    }
    case 'division': return t(q.security === 'china' ? 'debrief.q_division_broken' : 'debrief.q_division',
      { eco: q.economy ? seatName(q.economy) : t('debrief.nobody'), sec: q.security ? seatName(q.security) : t('debrief.nobody') });
    default: return q.kind;
  }
}

/**
 * The debrief's heading: the scenario and the length actually played
 * ("Debrief: Classroom, 4 turns (2013–2016)"), never the length in the
 * scenario's full name. @param {any} d
 */
export function gameHeading(d) {
  const name = scenarioShort(d.scenario);
  if (!d.turns) return t('debrief.heading_none', { name });
  const last = d.year0 + d.turns - 1;
  return t('debrief.heading', { name, turns: t('unit.turns', { n: d.turns }), years: d.turns > 1 ? `${d.year0}–${last}` : String(d.year0) });
}

/** What the heading leaves out: a shortened game, a game stopped early. @param {any} d @returns {string[]} */
export function lengthNotes(d) {
  const out = [];
  if (d.length && d.scenario_turns && d.length < d.scenario_turns) out.push(t('debrief.shortened', { n: d.length, of: d.scenario_turns }));
  if (d.length && d.turns < d.length) out.push(t('debrief.stopped', { n: d.turns, of: d.length }));
  return out;
}

/** A moment of the story as a statement (the question's first sentence), for the key moments. @param {any} q */
export function momentText(q) {
  const year = String(q.year);
  switch (q.kind) {
    case 'broken_promise': return t('debrief.m_broken', { by: seatList(q.by), to: seatList(q.to), year });
    case 'crisis': return t('debrief.m_crisis', { year, resp: catName('responses', q.response) });
    case 'domain': return t('debrief.m_domain', { year, dom: t('domain.' + q.domain), from: seatName(q.from), to: seatName(q.to) });
    default: return questionText(q);
  }
}

/** The three-sentence story: who won, who led the race, how it ended. @param {any} d */
export function story(d) {
  const out = [];
  const r = d.result;
  if (r) {
    const second = r.rank[1];
    let won = t('debrief.story_won', { who: seatName(r.winner), margin: signed(r.relative[r.winner]), second: seatName(second), m2: signed(r.relative[second]) });
    // Level on margin: say what decided it (RULES.md §9), not leave the class guessing.
    const tie = tieWords(r.winner, second, r.decided_by);
    if (tie) won += ' ' + tie;
    out.push(won);
  } else {
    out.push(t('debrief.story_running', { n: d.turns }));
  }
  // who led the race most years; when several share the most, all of them
  // in the order they first led (it once named one of four seats that led a
  // year each, as if it alone had)
  const led = /** @type {Record<string, number>} */ ({});
  for (const y of d.years) if (y.leading) led[y.leading] = (led[y.leading] || 0) + 1;
  const most = Math.max(0, ...Object.values(led));
  const tops = Object.keys(led).filter((s) => led[s] === most);
  if (tops.length === 1) out.push(t('debrief.story_led', { who: seatName(tops[0]), n: most, of: d.years.length }));
  else if (tops.length > 1) out.push(t('debrief.story_led_shared', { who: tops.map(seatName).join(', '), n: most, of: d.years.length }));
  const broken = d.deals.filter((/** @type {any} */ x) => x.breachers.length).length;
  const accepted = d.deals.filter((/** @type {any} */ x) => ['accepted', 'fulfilled', 'breached'].includes(x.status)).length;
  out.push(t('debrief.story_deals', { n: d.deals.length, k: accepted, b: broken }) + (r ? ' ' + t('end.' + r.reason) : ''));
  return out.map(sentence);
}

/** Up to three key moments: a deal, a broken promise, a crisis (then a domain changing hands). @param {any} d */
export function keyMoments(d) {
  const qs = d.questions || [];
  const pick = [];
  const broken = qs.find((/** @type {any} */ q) => q.kind === 'broken_promise');
  if (broken) pick.push(momentText(broken));
  const deal = d.deals.find((/** @type {any} */ x) => x.status === 'accepted' || x.status === 'fulfilled');
  if (deal) pick.push(t('debrief.moment_deal', { year: String(d.year0 + deal.turn - 1), who: seatName(deal.proposer), parties: seatList(deal.parties.filter((/** @type {string} */ p) => p !== deal.proposer)), what: deal.clauses.map(clauseWords).join('; ') }));
  for (const q of qs) {
    if (pick.length >= 3) break;
    if (q.kind === 'crisis' || q.kind === 'domain') pick.push(momentText(q));
  }
  return pick.slice(0, 3);
}

/**
 * The whole debrief as Markdown in the reader's language (the export).
 * @param {any} d
 */
export function debriefMarkdown(d) {
  const L = [];
  const cite = (/** @type {string} */ src) => {
    const q = sourceQuote(src);
    return q ? `> “${q.text}” — ${q.title} (${src})` : `> ${t('order.source')}: ${src}`;
  };
  L.push(`# ${gameHeading(d)}`, '');
  for (const n of lengthNotes(d)) L.push(n, '');
  L.push(story(d).join(' '), '');
  const moments = keyMoments(d);
  if (moments.length) { L.push(`## ${t('debrief.moments')}`, ''); for (const m of moments) L.push(`- ${m}`); L.push(''); }
  if (d.result) {
    L.push(`## ${t('debrief.result')}`, '', `| # | ${t('board.seat')} | VP | ${t('over.margin')} |`, '|---|---|---|---|');
    d.result.rank.forEach((/** @type {string} */ s, /** @type {number} */ i) => L.push(`| ${i + 1} | ${seatLabel(s)} | ${d.result.vp[s]} | ${signed(d.result.relative[s])} |`));
    L.push('');
  }
  L.push(`## ${t('debrief.vp_title')}`, '', `| ${t('debrief.year')} | ${SEATS.map(seatName).join(' | ')} | ${t('debrief.leading')} |`, `|---|${SEATS.map(() => '---|').join('')}---|`);
  for (const y of d.years) L.push(`| ${y.year} | ${SEATS.map((s) => signed(y.margin[s])).join(' | ')} | ${y.leading ? seatLabel(y.leading) : '—'} |`);
  L.push('');
  L.push(`## ${t('debrief.tracks_title')}`, '', `| ${t('debrief.year')} | ${Object.keys(d.years[0] ? d.years[0].tracks : {}).map((k) => t('track.' + k)).join(' | ')} |`);
  if (d.years[0]) {
    L.push(`|---|${Object.keys(d.years[0].tracks).map(() => '---|').join('')}`);
    for (const y of d.years) {
      const h = d.history && d.history.years.find((/** @type {any} */ r) => r.year === y.year);
      L.push(`| ${y.year} | ${Object.keys(y.tracks).map((k) => num(y.tracks[k]) + (h ? ` (${num(h.tracks[k])}${h.estimate ? '*' : ''})` : '')).join(' | ')} |`);
    }
    if (d.history && d.history.years.length) {
      L.push('', t('debrief.md_history_note', historyYears(d.history)));
      if (d.history.years.some((/** @type {any} */ r) => r.estimate)) L.push('', t('debrief.history_estimate'));
    }
    L.push('');
  }
  L.push(`## ${t('debrief.ledger')}`, '');
  for (const s of SEATS) L.push(`- ${seatName(s)}: ${t('deal.record', { k: d.promises[s].kept, b: d.promises[s].broken })}`);
  for (const x of d.deals) L.push(`- ${t('deal.number', { n: x.id })} (${d.year0 + x.turn - 1}, ${t('status.' + x.status)}): ${x.clauses.map(clauseWords).join('; ')}${x.breachers.length ? ' — ' + t('deal.broken_by', { who: seatList(x.breachers) }) : ''}`);
  L.push('', `## ${t('debrief.turns')}`, '');
  for (const turn of d.log) {
    L.push(`### ${turn.year}`, '');
    for (const n of turn.news) { L.push(`- ${t('debrief.news')}: **${catName('events', n.id)}**${n.what_if ? ' (' + whatIf(n.id) + ')' : ''}`, '', cite(n.source), ''); }
    if (turn.resolved) {
      for (const s of SEATS) L.push(`- ${seatName(s)}: ${(turn.orders[s] || []).length ? turn.orders[s].map((/** @type {any} */ o) => `${orderWords(o, s)} (${t('out.' + o.outcome)}${(o.chg || []).length ? ': ' + o.chg.map(changeText).join(', ') : ''})`).join('; ') : t('news.no_orders')}`);
      if (turn.crisis) L.push(`- ${t('debrief.crisis')}: ${catName('responses', turn.crisis.id)}`);
      if (turn.breaches.length) L.push(`- ${t('debrief.breaches', { who: seatList(turn.breaches) })}`);
      if ((turn.changes || []).length) L.push(`- ${t('debrief.changed')}: ${turn.changes.map(changeWords).join('; ')}`);
    }
    L.push('');
  }
  L.push(`## ${t('debrief.questions')}`, '');
  (d.questions || []).forEach((/** @type {any} */ q, /** @type {number} */ i) => L.push(`${i + 1}. ${questionText(q)}`, '', cite(q.source), ''));
  return L.join('\n');
}
