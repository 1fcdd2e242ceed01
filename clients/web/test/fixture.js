// test/fixture.js — a stand-in server for the rendering tests: replays the
// stream of a real game captured from gg-server by scripts/capture-fixtures.mjs
// (test/fixtures/*.jsonl: everything the seat's socket received, seq
// renumbered 1..N) over a routed WebSocket, answering hello/join/resume the
// way gg-server does.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const STREAM = new Set(['state', 'chat', 'deal_update', 'orders_ack', 'turn_result', 'game_over', 'notice']);

/** Stream messages of a captured seat, seq renumbered 1..N. @param {string} seat */
export function stream(seat) {
  const all = fs.readFileSync(path.join(dir, seat + '.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  return all.filter((m) => STREAM.has(m.t)).map((m, i) => ({ ...m, seq: i + 1 }));
}

/**
 * Routes the page's /ws to a fake server sending `msgs` (all, or the first
 * `upto`). Records what the page sent in `sent`.
 * @param {import('playwright-core').Page} page @param {any[]} msgs
 * @param {{who?: string, role?: string, upto?: number, reply?: (m: any) => any}} [o]
 */
export async function fakeServer(page, msgs, o = {}) {
  const sent = [];
  const state = { upto: o.upto || msgs.length, sockets: /** @type {any[]} */ ([]) };
  await page.routeWebSocket('**/ws', (ws) => {
    state.sockets.push(ws);
    ws.onMessage((raw) => {
      const m = JSON.parse(String(raw));
      sent.push(m);
      const reply = (x) => ws.send(JSON.stringify({ ...x, rid: m.rid, seq: 0 }));
      if (m.t === 'hello') reply({ t: 'welcome', v: 1, vm: 0, server: 'fixture', sid: 's-1', max_msg: 65536, max_str: 1024, max_list: 64, max_depth: 8, max_chat: 500, chat_burst: 10, chat_per_min: 30, msg_per_sec: 500, history: 4096 });
      else if (o.reply && o.reply(m)) reply(o.reply(m));
      else if (m.t === 'join' || m.t === 'resume') {
        // As if the seat joined before the game began (head 0): the whole
        // stream follows. A resume gets what follows `last`.
        reply({ t: 'joined', game: '1', who: o.who || 'kazakhstan', role: o.role || 'player', tok: 'tok-1', head: m.t === 'join' ? 0 : state.upto });
        for (const s of msgs.slice(0, state.upto)) if (s.seq > (m.last || 0)) ws.send(JSON.stringify(s));
      } else if (m.t === 'propose') reply({ t: 'ok', re: 'propose', id: 99 });
      else reply({ t: 'ok', re: m.t });
    });
  });
  return { sent, state };
}
