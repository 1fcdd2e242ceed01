/* server.c — gg-server's connections: sessions, the handshake, the lobby
 * (create, join, resume), dispatch of game commands and rate limits; start
 * and stop. The outbox that waits for the journal commit is in outbox.c,
 * the stats, export and debrief replies in reports.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "host.h"
#include "log.h"

static void defer(host *h, host_session *s, host_game *g, const gg_msg *m);
static int must_wait(const host *h, const host_game *g);

/* ---- sessions ------------------------------------------------------- */

static void on_open(gg_conn *c, void *ud)
{
    host *h = ud;
    host_session *s = calloc(1, sizeof *s);
    if (!s) {
        gg_conn_close(c);
        return;
    }
    s->h = h;
    s->conn = c;
    s->id = ++h->next_session;
    s->who = -1;
    s->msg_tokens = h->cfg.msg_rate;
    s->chat_tokens = GG_CHAT_BURST;
    s->refill_ms = uv_now(h->loop);
    gg_secret_hex(s->sid, 16);
    gg_conn_set_data(c, s);
    h->m.sessions_open[gg__host_transport_index(c)]++;
    char peer[32];
    gg_conn_peer_name(c, peer, sizeof peer);
    gg_log(GG_LOG_DEBUG, "conn_open", "sid", s->sid, "peer", peer, "transport",
           gg_conn_transport(c), GG_LOG_END);
}

static void on_close(gg_conn *c, int reason, void *ud)
{
    host *h = ud;
    host_session *s = gg_conn_data(c);
    if (!s)
        return;
    if (s->waiting)
        gg__host_forget_deferred(s->waiting, s);
    if (s->game)
        gg__game_detach(s->game, s);
    h->m.sessions_open[gg__host_transport_index(c)]--;
    s->conn = NULL;
    s->next_dead = h->dead;
    h->dead = s;
    if (reason)
        gg__host_count_error(h, reason);
    gg_log(reason ? GG_LOG_INFO : GG_LOG_DEBUG, "conn_close", "sid", s->sid, "reason",
           reason ? gg_errname(reason) : "closed", GG_LOG_END);
}

/* Token buckets: GG_MSG_RATE_PER_SEC messages per second, chat at
 * GG_CHAT_RATE_PER_MIN per minute with bursts of GG_CHAT_BURST. Refused
 * messages add strikes, which drain at the message rate; a connection
 * whose strikes pile past two seconds' worth is flooding. Returns 0,
 * GG_ERATE_LIMITED, or 1 when the session should be dropped for abuse. */
static int rate_check(host *h, host_session *s, int chat)
{
    uint64_t now = uv_now(h->loop);
    double dt = (double)(now - s->refill_ms);
    s->refill_ms = now;
    double rate = h->cfg.msg_rate;
    double refill = dt * rate / 1000.0;
    s->msg_tokens += refill;
    if (s->msg_tokens > rate)
        s->msg_tokens = rate;
    s->strikes = s->strikes > refill ? s->strikes - refill : 0;
    s->chat_tokens += dt * GG_CHAT_RATE_PER_MIN / 60000.0;
    if (s->chat_tokens > GG_CHAT_BURST)
        s->chat_tokens = GG_CHAT_BURST;
    if (s->msg_tokens < 1 || (chat && s->chat_tokens < 1)) {
        h->m.rate_limited++;
        s->strikes += 1;
        return s->strikes > 2.0 * rate ? 1 : GG_ERATE_LIMITED;
    }
    s->msg_tokens -= 1;
    if (chat)
        s->chat_tokens -= 1;
    return 0;
}

/* ---- lobby ---------------------------------------------------------- */

int gg__host_add_game(host *h, host_game *g)
{
    if (h->ngames == h->cap_games) {
        int cap = h->cap_games ? 2 * h->cap_games : 64;
        host_game **a = realloc(h->games, (size_t)cap * sizeof *a);
        if (!a)
            return GG_EINTERNAL;
        h->games = a;
        h->cap_games = cap;
    }
    if (gg__host_codes_add(h, g) != 0)
        return GG_EINTERNAL;
    h->games[h->ngames++] = g;
    return 0;
}

int gg__host_live_games(const host *h)
{
    int n = 0;
    for (int i = 0; i < h->ngames; i++)
        n += h->games[i]->s.phase != GG_PHASE_OVER;
    return n;
}

int gg__host_create_game(host *h, const gg_msg *m, host_game **out)
{
    if (h->storage_failed)
        return GG_ESTORAGE_IO;
    if (gg__host_live_games(h) >= h->cfg.max_games)
        return GG_ESERVER_FULL;
    for (int seat = 0; seat < GG_SEATS; seat++) {
        int bad = gg__host_bot_check(m->u.create_game.bots.v[seat]);
        if (bad)
            return bad;
    }
    uint64_t seed = m->u.create_game.seed;
    while (!seed && getrandom(&seed, sizeof seed, 0) != sizeof seed)
        ;
    gg_msg create = *m;
    create.rid = 0;
    create.u.create_game.seed = seed;
    create.u.create_game.create_key[0] = '\0'; /* a secret: never journaled or exported */
    host_game *g;
    int err = gg__game_create(h, &create, seed, NULL, 0, &g);
    if (!err && (err = gg__host_add_game(h, g)) != 0)
        gg__game_destroy(g);
    if (err)
        return err;
    h->m.games_created++;
    gg_log(GG_LOG_INFO, "game_created", "game", g->id, "scenario", m->u.create_game.scenario,
           GG_LOG_END);
    *out = g;
    return 0;
}

static void do_create(host *h, host_session *s, const gg_msg *m)
{
    host_game *g;
    char peer[GG_GUARD_ADDR_LEN], addr[GG_GUARD_ADDR_LEN];
    gg_conn_peer_name(s->conn, peer, sizeof peer);
    gg__guard_addr(peer, addr, sizeof addr);
    const char *where = NULL;
    int err = gg__lobby_create_allowed(h, addr, m, &where);
    if (!err)
        err = gg__host_create_game(h, m, &g);
    if (err) {
        gg__host_send_error(h, s, m->rid, err, m->type, where, NULL, 0);
        return;
    }
    snprintf(g->creator, sizeof g->creator, "%s", addr);
    gg_msg r;
    gg_msg_init(&r, GG_MSG_game_created);
    r.rid = m->rid;
    snprintf(r.u.game_created.game, sizeof r.u.game_created.game, "%s", g->id);
    for (int seat = 0; seat < GG_SEATS; seat++)
        snprintf(r.u.game_created.codes.v[seat], sizeof r.u.game_created.codes.v[seat], "%s",
                 g->codes[seat]);
    snprintf(r.u.game_created.observer_code, sizeof r.u.game_created.observer_code, "%s",
             g->codes[GG_STREAM_OBSERVER]);
    snprintf(r.u.game_created.moderator_code, sizeof r.u.game_created.moderator_code, "%s",
             g->codes[GG_STREAM_MODERATOR]);
    gg__host_send_msg(h, s, &r);
    gg__game_start(g);
}

static void send_joined(host *h, host_session *s, uint32_t rid, const char *token)
{
    host_game *g = s->game;
    gg_msg r;
    gg_msg_init(&r, GG_MSG_joined);
    r.rid = rid;
    snprintf(r.u.joined.game, sizeof r.u.joined.game, "%s", g->id);
    r.u.joined.who = (uint8_t)s->who;
    r.u.joined.role = (uint8_t)(s->who < GG_SEATS              ? GG_ROLE_PLAYER
                                : s->who == GG_STREAM_OBSERVER ? GG_ROLE_OBSERVER
                                                               : GG_ROLE_MODERATOR);
    snprintf(r.u.joined.token, sizeof r.u.joined.token, "%s", token);
    r.u.joined.head = g->streams[s->who].seq;
    gg__host_send_msg(h, s, &r);
}

static void do_join(host *h, host_session *s, const gg_msg *m)
{
    char code[GG_MAX_CODE + 1];
    host_game *g = NULL;
    int who = -1;
    char peer[GG_GUARD_ADDR_LEN], addr[GG_GUARD_ADDR_LEN];
    gg_conn_peer_name(s->conn, peer, sizeof peer);
    gg__guard_addr(peer, addr, sizeof addr);
    if (gg__guard_join_allowed(h, addr)) {
        gg__host_send_error(h, s, m->rid, GG_ERATE_LIMITED, m->type, "code", NULL, 0);
        return;
    }
    if (gg_secret_normalise(m->u.join.code, code) == 0)
        g = gg__host_code_find(h, code, &who);
    else
        code[0] = '\0';
    if (g && must_wait(h, g)) {
        defer(h, s, g, m);
        return;
    }
    const host_quarantined *q = g ? NULL : gg__host_quarantined_code(h, code);
    if (q) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)q->store_id);
        gg__host_send_error(h, s, m->rid, GG_EGAME_QUARANTINED, m->type, "code", NULL, 0);
        gg_log(GG_LOG_WARN, "join_quarantined", "game", id, "sid", s->sid, GG_LOG_END);
        return;
    }
    if (!g) {
        gg__host_send_error(h, s, m->rid, GG_EBAD_CODE, m->type, "code", NULL, 0);
        gg__guard_join_failed(h, addr, s->sid);
        if (++s->bad_codes >= GG_BAD_CODES_MAX) {
            gg_log(GG_LOG_WARN, "too_many_bad_codes", "sid", s->sid, GG_LOG_END);
            s->close_after_flush = 1;
        }
        return;
    }
    if (s->game)
        gg__game_detach(s->game, s);
    char token[GG_MAX_TOKEN + 1];
    int err = gg_secret_hex(token, 32) ? GG_EINTERNAL : gg__game_attach(g, s, who, -1, token);
    if (err) {
        gg__host_send_error(
            h, s, m->rid, err, m->type,
            err == GG_ESERVER_FULL && who == GG_STREAM_OBSERVER ? "observers" : "code", NULL, 0);
        return;
    }
    gg_conn_set_max_message(s->conn, GG_MAX_MESSAGE);
    /* joined (head = where this connection's stream starts), then the
     * snapshot; stream messages after head follow as they happen */
    send_joined(h, s, m->rid, token);
    gg__game_send_state_direct(g, s);
    gg_log(GG_LOG_INFO, "joined", "game", g->id, "who", gg_who_name(who), "sid", s->sid,
           GG_LOG_END);
}

/* Re-attaches through a token: the token rotates (the `joined` reply
 * carries the new one; the old one stops working) and a connection still
 * attached through it is taken over. Then: joined, HISTORY_GONE if part of
 * (last, head] is no longer kept, the kept messages after `last`, and the
 * unnumbered snapshot. */
static void do_resume(host *h, host_session *s, const gg_msg *m)
{
    host_game *g = NULL;
    int slot = -1;
    for (int i = 0; i < h->ngames && slot < 0; i++)
        if ((slot = gg__game_token_slot(h->games[i], m->u.resume.token)) >= 0)
            g = h->games[i];
    if (slot < 0) {
        gg__host_send_error(h, s, m->rid, GG_EBAD_TOKEN, m->type, "tok", NULL, 0);
        return;
    }
    if (must_wait(h, g)) {
        defer(h, s, g, m);
        return;
    }
    int who = gg__game_token_who(g, slot);
    uint32_t last = m->u.resume.last;
    if (last > g->streams[who].seq) {
        gg__host_send_error(h, s, m->rid, GG_EMSG_BAD_FIELD, m->type, "last", NULL, 0);
        return;
    }
    if (s->game)
        gg__game_detach(s->game, s);
    char token[GG_MAX_TOKEN + 1];
    int err = gg_secret_hex(token, 32) ? GG_EINTERNAL : gg__game_attach(g, s, who, slot, token);
    if (err) {
        gg__host_send_error(h, s, m->rid, err, m->type, NULL, NULL, 0);
        return;
    }
    gg_conn_set_max_message(s->conn, GG_MAX_MESSAGE);
    send_joined(h, s, m->rid, token);
    gg__game_replay_stream(g, s, last, m->rid);
    gg_log(GG_LOG_INFO, "resumed", "game", g->id, "who", gg_who_name(who), "sid", s->sid,
           GG_LOG_END);
}

static void do_hello(host *h, host_session *s, const gg_msg *m)
{
    s->hello = 1;
    s->features = m->u.hello.features & GG_FEAT_ALL;
    gg_msg r;
    gg_msg_init(&r, GG_MSG_welcome);
    r.rid = m->rid;
    gg_msg_welcome *w = &r.u.welcome;
    w->major = GG_PROTOCOL_MAJOR;
    w->minor = GG_PROTOCOL_MINOR;
    snprintf(w->server, sizeof w->server, "%s", GG_SERVER_NAME);
    snprintf(w->session, sizeof w->session, "%s", s->sid);
    w->features = s->features;
    w->max_msg = GG_MAX_MESSAGE;
    w->max_str = GG_MAX_STRING;
    w->max_list = GG_MAX_LIST;
    w->max_depth = GG_MAX_DEPTH;
    w->max_chat = GG_MAX_CHAT;
    w->chat_burst = GG_CHAT_BURST;
    w->chat_per_min = GG_CHAT_RATE_PER_MIN;
    w->msg_per_sec = (uint32_t)h->cfg.msg_rate;
    w->history = GG_MAX_HISTORY;
    w->rules = GG_RULES_VERSION;
    gg__host_send_msg(h, s, &r);
}

/* ---- dispatch ------------------------------------------------------- */

/* Queues a message until game g's bots have moved (bot_work.c drains it):
 * messages to a game whose bots think are handled after them, in order. */
static void defer(host *h, host_session *s, host_game *g, const gg_msg *m)
{
    if (g->ndeferred >= GG_MAX_DEFERRED) {
        gg__host_send_error(h, s, m->rid, GG_ERATE_LIMITED, m->type, NULL, NULL, 0);
        return;
    }
    static uint8_t enc[GG_MAX_MESSAGE]; /* the loop's thread only */
    int n = gg_msg_encode(m, enc, sizeof enc);
    uint8_t *bytes = n > 0 ? malloc((size_t)n) : NULL;
    if (!bytes) {
        gg__host_send_error(h, s, m->rid, GG_EINTERNAL, m->type, NULL, NULL, 0);
        return;
    }
    memcpy(bytes, enc, (size_t)n);
    if (g->ndeferred == g->cap_deferred) {
        int cap = g->cap_deferred ? 2 * g->cap_deferred : 2;
        host_deferred *q = realloc(g->deferred, (size_t)cap * sizeof *q);
        if (!q) {
            free(bytes);
            gg__host_send_error(h, s, m->rid, GG_EINTERNAL, m->type, NULL, NULL, 0);
            return;
        }
        g->deferred = q;
        g->cap_deferred = cap;
    }
    g->deferred[g->ndeferred++] = (host_deferred){.s = s,
                                                  .at_ns = uv_hrtime(),
                                                  .budget = !gg__game_busy(g),
                                                  .len = (uint32_t)n,
                                                  .bytes = bytes};
    s->waiting = g;
    h->m.deferred++;
}

/* Whether a join or resume into g must wait for its bots. */
static int must_wait(const host *h, const host_game *g)
{
    return (gg__game_busy(g) || g->ndeferred) && h->draining != g;
}

/* A decoded message from a session that said hello. */
static void dispatch(host *h, host_session *s, const gg_msg *m)
{
    switch (m->type) {
    case GG_MSG_ping: {
#ifdef GG_TEST_HOOKS
        h->test_stall = h->cfg.test_stall_ms > 0;
#endif
        gg_msg r;
        gg_msg_init(&r, GG_MSG_pong);
        r.rid = m->rid;
        gg__host_send_msg(h, s, &r);
        return;
    }
    case GG_MSG_stats:
        gg__host_do_stats(h, s, m);
        return;
    case GG_MSG_create_game:
        do_create(h, s, m);
        return;
    case GG_MSG_join:
        do_join(h, s, m);
        return;
    case GG_MSG_resume:
        do_resume(h, s, m);
        return;
    case GG_MSG_fork_game: /* by its moderator, or with its moderator code */
        gg__host_do_fork(h, s, m);
        return;
    default:
        break;
    }
    if (!s->game) {
        gg__host_send_error(h, s, m->rid, GG_ENOT_JOINED, m->type, NULL, NULL, 0);
        return;
    }
    if (m->type == GG_MSG_export_replay) {
        if (s->who != GG_STREAM_MODERATOR)
            gg__host_send_error(h, s, m->rid, GG_EFORBIDDEN, m->type, NULL, NULL, 0);
        else
            gg__host_do_export(h, s, m);
        return;
    }
    if (m->type == GG_MSG_debrief) {
        gg__host_do_debrief(h, s, m);
        return;
    }
    if (m->type == GG_MSG_replace_with_bot &&
        gg__host_bot_check(m->u.replace_with_bot.bot) == GG_EMSG_BAD_FIELD) {
        gg__host_send_error(h, s, m->rid, GG_EMSG_BAD_FIELD, m->type, "bot", NULL, 0);
        return;
    }
    gg__game_command(s->game, s->who, m, s);
}

static void on_message(gg_conn *c, const uint8_t *bytes, size_t len, void *ud)
{
    host *h = ud;
    host_session *s = gg_conn_data(c);
    if (!s || !s->conn)
        return;
    h->m.msgs_in++;
    gg_msg m;
    gg_decode_err where = {{0}, -1};
    int err = gg_msg_decode(&m, bytes, len, &where);
    int t = !err || m.type < GG_MSG_TYPES ? m.type : GG_MSG_TYPES;
    if (t < 0 || t > GG_MSG_TYPES)
        t = GG_MSG_TYPES;
    h->m.in_msgs[t]++;
    h->m.in_bytes[t] += len;
    int rl = rate_check(h, s, !err && m.type == GG_MSG_chat);
    if (rl == 1) {
        if (!s->close_after_flush)
            gg_log(GG_LOG_WARN, "flood_disconnect", "sid", s->sid, GG_LOG_END);
        gg__host_count_error(h, GG_ERATE_LIMITED);
        s->close_after_flush = 1;
        gg__host_send_error(h, s, 0, GG_ERATE_LIMITED, -1, NULL, NULL, 0);
        return;
    }
    if (rl) {
        gg__host_send_error(h, s, err ? 0 : m.rid, rl, err ? -1 : m.type, NULL, NULL, 0);
        return;
    }
    /* A server->client type is refused as such, whatever else is wrong with it. */
    if (err && err != GG_EVERSION_MISMATCH && m.type < GG_MSG_TYPES &&
        gg_msg_dir(m.type) == GG_S2C && strcmp(where.where, "t") != 0) {
        err = GG_EMSG_UNKNOWN_TYPE;
        snprintf(where.where, sizeof where.where, "t");
    }
    if (err == GG_EVERSION_MISMATCH) {
        /* say which version this server speaks (PROTOCOL.md §3), then hang up */
        gg_msg e;
        gg_msg_init(&e, GG_MSG_error);
        e.rid = m.rid;
        e.u.error.code = err;
        e.u.error.re = GG_MSG_hello;
        snprintf(e.u.error.name, sizeof e.u.error.name, "%s", gg_errname(err));
        snprintf(e.u.error.where, sizeof e.u.error.where, "v");
        snprintf(e.u.error.text, sizeof e.u.error.text,
                 "this server speaks protocol %d.%d; use a client for major version %d",
                 GG_PROTOCOL_MAJOR, GG_PROTOCOL_MINOR, GG_PROTOCOL_MAJOR);
        gg__host_count_error(h, err);
        gg__host_send_msg(h, s, &e);
        s->close_after_flush = 1; /* after the error has gone out */
        return;
    }
    if (err) {
        gg__host_send_error(h, s, m.rid, err, m.type < GG_MSG_TYPES ? m.type : -1,
                            where.where[0] ? where.where : NULL, NULL, 0);
        if (++s->bad_msgs >= GG_BAD_MSGS_MAX && !s->close_after_flush) {
            gg_log(GG_LOG_WARN, "garbage_disconnect", "sid", s->sid, GG_LOG_END);
            s->close_after_flush = 1; /* keeps sending garbage: hang up after this error */
        }
        return;
    }
    s->bad_msgs = 0;
    if (gg_msg_dir(m.type) == GG_S2C) {
        gg__host_send_error(h, s, m.rid, GG_EMSG_UNKNOWN_TYPE, m.type, "t", NULL, 0);
        return;
    }
    if (m.type == GG_MSG_hello) {
        do_hello(h, s, &m);
        return;
    }
    if (!s->hello) {
        gg__host_send_error(h, s, m.rid, GG_ENO_HELLO, m.type, NULL, NULL, 0);
        return;
    }
    if (m.type == GG_MSG_ready && s->game) /* what it covers: as received, not as applied */
        gg__game_ready_received(s->game, s->who, &m);
    host_game *g = s->waiting ? s->waiting : s->game; /* keep each session's order */
    if (g && (gg__game_busy(g) || g->ndeferred)) {
        h->m.input_queued += (uint64_t)g->input_queued; /* behind its game's waiting input */
        defer(h, s, g, &m);
        return;
    }
    if (g && !gg__host_input_allowed(h)) { /* the iteration's input budget is spent */
        int before = g->ndeferred;
        defer(h, s, g, &m);
        if (g->ndeferred > before)
            gg__host_input_wait(h, g);
        return;
    }
    dispatch(h, s, &m);
    if (g)
        gg__host_input_applied(h);
}

void gg__host_drain_one(host *h, host_game *g)
{
    host_game *was = h->draining;
    h->draining = g;
    host_deferred d = g->deferred[0];
    memmove(g->deferred, g->deferred + 1, (size_t)(--g->ndeferred) * sizeof *g->deferred);
    if (g->ndeferred == 0) { /* an idle game keeps no queue (capmem's finding) */
        free(g->deferred);
        g->deferred = NULL;
        g->cap_deferred = 0;
    }
    gg__host_hist_observe(d.budget ? &h->m.input_wait_seconds : &h->m.game_wait_seconds,
                          (double)(uv_hrtime() - d.at_ns) / 1e9);
    int more = 0;
    for (int i = 0; i < g->ndeferred && !more; i++)
        more = g->deferred[i].s == d.s;
    if (!more)
        d.s->waiting = NULL;
    gg_msg m;
    if (d.s->conn && gg_msg_decode(&m, d.bytes, d.len, NULL) == 0)
        dispatch(h, d.s, &m); /* encoded by this server: it decodes back equal */
    else if (d.s->conn)
        gg__host_send_error(h, d.s, 0, GG_EINTERNAL, -1, NULL, NULL, 0);
    free(d.bytes);
    h->draining = was;
}

void gg__host_drain_game(host *h, host_game *g)
{
    while (g->ndeferred && !gg__game_busy(g))
        gg__host_drain_one(h, g);
}

void gg__host_forget_deferred(host_game *g, host_session *s)
{
    int k = 0;
    for (int i = 0; i < g->ndeferred; i++)
        if (g->deferred[i].s != s) {
            g->deferred[k++] = g->deferred[i];
        } else {
            s->waiting = NULL;
            free(g->deferred[i].bytes);
        }
    g->ndeferred = k;
}

/* A WebSocket text message that was not protocol JSON: answered and rate
 * limited exactly like a message that fails to decode. */
static void on_bad_message(gg_conn *c, int err, void *ud)
{
    host *h = ud;
    host_session *s = gg_conn_data(c);
    if (!s || !s->conn)
        return;
    h->m.msgs_in++;
    h->m.in_msgs[GG_MSG_TYPES]++;
    int rl = rate_check(h, s, 0);
    if (rl == 1) {
        if (!s->close_after_flush)
            gg_log(GG_LOG_WARN, "flood_disconnect", "sid", s->sid, GG_LOG_END);
        gg__host_count_error(h, GG_ERATE_LIMITED);
        s->close_after_flush = 1;
    }
    gg__host_send_error(h, s, 0, rl ? GG_ERATE_LIMITED : err, -1, NULL, NULL, 0);
}

/* ---- start, stop ---------------------------------------------------- */

/* Frees finished games that have ended at least keep_finished_s ago and
 * that nobody is attached to (their journal stays in the store), then
 * archives abandoned games (lobby_limits.c). */
static void on_sweep(uv_timer_t *t)
{
    host *h = t->data;
    uint64_t now = uv_now(h->loop);
    for (int i = 0; i < h->ngames;) {
        host_game *g = h->games[i];
        int attached = 0;
        for (int st = 0; st < GG_STREAMS; st++)
            attached |= g->members[st] != NULL;
        if (g->over_announced && !attached &&
            now - g->over_at >= (uint64_t)h->cfg.keep_finished_s * 1000) {
            gg_log(GG_LOG_DEBUG, "game_freed", "game", g->id, GG_LOG_END);
            gg__host_remove_game_at(h, i);
            gg__game_destroy(g);
            h->m.games_freed++;
        } else {
            i++;
        }
    }
    gg__lobby_sweep(h);
}

static void on_signal(uv_signal_t *sig, int signum)
{
    host *h = sig->data;
    gg_log(GG_LOG_INFO, "shutdown", "signal", signum == SIGINT ? "SIGINT" : "SIGTERM", GG_LOG_END);
    gg__host_stop(h);
}

int gg__host_init(host *h, uv_loop_t *loop, const host_config *cfg)
{
    gg__host_metrics_init(&h->m);
    h->loop = loop;
    h->cfg = *cfg;
    int perr = bot_pool_start(&h->pool, loop, GG_BOT_THREADS, cfg->bot_nice, cfg->bot_sched_idle);
    if (perr) /* bots then think on the loop (logged there): slow, not lost */
        fprintf(stderr, "gg-server: cannot start the bots' worker threads: %s\n",
                uv_strerror(perr));
    if (cfg->data_dir) {
        char msg[512];
        int err = gg_store_create(cfg->data_dir, &h->store, msg, sizeof msg);
        if (err) {
            fprintf(stderr, "gg-server: cannot open the journal in %s: %s\n", cfg->data_dir, msg);
            return err;
        }
        err = gg__host_recover(h);
        if (err)
            return err; /* said on stderr: which game, which record, what to do */
#ifdef GG_TEST_HOOKS
        if (cfg->test_storage_pages > 0)
            gg_store_test_limit_pages(h->store, cfg->test_storage_pages);
        if (cfg->test_fail_sync > 0 || cfg->test_hold_sync)
            gg_store_test_sync_hooks(h->store, cfg->test_fail_sync, cfg->test_hold_sync);
        if (cfg->test_ckpt_pages > 0 || cfg->test_wal_max_pages > 0)
            gg_store_test_ckpt_hooks(h->store, cfg->test_ckpt_pages, cfg->test_wal_max_pages, NULL);
#endif
        gg__host_sync_start(h); /* after recovery: its commits sync themselves */
    }
    /* What a TCP client over the connection limit is told before the hang-up. */
    uint8_t refuse[256]; /* an error with its text: > 64 bytes */
    int rlen = gg_encode_error(refuse, sizeof refuse, 0, GG_ESERVER_FULL, -1, NULL, NULL, 0);
    /* ... and what a connection that sent an oversize or empty frame is told. */
    uint8_t too_big[256], zero[256];
    int blen = gg_encode_error(too_big, sizeof too_big, 0, GG_EMSG_TOO_BIG, -1, NULL, NULL, 0);
    int zlen = gg_encode_error(zero, sizeof zero, 0, GG_EMSG_MALFORMED, -1, "length", NULL, 0);
    /* ... and what asks an idle native TCP client for a sign of life. */
    uint8_t ping[64];
    gg_msg pm;
    gg_msg_init(&pm, GG_MSG_ping);
    int plen = gg_msg_encode(&pm, ping, sizeof ping);
    gg_net_config nc = {.bind = cfg->bind,
                        .port = cfg->port,
                        .refuse_msg = rlen > 0 ? refuse : NULL,
                        .refuse_len = rlen > 0 ? (size_t)rlen : 0,
                        .too_big_msg = blen > 0 ? too_big : NULL,
                        .too_big_len = blen > 0 ? (size_t)blen : 0,
                        .malformed_msg = zlen > 0 ? zero : NULL,
                        .malformed_len = zlen > 0 ? (size_t)zlen : 0,
                        .http_port = cfg->http_port,
                        .metrics_bind = cfg->metrics_bind,
                        .allow_origin = cfg->allow_origin,
                        .web_root = cfg->web_root,
                        .handshake_ms = (unsigned)cfg->handshake_ms,
                        .max_per_addr = cfg->max_per_addr,
                        .idle_ms = (unsigned)cfg->idle_ms,
                        .max_tcp = cfg->max_conns,
                        .reserve_from = cfg->reserve_from,
                        .ping_msg = plen > 0 ? ping : NULL,
                        .ping_len = plen > 0 ? (size_t)plen : 0};
    gg_net_callbacks cb = {.on_open = on_open,
                           .on_message = on_message,
                           .on_close = on_close,
                           .on_bad_message = on_bad_message,
                           .on_http = gg__host_http};
    int err = gg_net_create(loop, &nc, &cb, h, &h->net);
    if (err) {
        fprintf(stderr,
                "gg-server: cannot listen on %s:%d: %s (is another server running? try "
                "--port)\n",
                cfg->bind, cfg->port, uv_strerror(err));
        return GG_EINTERNAL;
    }
    /* The journal commit and the sends happen here, once per iteration;
     * on_flush then flushes ENet itself, whatever order libuv runs the
     * check handles in. */
    uv_check_init(loop, &h->flush);
    h->flush.data = h;
    uv_check_start(&h->flush, gg__host_on_flush);
    gg__host_loop_time_init(h);
    uv_idle_init(loop, &h->kick);
    uv_timer_init(loop, &h->settle_hold);
    uv_timer_init(loop, &h->input_hold);
    /* the loop's idle time, for its busy share per iteration in /metrics */
    uv_loop_configure(loop, UV_METRICS_IDLE_TIME);
    uv_timer_init(loop, &h->sweep);
    h->sweep.data = h;
    uint64_t every = gg__lobby_sweep_ms(h);
    uv_timer_start(&h->sweep, on_sweep, every, every);
    uv_signal_init(loop, &h->sigint);
    uv_signal_init(loop, &h->sigterm);
    h->sigint.data = h->sigterm.data = h;
    uv_signal_start(&h->sigint, on_signal, SIGINT);
    uv_signal_start(&h->sigterm, on_signal, SIGTERM);
    char port[8], http_port[8], metrics_port[8];
    snprintf(port, sizeof port, "%d", gg_net_port(h->net));
    snprintf(http_port, sizeof http_port, "%d", gg_net_http_port(h->net));
    snprintf(metrics_port, sizeof metrics_port, "%d", gg_net_metrics_port(h->net));
    gg_log(GG_LOG_INFO, "listening", "bind", cfg->bind, "port", port, "transports", "enet+tcp+ws",
           "http_port", http_port, "metrics_port", metrics_port, "web_root",
           cfg->web_root ? cfg->web_root : "none", "journal", cfg->data_dir ? cfg->data_dir : "off",
           "durability",
           !cfg->data_dir                             ? "none"
           : cfg->durability == GG_DURABILITY_PROCESS ? "process"
                                                      : "machine",
           GG_LOG_END);
    return 0;
}

static void net_closed(void *ud)
{
    host *h = ud;
    uv_close((uv_handle_t *)&h->flush, NULL);
    gg__host_loop_time_close(h);
    uv_close((uv_handle_t *)&h->kick, NULL);
    uv_close((uv_handle_t *)&h->settle_hold, NULL);
    uv_close((uv_handle_t *)&h->input_hold, NULL);
    uv_close((uv_handle_t *)&h->sweep, NULL);
    uv_close((uv_handle_t *)&h->sigint, NULL);
    uv_close((uv_handle_t *)&h->sigterm, NULL);
    for (int i = 0; i < h->ngames; i++)
        gg__game_destroy(h->games[i]);
    h->ngames = 0;
    gg__host_codes_free(h);
    gg__host_bots_submit(h, 1); /* light jobs never submitted: their games are gone */
    gg__host_settle_discard(h); /* results never applied: likewise */
    bot_pool_close(&h->pool);   /* waits for the bots thinking; their games are gone */
    gg__host_sync_stop(h);
    if (h->store) {
        gg_store_commit(h->store);
        gg_store_destroy(h->store);
        h->store = NULL;
    }
    while (h->dead) {
        host_session *s = h->dead;
        h->dead = s->next_dead;
        free(s);
    }
}

void gg__host_stop(host *h)
{
    if (h->closing)
        return;
    h->closing = 1;
    if (h->store)
        gg_store_commit(h->store);
    gg_net_close(h->net, net_closed);
}

void gg__host_close(host *h)
{
    free(h->games);
    free(h->quarantined);
    free(h->out);
    free(h->outbuf);
}
