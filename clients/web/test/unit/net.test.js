// The protocol client against a scripted socket: hello first, replies matched
// by rid, stream messages delivered once and in seq order (resends dropped,
// early ones held), resume after a drop asks from the last complete seq,
// HISTORY_GONE restarts the count at the fresh state, backoff is bounded.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Conn, backoff } from '../../public/js/net.js';
import { CODE, PROTOCOL_MAJOR } from '../../public/js/gen/protocol.js';

/** A WebSocket stand-in; the test plays the server through `server`. */
function harness() {
  const sockets = [];
  class FakeWS {
    constructor(url) { this.url = url; this.readyState = 0; this.sent = []; sockets.push(this); queueMicrotask(() => { this.readyState = 1; this.onopen && this.onopen(); }); }
    send(text) { this.sent.push(JSON.parse(text)); }
    close() { this.readyState = 3; queueMicrotask(() => this.onclose && this.onclose()); }
    deliver(m) { this.onmessage({ data: JSON.stringify(m) }); }
    drop() { this.readyState = 3; this.onclose(); }
  }
  const timers = [];
  const got = [];
  const statuses = [];
  const conn = new Conn({ url: 'ws://x/ws', WebSocket: /** @type {any} */ (FakeWS), onStream: (m) => got.push(m.seq),
    onStatus: (s) => statuses.push(s), setTimeout: (fn, ms) => timers.push({ fn, ms }) });
  return { conn, sockets, got, timers, statuses };
}
const tick = () => new Promise((r) => setTimeout(r, 0));
const welcome = (rid) => ({ t: 'welcome', rid, seq: 0, v: 1, vm: 0, server: 's', sid: 'x' });

test('hello is sent first and welcome resolves open()', async () => {
  const { conn, sockets } = harness();
  const p = conn.open();
  await tick();
  const hello = sockets[0].sent[0];
  assert.equal(hello.t, 'hello');
  assert.equal(hello.v, PROTOCOL_MAJOR);
  assert.ok(hello.feat & 1, 'RESUME feature');
  sockets[0].deliver(welcome(hello.rid));
  assert.equal((await p).t, 'welcome');
});

test('replies are matched by rid; errors reject', async () => {
  const { conn, sockets } = harness();
  const p = conn.open(); await tick(); sockets[0].deliver(welcome(sockets[0].sent[0].rid)); await p;
  const a = conn.request({ t: 'ready' });
  const b = conn.request({ t: 'orders', o: [] });
  const [ra, rb] = sockets[0].sent.slice(1).map((m) => m.rid);
  assert.notEqual(ra, rb);
  sockets[0].deliver({ t: 'error', rid: rb, seq: 0, code: -4, name: 'NO_RESOURCES', errs: [-4] });
  sockets[0].deliver({ t: 'ok', rid: ra, seq: 0, re: 'ready' });
  assert.equal((await a).re, 'ready');
  await assert.rejects(b, (e) => e.code === -4 && e.errs[0] === -4);
});

test('stream messages arrive once and in order', async () => {
  const { conn, sockets, got } = harness();
  const p = conn.open(); await tick(); sockets[0].deliver(welcome(1)); await p;
  for (const seq of [1, 2, 4, 3, 3, 2, 5]) sockets[0].deliver({ t: 'chat', seq, ch: 'public', text: 'x' });
  assert.deepEqual(got, [1, 2, 3, 4, 5]);
  assert.equal(conn.last, 5);
});

test('a dropped connection reconnects with backoff and resumes from last', async () => {
  const { conn, sockets, got, timers } = harness();
  let p = conn.open(); await tick(); sockets[0].deliver(welcome(1)); await p;
  const j = conn.join('ABCD-1234'); await tick();
  sockets[0].deliver({ t: 'joined', rid: sockets[0].sent[1].rid, seq: 0, game: '1', who: 'china', role: 'player', tok: 'T' });
  await j;
  for (const seq of [1, 2, 3]) sockets[0].deliver({ t: 'state', seq });
  sockets[0].drop();
  assert.equal(timers.length, 1);
  assert.ok(timers[0].ms >= 150 && timers[0].ms <= 400, 'first retry soon');
  timers[0].fn(); await tick();
  const s1 = sockets[1];
  s1.deliver(welcome(s1.sent[0].rid)); await tick(); await tick();
  const resume = s1.sent[1];
  assert.deepEqual([resume.t, resume.tok, resume.last], ['resume', 'T', 3]);
  s1.deliver({ t: 'joined', rid: resume.rid, seq: 0, game: '1', who: 'china', role: 'player', tok: 'T', head: 5 });
  for (const seq of [3, 4, 5]) s1.deliver({ t: 'chat', seq });
  assert.deepEqual(got, [1, 2, 3, 4, 5]);
});

test('HISTORY_GONE: the fresh state restarts the stream', async () => {
  const { conn, sockets, got } = harness();
  const p = conn.open(); await tick(); sockets[0].deliver(welcome(1)); await p;
  sockets[0].deliver({ t: 'state', seq: 1 });
  sockets[0].deliver({ t: 'error', seq: 0, code: CODE.HISTORY_GONE, name: 'HISTORY_GONE' });
  sockets[0].deliver({ t: 'state', seq: 5000 });
  sockets[0].deliver({ t: 'chat', seq: 5001 });
  assert.deepEqual(got, [1, 5000, 5001]);
});

test('a bad token stops reconnecting and reports failed', async () => {
  const { conn, sockets, timers, statuses } = harness();
  let p = conn.open(); await tick(); sockets[0].deliver(welcome(1)); await p;
  conn.tok = 'T'; conn.intent = { kind: 'resume' };
  sockets[0].drop();
  timers[0].fn(); await tick();
  sockets[1].deliver(welcome(sockets[1].sent[0].rid)); await tick(); await tick();
  sockets[1].deliver({ t: 'error', rid: sockets[1].sent[1].rid, seq: 0, code: CODE.BAD_TOKEN, name: 'BAD_TOKEN' });
  await tick(); await tick();
  assert.ok(statuses.includes('failed'));
  assert.equal(timers.length, 1, 'no further retry');
});

test('requests on a closed socket fail at once with CONN_CLOSED', async () => {
  const { conn } = harness();
  await assert.rejects(conn.request({ t: 'ready' }), (e) => e.code === CODE.CONN_CLOSED);
});

test('backoff doubles from 250 ms and stays under 10 s', () => {
  assert.equal(backoff(0, () => 0.5), 250);
  assert.equal(backoff(1, () => 0.5), 500);
  assert.equal(backoff(3, () => 0.5), 2000);
  for (let n = 0; n < 50; n++) assert.ok(backoff(n, () => 1) <= 10000);
});

test('join: the stream up to head is history; the seq-0 snapshot state is applied; the stream continues after head', async () => {
  const { conn, sockets, got } = harness();
  const seen = [];
  conn.opts.onStream = (m) => seen.push(`${m.t}:${m.seq}`);
  const p = conn.open(); await tick(); sockets[0].deliver(welcome(1)); await p;
  const j = conn.join('CODE'); await tick();
  sockets[0].deliver({ t: 'notice', seq: 6, what: 'joined', who: 'china' });
  sockets[0].deliver({ t: 'joined', rid: sockets[0].sent[1].rid, seq: 0, game: '1', who: 'china', role: 'player', tok: 'T', head: 6 });
  await j;
  sockets[0].deliver({ t: 'state', seq: 0, turn: 1 });
  sockets[0].deliver({ t: 'chat', seq: 8 });
  sockets[0].deliver({ t: 'chat', seq: 7 });
  assert.deepEqual(seen, ['notice:6', 'state:0', 'chat:7', 'chat:8']);
  assert.equal(conn.last, 8);
  assert.equal(got.length, 0);
});

test('resume after a reload: the kept history may start after last; the replay is taken from its first message', async () => {
  const { conn, sockets, got } = harness();
  const p = conn.open(); await tick(); sockets[0].deliver(welcome(1)); await p;
  const r = conn.resume('T', 0); await tick();
  sockets[0].deliver({ t: 'joined', rid: sockets[0].sent[1].rid, seq: 0, game: '1', who: 'china', role: 'player', tok: 'T', head: 9 });
  await r;
  for (const seq of [6, 7, 8, 9]) sockets[0].deliver({ t: 'chat', seq });
  sockets[0].deliver({ t: 'error', rid: sockets[0].sent[1].rid, seq: 0, code: CODE.HISTORY_GONE, name: 'HISTORY_GONE' });
  sockets[0].deliver({ t: 'chat', seq: 10 });
  sockets[0].deliver({ t: 'chat', seq: 10 });
  assert.deepEqual(got, [6, 7, 8, 9, 10]);
  assert.equal(conn.last, 10);
});
