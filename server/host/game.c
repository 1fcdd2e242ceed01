/* game.c — one hosted game: its streams, phases and deadlines, server bots,
 * the missed-turn policy, and what every command tells whom.
 *
 * All changes go through gg__game_command (a client, a bot, a deadline or the
 * moderator). It applies the command with gg_command_apply, journals it,
 * and then gg__game_settle announces whatever changed (ledger entries, a new
 * phase, a resolved turn, the end) and lets server bots act, in a loop
 * rather than by recursion. Recovery replays the journal through the same
 * path with `replaying` set: no journal writes, no sends (history is still
 * recorded, so sequence numbers come out identical), no bots, no timers.
 */
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "log.h"

void gg__game_settle(host_game *g);

static int is_seat(int who)
{
    return who >= 0 && who < GG_SEATS;
}

static uint8_t bot_seats(const host_game *g)
{
    return (uint8_t)(g->bot_perm | g->bot_temp);
}

/* ---- sending ---------------------------------------------------------- */

/* Puts one encoded stream message (already carrying `seq`) in the history
 * and queues it for every member of the stream. */
static void emit(host_game *g, int stream, uint32_t seq, const uint8_t *buf, int len, int chan)
{
    if (len <= 0) {
        gg_log(GG_LOG_ERROR, "encode_failed", "game", g->id, "error", gg_strerror(len), GG_LOG_END);
        return;
    }
    if (g->capture) {
        gg__host_capture_emit(g, stream, seq, buf, (size_t)len, chan);
        return;
    }
    gg_stream_keep(&g->streams[stream], seq, buf, (size_t)len);
    if (g->replaying)
        return;
    for (host_session *s = g->members[stream]; s; s = s->next_member)
        gg__host_send(g->h, s, chan, buf, (size_t)len);
}

/* Takes the stream's next seq. Returns 0 when nobody has ever joined the
 * stream (no history is kept and nobody listens): the caller skips the
 * encoding, the number is used up all the same, so sequence numbers do not
 * depend on who joined when. */
static int next_seq(host_game *g, int stream, uint32_t *seq)
{
    *seq = gg_stream_next(&g->streams[stream]);
    return g->streams[stream].recording;
}

/* Encodes `m` with the stream's next seq and emits it. */
static void emit_msg(host_game *g, int stream, gg_msg *m)
{
    if (!next_seq(g, stream, &m->seq))
        return;
    int len = gg_msg_encode(m, g->h->scratch, sizeof g->h->scratch);
    emit(g, stream, m->seq, g->h->scratch, len, gg_msg_channel(m->type));
}

static void emit_all(host_game *g, gg_msg *m)
{
    for (int st = 0; st < GG_STREAMS; st++)
        emit_msg(g, st, m);
}

static uint32_t deadline_left(const host_game *g)
{
    if (g->paused)
        return (uint32_t)g->remaining;
    if (!g->deadline)
        return 0;
    uint64_t now = uv_now(g->h->loop);
    return g->deadline > now ? (uint32_t)(g->deadline - now) : 1;
}

void gg__game_waits(const host_game *g, gg_waits *w)
{
    memset(w, 0, sizeof *w);
    if (g->s.phase != GG_PHASE_DIPLOMACY)
        return;
    uint8_t humans = (uint8_t)(~bot_seats(g) & g->ready & 0xf);
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        const gg_deal *d = &g->s.deals[i];
        if (d->status != GG_DEAL_OPEN)
            continue;
        uint8_t owe = (uint8_t)(humans & d->parties & ~d->accepted);
        for (int seat = 0; seat < GG_SEATS; seat++)
            if (((owe >> seat) & 1) && g->deal_seq[i][seat] > g->ready_seen[seat] &&
                (!((w->seats >> seat) & 1) || d->id < w->deal[seat])) {
                w->seats = (uint8_t)(w->seats | (1u << seat));
                w->deal[seat] = d->id;
            }
    }
}

/* The `state` message for one stream: its view, legal actions for seats,
 * whom diplomacy waits for. */
static int encode_state(host_game *g, int stream, uint32_t seq, uint8_t *out, size_t cap)
{
    gg_state view;
    gg_view(&g->s, stream, &view);
    gg_legal legal[GG_MAX_LEGAL];
    /* orders are legal in diplomacy (for planning) and orders only; a crisis
     * is answered with a response (RULES.md §8), not an order */
    int n = is_seat(stream) && (g->s.phase == GG_PHASE_DIPLOMACY || g->s.phase == GG_PHASE_ORDERS)
                ? gg_legal_actions(&g->s, stream, legal, GG_MAX_LEGAL)
                : 0;
    gg_waits w;
    gg__game_waits(g, &w);
    return gg_encode_state(out, cap, seq, &view, legal, n, deadline_left(g), g->paused,
                           gg_state_hash(&g->s), &w);
}

void gg__game_send_state(host_game *g, int stream)
{
    uint32_t seq;
    if (!next_seq(g, stream, &seq))
        return;
    int len = encode_state(g, stream, seq, g->h->scratch, sizeof g->h->scratch);
    emit(g, stream, seq, g->h->scratch, len, 0);
}

void gg__game_send_state_direct(host_game *g, host_session *s)
{
    int len = encode_state(g, s->who, 0, g->h->scratch, sizeof g->h->scratch);
    if (len > 0)
        gg__host_send(g->h, s, 0, g->h->scratch, (size_t)len);
}

static void state_all(host_game *g)
{
    for (int st = 0; st < GG_STREAMS; st++)
        gg__game_send_state(g, st);
}

void gg__game_notice(host_game *g, const char *what, int who, uint32_t secs, const char *text)
{
    gg_msg m;
    gg_msg_init(&m, GG_MSG_notice);
    snprintf(m.u.notice.what, sizeof m.u.notice.what, "%s", what);
    m.u.notice.who = (uint8_t)(who < 0 ? GG_ABSENT : who);
    m.u.notice.secs = secs;
    if (text)
        snprintf(m.u.notice.text, sizeof m.u.notice.text, "%s", text);
    emit_all(g, &m);
}

/* ---- the ledger: announce every entry that changed -------------------- */

/* Sends a deal_update for every ledger entry that differs from `before`
 * to the streams that may see it; when a deal was accepted (consents,
 * accords and pledges change views) every stream gets a fresh state. */
static int announce_deals(host_game *g, const gg_state *before, uint16_t why_deal,
                          const gg_reason *why)
{
    int accepted = 0;
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        const gg_deal *now = &g->s.deals[i], *was = &before->deals[i];
        if (!memcmp(now, was, sizeof *now) || now->status == GG_DEAL_FREE)
            continue;
        accepted |= now->status == GG_DEAL_ACCEPTED && was->status != GG_DEAL_ACCEPTED;
        int fresh = was->status == GG_DEAL_FREE || was->id != now->id; /* just proposed */
        for (int st = 0; st < GG_STREAMS; st++) {
            uint32_t seq;
            if (!gg_deal_visible(now, st))
                continue;
            int recording = next_seq(g, st, &seq);
            if (fresh && is_seat(st))
                g->deal_seq[i][st] = seq; /* where this seat's stream announced it */
            if (!recording)
                continue;
            int len =
                gg_encode_deal_update(g->h->scratch, sizeof g->h->scratch, seq, now, g->s.kept,
                                      g->s.broken, now->id == why_deal ? why : NULL);
            emit(g, st, seq, g->h->scratch, len, 0);
        }
    }
    if (accepted && g->s.phase != GG_PHASE_OVER) {
        state_all(g);
        return 1;
    }
    return 0;
}

/* ---- phases, deadlines ------------------------------------------------ */

static void on_deadline(uv_timer_t *t);

static int64_t wall_ms(void)
{
    uv_timeval64_t tv;
    uv_gettimeofday(&tv);
    return tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static void arm_timer(host_game *g, uint64_t ms)
{
    g->deadline = 0;
    g->remaining = 0;
    if (g->timer_init)
        uv_timer_stop(&g->timer);
    if (!ms || g->replaying || g->s.phase == GG_PHASE_OVER)
        return;
    if (g->paused) {
        g->remaining = ms;
    } else {
        g->deadline = uv_now(g->h->loop) + ms;
        uv_timer_start(&g->timer, on_deadline, ms, 0);
    }
    if (g->h->store && g->store_id)
        gg_store_set_deadline(g->h->store, g->store_id, g->s.phase, wall_ms() + (int64_t)ms);
}

void gg__game_resume_clock(host_game *g, uint64_t ms)
{
    g->deadline = uv_now(g->h->loop) + ms;
    uv_timer_start(&g->timer, on_deadline, ms, 0);
}

static uint64_t phase_ms(const host_game *g)
{
    return g->s.phase < 3 ? (uint64_t)g->opt.deadline_s[g->s.phase] * 1000 : 0;
}

void gg__game_start_clock(host_game *g)
{
    arm_timer(g, phase_ms(g));
}

static int all_bots(const host_game *g)
{
    return (bot_seats(g) & 0xf) == 0xf;
}

static void on_pace(uv_timer_t *t)
{
    gg__game_settle(t->data);
}

/* Whether an open deal waits for the answer of a human party whose
 * `ready` was sent before the deal reached it (its announcement on the
 * seat's stream came after the ready's `seen`): a proposal made to a seat
 * is answerable, so diplomacy stays open until the seat answers it, says
 * `ready` again having seen it, or the deadline passes. Server bots owe
 * their answers through gg__game_bots_pending. */
static int unanswered_late(const host_game *g)
{
    gg_waits w;
    gg__game_waits(g, &w);
    return w.seats != 0;
}

/* The phase ends once the server bots have acted and then either its
 * deadline passed or every seat said it is done (bots are, once they have
 * acted) and no proposal waits for the answer of a seat that had not seen
 * it when it said so (unanswered_late). A game played by bots alone is
 * paced: a phase lasts at least GG_ALL_BOT_PHASE_MS (or until its
 * deadline, if that is sooner), so such a game is never played to the end
 * at once; with arm_pace, a paced phase that is not over yet starts the
 * timer that settles it when it is. */
static int phase_done(host_game *g, int arm_pace)
{
    if (g->s.phase != GG_PHASE_DIPLOMACY && g->s.phase != GG_PHASE_ORDERS)
        return 0;
    if (gg__game_bots_pending(g))
        return 0;
    if (g->deadline_passed)
        return 1;
    if (((g->ready | bot_seats(g)) & 0xf) != 0xf)
        return 0;
    if (g->s.phase == GG_PHASE_DIPLOMACY && unanswered_late(g))
        return 0;
    if (!all_bots(g))
        return 1;
    uint64_t now = uv_now(g->h->loop), due = g->phase_started + GG_ALL_BOT_PHASE_MS;
    if (now >= due)
        return 1;
    if (arm_pace && !uv_is_active((uv_handle_t *)&g->pace))
        uv_timer_start(&g->pace, on_pace, due - now, 0);
    return 0;
}

int gg__game_settle_heavy(host_game *g)
{
    return g->s.turn != g->seen_turn || g->s.phase != g->seen_phase || phase_done(g, 0);
}

/* A command the server issues itself (phase ends, defaults on a missed
 * deadline) or a server bot makes; `kind` says which in the journal. */
static void server_command(host_game *g, int kind, int who, gg_msg *m)
{
    int err = gg__game_apply(g, kind, who, m, NULL);
    if (err)
        gg_log(GG_LOG_WARN, "server_move_refused", "game", g->id, "who", gg_who_name(who), "type",
               gg_msg_type_name(m->type), "error", gg_errname(err), GG_LOG_END);
}

static void advance(host_game *g)
{
    gg_msg m;
    gg_msg_init(&m, GG_MSG_ready);
    m.u.ready.phase = g->s.phase;
    gg_state before = g->s;
    uint64_t t0 = uv_hrtime();
    server_command(g, GG_REC_SERVER, GG_WHO_SERVER, &m);
    if (before.phase == GG_PHASE_ORDERS) {
        uint64_t dt = uv_hrtime() - t0;
        uint64_t us = dt / 1000;
        g->h->m.resolve_us_hist[us < GG_RESOLVE_HIST ? us : GG_RESOLVE_HIST - 1]++;
        g->h->m.resolve_ns_total += dt;
        if (dt > g->h->m.resolve_ns_max)
            g->h->m.resolve_ns_max = dt;
    }
}

/* ---- server bots (they think on the worker pool: bot_work.c) --------- */

static void bot_command(host_game *g, int seat, gg_msg *m)
{
    server_command(g, GG_REC_BOT(seat), seat, m);
}

void gg__game_take_seat(host_game *g, int seat, int who_asked, const char *strategy)
{
    gg_bot b;
    if (strategy && strategy[0]) {
        if (gg_bot_init(&b, strategy, seat, g->seed) == 0 &&
            gg_bot_set_honesty(&b, g->opt.honesty) == 0)
            g->bots[seat] = b;
        else
            gg_log(GG_LOG_WARN, "unknown_bot_strategy", "game", g->id, "strategy", strategy,
                   "action", "the seat keeps its current bot strategy", GG_LOG_END);
    }
    gg_waits waits_before, waits_now;
    gg__game_waits(g, &waits_before);
    g->bots_acted = (uint8_t)(g->bots_acted & ~(1u << seat)); /* it acts now */
    if (who_asked == GG_WHO_MODERATOR)
        g->bot_perm = (uint8_t)(g->bot_perm | (1u << seat));
    else
        g->bot_temp = (uint8_t)(g->bot_temp | (1u << seat));
    gg__game_notice(g, "bot", seat, 0, "a server bot plays this seat until its players act again");
    gg__game_waits(g, &waits_now); /* a bot's seat owes no late answer (state.wait) */
    if (memcmp(&waits_now, &waits_before, sizeof waits_now) != 0)
        state_all(g);
}

/* ---- deadlines and the missed-turn policy ----------------------------- */

/* The seat's last resolved orders that are still legal now. */
static void repeat_orders(const host_game *g, int seat, gg_orders *out)
{
    const gg_orders *last = &g->s.report.orders[seat];
    out->count = 0;
    for (int i = 0; i < last->count && i < GG_MAX_ORDERS; i++) {
        out->o[out->count++] = last->o[i];
        if (gg_validate_orders(&g->s, seat, out, NULL) != 0)
            out->count--;
    }
}

/* The missed-turn policy at a deadline. Seats a bot takes over (policy
 * `bot`) get their move from the bot worker before the phase ends (see
 * phase_done); the phase ends once the bots are done. */
static void missed_deadline(host_game *g)
{
    gg_msg m;
    uint8_t late = 0;
    if (g->s.phase == GG_PHASE_ORDERS)
        late = (uint8_t)(~(g->s.submitted | bot_seats(g)) & 0xf);
    else if (g->s.phase == GG_PHASE_CRISIS && !((bot_seats(g) >> GG_KAZAKHSTAN) & 1))
        late = 1u << GG_KAZAKHSTAN;
    for (int seat = 0; seat < GG_SEATS; seat++) {
        if (!((late >> seat) & 1))
            continue;
        if (g->opt.missed == GG_MISS_BOT) {
            gg_msg_init(&m, GG_MSG_replace_with_bot);
            m.u.replace_with_bot.seat = (uint8_t)seat;
            server_command(g, GG_REC_SERVER, GG_WHO_SERVER, &m);
        } else if (g->s.phase == GG_PHASE_ORDERS && g->opt.missed == GG_MISS_REPEAT) {
            gg_msg_init(&m, GG_MSG_orders);
            repeat_orders(g, seat, &m.u.orders.orders);
            if (m.u.orders.orders.count)
                bot_command(g, seat, &m); /* on the seat's behalf: not its humans */
        } else if (g->s.phase == GG_PHASE_CRISIS) {
            int r = GG_RSP_ALONE;
            for (int k = 0; gg_check_response(&g->s, r) != 0 && k < GG_RESPONSES; k++)
                r = (GG_RSP_ALONE + k) % GG_RESPONSES;
            gg_msg_init(&m, GG_MSG_crisis_response);
            m.u.crisis_response.response = (uint8_t)r;
            bot_command(g, GG_KAZAKHSTAN, &m);
        }
    }
}

static void on_deadline(uv_timer_t *t)
{
    host_game *g = t->data;
    g->deadline = 0;
    gg_log(GG_LOG_INFO, "deadline", "game", g->id, "phase", gg_phase_name(g->s.phase), GG_LOG_END);
    missed_deadline(g);
    g->deadline_passed = 1;
    g->resettle = 1;
    gg__game_settle(g);
}

/* ---- settling: announce changes, let bots act, end phases ------------- */

static void announce_result(host_game *g, int turn)
{
    uint64_t hash = gg_state_hash(&g->s);
    gg_turn_hashes_set(&g->turn_hashes, turn, hash);
    for (int st = 0; st < GG_STREAMS; st++) {
        uint32_t seq;
        if (!next_seq(g, st, &seq))
            continue;
        gg_state view;
        gg_view(&g->s, st, &view);
        int len = gg_encode_turn_result(g->h->scratch, sizeof g->h->scratch, seq, &view, hash);
        emit(g, st, seq, g->h->scratch, len, 0);
    }
    g->h->m.turns_resolved++;
    if (g->h->store && g->store_id && !g->replaying)
        gg_store_turn_hash(g->h->store, g->store_id, turn, hash);
}

static void announce_over(host_game *g)
{
    gg_result r;
    if (gg_result_get(&g->s, &r) != 0)
        return;
    uint64_t hash = gg_state_hash(&g->s);
    for (int st = 0; st < GG_STREAMS; st++) {
        uint32_t seq;
        if (next_seq(g, st, &seq))
            emit(g, st, seq, g->h->scratch,
                 gg_encode_game_over(g->h->scratch, sizeof g->h->scratch, seq, &r, hash), 0);
    }
    int len = gg_encode_game_over(g->h->scratch, sizeof g->h->scratch, 0, &r, hash);
    arm_timer(g, 0);
    g->over_announced = 1;
    g->over_at = uv_now(g->h->loop);
    if (!g->replaying)
        g->h->m.games_finished++; /* a recovered game was counted by the run it ended in */
    if (g->h->store && g->store_id && !g->replaying && len > 0)
        gg_store_finish_game(g->h->store, g->store_id, wall_ms(), g->h->scratch, (size_t)len);
    gg_log(GG_LOG_INFO, "game_over", "game", g->id, "winner", gg_seat_name(r.winner), "reason",
           gg_end_reason_name(r.reason), GG_LOG_END);
}

static void step(host_game *g)
{
    gg_state *s = &g->s;
    if (s->turn != g->seen_turn || s->phase != g->seen_phase) {
        int resolved = gg_turn_resolved(g->seen_turn, g->seen_phase, s);
        if (resolved)
            announce_result(g, resolved);
        g->seen_turn = s->turn;
        g->seen_phase = s->phase;
        g->phase_no++;
        g->ready = 0;
        g->bots_acted = 0;
        g->deadline_passed = 0;
        g->phase_state = *s;
        g->phase_started = uv_now(g->h->loop);
        if (s->phase == GG_PHASE_OVER) {
            if (!g->over_announced) {
                announce_over(g);
                state_all(g); /* the final state, phase over */
                gg__game_snapshot(g, resolved ? resolved : s->turn);
            }
            return;
        }
        arm_timer(g, phase_ms(g));
        state_all(g);
        /* Here live play and replay agree (nothing of the new phase applied
         * yet): recovery can start from this point (snapshot.c). */
        if (resolved)
            gg__game_snapshot(g, resolved);
    }
    if (s->phase == GG_PHASE_OVER || g->replaying)
        return;
    gg__game_bots_step(g);
    if (phase_done(g, 1) && !g->paused)
        advance(g);
}

/* Runs step until nothing changes: every applied command (a bot's, a
 * phase end) asks for another round through `resettle`. Re-entrant calls
 * only ask the outer loop for another round. Ledger changes are announced
 * where they happen (gg__game_apply), so live play and recovery emit exactly
 * the same stream. */
void gg__game_settle(host_game *g)
{
    static const int max_rounds = 1000; /* a game has at most ~40 phases */
    if (g->settling) {
        g->resettle = 1;
        return;
    }
    g->settling = 1;
    int rounds = 0;
    do {
        g->resettle = 0;
        step(g);
    } while (g->resettle && ++rounds < max_rounds);
    g->settling = 0;
}

/* ---- commands ----------------------------------------------------------- */

static void reply_ok(host_game *g, host_session *from, const gg_msg *req, uint32_t id)
{
    if (!from)
        return;
    gg_msg ok;
    gg_msg_init(&ok, GG_MSG_ok);
    ok.rid = req->rid;
    ok.u.ok.re = req->type;
    ok.u.ok.id = id;
    gg__host_send_msg(g->h, from, &ok);
}

static void deliver_chat(host_game *g, int who, const gg_msg *req)
{
    gg_msg c = *req;
    c.rid = 0;
    c.u.chat.from = (uint8_t)who;
    c.u.chat.turn = g->s.turn;
    for (int st = 0; st < GG_STREAMS; st++) {
        int to = 0;
        switch (req->u.chat.channel) {
        case GG_CHAN_PUBLIC:
            to = 1;
            break;
        case GG_CHAN_PRIVATE: /* addressees, the sender's own seat, the moderator */
            to = st == who || st == GG_STREAM_MODERATOR ||
                 (is_seat(st) && ((req->u.chat.to >> st) & 1));
            break;
        default: /* team: the sender's seat (its team) and the moderator */
            to = st == who || st == GG_STREAM_MODERATOR;
        }
        if (to)
            emit_msg(g, st, &c);
    }
}

/* The host's side of commands the rules engine does not see. */
static void host_effects(host_game *g, int who, const gg_msg *m)
{
    switch (m->type) {
    case GG_MSG_pause:
        if (!g->paused) {
            g->paused = 1;
            if (g->deadline) {
                uint64_t now = uv_now(g->h->loop);
                g->remaining = g->deadline > now ? g->deadline - now : 1;
                g->deadline = 0;
                uv_timer_stop(&g->timer);
            }
        }
        gg__game_notice(g, "paused", -1, 0, "the moderator paused the game");
        state_all(g);
        break;
    case GG_MSG_resume_game:
        if (g->paused) {
            g->paused = 0;
            uint64_t left = g->remaining;
            g->remaining = 0;
            if (left && !g->replaying) {
                g->deadline = uv_now(g->h->loop) + left;
                uv_timer_start(&g->timer, on_deadline, left, 0);
            }
        }
        gg__game_notice(g, "resumed", -1, 0, "the game goes on");
        state_all(g);
        break;
    case GG_MSG_extend: {
        /* a phase never has more than GG_MAX_DEADLINE left, however often it
         * is extended (so `dl`, milliseconds in a uint32, cannot wrap) */
        uint64_t add = (uint64_t)m->u.extend.secs * 1000, cap = (uint64_t)GG_MAX_DEADLINE * 1000;
        if (g->paused && g->remaining) {
            g->remaining = g->remaining + add < cap ? g->remaining + add : cap;
        } else if (g->deadline && !g->replaying) {
            uint64_t now = uv_now(g->h->loop), left = g->deadline > now ? g->deadline - now : 0;
            arm_timer(g, left + add < cap ? left + add : cap);
        }
        gg__game_notice(g, "extended", -1, m->u.extend.secs, "more time for this phase");
        state_all(g);
        break;
    }
    case GG_MSG_replace_with_bot:
        gg__game_take_seat(g, m->u.replace_with_bot.seat, who, m->u.replace_with_bot.bot);
        break;
    case GG_MSG_inject_event:
        gg__game_notice(g, "event", -1, 0, gg_event_def_get(m->u.inject_event.event)->name);
        state_all(g);
        break;
    default:
        break;
    }
}

/* The stream seq a `ready` covers: its `seen`; a record without one (from
 * before `seen` existed) covers everything, as `ready` did then. */
static uint32_t ready_seen(const gg_msg *m)
{
    return m->u.ready.seen ? m->u.ready.seen : UINT32_MAX;
}

void gg__game_ready_received(const host_game *g, int who, gg_msg *m)
{
    if (!is_seat(who))
        return;
    uint32_t sent = g->streams[who].seq;
    if (!m->u.ready.seen || m->u.ready.seen > sent)
        m->u.ready.seen = sent;
}

/* Whether a seat's command just applied (before -> g->s) changed nothing
 * the journal must keep: orders identical to the seat's current orders, or
 * a repeated ready, from a human seat no bot holds (a human acting takes a
 * seat back from the bots: that is a change). Replaying the journal
 * without it gives the same game. */
static int changes_nothing(const host_game *g, int kind, int who, const gg_msg *m,
                           const gg_state *before)
{
    if (kind != who || !is_seat(who) || ((bot_seats(g) >> who) & 1))
        return 0;
    if (m->type == GG_MSG_orders)
        return ((before->submitted >> who) & 1) && before->submitted == g->s.submitted &&
               memcmp(&before->orders[who], &g->s.orders[who], sizeof g->s.orders[who]) == 0;
    if (m->type == GG_MSG_ready) /* a later `seen` covers more: a change */
        return ((g->ready >> who) & 1) && ready_seen(m) <= g->ready_seen[who];
    return 0;
}

/* Takes one journal token of stream `who` (a human seat or the moderator;
 * others are not limited). Returns 0, or GG_ERATE_LIMITED when its bucket
 * is empty. */
static int journal_token(host_game *g, int kind, int who)
{
    if (kind != who || who < 0 || who >= GG_STREAMS || who == GG_STREAM_OBSERVER)
        return 0;
    uint64_t now = uv_now(g->h->loop);
    double *t = &g->journal_tokens[who];
    if (!g->journal_refill[who])
        *t = GG_JOURNAL_SEAT_BURST;
    else
        *t += (double)(now - g->journal_refill[who]) * GG_JOURNAL_SEAT_PER_MIN / 60000.0;
    if (*t > GG_JOURNAL_SEAT_BURST)
        *t = GG_JOURNAL_SEAT_BURST;
    g->journal_refill[who] = now ? now : 1;
    if (*t < 1.0)
        return GG_ERATE_LIMITED;
    *t -= 1.0;
    return 0;
}

/* Applies a command; `kind` is its journal kind. Returns 0 or an error. */
int gg__game_apply(host_game *g, int kind, int who, const gg_msg *m, host_session *from)
{
    if (g->h->storage_failed && !g->replaying)
        return GG_ESTORAGE_IO;
    if (g->paused && is_seat(who) && m->type != GG_MSG_chat)
        return GG_EGAME_PAUSED;
    gg_msg stamped;
    if (m->type == GG_MSG_ready && !m->u.ready.seen && is_seat(kind) && !g->replaying) {
        /* Not stamped on arrival (sent before its session was attached):
         * it covers what the stream has now, and the journal keeps that. */
        stamped = *m;
        gg__game_ready_received(g, who, &stamped);
        m = &stamped;
    }
    gg_state before = g->s;
    gg_waits waits_before;
    gg__game_waits(g, &waits_before);
    uint16_t id = 0;
    int err = gg_command_apply(&g->s, who, m, &id);
    if (err)
        return err;
    /* A command that changes nothing is acknowledged (after this
     * iteration's commit, like every reply) but not journaled, and nothing
     * goes on the streams: a replay without it rebuilds the same streams. */
    if (!g->replaying && changes_nothing(g, kind, who, m, &before)) {
        g->h->m.unjournaled++;
        reply_ok(g, from, m, 0);
        return 0;
    }
    /* Nothing that is not journaled happens: if the journal refuses the
     * record (a finished game takes none; storage failed; the seat's
     * journal rate is used up), the command is undone and its sender gets
     * that error instead of an ack. */
    err = g->replaying || !g->store_id ? 0 : journal_token(g, kind, who);
    if (err) {
        g->s = before;
        g->h->m.rate_limited++;
        return err;
    }
    err = gg__host_journal(g->h, g, kind, m);
    if (err) {
        g->s = before;
        return err;
    }
    g->h->m.commands++;
    if (kind >= GG_REC_BOT0 && kind < GG_REC_BOT0 + GG_SEATS) /* recovery learns who acted */
        g->bots_acted = (uint8_t)(g->bots_acted | (1u << (kind - GG_REC_BOT0)));
    if (kind >= GG_REC_BOT0 && kind < GG_REC_BOT0 + GG_SEATS && m->type == GG_MSG_propose &&
        (m->u.propose.why.id == GG_RSN_COUNTER || m->u.propose.why.id == GG_RSN_COUNTER_FEE))
        gg__game_count_counter(g, kind - GG_REC_BOT0);
    /* A human acting for a seat takes it back from the bots. */
    if (kind >= 0 && kind < GG_SEATS && m->type != GG_MSG_chat && ((bot_seats(g) >> who) & 1)) {
        g->bot_perm = (uint8_t)(g->bot_perm & ~(1u << who));
        g->bot_temp = (uint8_t)(g->bot_temp & ~(1u << who));
        gg__game_notice(g, "human", who, 0, "the players are back at this seat");
    }
    switch (m->type) {
    case GG_MSG_chat:
        deliver_chat(g, who, m);
        reply_ok(g, from, m, 0);
        break;
    case GG_MSG_propose:
        reply_ok(g, from, m, id);
        break;
    case GG_MSG_orders: {
        gg_msg ack;
        gg_msg_init(&ack, GG_MSG_orders_ack);
        ack.rid = 0;
        ack.u.orders_ack.turn = g->s.turn;
        ack.u.orders_ack.orders = m->u.orders.orders;
        emit_msg(g, who, &ack);
        gg__game_send_state(g, GG_STREAM_MODERATOR);
        reply_ok(g, from, m, 0);
        break;
    }
    case GG_MSG_ready:
        if (is_seat(who)) {
            g->ready = (uint8_t)(g->ready | (1u << who));
            g->ready_seen[who] = ready_seen(m);
        }
        reply_ok(g, from, m, 0);
        break;
    default:
        reply_ok(g, from, m, 0);
        host_effects(g, who, m);
        break;
    }
    /* The reason of a proposal or an answer goes with the entry it changed. */
    uint16_t why_deal = m->type == GG_MSG_propose   ? id
                        : m->type == GG_MSG_respond ? (uint16_t)m->u.respond.deal
                                                    : 0;
    const gg_reason *why = m->type == GG_MSG_propose   ? &m->u.propose.why
                           : m->type == GG_MSG_respond ? &m->u.respond.why
                                                       : NULL;
    int sent = announce_deals(g, &before, why_deal, why);
    /* Whom diplomacy waits for is in every stream's state (state.wait): a
     * change within the phase sends every stream a fresh state (a phase's
     * end sends them anyway). */
    gg_waits waits_now;
    gg__game_waits(g, &waits_now);
    if (!sent && g->s.phase == before.phase && g->s.turn == before.turn &&
        memcmp(&waits_now, &waits_before, sizeof waits_now) != 0)
        state_all(g);
    g->resettle = 1; /* something changed: settle again */
    return 0;
}

void gg__game_command(host_game *g, int who, const gg_msg *m, host_session *from)
{
    int err = gg__game_apply(g, who, who, m, from);
    if (err) {
        int errs[GG_MAX_ORDERS], n = 0;
        if (m->type == GG_MSG_orders && is_seat(who)) {
            gg_validate_orders(&g->s, who, &m->u.orders.orders, errs);
            n = m->u.orders.orders.count;
        }
        gg__host_send_error(g->h, from, m->rid, err, m->type, NULL, errs, n);
        return;
    }
    /* Its reply is queued. Settling is done now when it only looks (the
     * phase goes on), in a later slice when the command ends the phase
     * (turn resolution, snapshot, announcements to every stream). */
    if (gg__game_settle_heavy(g))
        gg__game_settle_soon(g);
    else
        gg__game_settle(g);
}
