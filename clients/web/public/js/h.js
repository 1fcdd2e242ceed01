// h.js — the client's tiny view helper: h(tag, attrs, ...children) builds DOM
// elements directly (no virtual DOM). Panels re-render by replacing their
// children (mount), which costs well under a frame for this game's sizes.

/** @typedef {Node | string | number | null | undefined | false | any[]} Child */

/**
 * Creates an element. attrs: `class`, `text`, `on<event>` handlers (functions),
 * `style` as an object of CSS properties (set through the CSSOM: the server's
 * Content-Security-Policy refuses style="" attributes, a string is refused
 * here too), boolean attributes (true sets "", false/null omits), anything
 * else as an attribute. Tag names of the form `svg:rect` create SVG elements.
 * @param {string} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {...Child} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') {
        el.addEventListener(k.slice(2), v);
      } else if (k === 'style') {
        if (typeof v !== 'object') throw new TypeError('h: style must be an object of CSS properties (CSP refuses style attributes)');
        const st = /** @type {HTMLElement} */ (el).style;
        for (const [p, x] of Object.entries(v)) if (x !== null && x !== undefined) st.setProperty(p, String(x));
      } else if (k === 'text') {
        el.textContent = String(v);
      } else {
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
  }
  append(el, children);
  return /** @type {HTMLElement} */ (el);
}

/** Shorthand for SVG elements: s('rect', {...}). */
export function s(tag, attrs, ...children) {
  return h('svg:' + tag, attrs, ...children);
}

/**
 * @param {Element} el
 * @param {Child[]} children
 */
function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (typeof c === 'string' || typeof c === 'number') el.appendChild(document.createTextNode(String(c)));
    else el.appendChild(c);
  }
}

/**
 * Replaces the children of `el` with `children`, keeping focus on an element
 * with the same id (if one had it) so keyboard users are not thrown out.
 * @param {Element} el
 * @param {...Child} children
 */
export function mount(el, ...children) {
  const active = document.activeElement;
  const id = active && el.contains(active) ? active.id : '';
  // a text field being typed in keeps its caret across the redraw
  const field = active instanceof HTMLInputElement && /^(text|search|)$/.test(active.type) ? active : null;
  const caret = field ? [field.selectionStart, field.selectionEnd] : null;
  el.replaceChildren();
  append(el, children);
  if (id) {
    const again = document.getElementById(id);
    if (again) /** @type {HTMLElement} */ (again).focus();
    if (caret && again instanceof HTMLInputElement && caret[0] !== null && caret[1] !== null && caret[1] <= again.value.length)
      again.setSelectionRange(caret[0], caret[1]);
  }
}
