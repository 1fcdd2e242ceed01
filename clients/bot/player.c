/* clients/bot/player.c — a reference bot playing one seat over the network.
 * See player.h for what it does in each phase. */
#include "player.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int gg_player_init(gg_player *p, const char *server, int tcp, const char *strategy, uint64_t seed,
                   FILE *log)
{
    memset(p, 0, sizeof *p);
    snprintf(p->strategy, sizeof p->strategy, "%s", strategy ? strategy : "greedy");
    p->seed = seed;
    p->acted_turn = p->acted_phase = -1;
    p->settle_ms = 50;
    p->log = log;
    int err = gg_session_init(&p->s, server, tcp, "gg-bot 0.1");
    p->s.log = log;
    /* Validate the strategy now so a typo fails before connecting. */
    gg_bot probe;
    if (!err && gg_bot_init(&probe, p->strategy, 0, 1) != 0)
        err = GG_EBAD_OPTION;
    return err;
}

void gg_player_close(gg_player *p)
{
    gg_session_close(&p->s);
}

static uint64_t seed_for(const gg_player *p)
{
    if (p->seed)
        return p->seed;
    uint64_t h = 1469598103934665603ull; /* FNV-1a of the game id */
    for (const char *c = p->s.game; *c; c++)
        h = (h ^ (uint8_t)*c) * 1099511628211ull;
    return h;
}

int gg_player_join(gg_player *p, const char *code, int timeout_ms)
{
    int err = gg_session_connect(&p->s, timeout_ms);
    if (!err)
        err = gg_session_join(&p->s, code, timeout_ms);
    if (err)
        return err;
    char warn[512];
    if (p->log && gg_session_rules_mismatch(&p->s, warn, sizeof warn))
        fprintf(p->log, "gg-bot: warning: %s\n", warn);
    if (p->s.who < 0 || p->s.who >= GG_SEATS) {
        snprintf(p->s.err, sizeof p->s.err,
                 "the code opens the %s view, not a seat: gg-bot needs a seat code",
                 gg_who_name(p->s.who));
        return GG_EFORBIDDEN;
    }
    err = gg_bot_init(&p->bot, p->strategy, p->s.who, seed_for(p));
    p->bot_ok = err == 0;
    p->seen_reconnects = p->s.reconnects;
    return err;
}

static void note(gg_player *p, const char *what, const char *detail)
{
    if (p->verbose && p->log)
        fprintf(p->log, "gg-bot[%s]: %s %s\n", gg_seat_name(p->s.who), what, detail ? detail : "");
}

static int send_msg(gg_player *p, gg_msg *m)
{
    m->rid = 0;
    int r = gg_session_send(&p->s, m);
    if (r < 0) {
        if (p->log)
            fprintf(p->log, "gg-bot[%s]: cannot send %s: %s\n", gg_seat_name(p->s.who),
                    gg_msg_type_name(m->type), p->s.err);
        return r;
    }
    p->moves++;
    note(p, "sent", gg_msg_type_name(m->type));
    return 0;
}

static void send_ready(gg_player *p)
{
    gg_msg m;
    gg_msg_init(&m, GG_MSG_ready);
    m.u.ready.turn = p->view.turn;
    m.u.ready.has = 1; /* turn present */
    m.u.ready.phase = p->view.phase;
    m.u.ready.seen = p->s.last; /* a proposal announced after it stays answerable */
    send_msg(p, &m);
    p->ready_due = 0;
}

static int answered(const gg_player *p, uint16_t id)
{
    for (int i = 0; i < p->nanswered; i++)
        if (p->answered[i] == id)
            return 1;
    return 0;
}

/* Answers deal d if it is open, we are a party and have not answered. */
static void maybe_respond(gg_player *p, const gg_deal *d)
{
    int seat = p->s.who;
    if (p->view.phase != GG_PHASE_DIPLOMACY || d->status != GG_DEAL_OPEN ||
        !((d->parties >> seat) & 1) || ((d->accepted >> seat) & 1) || answered(p, d->id))
        return;
    if (p->nanswered < (int)(sizeof p->answered / sizeof p->answered[0]))
        p->answered[p->nanswered++] = d->id;
    gg_msg m, answer;
    gg_msg_init(&answer, GG_MSG_respond);
    answer.u.respond.deal = d->id;
    gg_bot_reply r;
    answer.u.respond.accept = (uint8_t)(gg_bot_answer(&p->bot, &p->view, d, &r) ? 1 : 0);
    answer.u.respond.why = r.why;
    /* A counter-offer in its place, with its reason, goes first: after our
     * `ready` the answer may be the last one diplomacy waits for, and a
     * proposal sent after it could find the phase over (PROTOCOL.md §6). */
    if (!r.accept && r.countered) {
        gg_msg_init(&m, GG_MSG_propose);
        m.u.propose.parties = r.counter.parties;
        m.u.propose.clauses.n = r.counter.nclauses;
        memcpy(m.u.propose.clauses.c, r.counter.clauses, sizeof r.counter.clauses);
        m.u.propose.why = r.counter.why;
        if (send_msg(p, &m) == 0)
            p->pending++;
    }
    if (send_msg(p, &answer) == 0)
        p->pending++;
}

static void act(gg_player *p)
{
    gg_state *v = &p->view;
    gg_msg m;
    p->acted_turn = v->turn;
    p->acted_phase = v->phase;
    switch (v->phase) {
    case GG_PHASE_DIPLOMACY: {
        p->nanswered = 0;
        gg_bot_proposal props[GG_BOT_MAX_PROPOSALS];
        int n = gg_bot_propose(&p->bot, v, props, GG_BOT_MAX_PROPOSALS);
        for (int i = 0; i < n; i++) {
            gg_msg_init(&m, GG_MSG_propose);
            m.u.propose.parties = props[i].parties;
            m.u.propose.clauses.n = props[i].nclauses;
            memcpy(m.u.propose.clauses.c, props[i].clauses, sizeof props[i].clauses);
            m.u.propose.why = props[i].why;
            if (send_msg(p, &m) == 0)
                p->pending++;
        }
        for (int i = 0; i < GG_MAX_DEALS; i++)
            maybe_respond(p, &v->deals[i]);
        p->ready_due = 1;
        p->quiet_until = now_ms() + p->settle_ms;
        gg_player_tick(p);
        break;
    }
    case GG_PHASE_ORDERS:
        gg_msg_init(&m, GG_MSG_orders);
        m.u.orders.turn = v->turn;
        m.u.orders.has = 1;
        gg_bot_orders(&p->bot, v, &m.u.orders.orders);
        send_msg(p, &m);
        send_ready(p);
        break;
    case GG_PHASE_CRISIS:
        if (p->s.who == GG_KAZAKHSTAN) {
            gg_msg_init(&m, GG_MSG_crisis_response);
            m.u.crisis_response.response = (uint8_t)gg_bot_crisis(&p->bot, v);
            send_msg(p, &m);
        }
        break;
    default:
        break;
    }
}

/* After a resume, on the fresh snapshot of a phase already acted on:
 * repeat what may have been lost. */
static void repair(gg_player *p)
{
    gg_state *v = &p->view;
    int seat = p->s.who;
    note(p, "resumed in the phase it already acted on; re-checking", gg_phase_name(v->phase));
    if (v->phase == GG_PHASE_ORDERS && !((v->submitted >> seat) & 1)) {
        gg_msg m;
        gg_msg_init(&m, GG_MSG_orders);
        m.u.orders.turn = v->turn;
        m.u.orders.has = 1;
        gg_bot_orders(&p->bot, v, &m.u.orders.orders);
        send_msg(p, &m);
    }
    if (v->phase == GG_PHASE_DIPLOMACY || v->phase == GG_PHASE_ORDERS) {
        p->pending = 0;
        send_ready(p);
    }
    if (v->phase == GG_PHASE_CRISIS && seat == GG_KAZAKHSTAN) {
        gg_msg m;
        gg_msg_init(&m, GG_MSG_crisis_response);
        m.u.crisis_response.response = (uint8_t)gg_bot_crisis(&p->bot, v);
        send_msg(p, &m);
    }
}

static void on_state(gg_player *p, const gg_msg *m)
{
    p->view = m->u.state.view;
    p->have_view = 1;
    if (p->replaying) {
        if (m->seq != 0)
            return; /* replayed history: the fresh snapshot (seq 0) comes last */
        p->replaying = 0;
        if ((int)p->view.turn == p->acted_turn && (int)p->view.phase == p->acted_phase) {
            repair(p);
            return;
        }
    }
    if (p->view.phase == GG_PHASE_OVER)
        return;
    if ((int)p->view.turn == p->acted_turn && (int)p->view.phase == p->acted_phase)
        return; /* a state within the phase (a deal accepted, a pause...) */
    p->pending = 0;
    p->ready_due = 0;
    act(p);
}

static void on_reply(gg_player *p, const gg_msg *m, int re)
{
    if (m->type == GG_MSG_error) {
        p->errors++;
        int noise = m->u.error.code == GG_EALREADY_ANSWERED ||
                    (re == GG_MSG_respond && m->u.error.code == GG_EWRONG_PHASE);
        if (p->log && (!noise || p->verbose))
            fprintf(p->log, "gg-bot[%s]: server refused %s: %s %s\n", gg_seat_name(p->s.who),
                    gg_msg_type_name(re), gg_errname(m->u.error.code), m->u.error.text);
    }
    if ((re == GG_MSG_propose || re == GG_MSG_respond) && p->pending > 0)
        p->pending--;
}

void gg_player_tick(gg_player *p)
{
    if (p->ready_due && p->pending == 0 && p->view.phase == GG_PHASE_DIPLOMACY &&
        now_ms() >= p->quiet_until)
        send_ready(p);
}

int gg_player_handle(gg_player *p, const gg_msg *m)
{
    p->received++;
    if (p->s.reconnects != p->seen_reconnects) {
        p->seen_reconnects = p->s.reconnects;
        p->replaying = 1;
        if (p->log)
            fprintf(p->log, "gg-bot[%s]: reconnected and resumed after seq %u\n",
                    gg_seat_name(p->s.who), p->s.last);
    }
    switch (m->type) {
    case GG_MSG_state:
        on_state(p, m);
        break;
    case GG_MSG_deal_update:
        if (p->have_view) {
            gg_view_merge_deal(&p->view, &m->u.deal_update.deal);
            if (p->ready_due)
                p->quiet_until = now_ms() + p->settle_ms;
            if (!p->replaying)
                maybe_respond(p, &m->u.deal_update.deal);
        }
        break;
    case GG_MSG_ok:
        on_reply(p, m, m->u.ok.re);
        break;
    case GG_MSG_error:
        on_reply(p, m, m->u.error.re);
        break;
    case GG_MSG_game_over:
        p->result = m->u.game_over;
        p->over = 1;
        break;
    default:
        break;
    }
    if (p->drop_after > 0 && p->received == (unsigned)p->drop_after && !p->over) {
        if (p->log)
            fprintf(p->log, "gg-bot[%s]: --drop-after %d: dropping the connection (test)\n",
                    gg_seat_name(p->s.who), p->drop_after);
        gg_session_drop(&p->s);
    }
    return p->over;
}

int gg_player_pump(gg_player *p, int timeout_ms)
{
    gg_msg *m = malloc(sizeof *m);
    if (!m)
        return GG_EINTERNAL;
    int rc = 0, wait = timeout_ms;
    while (rc == 0) {
        int r = gg_session_recv(&p->s, m, wait);
        if (r < 0) {
            rc = r;
            break;
        }
        if (r == 0)
            break;
        rc = gg_player_handle(p, m);
        wait = 0;
    }
    if (rc == 0)
        gg_player_tick(p);
    free(m);
    return rc;
}

static void seat_ints(FILE *out, const char *key, const gg_seat_ints *v)
{
    fprintf(out, "\"%s\":{", key);
    for (int seat = 0; seat < GG_SEATS; seat++)
        fprintf(out, "%s\"%s\":%d", seat ? "," : "", gg_seat_name(seat), v->v[seat]);
    fputc('}', out);
}

void gg_player_result_json(const gg_player *p, FILE *out)
{
    const gg_msg_game_over *r = &p->result;
    fprintf(out, "{\"game\":\"%s\",\"seat\":\"%s\",\"strategy\":\"%s\",\"over\":%s,", p->s.game,
            gg_who_name(p->s.who), p->strategy, p->over ? "true" : "false");
    if (p->over) {
        fprintf(out, "\"winner\":\"%s\",\"reason\":\"%s\",\"won\":%s,", gg_seat_name(r->winner),
                gg_end_reason_name(r->reason), r->winner == p->s.who ? "true" : "false");
        /* the criterion that put the winner first (game_over.by, protocol
         * 1.5; absent from an older server) */
        const gg_tiebreak_def *tb = gg_tiebreak_def_get(r->decided_by);
        if (tb)
            fprintf(out, "\"decided_by\":\"%s\",", tb->id);
        fputs("\"rank\":[", out);
        for (int i = 0; i < GG_SEATS; i++)
            fprintf(out, "%s\"%s\"", i ? "," : "", gg_seat_name(r->rank.v[i]));
        fputs("],", out);
        seat_ints(out, "vp", &r->vp);
        fputc(',', out);
        seat_ints(out, "relative", &r->relative);
        fprintf(out, ",\"hash\":\"%016" PRIx64 "\",", r->hash);
    }
    fprintf(out, "\"transport\":\"%s\",\"moves\":%u,\"errors\":%u,\"reconnects\":%u}",
            p->s.tcp ? "tcp" : "enet", p->moves, p->errors, p->s.reconnects);
}
