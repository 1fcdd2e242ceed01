// ui/board.js — the public board: the schematic SVG map (routes by capacity,
// project sites, domain leaders), Kazakhstan's and the global tracks as
// gauges with their danger zones, and the score strip. Seats are told apart
// by a label, an emblem and a pattern, never by colour alone.

import { h, s } from '../h.js';
import { t, num, signed, seatName, seatLabel, catName, DOMAINS, POWERS, SEATS, getRules } from '../i18n.js';

/** Pattern and emblem per seat (colours: Okabe-Ito). */
export const SEAT_STYLE = {
  china: { color: '#D55E00', emblem: 'CN' },
  russia: { color: '#0072B2', emblem: 'RU' },
  west: { color: '#CC79A7', emblem: 'W' },
  kazakhstan: { color: '#E69F00', emblem: 'KZ' },
};

/** SVG <defs> with one fill pattern per seat plus the neutral danger hatch. */
export function patternDefs() {
  const p = (id, color, body) =>
    s('pattern', { id: 'pat-' + id, width: 8, height: 8, patternUnits: 'userSpaceOnUse' },
      s('rect', { width: 8, height: 8, fill: color }), body);
  return s('defs', null,
    p('china', '#D55E00', s('circle', { cx: 4, cy: 4, r: 1.6, fill: '#fff' })),
    p('russia', '#0072B2', s('path', { d: 'M0 8L8 0M-2 2L2 -2M6 10L10 6', stroke: '#fff', 'stroke-width': 1.5 })),
    p('west', '#CC79A7', s('path', { d: 'M0 4H8M4 0V8', stroke: '#fff', 'stroke-width': 1.2 })),
    p('kazakhstan', '#E69F00', s('path', { d: 'M0 2H8M0 6H8', stroke: '#fff', 'stroke-width': 1.2 })),
    s('pattern', { id: 'pat-danger', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      s('rect', { width: 6, height: 6, fill: '#e9e9e9' }),
      s('rect', { width: 2.5, height: 6, fill: '#6b6b6b' })));
}

/** A seat's badge: emblem on its pattern, then its name. @param {string} seat */
export function seatBadge(seat, withName = true) {
  const st = SEAT_STYLE[seat];
  if (!st) return h('span', { class: 'who' }, seatLabel(seat));
  return h('span', { class: 'seat-badge seat-' + seat },
    h('span', { class: 'emblem', 'aria-hidden': 'true' }, st.emblem),
    withName ? h('span', { class: 'seat-name' }, seatLabel(seat)) : null);
}

/** The power that strictly leads a domain, or ''. */
export function leader(infl, dom) {
  let best = '', top = -1, tie = false;
  for (const p of POWERS) {
    const v = (infl && infl[p] && infl[p][dom]) || 0;
    if (v > top) { best = p; top = v; tie = false; } else if (v === top) tie = true;
  }
  return tie ? '' : best;
}

const CITY = {
  astana: [330, 150], almaty: [415, 272], atyrau: [132, 172], aktau: [116, 244], khorgos: [458, 250],
};
/** Where a city's name sits: [dx, dy, anchor] from the dot (default: up
 * right). Atyrau's and Almaty's go below, clear of the project sites beside
 * them (the render test checks no name overlaps a site in any language). */
const CITY_LABEL = {
  atyrau: [0, 7, 'middle'], almaty: [0, 7, 'middle'],
};
const SITE = {
  khorgos: [441, 252], china_pipeline: [470, 168], atyrau_petrochem: [150, 160],
  cpc_expansion: [160, 118], trans_caspian: [84, 250],
};
const ROUTE_PATH = {
  north: 'M262 168 C 254 124, 246 80, 238 30',
  east: 'M330 160 C 400 170, 470 150, 560 140',
  caspian: 'M116 244 C 80 250, 50 240, 10 232',
};

/**
 * The schematic map for a view (state.view).
 * @param {Record<string, any>} v
 */
export function mapSvg(v) {
  const routes = v.routes || {};
  const infl = v.infl || {};
  const projects = v.projects || {};
  const closed = v.closed || {};
  const desc = [];
  const routeEls = Object.keys(ROUTE_PATH).map((r) => {
    const cap = routes[r] || 0;
    const shut = (closed[r] || 0) > 0;
    desc.push(t('map.route_desc', { route: t('route.' + r), units: t('unit.units', { n: cap }) }) + (shut ? ' ' + t('map.shut') : ''));
    const w = cap > 0 ? 3 + Math.min(cap, 14) * 1.3 : 2;
    return s('g', { class: 'route' + (shut ? ' shut' : '') + (cap ? '' : ' empty') },
      s('path', { d: ROUTE_PATH[r], 'stroke-width': w, class: 'route-line' }),
      s('path', { d: ROUTE_PATH[r], class: 'route-flow' }));
  });
  const routeLabels = [
    s('text', { x: 250, y: 62, class: 'lbl route-lbl' }, t('route.north') + ' · ' + num(routes.north || 0)),
    s('text', { x: 594, y: 128, class: 'lbl route-lbl', 'text-anchor': 'end' }, t('route.east') + ' · ' + num(routes.east || 0)),
    s('text', { x: 18, y: 322, class: 'lbl route-lbl' }, t('route.caspian') + ' · ' + num(routes.caspian || 0)),
  ];
  const sites = Object.entries(SITE).map(([id, [x, y]]) => {
    const p = projects[id];
    const owner = p && p.owner && p.owner !== 'none' ? p.owner : '';
    const rules = getRules();
    const def = rules && rules.projects.find((/** @type {any} */ d) => d.id === id);
    const st = !p ? 'proposed' : p.done ? 'built' : 'building';
    const label = catName('projects', id) + ': ' + t('proj.' + st) +
      (owner ? ' (' + seatName(owner) + (p.partner && p.partner !== 'none' ? ' + ' + seatName(p.partner) : '') + ')' : '') +
      (st === 'building' && def ? ' ' + t('proj.progress', { n: p.prog || 0, of: def.turns }) : '');
    desc.push(label);
    return s('g', { class: 'site site-' + st },
      s('title', null, label),
      st === 'built'
        ? s('rect', { x: x - 8, y: y - 8, width: 16, height: 16, fill: 'url(#pat-' + owner + ')', stroke: '#222', 'stroke-width': 1.5 })
        : s('rect', { x: x - 7, y: y - 7, width: 14, height: 14, fill: st === 'building' ? '#fff' : 'none', stroke: '#444', 'stroke-width': 1.5, 'stroke-dasharray': st === 'proposed' ? '3 2' : null }),
      st === 'building' && owner ? s('rect', { x: x - 7, y: y + 7 - 14 * Math.min(1, (p.prog || 0) / ((def && def.turns) || 2)), width: 14, height: 14 * Math.min(1, (p.prog || 0) / ((def && def.turns) || 2)), fill: 'url(#pat-' + owner + ')' }) : null,
      owner ? s('text', { x: x - 11, y: y + 4, class: 'lbl site-owner', 'text-anchor': 'end' }, SEAT_STYLE[owner].emblem) : null);
  });
  const badges = DOMAINS.map((d, i) => {
    const lead = leader(infl, d);
    desc.push(t('map.leads', { dom: t('domain.' + d), who: lead ? seatName(lead) : t('map.nobody') }));
    const x = 175 + i * 64, y = 196;
    return s('g', { class: 'dom-badge' },
      s('rect', { x, y, width: 58, height: 40, rx: 6, fill: lead ? 'url(#pat-' + lead + ')' : '#f4f4f4', stroke: '#333' }),
      s('rect', { x: x + 3, y: y + 3, width: 52, height: 16, rx: 3, fill: '#fff', opacity: 0.92 }),
      s('text', { x: x + 29, y: y + 15, class: 'lbl dom-lbl', 'text-anchor': 'middle', textLength: t('domain.' + d).length > 7 ? 50 : null, lengthAdjust: 'spacingAndGlyphs' }, t('domain.' + d)),
      s('rect', { x: x + 13, y: y + 22, width: 32, height: 15, rx: 3, fill: '#fff', opacity: 0.92 }),
      s('text', { x: x + 29, y: y + 34, class: 'lbl dom-lead', 'text-anchor': 'middle' }, lead ? SEAT_STYLE[lead].emblem : '—'));
  });
  const cities = Object.entries(CITY).map(([c, [x, y]]) => {
    const [dx, dy, anchor] = CITY_LABEL[c] || [7, -6, 'start'];
    return s('g', { class: 'city' }, s('circle', { cx: x, cy: y, r: c === 'astana' ? 5 : 3.5 }),
      s('text', { x: x + dx, y: y + dy, class: 'lbl city-lbl', 'text-anchor': anchor, 'dominant-baseline': dy > 0 ? 'hanging' : null }, t('city.' + c)));
  });
  return s('svg', { viewBox: '0 0 600 400', class: 'map', role: 'img', 'aria-labelledby': 'map-title map-desc' },
    s('title', { id: 'map-title' }, t('map.title')),
    s('desc', { id: 'map-desc' }, desc.join('. ')),
    patternDefs(),
    s('rect', { x: 0, y: 0, width: 600, height: 400, class: 'sea-land' }),
    s('path', { d: 'M0 0H600V88C520 92 430 80 330 78C230 76 150 90 60 110L0 120Z', class: 'land russia' }),
    s('text', { x: 300, y: 24, class: 'lbl region', 'text-anchor': 'middle' }, seatName('russia')),
    s('path', { d: 'M600 96V400H452C470 340 490 300 478 250C490 190 480 130 470 100Z', class: 'land china' }),
    s('text', { x: 550, y: 330, class: 'lbl region', 'text-anchor': 'middle' }, seatName('china')),
    s('path', { d: 'M100 400C130 330 220 318 330 322C400 322 440 320 452 400Z', class: 'land centralasia' }),
    s('text', { x: 280, y: 372, class: 'lbl region', 'text-anchor': 'middle' }, t('map.central_asia')),
    s('ellipse', { cx: 50, cy: 262, rx: 32, ry: 84, class: 'caspian' }),
    s('text', { x: 50, y: 364, class: 'lbl sea', 'text-anchor': 'middle' }, t('map.caspian')),
    s('text', { x: 6, y: 150, class: 'lbl region' }, t('map.europe')),
    s('path', { d: 'M112 128L200 98L330 86L430 100L470 140L476 228L440 300L330 314L230 304L150 292L104 250L100 180Z', class: 'kz', fill: 'url(#pat-kazakhstan)' }),
    s('path', { d: 'M112 128L200 98L330 86L430 100L470 140L476 228L440 300L330 314L230 304L150 292L104 250L100 180Z', class: 'kz-veil' }),
    s('text', { x: 230, y: 285, class: 'lbl kz-lbl', 'text-anchor': 'middle' }, seatName('kazakhstan')),
    routeEls, routeLabels, cities, sites, badges);
}

/** Track limits and danger zones (inclusive ranges), from RULES.md section 2. */
export const GAUGES = [
  { id: 'stability', max: 10, danger: [0, 2], src: 'tracks' },
  { id: 'sovereignty', max: 10, danger: [0, 1], src: 'tracks' },
  { id: 'sinophobia', max: 10, danger: [8, 10], src: 'tracks' },
  { id: 'reform', max: 10, danger: null, src: 'tracks' },
  { id: 'development', max: 15, danger: null, src: 'tracks' },
  { id: 'debt', max: 10, danger: [3, 10], src: 'tracks' },
  { id: 'escalation', max: 10, danger: [8, 10], src: 'globals' },
  { id: 'trust', max: 10, danger: null, src: 'globals' },
  { id: 'sanctions', max: 3, danger: null, src: 'globals' },
  { id: 'oil_price', max: 2, danger: null, src: 'globals' },
];

/** Last values drawn, so a changed gauge pulses once. @type {Record<string, number>} */
const lastDrawn = {};

/** The tracks as gauges; each has its meaning on demand (details). */
export function gauges(v) {
  return h('div', { class: 'gauges' }, GAUGES.map((g) => {
    const val = (v[g.src] && v[g.src][g.id]) || 0;
    const changed = g.id in lastDrawn && lastDrawn[g.id] !== val;
    lastDrawn[g.id] = val;
    const pct = (x) => (100 * Math.min(x, g.max)) / g.max;
    const inDanger = g.danger && val >= g.danger[0] && val <= g.danger[1];
    const shown = g.id === 'oil_price' ? t('oil.' + val) : num(val);
    return h('details', { class: 'gauge' + (inDanger ? ' danger' : '') + (changed ? ' changed' : '') },
      h('summary', null,
        h('span', { class: 'g-name' }, t('track.' + g.id)),
        h('span', { class: 'g-val' }, shown, inDanger ? ' ⚠' : null),
        h('span', { class: 'g-bar', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': g.max, 'aria-valuenow': val, 'aria-label': t('track.' + g.id) },
          g.danger ? h('span', { class: 'g-danger', style: { left: `${pct(g.danger[0])}%`, width: `${Math.max(pct(g.danger[1] + 1) - pct(g.danger[0]), 4)}%` } }) : null,
          h('span', { class: 'g-fill', style: { width: `${pct(val)}%` } })),
        inDanger ? h('span', { class: 'warn g-warn' }, t('gauge.danger')) : null),
      h('p', { class: 'g-help' }, t('gauge.' + g.id)));
  }));
}

/** VP par of each seat in a scenario. @param {string} scen */
export function pars(scen) {
  const r = getRules();
  const sc = r && r.scenarios.find((/** @type {any} */ x) => x.id === scen);
  /** @type {Record<string, number>} */
  const out = {};
  for (const p of (sc && sc.pars) || []) out[SEATS[p.a]] = p.value;
  return out;
}

/**
 * The score strip: per seat VP, par and margin, the leader marked. During the
 * game it reads the server's running score (state.view.score: VP as if the
 * game were scored now, the par so far from the scenario's par curve, their margin);
 * `opts.vp` and `opts.rel` (game_over's final VP and margins) are set against
 * the par the result used: vp − rel, the par for the game's length (a game
 * shortened by `turns` is not ranked against the whole scenario's par). A
 * view without `score` (an older server) shows the banked VP and the
 * scenario's par.
 */
export function scoreStrip(v, opts = {}) {
  const { vpOf, parOf, margin, best } = score(v, opts);
  const submitted = new Set(v.submitted || []);
  return h('ol', { class: 'score-strip', 'aria-label': t('score.title') }, SEATS.map((seat) =>
    h('li', { class: 'chip seat-' + seat + (seat === best ? ' lead' : '') + (seat === opts.me ? ' me' : '') },
      seatBadge(seat),
      h('span', { class: 'vp' }, t('score.vp', { n: vpOf(seat) })),
      h('span', { class: 'par' }, t('score.par', { n: parOf(seat) })),
      h('span', { class: 'margin' }, signed(margin(seat))),
      seat === best ? h('span', { class: 'lead-mark' }, '★ ', h('span', { class: 'sr' }, t('score.leads'))) : null,
      v.phase === 'orders' && submitted.has(seat) ? h('span', { class: 'done-mark', title: t('score.submitted') }, '✓', h('span', { class: 'sr' }, t('score.submitted'))) : null,
      opts.kept ? h('span', { class: 'record' }, t('deal.record', { k: opts.kept[seat] || 0, b: (opts.broken && opts.broken[seat]) || 0 })) : null)));
}

/**
 * The margins in one line, best first, the leader marked: the teacher's
 * overview of several tables (one glance: who is winning at each).
 * @param {any} v a view @param {{vp?: any, rel?: any, winner?: string}} [opts]
 */
export function marginLine(v, opts = {}) {
  const { margin, best } = score(v, opts);
  const order = [best, ...SEATS.filter((s) => s !== best).sort((a, b) => margin(b) - margin(a))];
  return h('ol', { class: 'margin-line', 'aria-label': t('score.title') }, order.map((seat) =>
    h('li', { class: seat === best ? 'lead' : '' }, seatBadge(seat), ' ', h('span', { class: 'margin' }, signed(margin(seat))),
      seat === best ? h('span', { class: 'lead-mark' }, ' ★', h('span', { class: 'sr' }, t('score.leads'))) : null)));
}

/** Each seat's VP, par and margin (running, or the result's), and the leader. @param {any} v @param {any} opts */
function score(v, opts) {
  const running = !opts.vp && v.score ? v.score : null;
  const vpBanked = opts.vp || v.vp || {};
  const gamePar = pars(v.scen);
  const vpOf = (/** @type {string} */ seat) => (running ? (running[seat] && running[seat].vp) || 0 : vpBanked[seat] || 0);
  const parOf = (/** @type {string} */ seat) => (running ? (running[seat] && running[seat].par) || 0
    : opts.vp && opts.rel ? (opts.vp[seat] || 0) - (opts.rel[seat] || 0) : gamePar[seat] || 0); // absent = 0 (PROTOCOL.md)
  const margin = (/** @type {string} */ seat) => vpOf(seat) - parOf(seat);
  const paceOf = (/** @type {string} */ seat) => (running && running[seat] && running[seat].pace) || 0;
  // Over, the star is the result's winner (equal margins are settled by the
  // tiebreaks of RULES.md §9); running, the best margin, then ahead of pace.
  const best = opts.winner || runningLeader(margin, paceOf);
  return { vpOf, parOf, margin, best };
}

/**
 * The seat the running score ranks first: the best margin; equal margins go
 * to the seat further ahead of par's pace (view.score[seat].pace, RULES.md §9's
 * second criterion), then to seat order (the server's later criteria are not
 * in the view).
 * @param {(seat: string) => number} margin @param {(seat: string) => number} pace
 */
export function runningLeader(margin, pace) {
  return SEATS.reduce((a, b) => (margin(b) > margin(a) || (margin(b) === margin(a) && pace(b) > pace(a)) ? b : a));
}
