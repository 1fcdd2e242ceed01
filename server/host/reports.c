/* reports.c — the replies that read a game or the server: `stats` (the
 * same counters as /metrics), `export_replay` (the replay encoded in memory
 * from the journal, sent in parts) and `debrief` (the debrief data from the
 * journal through game/, sent in parts; reveal-all decides who may read it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "log.h"

/* The q-quantile (0..1) of turn resolution time in microseconds. */
static uint64_t resolve_quantile(const host_metrics *m, double q)
{
    uint64_t total = 0, seen = 0;
    for (int i = 0; i < GG_RESOLVE_HIST; i++)
        total += m->resolve_us_hist[i];
    for (int i = 0; i < GG_RESOLVE_HIST; i++) {
        seen += m->resolve_us_hist[i];
        if (total && (double)seen >= q * (double)total)
            return (uint64_t)i + 1; /* bucket i holds [i, i+1) us */
    }
    return 0;
}

/* The metrics every `stats` reply carries, in order: X(name, value), the
 * value an expression over h (the host), ns (its net counters) and streams
 * (the stream histories' bytes). mem.*: where the heap goes, by kind, in
 * bytes (malloc's own overhead not included): games (state, options, bots,
 * tokens, observers' tokens, messages waiting for the game's bots), stream
 * histories, the outbox, sessions, SQLite (page cache, statements: one
 * cache for the process, capped) and bot jobs alive (/metrics also has the
 * bytes malloc holds free, gg_malloc_free_bytes). The error counters
 * (err.NAME, one a code seen) follow them; 39 fixed entries leave room for
 * one error counter in the first part (a client reading one part sees it). */
#define HOST_STATS(X)                                                                              \
    X("games", h->ngames)                                                                          \
    X("games_live", gg__host_live_games(h))                                                        \
    X("games_created", h->m.games_created)                                                         \
    X("games_recovered", h->m.games_recovered)                                                     \
    X("games_finished", h->m.games_finished)                                                       \
    X("games_freed", h->m.games_freed)                                                             \
    X("games_archived", h->cguard.archived)                                                        \
    X("connections", ns.conns_open)                                                                \
    X("connections_total", ns.conns_total)                                                         \
    X("msgs_in", h->m.msgs_in)                                                                     \
    X("msgs_out", h->m.msgs_out)                                                                   \
    X("bytes_out", h->m.bytes_out)                                                                 \
    X("dropped_slow", ns.dropped_slow)                                                             \
    X("dropped_bad_frame", ns.dropped_bad_frame)                                                   \
    X("commands", h->m.commands)                                                                   \
    X("turns_resolved", h->m.turns_resolved)                                                       \
    X("resolve_ns_mean", h->m.turns_resolved ? h->m.resolve_ns_total / h->m.turns_resolved : 0)    \
    X("resolve_ns_max", h->m.resolve_ns_max)                                                       \
    X("resolve_us_p50", resolve_quantile(&h->m, 0.50))                                             \
    X("resolve_us_p99", resolve_quantile(&h->m, 0.99))                                             \
    X("journal_commits", h->m.journal_commits)                                                     \
    X("journal_errors", h->m.journal_errors)                                                       \
    X("unjournaled", h->m.unjournaled)                                                             \
    X("rate_limited", h->m.rate_limited)                                                           \
    X("sends_dropped", h->m.sends_dropped)                                                         \
    X("resumes_journal", h->m.resumes_journal)                                                     \
    X("bot_jobs", h->m.bot_jobs)                                                                   \
    X("bots_demoted", h->m.bots_demoted)                                                           \
    X("deferred", h->m.deferred)                                                                   \
    X("mem.games", games_mem)                                                                      \
    X("mem.streams", streams)                                                                      \
    X("mem.outbox", gg__host_outbox_mem(h))                                                        \
    X("mem.sessions", (uint64_t)ns.conns_open * sizeof(host_session))                              \
    X("mem.journal", h->store ? (uint64_t)gg_store_mem_used() : 0)                                 \
    X("mem.bot_jobs", h->m.bot_job_bytes)                                                          \
    X("http_requests", ns.http_requests)                                                           \
    X("http_refused", ns.http_bad_requests)                                                        \
    X("ws_opened", ns.ws_opened)                                                                   \
    X("ws_bad_frames", ns.ws_protocol_errors + ns.ws_bad_json)

#define HOST_STAT_ONE(name, value) +1
enum { HOST_STATS_FIXED = 0 HOST_STATS(HOST_STAT_ONE) };
#undef HOST_STAT_ONE
/* Every metric and every error counter (one a code, and "other") fit in
 * the parts a reply may have; fixed metrics all fit in the first. */
_Static_assert(HOST_STATS_FIXED + GG_ERRNO_COUNT + 1 <= GG_MAX_STATS * GG_MAX_STATS_PARTS,
               "stats: raise GG_MAX_STATS_PARTS");
_Static_assert(HOST_STATS_FIXED <= GG_MAX_STATS, "stats: the fixed metrics outgrow one part");

static void add_stat(gg_stat *all, int *n, const char *name, uint64_t v)
{
    gg_stat *x = &all[(*n)++];
    snprintf(x->name, sizeof x->name, "%s", name);
    x->value = (int64_t)v;
}

void gg__host_do_stats(host *h, host_session *s, const gg_msg *m)
{
    struct gg_net_stats ns;
    gg_net_stats(h->net, &ns);
    uint64_t streams = 0, games_mem = 0;
    for (int i = 0; i < h->ngames; i++) {
        const host_game *g = h->games[i];
        for (int k = 0; k < GG_STREAMS; k++)
            streams += gg_stream_mem(&g->streams[k]);
        for (int k = 0; k < g->ndeferred; k++)
            games_mem += g->deferred[k].len;
        games_mem += sizeof *g + (uint64_t)g->cap_deferred * sizeof *g->deferred +
                     (uint64_t)g->cap_tokens * sizeof *g->tokens +
                     (uint64_t)g->cap_obs_tokens * sizeof *g->obs_tokens;
    }
    gg_stat all[HOST_STATS_FIXED + GG_ERRNO_COUNT + 1];
    int n = 0;
#define HOST_STAT_ADD(name, value) add_stat(all, &n, name, (uint64_t)(value));
    HOST_STATS(HOST_STAT_ADD)
#undef HOST_STAT_ADD
    for (int i = 0; i <= GG_ERRNO_COUNT; i++)
        if (h->m.errors[i]) {
            char name[GG_MAX_NAME + 1];
            snprintf(name, sizeof name, "err.%s",
                     i < GG_ERRNO_COUNT ? gg_errname(gg__host_error_code(i)) : "other");
            add_stat(all, &n, name, h->m.errors[i]);
        }
    /* In parts of GG_MAX_STATS, each carrying part and parts (P7.1). */
    uint32_t parts = (uint32_t)((n + GG_MAX_STATS - 1) / GG_MAX_STATS);
    for (uint32_t part = 1; part <= parts; part++) {
        gg_msg r;
        gg_msg_init(&r, GG_MSG_stats);
        r.rid = m->rid;
        gg_msg_stats *st = &r.u.stats;
        int from = (int)(part - 1) * GG_MAX_STATS;
        int k = n - from < GG_MAX_STATS ? n - from : GG_MAX_STATS;
        memcpy(st->metrics.s, all + from, (size_t)k * sizeof all[0]);
        st->metrics.n = (uint8_t)k;
        st->part = part;
        st->parts = parts;
        gg__host_send_msg(h, s, &r);
    }
}

/* Sends the game's replay file in parts (moderator only). */
void gg__host_do_export(host *h, host_session *s, const gg_msg *m)
{
    host_game *g = s->game;
    if (!h->store || !g->store_id) {
        gg__host_send_error(h, s, m->rid, GG_ENOT_FOUND, m->type, NULL, NULL, 0);
        return;
    }
    /* Encoded in memory from the journal (this iteration's records
     * included: the replies go out only once they are committed) and sent
     * in parts straight from the buffer: no file, nothing blocks the loop. */
    gg_replay_writer w;
    const uint8_t *buf = NULL;
    size_t size = 0;
    int err = gg_store_encode_replay(h->store, g->store_id, &w, &buf, &size);
    if (err) {
        gg__host_send_error(h, s, m->rid, err, m->type, NULL, NULL, 0);
        gg_replay_writer_close(&w);
        return;
    }
    uint32_t parts = (uint32_t)((size + GG_MAX_REPLAY_CHUNK - 1) / GG_MAX_REPLAY_CHUNK);
    for (uint32_t part = 1; part <= parts; part++) {
        size_t off = (size_t)(part - 1) * GG_MAX_REPLAY_CHUNK;
        size_t n = size - off < GG_MAX_REPLAY_CHUNK ? size - off : GG_MAX_REPLAY_CHUNK;
        gg_msg r;
        gg_msg_init(&r, GG_MSG_replay);
        r.rid = m->rid;
        snprintf(r.u.replay.game, sizeof r.u.replay.game, "%s", g->id);
        r.u.replay.part = part;
        r.u.replay.parts = parts;
        r.u.replay.data = (gg_bin){buf + off, (uint32_t)n};
        gg__host_send_msg(h, s, &r);
    }
    gg_replay_writer_close(&w);
}

/* Sends the game's debrief (gg_debrief_json, chat and every deal
 * included) in parts: to the moderator at any time; to players and
 * observers once the game is over, unless it was created with
 * keep_private (reveal-all, PROTOCOL.md "The debrief"). Rebuilt from the
 * journal on each request: re-simulating a game takes about as long as
 * encoding its replay. */
void gg__host_do_debrief(host *h, host_session *s, const gg_msg *m)
{
    host_game *g = s->game;
    if (s->who != GG_STREAM_MODERATOR && (g->s.phase != GG_PHASE_OVER || g->opt.keep_private)) {
        gg__host_send_error(h, s, m->rid, GG_EFORBIDDEN, m->type, NULL, NULL, 0);
        return;
    }
    if (!h->store || !g->store_id) {
        gg__host_send_error(h, s, m->rid, GG_ENOT_FOUND, m->type, NULL, NULL, 0);
        return;
    }
    gg_replay_writer w;
    const uint8_t *buf = NULL;
    size_t size = 0;
    int err = gg_store_encode_replay(h->store, g->store_id, &w, &buf, &size);
    gg_debrief *d = NULL;
    char why[256];
    if (!err)
        err = gg_debrief_create(buf, size, &d, why, sizeof why);
    gg_replay_writer_close(&w);
    char *js = NULL;
    size_t n = 0;
    if (!err) {
        n = gg_debrief_json(d, 1, NULL, 0);
        js = malloc(n + 1);
        if (!js)
            err = GG_EINTERNAL;
        else
            gg_debrief_json(d, 1, js, n + 1);
    }
    gg_debrief_destroy(d);
    if (err) {
        gg__host_send_error(h, s, m->rid, err, m->type, NULL, NULL, 0);
        free(js);
        return;
    }
    uint32_t parts = (uint32_t)((n + GG_MAX_DEBRIEF_CHUNK - 1) / GG_MAX_DEBRIEF_CHUNK);
    for (uint32_t part = 1; part <= parts; part++) {
        size_t off = (size_t)(part - 1) * GG_MAX_DEBRIEF_CHUNK;
        size_t k = n - off < GG_MAX_DEBRIEF_CHUNK ? n - off : GG_MAX_DEBRIEF_CHUNK;
        gg_msg r;
        gg_msg_init(&r, GG_MSG_debrief_data);
        r.rid = m->rid;
        snprintf(r.u.debrief_data.game, sizeof r.u.debrief_data.game, "%s", g->id);
        r.u.debrief_data.part = part;
        r.u.debrief_data.parts = parts;
        r.u.debrief_data.data = (gg_bin){(const uint8_t *)js + off, (uint32_t)k};
        gg__host_send_msg(h, s, &r);
    }
    free(js);
}
