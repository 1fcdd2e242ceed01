// store.js — the game as one page sees it, built only from the stream
// messages of its seat (or the observers' stream): apply() folds each message
// in; render code reads the fields. Holding at most the last CHAT_KEEP chat
// lines and RESULTS_KEEP results keeps a page's memory flat over a lesson.

export const CHAT_KEEP = 300;
export const RESULTS_KEEP = 20;

/** @typedef {Record<string, any>} Msg */

export class Game {
  constructor() {
    /** joined reply: {game, who, role} */
    this.who = '';
    this.role = '';
    this.gameId = '';
    /** The latest state message (view, legal, phase, dl). @type {Msg | null} */
    this.state = null;
    /** performance.now() when the latest state arrived (for the clock). */
    this.stateAt = 0;
    /** Deals by id. @type {Map<number, Msg>} */
    this.deals = new Map();
    /** Reasons given on each deal's moves, oldest first: the ledger entry's
     * own (deal.why, deal.ans_why: in a join's snapshot too, [P8.3]) and
     * deal_update.why. Only those who may see the deal receive them.
     * @type {Map<number, Msg[]>} */
    this.whys = new Map();
    /** The stream seq at which each deal was first announced to this page
     * (0: in a join's snapshot); [P6.13] a proposal announced after the
     * seat's `ready.seen` keeps diplomacy waiting for its answer.
     * @type {Map<number, number>} */
    this.dealSeq = new Map();
    this.kept = /** @type {Record<string, number>} */ ({});
    this.broken = /** @type {Record<string, number>} */ ({});
    /** @type {Msg[]} */
    this.chat = [];
    /** Unread chat per channel key (public, team, or a seat). */
    this.unread = /** @type {Record<string, number>} */ ({});
    /** Orders the seat has stored this turn (orders_ack). @type {{turn: number, o: Msg[]} | null} */
    this.acked = null;
    /** @type {Msg[]} */
    this.results = [];
    /** @type {Msg | null} */
    this.over = null;
    /** @type {Msg[]} */
    this.notices = [];
    /** Messages applied; stream messages seen twice or out of order (must stay 0). */
    this.count = 0;
    this.dupes = 0;
    this.maxSeq = 0;
  }

  /** @param {{game: string, who: string, role: string}} j */
  setJoined(j) {
    this.gameId = j.game;
    this.who = j.who;
    this.role = j.role;
  }

  /** Channel key of a chat message as this reader files it. @param {Msg} m */
  chatKey(m) {
    if (m.ch !== 'private') return m.ch;
    if (m.from && m.from !== this.who) return m.from;
    return (m.to && m.to[0]) || 'public';
  }

  /** Folds one stream message in. @param {Msg} m @param {string} [openTab] channel being read */
  apply(m, openTab) {
    this.count++;
    if (m.seq > 0) {
      if (m.seq <= this.maxSeq) this.dupes++;
      else this.maxSeq = m.seq;
    }
    switch (m.t) {
      case 'state': {
        const prev = this.state;
        this.state = m;
        this.stateAt = performance.now();
        const v = m.view || {};
        for (const d of v.deals || []) {
          this.deals.set(d.id, d);
          if (!this.dealSeq.has(d.id)) this.dealSeq.set(d.id, m.seq || 0);
          this.noteWhy(d.id, d.why);
          this.noteWhy(d.id, d.ans_why);
        }
        if (v.kept) this.kept = v.kept;
        if (v.broken) this.broken = v.broken;
        if (!prev || prev.turn !== m.turn) {
          // A new turn: last turn's stored orders no longer apply.
          if (this.acked && this.acked.turn !== m.turn) this.acked = null;
        }
        if (v.orders && v.orders[this.who] && v.orders[this.who].length && !this.acked)
          this.acked = { turn: m.turn, o: v.orders[this.who] };
        break;
      }
      case 'deal_update':
        this.deals.set(m.deal.id, m.deal);
        if (!this.dealSeq.has(m.deal.id)) this.dealSeq.set(m.deal.id, m.seq || 0);
        this.noteWhy(m.deal.id, m.deal.why);
        this.noteWhy(m.deal.id, m.why);
        this.noteWhy(m.deal.id, m.deal.ans_why);
        if (m.kept) this.kept = { ...this.kept, ...m.kept };
        if (m.broken) this.broken = { ...this.broken, ...m.broken };
        break;
      case 'chat': {
        this.chat.push(m);
        if (this.chat.length > CHAT_KEEP) this.chat.splice(0, this.chat.length - CHAT_KEEP);
        const k = this.chatKey(m);
        if (m.from !== this.who && k !== openTab) this.unread[k] = (this.unread[k] || 0) + 1;
        break;
      }
      case 'orders_ack':
        this.acked = { turn: m.turn, o: m.o };
        break;
      case 'turn_result':
        // The tracks as they stood before this resolution (the state in
        // which the orders were given): "what changed" for the first result
        // a page holds compares with them.
        if (this.state && this.state.view && this.state.view.tracks)
          m.before = { tracks: this.state.view.tracks, globals: this.state.view.globals || {} };
        this.results.push(m);
        if (this.results.length > RESULTS_KEEP) this.results.shift();
        break;
      case 'game_over':
        this.over = m;
        break;
      case 'notice':
        this.notices.push(m);
        if (this.notices.length > 50) this.notices.shift();
        break;
      default:
        break;
    }
  }

  /** Adds a reason to a deal's list once. @param {number} id @param {Msg | undefined} why */
  noteWhy(id, why) {
    if (!why || !why.id || why.id === 'none') return;
    const list = this.whys.get(id) || [];
    const key = JSON.stringify(why);
    if (!list.some((w) => JSON.stringify(w) === key)) list.push(why);
    this.whys.set(id, list);
  }

  /**
   * [P6.14] Whom diplomacy waits for to answer an offer (state.wait), each
   * with the offer when this page may see it (state.wait_deal): [{seat,
   * deal}] with deal null for an offer this page does not see.
   * @returns {{seat: string, deal: Msg | null}[]}
   */
  waits() {
    const s = this.state;
    if (!s || s.phase !== 'diplomacy' || this.over) return [];
    const ids = s.wait_deal || {};
    return (s.wait || []).map((/** @type {string} */ seat) => ({ seat, deal: (ids[seat] && this.deals.get(ids[seat])) || null }));
  }

  /** Milliseconds left in the phase now (null: no deadline or paused). */
  msLeft(now = performance.now()) {
    const s = this.state;
    if (!s || !s.dl || s.paused || s.phase === 'over') return null;
    return Math.max(0, s.dl - (now - this.stateAt));
  }

  /**
   * Open proposals to this seat that it has not accepted, oldest first
   * (the Deals tab's "Offers to you").
   */
  offers() {
    const me = this.who;
    return [...this.deals.values()].filter((d) => d.st === 'open' && d.by !== me && d.parties.includes(me) && !d.acc.includes(me))
      .sort((a, b) => a.id - b.id);
  }

  /**
   * [P6.13] The offers diplomacy is waiting for this seat to answer: those
   * announced after the `seen` of the seat's `ready` in this diplomacy phase
   * (`ready` = {turn, phase, seen} as sent, or null). Offers it had seen
   * when it said ready lapse with the phase.
   * @param {{turn: number, phase: string, seen: number} | null} ready
   */
  awaiting(ready) {
    const s = this.state;
    if (!ready || !s || s.phase !== 'diplomacy' || ready.phase !== 'diplomacy' || ready.turn !== s.turn || this.over) return [];
    return this.offers().filter((d) => (this.dealSeq.get(d.id) || 0) > ready.seen);
  }

  /** Deals in the ledger, newest first. */
  dealList() {
    return [...this.deals.values()].sort((a, b) => b.id - a.id);
  }
}
