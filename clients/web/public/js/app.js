// app.js — the entry module: picks the language, loads the rule catalogue
// and routes the address to its page. Every page works when opened directly.

import { setLang, preferredLang, loadRules, rulesMismatch, t } from './i18n.js';
import { h } from './h.js';
import { Conn } from './net.js';
import { homePage, laterPage } from './pages/home.js';
import { startGame } from './pages/play.js';

/** Routes a path to a page. @param {string} path */
export function route(path) {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'join' && parts[1]) return { page: 'player', code: parts[1] };
  if (parts[0] === 'watch' && parts[1]) return { page: 'projector', code: parts[1] };
  if (parts[0] === 'teacher' && parts[1] === 'game' && parts[2]) return { page: 'console', code: parts[2] };
  if (parts[0] === 'teacher' && parts[1] === 'codes' && parts[2]) return { page: 'codes', code: parts[2] };
  if (parts[0] === 'teacher') return { page: 'teacher', code: '' };
  if (parts[0] === 'debrief') return { page: 'debrief', code: parts[1] || '' };
  if (parts[0] === 'briefing') return { page: 'briefing', code: parts.slice(1).join('/') };
  return { page: 'home', code: '' };
}

/**
 * Once a server says it plays other rules than the page's rule data, a
 * banner on every page asks for a reload (the data is cached with the page).
 * @param {import('./net.js').Msg} w
 */
function checkRules(w) {
  const m = rulesMismatch(w);
  if (!m || document.getElementById('stale-rules')) return;
  document.body.prepend(h('div', { id: 'stale-rules', class: 'stale-rules', role: 'alert' },
    t('app.stale_rules', { page: String(m.page), server: String(m.server) }), ' ',
    h('button', { type: 'button', onclick: () => location.reload() }, t('app.reload'))));
}

async function main() {
  Conn.onWelcome = checkRules;
  const root = /** @type {HTMLElement} */ (document.getElementById('app'));
  await Promise.all([setLang(preferredLang()), loadRules()]);
  const skip = document.querySelector('.skip');
  if (skip) skip.textContent = t('app.skip');
  const r = route(location.pathname);
  if (r.page === 'player' || r.page === 'projector') startGame(root, r.code, r.page);
  else if (r.page === 'home') homePage(root);
  // The teacher's pages load only when asked for: players never fetch them.
  else if (r.page === 'teacher') (await import('./pages/teacher.js')).teacherPage(root);
  else if (r.page === 'codes') (await import('./pages/teacher.js')).codesPage(root, r.code);
  else if (r.page === 'console') (await import('./pages/console.js')).consolePage(root, r.code.split(',').filter(Boolean));
  else if (r.page === 'debrief' && r.code) (await import('./pages/debrief.js')).debriefPage(root, r.code.split(',').filter(Boolean));
  else if (r.page === 'briefing') (await import('./pages/briefing.js')).briefingPage(root, r.code);
  else laterPage(root, r.page);
}

main();
