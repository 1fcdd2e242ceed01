// ui/debrief_charts.js — the debrief's SVG charts, drawn from the server's
// debrief data (PROTOCOL.md [P6.11]): the VP race (every seat's margin by
// year), a track by year against the historical line (dashed), influence by
// domain as a heat-map of leaders by year, and route shares as stacked
// areas. Every mark carries the number it draws in data attributes
// (data-seat, data-year, data-value, ...), so a test can read the chart
// against the JSON and a screen reader gets a table beside each chart.
// Seats are told apart by label, emblem and pattern, never colour alone.

import { h, s } from '../h.js';
import { t, num, signed, seatName, DOMAINS, ROUTES, SEATS } from '../i18n.js';
import { SEAT_STYLE, patternDefs } from './board.js';

let W = 640;
const H = 300;
const PAD = { l: 44, r: 132, t: 16, b: 34 };

/**
 * The wide charts' drawing width: narrower on a phone, so that their text
 * stays readable when the SVG is scaled to the screen. @param {boolean} narrow
 */
export function chartSize(narrow) {
  W = narrow ? 430 : 640;
  PAD.r = narrow ? 118 : 132;
}
/** Marker shapes per seat (a second cue beside colour). */
const MARK = { china: 'circle', russia: 'square', west: 'diamond', kazakhstan: 'triangle' };
const DASH = { china: '', russia: '8 4', west: '2 3', kazakhstan: '10 3 2 3' };
/** Route fills: a neutral ramp with hatches, not the seats' colours. */
const ROUTE_FILL = { north: '#6f6f6f', east: '#b0b0b0', caspian: '#dcdcdc' };

/** A marker of `seat`'s shape at x, y. */
function marker(seat, x, y, attrs) {
  const fill = SEAT_STYLE[seat] ? SEAT_STYLE[seat].color : '#333';
  const a = { fill, stroke: '#000', 'stroke-width': 1, ...attrs };
  switch (MARK[seat]) {
    case 'square': return s('rect', { x: x - 4, y: y - 4, width: 8, height: 8, ...a });
    case 'diamond': return s('path', { d: `M${x} ${y - 5.5}L${x + 5.5} ${y}L${x} ${y + 5.5}L${x - 5.5} ${y}Z`, ...a });
    case 'triangle': return s('path', { d: `M${x} ${y - 5.5}L${x + 5.5} ${y + 4.5}L${x - 5.5} ${y + 4.5}Z`, ...a });
    default: return s('circle', { cx: x, cy: y, r: 4.5, ...a });
  }
}

/**
 * End labels that do not overlap: wanted y positions spread at least `gap`
 * apart (in order), kept within [lo, hi]. @param {number[]} ys @returns {number[]}
 */
export function spread(ys, gap = 17, lo = PAD.t + 6, hi = H - PAD.b) {
  const order = ys.map((y, i) => [y, i]).sort((a, b) => a[0] - b[0]);
  const out = order.map(([y]) => y);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(out[i], i ? out[i - 1] + gap : lo);
  const over = out.length ? out[out.length - 1] - hi : 0;
  if (over > 0) for (let i = out.length - 1; i >= 0; i--) out[i] = Math.min(out[i], i === out.length - 1 ? hi : out[i + 1] - gap);
  const res = new Array(ys.length);
  order.forEach(([, i], k) => { res[i] = out[k]; });
  return res;
}

/** @type {CanvasRenderingContext2D | null | undefined} */
let measurer;
/**
 * The width of `text` in the page's font at 14px and `weight` (the charts'
 * label size, in drawing units): measured on a canvas, or estimated at 10
 * units a character where there is none.
 * @param {string} text @param {number} weight
 */
export function labelWidth(text, weight = 700) {
  if (measurer === undefined) {
    try { measurer = document.createElement('canvas').getContext('2d'); } catch { measurer = null; }
  }
  if (!measurer) return text.length * 10;
  measurer.font = `${weight} 14px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
  return measurer.measureText(text).width;
}

/**
 * A label in the right margin (x = W - PAD.r + 8, y set by the caller):
 * broken into lines at spaces so each fits the margin, and a line that
 * still does not fit (one long word: ru "Транскаспийский") squeezed to it
 * (textLength), so no label is cut at the chart's edge in any language.
 * @param {string} text
 */
export function edgeLabel(text) {
  const room = PAD.r - 12;
  /** @type {string[]} */
  const lines = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.length - 1;
    if (last >= 0 && labelWidth(lines[last] + ' ' + word) <= room) lines[last] += ' ' + word;
    else lines.push(word);
  }
  const x = W - PAD.r + 8;
  return s('text', { x, class: 'series-lbl' }, lines.map((ln, i) => s('tspan', {
    x, dy: i ? '1.1em' : '0', ...(labelWidth(ln) > room ? { textLength: room, lengthAdjust: 'spacingAndGlyphs' } : {}) }, ln)));
}

/** Linear scale. */
function scale(d0, d1, r0, r1) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (/** @type {number} */ v) => r0 + (v - d0) * k;
}

/** Round ticks between lo and hi (about five). */
function ticks(lo, hi) {
  const span = Math.max(1, hi - lo);
  const step = span <= 6 ? 1 : span <= 12 ? 2 : span <= 30 ? 5 : 10;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) out.push(v);
  return out;
}

/** The axes and grid of a line chart. */
function axes(years, x, y, lo, hi, unit) {
  return s('g', { class: 'axes', 'aria-hidden': 'true' },
    ticks(lo, hi).map((v) => s('g', null,
      s('line', { x1: PAD.l, x2: W - PAD.r, y1: y(v), y2: y(v), class: v === 0 ? 'zero' : 'grid' }),
      s('text', { x: PAD.l - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, unit === 'signed' ? signed(v) : num(v)))),
    years.map((yr) => s('text', { x: x(yr), y: H - PAD.b + 18, 'text-anchor': 'middle', class: 'tick' }, String(yr))));
}

/** A figure: the SVG, its caption, and the same numbers as a table. */
function figure(id, title, svg, table, note) {
  return h('figure', { class: 'chart', id },
    h('figcaption', null, h('strong', null, title), note ? h('span', { class: 'muted' }, ' — ', note) : null),
    svg,
    h('details', { class: 'chart-data no-print' }, h('summary', null, t('debrief.as_table')), table));
}

/** A small data table (years across). */
function dataTable(caption, years, rows) {
  return h('table', { class: 'data' },
    h('caption', { class: 'sr' }, caption),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('debrief.year')), years.map((y) => h('th', { scope: 'col' }, String(y))))),
    h('tbody', null, rows.map(([name, vals]) => h('tr', null, h('th', { scope: 'row' }, name), vals.map((v) => h('td', null, v))))));
}

/**
 * The VP race: each seat's margin (VP as if scored then, less its par so
 * far) at the end of every year; one line per seat.
 * @param {any} d debrief data @param {string} [id]
 */
export function vpRace(d, id = 'chart-vp') {
  const years = d.years.map((/** @type {any} */ y) => y.year);
  const all = d.years.flatMap((/** @type {any} */ y) => SEATS.map((st) => y.margin[st]));
  const lo = Math.min(0, ...all) - 1, hi = Math.max(0, ...all) + 1;
  const x = scale(years[0], years[years.length - 1] || years[0], PAD.l + 12, W - PAD.r - 12);
  const y = scale(lo, hi, H - PAD.b, PAD.t);
  const ends = spread(SEATS.map((st) => y(d.years.length ? d.years[d.years.length - 1].margin[st] : 0)));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img', 'aria-labelledby': id + '-t', 'data-chart': 'vp' },
    s('title', { id: id + '-t' }, t('debrief.vp_title')),
    axes(years, x, y, lo, hi, 'signed'),
    SEATS.map((st, si) => {
      const vals = d.years.map((/** @type {any} */ yr) => yr.margin[st]);
      const last = vals[vals.length - 1];
      return s('g', { class: 'series', 'data-seat': st, 'data-values': vals.join(',') },
        s('polyline', { points: d.years.map((/** @type {any} */ yr) => `${x(yr.year)},${y(yr.margin[st])}`).join(' '),
          fill: 'none', stroke: SEAT_STYLE[st].color, 'stroke-width': 3, 'stroke-dasharray': DASH[st] || null }),
        d.years.map((/** @type {any} */ yr) => marker(st, x(yr.year), y(yr.margin[st]),
          { class: 'pt', 'data-year': yr.year, 'data-value': yr.margin[st] })),
        years.length ? s('text', { x: W - PAD.r + 8, y: ends[si] + 5, class: 'series-lbl' },
          SEAT_STYLE[st].emblem + ' ' + signed(last)) : null);
    }));
  const table = dataTable(t('debrief.vp_title'), years, SEATS.map((st) => [seatName(st), d.years.map((/** @type {any} */ yr) => signed(yr.margin[st]))]));
  return figure(id, t('debrief.vp_title'), svg, table, t('debrief.vp_note'));
}

/** The range a track is drawn in. */
const RANGE = { sanctions: [0, 3], oil_price: [0, 2] };

/**
 * One track by year: the game (solid) against the historical line
 * (dashed) where the history covers the year.
 * @param {any} d @param {'tracks'|'globals'} group @param {string} name
 */
export function trackChart(d, group, name) {
  const id = 'chart-' + name;
  const years = d.years.map((/** @type {any} */ y) => y.year);
  const hist = ((d.history && d.history.years) || []).filter((/** @type {any} */ r) => years.includes(r.year));
  const [lo, hi] = RANGE[name] || [0, 10];
  const w = 320, hgt = 170, pl = 30, pr = 12, pt = 10, pb = 26;
  const x = scale(years[0], years[years.length - 1] || years[0], pl + 8, w - pr - 8);
  const y = scale(lo, hi, hgt - pb, pt);
  const game = d.years.map((/** @type {any} */ yr) => yr[group][name]);
  const past = hist.map((/** @type {any} */ r) => r[group][name]);
  const svg = s('svg', { viewBox: `0 0 ${w} ${hgt}`, class: 'chart-svg small', role: 'img', 'aria-labelledby': id + '-t', 'data-chart': 'track', 'data-track': name },
    s('title', { id: id + '-t' }, t('debrief.track_title', { track: t('track.' + name) })),
    s('g', { class: 'axes', 'aria-hidden': 'true' },
      [lo, Math.round((lo + hi) / 2), hi].map((v) => s('g', null,
        s('line', { x1: pl, x2: w - pr, y1: y(v), y2: y(v), class: 'grid' }),
        s('text', { x: pl - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, num(v)))),
      years.map((yr, i) => (i % 2 === 0 || years.length <= 6) ? s('text', { x: x(yr), y: hgt - 8, 'text-anchor': 'middle', class: 'tick' }, String(yr)) : null)),
    hist.length ? s('g', { class: 'history', 'data-series': 'history', 'data-values': past.join(','), 'data-years': hist.map((/** @type {any} */ r) => r.year).join(',') },
      s('polyline', { points: hist.map((/** @type {any} */ r) => `${x(r.year)},${y(r[group][name])}`).join(' '), fill: 'none', stroke: '#555', 'stroke-width': 2, 'stroke-dasharray': '6 4' })) : null,
    s('g', { class: 'game', 'data-series': 'game', 'data-values': game.join(','), 'data-years': years.join(',') },
      s('polyline', { points: d.years.map((/** @type {any} */ yr) => `${x(yr.year)},${y(yr[group][name])}`).join(' '), fill: 'none', stroke: '#111', 'stroke-width': 3 }),
      d.years.map((/** @type {any} */ yr) => s('circle', { cx: x(yr.year), cy: y(yr[group][name]), r: 3.5, fill: '#111', class: 'pt', 'data-year': yr.year, 'data-value': yr[group][name] }))));
  const rows = [[t('debrief.game'), game.map(num)]];
  if (hist.length) rows.push([t('debrief.history'), years.map((yr) => { const r = hist.find((/** @type {any} */ q) => q.year === yr); return r ? num(r[group][name]) + (r.estimate ? '*' : '') : '—'; })]);
  return h('figure', { class: 'chart small', id },
    h('figcaption', null, h('strong', null, t('track.' + name))),
    svg,
    h('details', { class: 'chart-data no-print' }, h('summary', null, t('debrief.as_table')),
      dataTable(t('debrief.track_title', { track: t('track.' + name) }), years, rows)));
}

/** The legend of the track charts: game solid, history dashed. */
/**
 * The historical line's first and last years as text: a year is a label,
 * not a quantity, so it never takes the locale's digit grouping ("2013",
 * not "2,013").
 * @param {any} hist the debrief's `history` object
 * @returns {{first: string, last: string}}
 */
export function historyYears(hist) {
  return { first: String(hist.first), last: String(hist.last) };
}

export function trackLegend(d) {
  const has = d.history && d.history.years && d.history.years.length;
  const est = has && d.history.years.some((/** @type {any} */ r) => r.estimate);
  return h('p', { class: 'legend' },
    h('span', { class: 'key solid', 'aria-hidden': 'true' }), ' ', t('debrief.game'), ' ',
    has ? [h('span', { class: 'key dashed', 'aria-hidden': 'true' }), ' ', t('debrief.history_line', historyYears(d.history))] : t('debrief.no_history'),
    est ? [' ', t('debrief.history_estimate')] : null);
}

/**
 * Influence by domain: who led each domain at the end of each year (a
 * heat-map: one row per domain, one cell per year, filled with the
 * leader's pattern and emblem; a tie is left blank).
 * @param {any} d
 */
export function leaderMap(d, id = 'chart-leaders') {
  const years = d.years.map((/** @type {any} */ y) => y.year);
  // The row labels' room: the longest domain name in this language (ru
  // "безопасность" does not fit in 100).
  const left = Math.max(100, 16 + Math.max(...DOMAINS.map((dom) => labelWidth(t('domain.' + dom), 600))));
  const cw = Math.max(40, Math.min(72, (W - 110) / Math.max(1, years.length))), ch = 40, top = 8;
  const hgt = top + DOMAINS.length * ch + 26;
  const w = left + years.length * cw + 8;
  const svg = s('svg', { viewBox: `0 0 ${w} ${hgt}`, class: 'chart-svg leaders', role: 'img', 'aria-labelledby': id + '-t', 'data-chart': 'leaders' },
    s('title', { id: id + '-t' }, t('debrief.leaders_title')),
    patternDefs(),
    DOMAINS.map((dom, r) => s('g', { class: 'domain-row', 'data-domain': dom },
      s('text', { x: left - 8, y: top + r * ch + ch / 2 + 5, 'text-anchor': 'end', class: 'row-lbl' }, t('domain.' + dom)),
      d.years.map((/** @type {any} */ yr, i) => {
        const who = yr.leaders[dom];
        const val = who ? yr.influence[who][dom] : '';
        return s('g', { class: 'cell', 'data-year': yr.year, 'data-leader': who || '', 'data-value': val },
          s('rect', { x: left + i * cw + 1, y: top + r * ch + 1, width: cw - 2, height: ch - 2, rx: 4,
            fill: who ? `url(#pat-${who})` : '#fff', stroke: '#444', 'stroke-width': 1 }),
          who ? s('text', { x: left + i * cw + cw / 2, y: top + r * ch + ch / 2 + 5, 'text-anchor': 'middle', class: 'cell-lbl' },
            SEAT_STYLE[who].emblem + ' ' + num(val)) : s('text', { x: left + i * cw + cw / 2, y: top + r * ch + ch / 2 + 5, 'text-anchor': 'middle', class: 'cell-lbl tie' }, '='));
      }))),
    years.map((yr, i) => s('text', { x: left + i * cw + cw / 2, y: hgt - 8, 'text-anchor': 'middle', class: 'tick' }, years.length > 9 ? "'" + String(yr).slice(-2) : String(yr))));
  const table = dataTable(t('debrief.leaders_title'), years, DOMAINS.map((dom) =>
    [t('domain.' + dom), d.years.map((/** @type {any} */ yr) => yr.leaders[dom] ? seatName(yr.leaders[dom]) + ' ' + num(yr.influence[yr.leaders[dom]][dom]) : t('debrief.tie'))]));
  return figure(id, t('debrief.leaders_title'), svg, table, t('debrief.leaders_note'));
}

/**
 * Whole percentages of each route's capacity that add up to exactly 100
 * (largest remainder), or all 0 when there is no capacity.
 * @param {Record<string, number>} routes @returns {number[]}
 */
export function shares(routes) {
  const v = ROUTES.map((r) => routes[r] || 0);
  const total = v.reduce((a, b) => a + b, 0);
  if (!total) return v.map(() => 0);
  const exact = v.map((x) => (100 * x) / total);
  const out = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0]);
  for (let k = 0, left = 100 - out.reduce((a, b) => a + b, 0); k < left; k++) out[order[k][1]]++;
  return out;
}

/**
 * Route shares: each export route's share of the total capacity by year,
 * as stacked areas (north at the bottom).
 * @param {any} d
 */
export function routeShares(d, id = 'chart-routes') {
  const years = d.years.map((/** @type {any} */ y) => y.year);
  const x = scale(years[0], years[years.length - 1] || years[0], PAD.l + 12, W - PAD.r - 12);
  const y = scale(0, 100, H - PAD.b, PAD.t);
  const share = (/** @type {any} */ yr, /** @type {string} */ r) => shares(yr.routes)[ROUTES.indexOf(r)];
  /** @type {number[]} */
  let base = d.years.map(() => 0);
  /** @type {number[]} */
  const mids = [];
  const layers = ROUTES.map((r, ri) => {
    const vals = d.years.map((/** @type {any} */ yr) => share(yr, r));
    const top = base.map((b, i) => b + vals[i]);
    const pts = d.years.map((/** @type {any} */ yr, i) => `${x(yr.year)},${y(top[i])}`)
      .concat(d.years.map((/** @type {any} */ yr, i) => `${x(yr.year)},${y(base[i])}`).reverse());
    mids[ri] = y(years.length ? (top[years.length - 1] + base[years.length - 1]) / 2 : 0);
    base = top;
    return s('g', { class: 'layer', 'data-route': r, 'data-values': vals.join(','), 'data-units': d.years.map((/** @type {any} */ yr) => yr.routes[r] || 0).join(',') },
      years.length === 1
        ? s('rect', { x: x(years[0]) - 20, width: 40, y: y(top[0]), height: Math.max(0, y(base[0] - vals[0]) - y(top[0])), fill: ROUTE_FILL[r], stroke: '#222' })
        : s('polygon', { points: pts.join(' '), fill: ROUTE_FILL[r], stroke: '#222', 'stroke-width': 1 }),
      edgeLabel(t('route.' + r)));
  });
  // The labels at the right edge, spread so thin layers do not overlap.
  spread(mids, 30).forEach((yy, i) => { const lbl = layers[i].lastChild; if (lbl) /** @type {Element} */ (lbl).setAttribute('y', String(yy + 5 - (lbl.childNodes.length - 1) * 8)); });
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img', 'aria-labelledby': id + '-t', 'data-chart': 'routes' },
    s('title', { id: id + '-t' }, t('debrief.routes_title')),
    axes(years, x, y, 0, 100, ''), layers);
  const table = dataTable(t('debrief.routes_title'), years, ROUTES.map((r) =>
    [t('route.' + r), d.years.map((/** @type {any} */ yr) => num(share(yr, r)) + '% (' + num(yr.routes[r] || 0) + ')')]));
  return figure(id, t('debrief.routes_title'), svg, table, t('debrief.routes_note'));
}

/**
 * The comparative chart: each table's final margin per seat, as grouped
 * bars (one group per table).
 * @param {any[]} list debrief data of each table @param {string[]} labels
 */
export function compareMargins(list, labels, id = 'chart-compare') {
  const finals = list.map((d) => (d.years.length ? d.years[d.years.length - 1].margin : {}));
  const all = finals.flatMap((m) => SEATS.map((st) => m[st] || 0));
  const lo = Math.min(0, ...all) - 1, hi = Math.max(0, ...all) + 1;
  const gw = (W - PAD.l - 20) / Math.max(1, list.length), bw = Math.min(34, (gw - 16) / 4);
  const y = scale(lo, hi, H - PAD.b, PAD.t);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img', 'aria-labelledby': id + '-t', 'data-chart': 'compare' },
    s('title', { id: id + '-t' }, t('debrief.compare_title')),
    patternDefs(),
    s('g', { class: 'axes', 'aria-hidden': 'true' }, ticks(lo, hi).map((v) => s('g', null,
      s('line', { x1: PAD.l, x2: W - 10, y1: y(v), y2: y(v), class: v === 0 ? 'zero' : 'grid' }),
      s('text', { x: PAD.l - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, signed(v))))),
    finals.map((m, k) => s('g', { class: 'group', 'data-table': k + 1 },
      SEATS.map((st, i) => {
        const v = m[st] || 0, bx = PAD.l + 8 + k * gw + i * (bw + 3);
        return s('g', { class: 'bar', 'data-seat': st, 'data-value': v },
          s('rect', { x: bx, width: bw, y: Math.min(y(v), y(0)), height: Math.max(1, Math.abs(y(v) - y(0))), fill: `url(#pat-${st})`, stroke: '#000' }),
          s('text', { x: bx + bw / 2, y: (v >= 0 ? y(v) - 4 : y(v) + 13), 'text-anchor': 'middle', class: 'bar-lbl' }, SEAT_STYLE[st].emblem));
      }),
      s('text', { x: PAD.l + 8 + k * gw + (4 * (bw + 3)) / 2, y: H - 10, 'text-anchor': 'middle', class: 'tick' }, labels[k]))));
  const table = h('table', { class: 'data' }, h('caption', { class: 'sr' }, t('debrief.compare_title')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('debrief.table')), SEATS.map((st) => h('th', { scope: 'col' }, seatName(st))))),
    h('tbody', null, finals.map((m, k) => h('tr', null, h('th', { scope: 'row' }, labels[k]), SEATS.map((st) => h('td', null, signed(m[st] || 0)))))));
  return figure(id, t('debrief.compare_title'), svg, table, t('debrief.compare_note'));
}
