/* metrics.c — /metrics in Prometheus' text exposition format (version
 * 0.0.4): every counter, gauge and histogram of the host and its transport,
 * named gg_* with the unit in the name (_seconds, _bytes, _records) and
 * _total on counters. The `stats` message (server.c) reads the same
 * counters. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "host.h"

static const double commit_bounds[] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                       0.01,   0.025,   0.05,   0.1,   0.25,   1.0};
static const double record_bounds[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
static const double bot_bounds[] = {0.00001, 0.0001, 0.001, 0.005, 0.01, 0.05,
                                    0.1,     0.5,    1.0,   5.0,   10.0};
/* Busy time of one loop iteration (the server's reply latency floor). */
static const double loop_bounds[] = {0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075,
                                     0.01,   0.015,   0.025,  0.05,  0.1,   0.25,  0.5,   1.0};
/* Turn resolution: from the per-microsecond histogram (GG_RESOLVE_HIST). */
static const double resolve_bounds[] = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025};

#define NB(a) ((int)(sizeof(a) / sizeof(a)[0]))

void gg__host_metrics_init(host_metrics *m)
{
    m->commit_seconds.bounds = commit_bounds;
    m->commit_seconds.nb = NB(commit_bounds);
    m->sync_seconds.bounds = commit_bounds;
    m->sync_seconds.nb = NB(commit_bounds);
    m->commit_records.bounds = record_bounds;
    m->commit_records.nb = NB(record_bounds);
    m->bot_think_seconds.bounds = bot_bounds;
    m->bot_think_seconds.nb = NB(bot_bounds);
    m->loop_iter_seconds.bounds = loop_bounds;
    m->loop_iter_seconds.nb = NB(loop_bounds);
    m->reply_wait_seconds.bounds = loop_bounds;
    m->reply_wait_seconds.nb = NB(loop_bounds);
    m->input_wait_seconds.bounds = loop_bounds;
    m->input_wait_seconds.nb = NB(loop_bounds);
    m->game_wait_seconds.bounds = loop_bounds;
    m->game_wait_seconds.nb = NB(loop_bounds);
    m->acked_unsynced_seconds.bounds = commit_bounds;
    m->acked_unsynced_seconds.nb = NB(commit_bounds);
}

void gg__host_hist_observe(host_hist *hh, double v)
{
    int i = 0;
    while (i < hh->nb && v > hh->bounds[i])
        i++;
    hh->b[i]++;
    hh->count++;
    hh->sum += v;
}

int gg__host_peek_type(const uint8_t *p, size_t n)
{
    /* Our encoder writes "t" first: fixmap/map16, then fixstr "t", then a
     * fixstr type name. Anything else is counted as unknown. */
    size_t off;
    if (n < 4)
        return GG_MSG_TYPES;
    off = (p[0] & 0xf0) == 0x80 ? 1 : p[0] == 0xde ? 3 : 0;
    if (!off || off + 3 > n || p[off] != 0xa1 || p[off + 1] != 't' || (p[off + 2] & 0xe0) != 0xa0)
        return GG_MSG_TYPES;
    size_t len = p[off + 2] & 0x1fu;
    const char *name = (const char *)p + off + 3;
    if (off + 3 + len > n)
        return GG_MSG_TYPES;
    for (int t = 0; t < GG_MSG_TYPES; t++) {
        const char *tn = gg_msg_type_name(t);
        if (strlen(tn) == len && !memcmp(tn, name, len))
            return t;
    }
    return GG_MSG_TYPES;
}

int gg__host_transport_index(const gg_conn *c)
{
    const char *t = gg_conn_transport(c);
    return !strcmp(t, "enet") ? 0 : !strcmp(t, "tcp") ? 1 : 2;
}

/* ---- text output ---- */

typedef struct obuf {
    char *p;
    size_t len, cap;
    int failed;
} obuf;

static void out(obuf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        size_t room = b->p ? b->cap - b->len : 0;
        va_start(ap, fmt);
        int n = vsnprintf(b->p ? b->p + b->len : NULL, room, fmt, ap);
        va_end(ap);
        if (n < 0 || b->failed) {
            b->failed = 1;
            return;
        }
        if ((size_t)n < room) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 32768;
        while (cap - b->len <= (size_t)n)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->failed = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
}

static void head(obuf *b, const char *name, const char *type, const char *help)
{
    out(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void counter(obuf *b, const char *name, const char *help, uint64_t v)
{
    head(b, name, "counter", help);
    out(b, "%s %llu\n", name, (unsigned long long)v);
}

static void hist(obuf *b, const char *name, const char *help, const host_hist *hh)
{
    uint64_t cum = 0;
    head(b, name, "histogram", help);
    for (int i = 0; i < hh->nb; i++) {
        cum += hh->b[i];
        out(b, "%s_bucket{le=\"%g\"} %llu\n", name, hh->bounds[i], (unsigned long long)cum);
    }
    out(b, "%s_bucket{le=\"+Inf\"} %llu\n%s_sum %.9g\n%s_count %llu\n", name,
        (unsigned long long)hh->count, name, hh->sum, name, (unsigned long long)hh->count);
}

static const char *const transports[HOST_TRANSPORTS] = {"enet", "tcp", "ws"};

static const char *type_label(int t)
{
    return t < GG_MSG_TYPES ? gg_msg_type_name(t) : "invalid";
}

static void by_type(obuf *b, const char *name, const char *help, const uint64_t *v)
{
    head(b, name, "counter", help);
    for (int t = 0; t <= GG_MSG_TYPES; t++)
        if (t == GG_MSG_TYPES || gg_msg_dir(t) != (strstr(name, "received") ? GG_S2C : GG_C2S) ||
            v[t])
            out(b, "%s{type=\"%s\"} %llu\n", name, type_label(t), (unsigned long long)v[t]);
}

static uint64_t error_count(const host *h, int code)
{
    for (int i = 0; i < GG_ERRNO_COUNT; i++)
        if (gg__host_error_code(i) == code)
            return h->m.errors[i];
    return 0;
}

/* Bytes malloc holds free, over all its arenas (glibc; 0 elsewhere). */
static unsigned long long malloc_free_bytes(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 mi = mallinfo2();
    return (unsigned long long)mi.fordblks;
#else
    return 0;
#endif
}

int gg__host_metrics_text(host *h, gg_net_http_reply *r)
{
    obuf b = {0};
    const host_metrics *m = &h->m;
    struct gg_net_stats ns;
    gg_net_stats(h->net, &ns);

    /* games by phase */
    uint64_t phase[4] = {0}, paused = 0;
    for (int i = 0; i < h->ngames; i++) {
        const host_game *g = h->games[i];
        if (g->s.phase < 4)
            phase[g->s.phase]++;
        paused += g->paused != 0;
    }
    head(&b, "gg_games", "gauge", "Games in memory, by phase.");
    for (int p = 0; p < 4; p++)
        out(&b, "gg_games{phase=\"%s\"} %llu\n", gg_phase_name(p), (unsigned long long)phase[p]);
    head(&b, "gg_games_paused", "gauge", "Games paused by their moderator.");
    out(&b, "gg_games_paused %llu\n", (unsigned long long)paused);

    /* sessions by transport and role */
    uint64_t role[HOST_TRANSPORTS][3] = {{0}};
    for (int i = 0; i < h->ngames; i++)
        for (int st = 0; st < GG_STREAMS; st++)
            for (const host_session *s = h->games[i]->members[st]; s; s = s->next_member)
                if (s->conn)
                    role[gg__host_transport_index(s->conn)][st < GG_SEATS              ? 0
                                                            : st == GG_STREAM_OBSERVER ? 1
                                                                                       : 2]++;
    head(&b, "gg_sessions", "gauge",
         "Open sessions by transport and role (lobby: connected, not in a game).");
    for (int t = 0; t < HOST_TRANSPORTS; t++) {
        uint64_t attached = role[t][0] + role[t][1] + role[t][2];
        static const char *const roles[3] = {"player", "observer", "moderator"};
        for (int k = 0; k < 3; k++)
            out(&b, "gg_sessions{transport=\"%s\",role=\"%s\"} %llu\n", transports[t], roles[k],
                (unsigned long long)role[t][k]);
        out(&b, "gg_sessions{transport=\"%s\",role=\"lobby\"} %llu\n", transports[t],
            (unsigned long long)(m->sessions_open[t] > attached ? m->sessions_open[t] - attached
                                                                : 0));
    }

    /* messages and bytes by type */
    by_type(&b, "gg_messages_received_total", "Messages received, by type.", m->in_msgs);
    by_type(&b, "gg_received_bytes_total", "Message bytes received (no framing), by type.",
            m->in_bytes);
    by_type(&b, "gg_messages_sent_total", "Messages sent, by type.", m->out_msgs);
    by_type(&b, "gg_sent_bytes_total", "Message bytes sent (no framing), by type.", m->out_bytes);

    /* errors by code */
    head(&b, "gg_errors_total", "counter", "Error replies and drops, by gg error code.");
    for (int i = 0; i <= GG_ERRNO_COUNT; i++)
        out(&b, "gg_errors_total{code=\"%s\"} %llu\n",
            i < GG_ERRNO_COUNT ? gg_errname(gg__host_error_code(i)) : "OTHER",
            (unsigned long long)m->errors[i]);
    counter(&b, "gg_rate_limited_total", "Messages refused by a rate limit.", m->rate_limited);
    head(&b, "gg_auth_failures_total", "counter",
         "Join and resume attempts refused: unknown code or resume token.");
    out(&b, "gg_auth_failures_total{reason=\"bad_code\"} %llu\n",
        (unsigned long long)error_count(h, GG_EBAD_CODE));
    out(&b, "gg_auth_failures_total{reason=\"bad_token\"} %llu\n",
        (unsigned long long)error_count(h, GG_EBAD_TOKEN));

    counter(&b, "gg_join_guard_refused_total",
            "Joins refused unchecked: the address is backing off after wrong codes.",
            h->guard.refused);
    counter(&b, "gg_join_guard_backoffs_total",
            "Backoffs started for an address after wrong join codes.", h->guard.backoffs);

    /* journal, turns, bots */
    hist(&b, "gg_journal_commit_seconds",
         "Time of one journal commit (with records) on the loop; with the commit thread "
         "the disk wait is apart (gg_journal_sync_seconds).",
         &m->commit_seconds);
    hist(&b, "gg_journal_sync_seconds",
         "Time of one sync of the journal (fdatasync) on the commit thread; one sync makes "
         "every group committed before it durable.",
         &m->sync_seconds);
    hist(&b, "gg_journal_commit_records", "Records in one journal commit.", &m->commit_records);
    counter(&b, "gg_journal_commits_total", "Journal commits that carried replies.",
            m->journal_commits);
    counter(&b, "gg_journal_errors_total", "Journal appends, commits or syncs that failed.",
            m->journal_errors);
    /* --durability (host.h, commit.c) */
    head(&b, "gg_journal_durability", "gauge",
         "What an acknowledged command survives (--durability): 1 for the mode in use.");
    out(&b, "gg_journal_durability{mode=\"machine\"} %d\n",
        h->cfg.durability == GG_DURABILITY_MACHINE);
    out(&b, "gg_journal_durability{mode=\"process\"} %d\n",
        h->cfg.durability == GG_DURABILITY_PROCESS);
    counter(&b, "gg_sent_unsynced_total",
            "Messages (replies, stream messages) sent before their journal group was synced "
            "(--durability process): a machine crash could lose their commands.",
            m->sent_unsynced);
    counter(&b, "gg_journal_unsynced_limited_total",
            "Journal groups whose replies waited for their sync because the unsynced window "
            "was full (--unsynced-max-ms, --unsynced-max-groups).",
            m->unsynced_limited);
    head(&b, "gg_journal_unsynced_groups", "gauge", "Journal groups committed, not yet synced.");
    out(&b, "gg_journal_unsynced_groups %llu\n",
        (unsigned long long)(h->committed > h->durable ? h->committed - h->durable : 0));
    head(&b, "gg_journal_unsynced_age_seconds", "gauge",
         "Time since the oldest journal group not yet synced was committed (0: all synced).");
    out(&b, "gg_journal_unsynced_age_seconds %.9g\n", (double)gg__host_unsynced_age_ns(h) / 1e9);
    hist(&b, "gg_journal_acked_unsynced_seconds",
         "Per sync that made groups acknowledged before their sync durable: how long the "
         "oldest of them waited from its commit (the window a machine crash could lose).",
         &m->acked_unsynced_seconds);
    if (h->store) { /* the WAL and its checkpoints (store.h, store_ckpt.c) */
        unsigned long long pc_skip = 0, pc_fwd = 0;
        if (gg_store_pcache_stats(&pc_skip, &pc_fwd)) {
            counter(&b, "gg_journal_pcache_truncates_skipped_total",
                    "SQLite page-cache truncations skipped: no cached page at or past the "
                    "limit (store_pcache.c).",
                    pc_skip);
            counter(&b, "gg_journal_pcache_truncates_total",
                    "SQLite page-cache truncations passed to SQLite's cache.", pc_fwd);
        }
        gg_store_ckpt_stats ck;
        gg_store_checkpoint_stats(h->store, &ck);
        counter(&b, "gg_journal_checkpoints_total",
                "WAL checkpoints (PASSIVE) run by the journal's checkpoint thread.", ck.passive);
        head(&b, "gg_journal_checkpoint_seconds_total", "counter",
             "Time the checkpoint thread spent in checkpoints.");
        out(&b, "gg_journal_checkpoint_seconds_total %.9g\n", (double)ck.passive_ns / 1e9);
        counter(&b, "gg_journal_checkpoint_stalls_total",
                "Checkpoints a commit ran on the loop because the WAL reached its limit "
                "(the passive ones did not catch up).",
                ck.stalls);
        head(&b, "gg_journal_checkpoint_stall_seconds_total", "counter",
             "Loop time spent in those checkpoints.");
        out(&b, "gg_journal_checkpoint_stall_seconds_total %.9g\n", (double)ck.stall_ns / 1e9);
        head(&b, "gg_journal_checkpoint_stall_max_seconds", "gauge",
             "The longest of those checkpoints.");
        out(&b, "gg_journal_checkpoint_stall_max_seconds %.9g\n", (double)ck.stall_ns_max / 1e9);
        counter(&b, "gg_journal_checkpoint_errors_total", "WAL checkpoints that failed.",
                ck.errors);
        counter(&b, "gg_journal_wal_restarts_total", "Times the WAL started over from its start.",
                ck.restarts);
        counter(&b, "gg_journal_wal_commits_total",
                "Journal commits (every group, with or without replies) since the checkpoint "
                "thread started.",
                ck.commits);
        counter(&b, "gg_journal_wal_frames_total",
                "WAL frames (one page each) those commits wrote: the bytes each sync flushes.",
                ck.wal_frames);
        head(&b, "gg_journal_wal_pages", "gauge",
             "Pages in the journal's WAL after the last commit.");
        out(&b, "gg_journal_wal_pages %u\n", ck.wal_pages);
        head(&b, "gg_journal_wal_pages_max", "gauge", "The most pages the WAL ever held.");
        out(&b, "gg_journal_wal_pages_max %u\n", ck.wal_pages_max);
    }
    {
        host_hist rh = {resolve_bounds, NB(resolve_bounds), {0}, 0, 0};
        for (int us = 0; us < GG_RESOLVE_HIST; us++) {
            double v = (us + 1) * 1e-6; /* bucket us holds [us, us + 1) microseconds */
            int i = 0;
            while (i < rh.nb && v > rh.bounds[i])
                i++;
            rh.b[i] += m->resolve_us_hist[us];
            rh.count += m->resolve_us_hist[us];
        }
        rh.sum = (double)m->resolve_ns_total / 1e9;
        hist(&b, "gg_turn_resolution_seconds", "Time to resolve one turn.", &rh);
    }
    hist(&b, "gg_loop_iteration_seconds",
         "Busy time of one event-loop iteration (wall time less the time blocked in poll): "
         "a reply can wait this long.",
         &m->loop_iter_seconds);
    hist(&b, "gg_reply_wait_seconds",
         "A direct reply (ok, error) from its making to its send: the rest of the loop "
         "iteration, the journal group's commit and sync, the loop's wake-up.",
         &m->reply_wait_seconds);
    hist(&b, "gg_input_wait_seconds",
         "A message that waited for the input budget (its game not busy when it came), "
         "from its arrival to its applying.",
         &m->input_wait_seconds);
    hist(&b, "gg_game_wait_seconds",
         "A message that waited behind its game's bots or settling, from its arrival to "
         "its applying.",
         &m->game_wait_seconds);
    counter(&b, "gg_outbox_sync_flushes_total",
            "Outboxes full in the middle of a loop iteration: committed and synced on the "
            "loop's thread.",
            m->outbox_sync_flushes);
    counter(&b, "gg_outbox_mid_commits_total",
            "Journal groups committed in the middle of a loop iteration (a burst of replies), "
            "synced by the commit thread.",
            m->outbox_mid_commits);
    head(&b, "gg_outbox_sync_flush_seconds_total", "counter",
         "The loop's time in those commits and syncs.");
    out(&b, "gg_outbox_sync_flush_seconds_total %.9g\n", (double)m->outbox_sync_flush_ns / 1e9);
    head(&b, "gg_loop_iteration_max_seconds", "gauge", "The longest loop iteration (busy time).");
    out(&b, "gg_loop_iteration_max_seconds %.9g\n", (double)m->loop_iter_max_ns / 1e9);
    head(&b, "gg_loop_busy_seconds_total", "counter",
         "Time the event loop's thread was busy (not blocked in poll).");
    out(&b, "gg_loop_busy_seconds_total %.9g\n", (double)m->loop_busy_ns / 1e9);
    head(&b, "gg_loop_check_seconds_total", "counter",
         "Loop time spent at the end of iterations, by step: applying bot results, "
         "committing the journal and sending, submitting bot jobs.");
    const uint64_t *st = m->loop_step_ns;
    out(&b, "gg_loop_check_seconds_total{step=\"bot_results\"} %.9g\n",
        (double)(st[GG_LOOP_INPUT] + st[GG_LOOP_SETTLE]) / 1e9);
    out(&b, "gg_loop_check_seconds_total{step=\"commit_send\"} %.9g\n",
        (double)st[GG_LOOP_COMMIT_SEND] / 1e9);
    out(&b, "gg_loop_check_seconds_total{step=\"bot_submit\"} %.9g\n",
        (double)st[GG_LOOP_BOT_SUBMIT] / 1e9);
    head(&b, "gg_loop_slice_seconds", "gauge",
         "The scheduler slice the loop's thread asked for (--loop-slice-us; 0: the kernel's).");
    out(&b, "gg_loop_slice_seconds %.9g\n", (double)h->loop_slice_ns / 1e9);
    counter(&b, "gg_loop_slow_iterations_total",
            "Loop iterations busy GG_LOOP_SLOW_US (20 ms) or more.", m->loop_slow);
    head(&b, "gg_loop_slow_seconds_total", "counter",
         "The busy time of the slow iterations, in all and by step: before the poll (timers), "
         "the poll's callbacks (network reads, commands), the input slice, the settle slice, "
         "the bot jobs' submission, the journal commit and the sends.");
    out(&b, "gg_loop_slow_seconds_total %.9g\n", (double)m->loop_slow_busy_ns / 1e9);
    for (int i = 0; i < GG_LOOP_STEPS; i++)
        out(&b, "gg_loop_slow_seconds_total{step=\"%s\"} %.9g\n", gg__host_loop_step_names[i],
            (double)m->loop_slow_step_ns[i] / 1e9);
    head(&b, "gg_loop_slow_offcpu_seconds_total", "counter",
         "The part of the slow iterations' busy time the loop's thread was not on a CPU "
         "(waiting for a core, or blocked in a system call or on a lock).");
    out(&b, "gg_loop_slow_offcpu_seconds_total %.9g\n", (double)m->loop_slow_offcpu_ns / 1e9);
    head(&b, "gg_loop_slow_switches_total", "counter",
         "The loop thread's context switches in slow iterations: voluntary (it blocked) and "
         "involuntary (it was preempted).");
    out(&b, "gg_loop_slow_switches_total{kind=\"voluntary\"} %llu\n",
        (unsigned long long)m->loop_slow_vol);
    out(&b, "gg_loop_slow_switches_total{kind=\"involuntary\"} %llu\n",
        (unsigned long long)m->loop_slow_invol);
    head(&b, "gg_settle_backlog", "gauge",
         "Server-bot results back from the workers, waiting to be applied (a slice per "
         "iteration).");
    out(&b, "gg_settle_backlog %llu\n", (unsigned long long)m->settle_backlog);
    head(&b, "gg_settle_backlog_max", "gauge", "The most bot results ever waiting at once.");
    out(&b, "gg_settle_backlog_max %llu\n", (unsigned long long)m->settle_backlog_max);
    head(&b, "gg_settle_slice_max", "gauge", "The most bot results applied in one iteration.");
    out(&b, "gg_settle_slice_max %llu\n", (unsigned long long)m->settle_slice_max);
    counter(&b, "gg_settle_deferred_total",
            "Iterations that left bot results for the next ones (slice or time budget used up).",
            m->settle_deferred);
    head(&b, "gg_input_backlog", "gauge",
         "Games whose sessions' commands wait for the loop's input budget (input.c).");
    out(&b, "gg_input_backlog %llu\n", (unsigned long long)m->input_backlog);
    head(&b, "gg_input_backlog_max", "gauge", "The most games ever waiting for the input budget.");
    out(&b, "gg_input_backlog_max %llu\n", (unsigned long long)m->input_backlog_max);
    head(&b, "gg_input_slice_max", "gauge",
         "The most networked seats' game commands applied in one loop iteration (a slice "
         "where they are read and a slice of waiting ones at its end).");
    out(&b, "gg_input_slice_max %llu\n", (unsigned long long)m->input_slice_max);
    counter(&b, "gg_input_deferred_total",
            "Iterations that left game commands for the next ones (input slice or budget spent).",
            m->input_deferred);
    counter(&b, "gg_input_queued_total", "Game commands that waited for the input budget.",
            m->input_queued);
    head(&b, "gg_journal_cache_pages", "gauge",
         "The journal's page cache size in pages of 4 KiB (GG_JOURNAL_CACHE_*: a base and two a "
         "game in memory; 0 without a journal or before the first loop iteration).");
    out(&b, "gg_journal_cache_pages %d\n", h->journal_cache_pages);
    head(&b, "gg_malloc_free_bytes", "gauge",
         "Bytes malloc holds free over all its arenas (freed, not given back to the system: "
         "what fragmentation and bursts leave; glibc, 0 elsewhere).");
    out(&b, "gg_malloc_free_bytes %llu\n", (unsigned long long)malloc_free_bytes());
    head(&b, "gg_bot_jobs_alive", "gauge",
         "Server-bot jobs alive (made, thinking or waiting to be applied; at most "
         "GG_BOT_JOBS_MAX).");
    out(&b, "gg_bot_jobs_alive %llu\n", (unsigned long long)m->bot_jobs_alive);
    head(&b, "gg_bot_jobs_alive_max", "gauge", "The most server-bot jobs ever alive at once.");
    out(&b, "gg_bot_jobs_alive_max %llu\n", (unsigned long long)m->bot_jobs_alive_max);
    head(&b, "gg_bot_think_wait", "gauge",
         "Games whose bots wait for a job (GG_BOT_JOBS_MAX alive), holding no snapshot.");
    out(&b, "gg_bot_think_wait %llu\n", (unsigned long long)m->think_wait);
    head(&b, "gg_bot_threads_niced", "gauge",
         "Worker threads that lowered their priority for server bots (--bot-nice).");
    out(&b, "gg_bot_threads_niced %llu\n", (unsigned long long)gg__host_bot_threads_niced(h));
    head(&b, "gg_bot_threads_idle", "gauge",
         "Worker threads that took SCHED_IDLE for server bots (--bot-sched idle).");
    out(&b, "gg_bot_threads_idle %llu\n", (unsigned long long)gg__host_bot_threads_idle(h));
    head(&b, "gg_bot_thread_nice", "gauge",
         "The nice value the bots' worker threads took (0 before any did).");
    out(&b, "gg_bot_thread_nice %d\n", gg__host_bot_thread_nice(h));
    head(&b, "gg_bot_think_wait_max", "gauge", "The most games ever waiting for a bot job.");
    out(&b, "gg_bot_think_wait_max %llu\n", (unsigned long long)m->think_wait_max);
    hist(&b, "gg_bot_think_seconds", "Time a server bot takes for one decision.",
         &m->bot_think_seconds);
    counter(&b, "gg_commands_total", "Game commands applied.", m->commands);
    counter(&b, "gg_turns_resolved_total", "Turns resolved.", m->turns_resolved);
    counter(&b, "gg_games_created_total", "Games created.", m->games_created);
    counter(&b, "gg_games_recovered_total", "Games recovered from the journal.",
            m->games_recovered);
    counter(&b, "gg_games_recovered_from_snapshot_total",
            "Games recovered from a per-turn snapshot and the records after it.",
            m->recovered_from_snapshot);
    counter(&b, "gg_snapshot_fallbacks_total",
            "Snapshots that could not be used at recovery (damaged, another format, or not "
            "agreeing with the journal): an older one or the whole journal was replayed.",
            m->snapshot_fallbacks);
    counter(&b, "gg_snapshots_written_total", "Per-turn game snapshots stored in the journal.",
            m->snapshots_written);
    counter(&b, "gg_snapshot_bytes_total", "Bytes of the per-turn snapshots stored.",
            m->snapshot_bytes);
    counter(&b, "gg_snapshot_errors_total", "Snapshots that could not be stored.",
            m->snapshot_errors);
    counter(&b, "gg_games_finished_total", "Games that ended.", m->games_finished);
    counter(&b, "gg_games_freed_total", "Finished games freed from memory.", m->games_freed);
    counter(&b, "gg_games_archived_total",
            "Games in play archived as abandoned (nobody attached for --abandon-after).",
            h->cguard.archived);
    head(&b, "gg_create_refused_total", "counter", "create_game requests refused, by limit.");
    out(&b,
        "gg_create_refused_total{reason=\"create_key\"} %llu\n"
        "gg_create_refused_total{reason=\"games_per_addr\"} %llu\n"
        "gg_create_refused_total{reason=\"create_per_min\"} %llu\n",
        (unsigned long long)h->cguard.refused_key, (unsigned long long)h->cguard.refused_games,
        (unsigned long long)h->cguard.refused_rate);

    /* transport */
    head(&b, "gg_connections", "gauge", "Open connections (all transports).");
    out(&b, "gg_connections %llu\n", (unsigned long long)ns.conns_open);
    counter(&b, "gg_connections_opened_total", "Connections opened.", ns.conns_total);
    head(&b, "gg_connections_dropped_total", "counter", "Connections the server dropped.");
    out(&b,
        "gg_connections_dropped_total{reason=\"slow_consumer\"} %llu\n"
        "gg_connections_dropped_total{reason=\"bad_frame\"} %llu\n"
        "gg_connections_dropped_total{reason=\"handshake_timeout\"} %llu\n"
        "gg_connections_dropped_total{reason=\"idle\"} %llu\n"
        "gg_connections_dropped_total{reason=\"refused\"} %llu\n",
        (unsigned long long)ns.dropped_slow, (unsigned long long)ns.dropped_bad_frame,
        (unsigned long long)ns.tcp_timeouts, (unsigned long long)ns.tcp_idle_closed,
        (unsigned long long)ns.tcp_refused);
    counter(&b, "gg_tcp_idle_pings_total", "Pings sent to silent native TCP clients.",
            ns.tcp_pings);
    counter(&b, "gg_tcp_writes_total",
            "Socket writes of native TCP frames (one per connection per loop iteration).",
            ns.tcp_writes);
    counter(&b, "gg_http_requests_total", "HTTP request heads read.", ns.http_requests);
    counter(&b, "gg_http_refused_total", "HTTP requests refused with 4xx/5xx (408 included).",
            ns.http_bad_requests);
    counter(&b, "gg_http_timeouts_total", "HTTP heads not complete in time (408).",
            ns.http_timeouts);
    head(&b, "gg_ws_handshakes_total", "counter", "WebSocket handshakes, by result.");
    out(&b,
        "gg_ws_handshakes_total{result=\"accepted\"} %llu\n"
        "gg_ws_handshakes_total{result=\"refused\"} %llu\n",
        (unsigned long long)ns.ws_opened, (unsigned long long)ns.ws_refused);
    counter(&b, "gg_ws_protocol_errors_total",
            "WebSockets closed for a framing violation (1002, 1007, 1009).", ns.ws_protocol_errors);
    counter(&b, "gg_ws_keepalive_timeouts_total", "WebSockets closed for not answering pings.",
            ns.ws_keepalive_timeouts);
    counter(&b, "gg_ws_bad_json_total", "WebSocket text messages that were not protocol JSON.",
            ns.ws_bad_json);
    head(&b, "gg_journal_writable", "gauge", "1 while the journal accepts writes.");
    out(&b, "gg_journal_writable %d\n", h->store && !h->storage_failed ? 1 : 0);

    if (b.failed) {
        free(b.p);
        return -1;
    }
    r->status = 200;
    r->content_type = "text/plain; version=0.0.4; charset=utf-8";
    r->body = b.p;
    r->len = b.len;
    return 0;
}
