/* lobby_limits.c — the lobby cannot be filled (lobby_guard.h): an optional
 * creator key, per-address limits on games in play and on the creation
 * rate, and abandonment (a game in play nobody has been attached to for
 * --abandon-after seconds is archived: finished in the journal with the
 * result `notice` "archived", freed from memory, not reloaded). */
#include <stdio.h>
#include <string.h>

#include "host.h"
#include "log.h"

/* Compares the key without an early exit on the first differing byte. */
static int key_matches(const char *want, const char *got)
{
    size_t lw = strlen(want), lg = strlen(got);
    unsigned diff = lw != lg;
    for (size_t i = 0; i < lw; i++)
        diff |= (unsigned)(want[i] ^ (i < lg ? got[i] : 0));
    return diff == 0;
}

int gg__lobby_games_of(const host *h, const char *addr)
{
    int n = 0;
    for (int i = 0; i < h->ngames; i++) {
        const host_game *g = h->games[i];
        n += g->s.phase != GG_PHASE_OVER && g->creator[0] && !strcmp(g->creator, addr);
    }
    return n;
}

/* The bucket of addr, refilled to now: its own, a free one, or the one
 * refilled least recently (forgotten: it starts again with a full burst). */
static host_create_addr *bucket(host *h, const char *addr, uint64_t now)
{
    host_create_guard *cg = &h->cguard;
    host_create_addr *x = NULL, *spare = NULL;
    for (int i = 0; i < GG_CREATE_GUARD_ADDRS && !x; i++) {
        host_create_addr *a = &cg->a[i];
        if (a->addr[0] && !strcmp(a->addr, addr))
            x = a;
        else if (!spare || (spare->addr[0] && (!a->addr[0] || a->last_ms < spare->last_ms)))
            spare = a;
    }
    host_create_addr *old = spare;
    if (!x) {
        x = old;
        snprintf(x->addr, sizeof x->addr, "%s", addr);
        x->tokens = GG_CREATE_BURST;
        x->last_ms = now;
    }
    x->tokens += (double)(now - x->last_ms) * h->cfg.create_per_min / 60000.0;
    if (x->tokens > GG_CREATE_BURST)
        x->tokens = GG_CREATE_BURST;
    x->last_ms = now;
    return x;
}

int gg__lobby_create_allowed(host *h, const char *addr, const gg_msg *m, const char **where)
{
    host_create_guard *cg = &h->cguard;
    *where = NULL;
    if (h->cfg.create_key && h->cfg.create_key[0] &&
        !key_matches(h->cfg.create_key, m->u.create_game.create_key)) {
        cg->refused_key++;
        *where = "key";
        gg_log(GG_LOG_WARN, "create_refused", "addr", addr, "reason", "create_key", GG_LOG_END);
        return GG_EBAD_CREATE_KEY;
    }
    if (h->cfg.games_per_addr > 0 && gg__lobby_games_of(h, addr) >= h->cfg.games_per_addr) {
        cg->refused_games++;
        *where = "games_per_addr";
        return GG_ETOO_MANY_GAMES;
    }
    if (h->cfg.create_per_min > 0) {
        host_create_addr *b = bucket(h, addr, uv_now(h->loop));
        if (b->tokens < 1) {
            cg->refused_rate++;
            *where = "create_per_min";
            return GG_ECREATE_TOO_FAST;
        }
        b->tokens -= 1;
    }
    return 0;
}

/* ---- abandonment ------------------------------------------------------ */

#define ARCHIVED "archived"

static int64_t wall_now_ms(void)
{
    uv_timeval64_t tv;
    uv_gettimeofday(&tv);
    return tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/* Milliseconds a game must go unattended before it is archived: the
 * host's abandon time, and at least the game's longest phase deadline. */
static uint64_t abandon_ms(const host *h, const host_game *g)
{
    uint64_t s = (uint64_t)h->cfg.abandon_s;
    for (int p = 0; p < 3; p++)
        if (g->opt.deadline_s[p] > s)
            s = g->opt.deadline_s[p];
    return s * 1000;
}

/* Marks g finished in the journal with the result `notice` "archived".
 * Returns 0 or the store's error (the game then stays, and is tried again
 * at the next sweep). */
static int archive(host *h, host_game *g, uint64_t idle_ms)
{
    if (!h->store || !g->store_id)
        return 0;
    gg_msg n;
    gg_msg_init(&n, GG_MSG_notice);
    snprintf(n.u.notice.what, sizeof n.u.notice.what, ARCHIVED);
    n.u.notice.secs = (uint32_t)(idle_ms / 1000);
    snprintf(n.u.notice.text, sizeof n.u.notice.text,
             "abandoned: nobody attached for %llu s; archived at turn %d",
             (unsigned long long)(idle_ms / 1000), g->s.turn);
    int len = gg_msg_encode(&n, h->scratch, sizeof h->scratch);
    if (len < 0)
        return len;
    int err = gg_store_finish_game(h->store, g->store_id, wall_now_ms(), h->scratch, (size_t)len);
    if (err)
        gg_log(GG_LOG_ERROR, "archive_failed", "game", g->id, "error", gg_errname(err), "detail",
               gg_store_errmsg(h->store), GG_LOG_END);
    return err;
}

void gg__lobby_sweep(host *h)
{
    uint64_t now = uv_now(h->loop);
    for (int i = 0; i < h->ngames;) {
        host_game *g = h->games[i];
        int attached = g->ndeferred > 0; /* a join waiting for the bots counts */
        for (int st = 0; st < GG_STREAMS; st++)
            attached |= g->members[st] != NULL;
        if (attached || g->attended_ms > now)
            g->attended_ms = now;
        uint64_t idle = now - g->attended_ms;
        if (h->cfg.abandon_s <= 0 || g->s.phase == GG_PHASE_OVER || attached ||
            idle < abandon_ms(h, g) || archive(h, g, idle) != 0) {
            i++;
            continue;
        }
        char secs[24], turn[8];
        snprintf(secs, sizeof secs, "%llu", (unsigned long long)(idle / 1000));
        snprintf(turn, sizeof turn, "%d", g->s.turn);
        gg_log(GG_LOG_INFO, "game_archived", "game", g->id, "idle_s", secs, "turn", turn, "creator",
               g->creator[0] ? g->creator : "-", GG_LOG_END);
        h->cguard.archived++;
        gg__host_remove_game_at(h, i);
        gg__game_destroy(g);
    }
}

int gg__lobby_is_archived(host *h, int64_t store_id)
{
    size_t len = 0;
    if (gg_store_get_result(h->store, store_id, h->scratch, sizeof h->scratch, &len) != 0)
        return 0;
    gg_msg m;
    return gg_msg_decode(&m, h->scratch, len, NULL) == 0 && m.type == GG_MSG_notice &&
           !strcmp(m.u.notice.what, ARCHIVED);
}

uint64_t gg__lobby_sweep_ms(const host *h)
{
    /* Four times per retention period and per abandon time, every 0.2 s to 30 s. */
    uint64_t every = (uint64_t)h->cfg.keep_finished_s * 1000 / 4;
    if (h->cfg.abandon_s > 0 && (uint64_t)h->cfg.abandon_s * 1000 / 4 < every)
        every = (uint64_t)h->cfg.abandon_s * 1000 / 4;
    return every < 200 ? 200 : every > 30000 ? 30000 : every;
}
