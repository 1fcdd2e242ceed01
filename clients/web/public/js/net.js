// net.js — the protocol client: one WebSocket to /ws carrying one JSON message
// per text frame (PROTOCOL.md section 16). It says hello, joins or resumes,
// numbers requests (rid) and matches replies, tracks the stream's seq (drops
// duplicates, holds messages that arrive early) and reconnects with backoff,
// resuming from the last seq it has seen in full.

import { PROTOCOL_MAJOR, PROTOCOL_MINOR, FEAT, MESSAGES, CODE } from './gen/protocol.js';

/** @typedef {Record<string, any> & {t: string, rid?: number, seq?: number}} Msg */

/**
 * @typedef {object} ConnOptions
 * @property {string} url            ws:// or wss:// address of /ws
 * @property {(m: Msg) => void} onStream   every stream message, once, in seq order
 * @property {(s: string, detail?: any) => void} [onStatus]  connecting, open, joined, closed, retry, failed
 * @property {(m: Msg) => void} [onDirect]  direct messages without a waiting request (errors with rid 0)
 * @property {typeof WebSocket} [WebSocket]  injectable for tests
 * @property {(fn: () => void, ms: number) => any} [setTimeout]
 * @property {string} [name]          client name sent in hello
 */

/** Delay before reconnect attempt n (0-based): 250 ms doubling to 8 s, with jitter. */
export function backoff(n, rand = Math.random) {
  const base = Math.min(8000, 250 * 2 ** Math.min(n, 5));
  return Math.round(base * (0.75 + 0.5 * rand()));
}

export class Conn {
  /**
   * Called with every `welcome` any connection receives (app.js checks the
   * server's rules version against the page's rule data there).
   * @type {((w: Msg) => void) | null}
   */
  static onWelcome = null;

  /** @param {ConnOptions} opts */
  constructor(opts) {
    this.opts = opts;
    this.WS = opts.WebSocket || WebSocket;
    this.later = opts.setTimeout || ((fn, ms) => setTimeout(fn, ms));
    /** @type {WebSocket | null} */
    this.ws = null;
    this.rid = 0;
    /** @type {Map<number, {resolve: (m: Msg) => void, reject: (m: Msg) => void}>} */
    this.pending = new Map();
    /** Highest seq N with every stream message 1..N received. */
    this.last = 0;
    /** Early stream messages, by seq. @type {Map<number, Msg>} */
    this.early = new Map();
    /** Resume token once joined. @type {string} */
    this.tok = '';
    this.attempt = 0;
    this.closedByUs = false;
    /** @type {Msg | null} */
    this.welcome = null;
    /** What to do once connected: join a code, resume a token, or nothing (lobby). */
    /** @type {{kind: 'none'} | {kind: 'join', code: string} | {kind: 'resume'}} */
    this.intent = { kind: 'none' };
    /** @type {Promise<Msg> | null} */
    this.ready = null;
    /** Set by resume and HISTORY_GONE: the next stream message after `last` restarts the count. */
    this.gap = false;
  }

  status(s, detail) {
    if (this.opts.onStatus) this.opts.onStatus(s, detail);
  }

  /** Opens the socket and says hello; resolves with welcome. @returns {Promise<Msg>} */
  open() {
    this.closedByUs = false;
    this.status('connecting');
    const ws = new this.WS(this.opts.url);
    this.ws = ws;
    this.ready = new Promise((resolve, reject) => {
      ws.onopen = () => {
        this.status('open');
        this.request({
          t: 'hello', v: PROTOCOL_MAJOR, vm: PROTOCOL_MINOR, name: this.opts.name || 'gg-web 0.1',
          feat: FEAT.RESUME | FEAT.DEALS | FEAT.CHAT | FEAT.LEGAL | FEAT.NOTICE,
        }).then((w) => { this.welcome = w; this.attempt = 0; if (Conn.onWelcome) Conn.onWelcome(w); resolve(w); }, reject);
      };
      ws.onmessage = (ev) => this.receive(String(ev.data));
      ws.onclose = () => this.dropped(reject);
      ws.onerror = () => { /* onclose follows */ };
    });
    return this.ready;
  }

  /** @param {(m: Msg) => void} [rejectOpen] */
  dropped(rejectOpen) {
    const gone = { t: 'error', code: CODE.CONN_CLOSED, name: 'CONN_CLOSED' };
    for (const p of this.pending.values()) p.reject(gone);
    this.pending.clear();
    if (rejectOpen) rejectOpen(gone);
    this.ws = null;
    if (this.closedByUs) { this.status('closed'); return; }
    const ms = backoff(this.attempt++);
    this.status('retry', ms);
    this.later(() => this.reconnect(), ms);
  }

  async reconnect() {
    if (this.closedByUs) return;
    try {
      await this.open();
      if (this.intent.kind === 'resume') await this.resume();
      else if (this.intent.kind === 'join') await this.join(this.intent.code);
    } catch (e) {
      const m = /** @type {Msg} */ (e);
      if (m && (m.code === CODE.BAD_TOKEN || m.code === CODE.BAD_CODE)) {
        this.closedByUs = true;
        this.status('failed', m);
        this.close();
      }
      // CONN_CLOSED: dropped() has already scheduled the next attempt.
    }
  }

  /** @param {string} text */
  receive(text) {
    /** @type {Msg} */
    let m;
    try { m = JSON.parse(text); } catch { return; }
    if (!m || typeof m.t !== 'string') return;
    if (m.t === 'error' && m.code === CODE.HISTORY_GONE) {
      // The server no longer keeps what we missed: a fresh state follows;
      // continue the stream from it (PROTOCOL.md section 5).
      this.gap = true;
    }
    const info = MESSAGES[m.t];
    if (info && info.stream && typeof m.seq === 'number' && m.seq > 0) {
      this.stream(m);
      return;
    }
    if (info && info.stream && m.t !== 'chat') {
      // seq 0: a snapshot outside the stream (the state sent right after a
      // join): applied as it comes, it does not move `last`.
      this.opts.onStream(m);
      return;
    }
    const p = m.rid ? this.pending.get(m.rid) : undefined;
    if (p) {
      this.pending.delete(/** @type {number} */ (m.rid));
      if (m.t === 'error') p.reject(m); else p.resolve(m);
    } else if (this.opts.onDirect) {
      this.opts.onDirect(m);
    }
  }

  /** Delivers stream messages exactly once and in order. @param {Msg} m */
  stream(m) {
    const seq = /** @type {number} */ (m.seq);
    if (this.gap && seq > this.last) {
      // After a resume the server re-sends, in order, what it keeps after
      // `last`: the first message it sends starts the count again.
      this.gap = false;
      this.last = seq - 1;
      for (const k of [...this.early.keys()]) if (k <= this.last) this.early.delete(k);
    }
    if (seq <= this.last || this.early.has(seq)) return; // a resend after resume
    this.early.set(seq, m);
    while (this.early.has(this.last + 1)) {
      const next = /** @type {Msg} */ (this.early.get(this.last + 1));
      this.early.delete(this.last + 1);
      this.last++;
      this.opts.onStream(next);
    }
  }

  /** Sends a message without waiting. @param {Msg} m */
  send(m) {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(JSON.stringify(m));
    return true;
  }

  /** Sends a request and resolves with its reply (rejects with the error). @param {Msg} m @returns {Promise<Msg>} */
  request(m) {
    const rid = (this.rid = (this.rid % 0xfffffffe) + 1);
    return new Promise((resolve, reject) => {
      this.pending.set(rid, { resolve, reject });
      if (!this.send({ ...m, rid })) {
        this.pending.delete(rid);
        reject({ t: 'error', code: CODE.CONN_CLOSED, name: 'CONN_CLOSED' });
      }
    });
  }

  /** Joins with a code; afterwards reconnects resume. @param {string} code */
  async join(code) {
    this.intent = { kind: 'join', code };
    const j = await this.request({ t: 'join', code });
    this.tok = j.tok;
    // The stream up to `head` happened before we joined: the snapshot state
    // that follows stands for it. What arrived of it already is delivered.
    const head = j.head || 0;
    for (const seq of [...this.early.keys()].sort((x, y) => x - y)) {
      if (seq > head) break;
      const m = /** @type {Msg} */ (this.early.get(seq));
      this.early.delete(seq);
      this.opts.onStream(m);
    }
    if (head > this.last) this.last = head;
    while (this.early.has(this.last + 1)) {
      const next = /** @type {Msg} */ (this.early.get(this.last + 1));
      this.early.delete(this.last + 1);
      this.last++;
      this.opts.onStream(next);
    }
    this.intent = { kind: 'resume' };
    this.status('joined', j);
    return j;
  }

  /**
   * Resumes with the token, asking for every stream message after `last`
   * (0 after a page reload: the whole kept stream rebuilds the page).
   * @param {string} [tok] @param {number} [last]
   */
  async resume(tok, last) {
    if (tok !== undefined) this.tok = tok;
    if (last !== undefined) { this.last = last; this.early.clear(); }
    this.intent = { kind: 'resume' };
    this.gap = true;
    const j = await this.request({ t: 'resume', tok: this.tok, last: this.last });
    this.tok = j.tok; // tokens rotate on every resume (PROTOCOL.md P5.6)
    this.status('joined', j);
    return j;
  }

  close() {
    this.closedByUs = true;
    if (this.ws) this.ws.close();
  }
}

/** The /ws address of the page's own server. */
export function wsUrl(loc = location) {
  return (loc.protocol === 'https:' ? 'wss://' : 'ws://') + loc.host + '/ws';
}
