/* fork.c — "fork a what-if" (issue 16): a new game started where a turn of
 * a journaled game (running or finished) left it, with new join codes.
 * gg__fork_write builds the fork's journal from the original's through
 * game/'s gg_fork (the same gg_command_apply as live play and recovery);
 * gg__host_do_fork answers the moderator's fork_game request and brings the
 * fork to life the way recovery does: from its own journal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gg/util.h"
#include "host.h"
#include "log.h"

/* One record the fork keeps. */
typedef struct kept_rec {
    int kind;
    uint32_t len;
    uint8_t *p;
} kept_rec;

typedef struct fork_ctx {
    const gg_game_meta *meta; /* filled by gg_store_load before the first record */
    int turn;
    int started, err;
    gg_fork f;
    gg_turn_hashes want; /* the original's stored hashes */
    kept_rec *r;
    size_t n, cap;
} fork_ctx;

static int fork_start(fork_ctx *c)
{
    gg_msg create;
    int err = gg_msg_decode(&create, c->meta->options, c->meta->options_len, NULL);
    if (!err && create.type != GG_MSG_create_game)
        err = GG_ESTORAGE_CORRUPT;
    if (!err)
        err = gg_fork_init(&c->f, &create, c->meta->seed, c->turn);
    c->started = 1;
    return err;
}

static int on_rec(uint32_t seq, int kind, const uint8_t *p, size_t len, void *ud)
{
    fork_ctx *c = ud;
    int err = c->started ? 0 : fork_start(c);
    int keep = err ? err : gg_fork_record(&c->f, seq, kind, p, len);
    if (keep <= 0)
        return keep;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 256;
        kept_rec *r = realloc(c->r, cap * sizeof *r);
        if (!r)
            return GG_EINTERNAL;
        c->r = r;
        c->cap = cap;
    }
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy)
        return GG_EINTERNAL;
    memcpy(copy, p, len);
    c->r[c->n++] = (kept_rec){kind, (uint32_t)len, copy};
    return 0;
}

static int on_hash(int turn, uint64_t hash, void *ud)
{
    gg_turn_hashes_set(&((fork_ctx *)ud)->want, turn, hash);
    return 0;
}

/* The fork's create_game: the original's, with the request's deadlines
 * where it gives them (not 0). Encoded into meta. */
static int fork_options(const gg_game_meta *orig, const gg_msg *req, gg_game_meta *meta)
{
    gg_msg create;
    int err = gg_msg_decode(&create, orig->options, orig->options_len, NULL);
    if (err)
        return err;
    if (req) {
        const gg_msg_fork_game *q = &req->u.fork_game;
        gg_msg_create_game *c = &create.u.create_game;
        c->dl_diplomacy = q->dl_diplomacy ? q->dl_diplomacy : c->dl_diplomacy;
        c->dl_orders = q->dl_orders ? q->dl_orders : c->dl_orders;
        c->dl_crisis = q->dl_crisis ? q->dl_crisis : c->dl_crisis;
    }
    create.rid = 0;
    int len = gg_msg_encode(&create, meta->options, sizeof meta->options);
    if (len <= 0)
        return GG_EBAD_OPTION;
    meta->options_len = (uint32_t)len;
    return 0;
}

int gg__fork_write(gg_store *st, int64_t from, int turn, const gg_msg *req, int64_t *id,
                   gg_game_meta *meta, uint64_t *hash)
{
    gg_game_summary sum;
    int err = gg_store_get_summary(st, from, &sum);
    if (err)
        return err;
    if (turn < 1 || turn > sum.last_turn || turn > GG_MAX_TURNS)
        return GG_EMSG_BAD_FIELD;
    gg_game_meta orig;
    fork_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return GG_EINTERNAL;
    c->meta = &orig;
    c->turn = turn;
    err = gg_store_load(st, from, &orig, on_rec, on_hash, c);
    if (!err && !c->started)
        err = GG_EMSG_BAD_FIELD; /* no records: no turn was resolved */
    /* The cut re-simulates to every stored hash up to it (the original's
     * later turns are not the fork's). */
    for (int t = 1; !err && t <= turn; t++)
        if (!c->f.done || (c->want.hash[t] && c->want.hash[t] != c->f.hashes.hash[t]))
            err = GG_EREPLAY_DIVERGED;
    if (!err && c->f.s.phase == GG_PHASE_OVER)
        err = GG_EGAME_OVER;
    if (!err) {
        memset(meta, 0, sizeof *meta);
        snprintf(meta->scenario, sizeof meta->scenario, "%s", orig.scenario);
        meta->seed = orig.seed;
        err = fork_options(&orig, req, meta);
        for (int i = 0; !err && i < GG_STORE_NCODES; i++)
            err = gg_secret_code(meta->codes[i]);
        uv_timeval64_t tv;
        uv_gettimeofday(&tv);
        meta->created_ms = tv.tv_sec * 1000 + tv.tv_usec / 1000;
    }
    if (!err)
        err = gg_store_create_game(st, meta, id);
    for (size_t i = 0; !err && i < c->n; i++)
        err = gg_store_append(st, *id, (uint32_t)i + 1, c->r[i].kind, c->r[i].p, c->r[i].len);
    for (int t = 1; !err && t <= turn; t++)
        if (c->f.hashes.hash[t])
            err = gg_store_turn_hash(st, *id, t, c->f.hashes.hash[t]);
    if (!err)
        *hash = c->f.hashes.hash[turn];
    for (size_t i = 0; i < c->n; i++)
        free(c->r[i].p);
    free(c->r);
    free(c);
    return err;
}

/* Whether session s is joined as the moderator of the game fork_game m
 * names. */
static int is_its_moderator(const host_session *s, const gg_msg *m)
{
    return s->game && s->who == GG_STREAM_MODERATOR && !strcmp(s->game->id, m->u.fork_game.game);
}

/* Checks the moderator code a fork_game m gives for game `id`. Returns 0
 * when it is that game's moderator code, else the error to answer:
 * FORBIDDEN (a seat's or the observer's code), BAD_CODE (a wrong code:
 * counted like a wrong join code, per address and per connection),
 * RATE_LIMITED (this address guessed too often). */
static int check_code(host *h, host_session *s, const gg_msg *m, int64_t id)
{
    char peer[GG_GUARD_ADDR_LEN], addr[GG_GUARD_ADDR_LEN], code[GG_MAX_CODE + 1];
    gg_conn_peer_name(s->conn, peer, sizeof peer);
    gg__guard_addr(peer, addr, sizeof addr);
    if (gg__guard_join_allowed(h, addr))
        return GG_ERATE_LIMITED;
    gg_game_meta meta;
    int err = gg_store_load(h->store, id, &meta, NULL, NULL, NULL);
    if (err)
        return err;
    int slot = -1;
    if (gg_secret_normalise(m->u.fork_game.code, code) == 0)
        for (int i = 0; i < GG_STORE_NCODES && slot < 0; i++)
            if (meta.codes[i][0] && !strcmp(meta.codes[i], code))
                slot = i;
    if (slot == GG_CODE_MODERATOR)
        return 0;
    if (slot >= 0)
        return GG_EFORBIDDEN;
    gg__guard_join_failed(h, addr, s->sid);
    if (++s->bad_codes >= GG_BAD_CODES_MAX) {
        gg_log(GG_LOG_WARN, "too_many_bad_codes", "sid", s->sid, GG_LOG_END);
        s->close_after_flush = 1;
    }
    return GG_EBAD_CODE;
}

void gg__host_do_fork(host *h, host_session *s, const gg_msg *m)
{
    const gg_msg_fork_game *q = &m->u.fork_game;
    long long from = 0;
    const char *where = NULL;
    int err = 0, by_code = !is_its_moderator(s, m);
    if (by_code && !(q->has & (1u << 2)))
        err = GG_EFORBIDDEN; /* not its moderator, and no code */
    else if (!h->store || gg_parse_ll(q->game, 1, INT64_MAX, &from) != 0)
        err = GG_ENOT_FOUND, where = "game"; /* forks are made from the journal */
    gg_game_summary sum;
    if (!err && (err = gg_store_get_summary(h->store, from, &sum)) != 0)
        where = "game";
    if (!err && by_code && (err = check_code(h, s, m, from)) != 0)
        where = err == GG_EFORBIDDEN ? NULL : "code";
    if (!err && h->storage_failed)
        err = GG_ESTORAGE_IO;
    if (!err && gg__host_live_games(h) >= h->cfg.max_games)
        err = GG_ESERVER_FULL;
    int64_t id = 0;
    gg_game_meta meta;
    uint64_t hash = 0;
    if (!err && (err = gg__fork_write(h->store, from, (int)q->turn, m, &id, &meta, &hash)) != 0)
        where = err == GG_EMSG_BAD_FIELD || err == GG_EGAME_OVER ? "turn" : NULL;
    host_game *g = NULL;
    if (!err && (err = gg_store_get_summary(h->store, id, &sum)) == 0)
        err = gg__host_load_game(h, &sum, &g);
    if (err) {
        gg__host_send_error(h, s, m->rid, err, m->type, where, NULL, 0);
        return;
    }
    h->m.games_created++;
    char turn[16];
    snprintf(turn, sizeof turn, "%u", q->turn);
    gg_log(GG_LOG_INFO, "game_forked", "game", g->id, "from", q->game, "turn", turn, GG_LOG_END);
    gg_msg r;
    gg_msg_init(&r, GG_MSG_game_forked);
    r.rid = m->rid;
    gg_msg_game_forked *f = &r.u.game_forked;
    snprintf(f->game, sizeof f->game, "%s", g->id);
    snprintf(f->from, sizeof f->from, "%lld", from);
    f->turn = q->turn;
    f->hash = hash;
    for (int seat = 0; seat < GG_SEATS; seat++)
        snprintf(f->codes.v[seat], sizeof f->codes.v[seat], "%s", g->codes[seat]);
    snprintf(f->observer_code, sizeof f->observer_code, "%s", g->codes[GG_STREAM_OBSERVER]);
    snprintf(f->moderator_code, sizeof f->moderator_code, "%s", g->codes[GG_STREAM_MODERATOR]);
    gg__host_send_msg(h, s, &r);
    gg__game_start_clock(g);
    gg__game_settle(g); /* bots act; a game of bots alone is paced as usual */
}
