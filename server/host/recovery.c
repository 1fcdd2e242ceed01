/* recovery.c — rebuilding unfinished games, and games finished less than
 * --keep-finished ago, from the journal when gg-server starts: every record is fed through the same
 * gg__game_apply path as live play (with `replaying` set: no journal writes, no sends, no bots),
 * each turn's state hash is checked against the stored one, and the phase clock resumes from the
 * stored deadline. A game that diverges or is damaged is left out and logged; the others go on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "log.h"

/* Wall-clock now in ms (the clock gg_store_finish_game's finished_ms uses). */
static int64_t wall_now_ms(void)
{
    uv_timeval64_t tv;
    uv_gettimeofday(&tv);
    return tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

typedef struct rec {
    uint32_t seq;
    int kind;
    uint32_t len;
    uint8_t *p;
} rec;

typedef struct loaded {
    rec *r;
    size_t n, cap;
    gg_turn_hashes hashes;
} loaded;

static int load_rec(uint32_t seq, int kind, const uint8_t *p, size_t len, void *ud)
{
    loaded *l = ud;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        rec *r = realloc(l->r, cap * sizeof *r);
        if (!r)
            return GG_EINTERNAL;
        l->r = r;
        l->cap = cap;
    }
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy)
        return GG_EINTERNAL;
    memcpy(copy, p, len);
    l->r[l->n++] = (rec){seq, kind, (uint32_t)len, copy};
    return 0;
}

static int load_hash(int turn, uint64_t hash, void *ud)
{
    loaded *l = ud;
    if (turn < 1 || turn > GG_MAX_TURNS)
        return GG_ESTORAGE_CORRUPT;
    gg_turn_hashes_set(&l->hashes, turn, hash);
    return 0;
}

int gg__host_load_game(host *h, const gg_game_summary *sum, host_game **out)
{
    loaded l = {0};
    gg_game_meta meta;
    host_game *g = NULL;
    *out = NULL;
    int err = gg_store_load(h->store, sum->id, &meta, load_rec, load_hash, &l);
    gg_msg create;
    if (!err)
        err = gg_msg_decode(&create, meta.options, meta.options_len, NULL);
    if (!err && create.type != GG_MSG_create_game)
        err = GG_ESTORAGE_CORRUPT;
    if (!err)
        err = gg__game_create(h, &create, meta.seed, &meta, sum->id, &g);
    if (!err) {
        g->replaying = 1;
        gg__game_settle(g);
        for (size_t i = 0; i < l.n && !err; i++) {
            err = gg__game_replay_record(g, l.r[i].kind, l.r[i].p, l.r[i].len);
            g->journal_seq = l.r[i].seq;
        }
        int t = err ? 0 : gg_turn_hashes_diverge(&g->turn_hashes, &l.hashes);
        if (t) {
            err = GG_EREPLAY_DIVERGED;
            char turn[16];
            snprintf(turn, sizeof turn, "%d", t);
            gg_log(GG_LOG_ERROR, "recovery_diverged", "game", g->id, "turn", turn, GG_LOG_END);
        }
        g->replaying = 0;
    }
    for (size_t i = 0; i < l.n; i++)
        free(l.r[i].p);
    free(l.r);
    if (!err)
        err = gg__host_add_game(h, g);
    if (err) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)sum->id);
        gg_log(GG_LOG_ERROR, "recovery_failed", "game", id, "error", gg_errname(err), "detail",
               err <= GG_ESTORAGE_IO && err >= GG_ENOT_FOUND ? gg_store_errmsg(h->store) : "",
               GG_LOG_END);
        gg__game_destroy(g);
        return err;
    }
    /* Bots whose moves of this phase are in the journal do not act again
     * (gg__game_apply noted them in bots_acted); the others act now, on the
     * phase-start state, as they would have. The clock resumes from the
     * stored deadline. */
    if (sum->deadline_ms > 0 && g->s.phase != GG_PHASE_OVER) {
        uv_timeval64_t tv;
        uv_gettimeofday(&tv);
        int64_t left = sum->deadline_ms - (tv.tv_sec * 1000 + tv.tv_usec / 1000);
        gg__game_resume_clock(g, left > 0 ? (uint64_t)left : 1);
    }
    if (g->over_announced && sum->finished) {
        /* The keep window counts from the stored end, not from this start. */
        int64_t since = wall_now_ms() - sum->finished_ms;
        uint64_t ago = since > 0 ? (uint64_t)since : 0;
        uint64_t now = uv_now(h->loop);
        g->over_at = ago < now ? now - ago : 0;
    }
    char nrec[24];
    snprintf(nrec, sizeof nrec, "%zu", l.n);
    gg_log(GG_LOG_DEBUG, "game_loaded", "game", g->id, "records", nrec, "phase",
           gg_phase_name(g->s.phase), GG_LOG_END);
    *out = g;
    return 0;
}

/* Rebuilds one game (unfinished, or finished within the keep window) from
 * the journal and checks every turn's hash. Returns 0 or an error (the
 * game is then left out, and logged). */
static int recover_game(host *h, const gg_game_summary *sum)
{
    host_game *g;
    int err = gg__host_load_game(h, sum, &g);
    if (err)
        return err;
    h->m.games_recovered++;
    char nrec[24];
    snprintf(nrec, sizeof nrec, "%u", sum->n_records);
    gg_log(GG_LOG_INFO, "game_recovered", "game", g->id, "records", nrec, "phase",
           gg_phase_name(g->s.phase), GG_LOG_END);
    gg__game_settle(g);
    return 0;
}

/* The games to reload, collected first: the store refuses reads from
 * inside its own listing callback. */
typedef struct pending {
    gg_game_summary *g;
    size_t n, cap;
    int keep_s; /* the host's keep_finished_s */
} pending;

/* Unfinished games, and finished ones that ended less than keep_s ago:
 * their players may not have seen game_over yet (a crash right after the
 * end), so they stay reachable for the rest of the keep window. */
static int list_reloadable(const gg_game_summary *sum, void *ud)
{
    pending *p = ud;
    if (sum->finished && wall_now_ms() - sum->finished_ms >= (int64_t)p->keep_s * 1000)
        return 0;
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 64;
        gg_game_summary *g = realloc(p->g, cap * sizeof *g);
        if (!g)
            return GG_EINTERNAL;
        p->g = g;
        p->cap = cap;
    }
    p->g[p->n++] = *sum;
    return 0;
}

int gg__host_recover(host *h)
{
    pending p = {0};
    p.keep_s = h->cfg.keep_finished_s;
    int err = gg_store_list(h->store, 0, list_reloadable, &p);
    for (size_t i = 0; !err && i < p.n; i++)
        recover_game(h, &p.g[i]);
    free(p.g);
    return err;
}
