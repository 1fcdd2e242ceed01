/* bench/server/bench_host_loop.c — where gg-server's time goes: CPU per
 * thread from /proc/PID/task/TID/stat (the main thread runs the event loop;
 * the others are the bots' worker pool, where server bots think, and the
 * journal's sync thread), and the loop's iteration histogram from GET
 * /metrics on the game port. See bench_host.h. */
#include "bench_host.h"
#include "transport.h" /* gg_client_http_get_loopback */

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* utime+stime of /proc/PID/task/TID/stat in seconds, or -1. */
static double task_cpu_s(pid_t pid, const char *tid)
{
    char path[320], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/task/%s/stat", (int)pid, tid);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = 0;
    const char *p = strrchr(buf, ')');
    unsigned long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return -1;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* The value after "\nNAME " in a /metrics text, or -1. */
static double metric(const char *text, const char *name)
{
    char key[160];
    snprintf(key, sizeof key, "\n%s ", name);
    const char *p = strstr(text, key);
    return p ? strtod(p + strlen(key), NULL) : -1;
}

const char *const bh_slow_steps[BH_SLOW_STEPS] = {"before_poll", "network",    "input",
                                                  "settle",      "bot_submit", "commit_send"};

/* The buckets of histogram NAME (at most BH_LOOP_BUCKETS) into *h. */
static void buckets(const char *text, const char *name, bh_hist *h)
{
    char key[160];
    int n = 0;
    snprintf(key, sizeof key, "\n%s_bucket{le=\"", name);
    for (const char *p = strstr(text, key); p && n < BH_LOOP_BUCKETS; p = strstr(p + 1, key)) {
        const char *v = p + strlen(key);
        h->le[n] = !strncmp(v, "+Inf", 4) ? 1e300 : strtod(v, NULL);
        const char *q = strstr(v, "} ");
        h->cum[n++] = q ? strtod(q + 2, NULL) : 0;
    }
    h->nb = n;
}

void bh_loop_sample_take(const bh_server *s, bh_loop_sample *out)
{
    memset(out, 0, sizeof *out);
    out->t_s = (double)bh_now_ns() / 1e9;
    out->busy_s = out->max_s = out->backlog_max = out->jobs_max = out->think_wait_max = -1;
    out->ckpts = out->ckpt_stalls = out->ckpt_stall_max_s = out->wal_pages_max = -1;
    out->wal_restarts = out->wal_commits = out->wal_frames = -1;
    out->ckpt_s = -1;
    out->input_backlog_max = out->input_deferred = out->input_queued = -1;
    out->bot_thread_nice = -1;
    out->check_s[0] = out->check_s[1] = out->check_s[2] = -1;
    out->outbox_flushes = out->outbox_flush_s = -1;
    out->sent_unsynced = out->unsynced_limited = out->durability_process = -1;
    out->self_cpu_s = bh_self_cpu_s();
    char dir[64];
    snprintf(dir, sizeof dir, "/proc/%d/task", (int)s->pid);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        double c = task_cpu_s(s->pid, e->d_name);
        if (c < 0)
            continue;
        if (atoi(e->d_name) == (int)s->pid)
            out->loop_cpu_s += c;
        else
            out->other_cpu_s += c; /* threads that ended are lost: the pool's live on */
    }
    if (d)
        closedir(d);
    char *t = gg_client_http_get_loopback(s->port, "/metrics", (size_t)1 << 24);
    if (!t)
        return;
    const char *dump = getenv("BH_METRICS_DUMP"); /* the whole text, for a closer look */
    FILE *df = dump ? fopen(dump, "w") : NULL;
    if (df) {
        fputs(t, df);
        fclose(df);
    }
    buckets(t, "gg_loop_iteration_seconds", &out->iter);
    buckets(t, "gg_reply_wait_seconds", &out->reply_wait);
    buckets(t, "gg_input_wait_seconds", &out->input_wait);
    buckets(t, "gg_game_wait_seconds", &out->game_wait);
    out->outbox_flushes = metric(t, "gg_outbox_sync_flushes_total");
    out->sent_unsynced = metric(t, "gg_sent_unsynced_total");
    out->unsynced_limited = metric(t, "gg_journal_unsynced_limited_total");
    out->durability_process = metric(t, "gg_journal_durability{mode=\"process\"}");
    buckets(t, "gg_journal_acked_unsynced_seconds", &out->acked_unsynced);
    out->outbox_flush_s = metric(t, "gg_outbox_sync_flush_seconds_total");
    out->busy_s = metric(t, "gg_loop_busy_seconds_total");
    out->max_s = metric(t, "gg_loop_iteration_max_seconds");
    out->backlog_max = metric(t, "gg_settle_backlog_max");
    out->jobs_max = metric(t, "gg_bot_jobs_alive_max");
    out->think_wait_max = metric(t, "gg_bot_think_wait_max");
    out->ckpts = metric(t, "gg_journal_checkpoints_total");
    out->ckpt_stalls = metric(t, "gg_journal_checkpoint_stalls_total");
    out->ckpt_stall_max_s = metric(t, "gg_journal_checkpoint_stall_max_seconds");
    out->wal_pages_max = metric(t, "gg_journal_wal_pages_max");
    out->wal_restarts = metric(t, "gg_journal_wal_restarts_total");
    out->wal_commits = metric(t, "gg_journal_wal_commits_total");
    out->wal_frames = metric(t, "gg_journal_wal_frames_total");
    out->ckpt_s = metric(t, "gg_journal_checkpoint_seconds_total");
    buckets(t, "gg_journal_sync_seconds", &out->sync);
    out->input_backlog_max = metric(t, "gg_input_backlog_max");
    out->input_deferred = metric(t, "gg_input_deferred_total");
    out->input_queued = metric(t, "gg_input_queued_total");
    out->bot_thread_nice = metric(t, "gg_bot_thread_nice");
    static const char *const steps[3] = {"bot_results", "commit_send", "bot_submit"};
    for (int i = 0; i < 3; i++) {
        char name[96];
        snprintf(name, sizeof name, "gg_loop_check_seconds_total{step=\"%s\"}", steps[i]);
        out->check_s[i] = metric(t, name);
    }
    out->slow = metric(t, "gg_loop_slow_iterations_total");
    out->slow_s = metric(t, "gg_loop_slow_seconds_total");
    for (int i = 0; i < BH_SLOW_STEPS; i++) {
        char name[96];
        snprintf(name, sizeof name, "gg_loop_slow_seconds_total{step=\"%s\"}", bh_slow_steps[i]);
        out->slow_step_s[i] = metric(t, name);
    }
    out->slow_offcpu_s = metric(t, "gg_loop_slow_offcpu_seconds_total");
    out->slow_vol = metric(t, "gg_loop_slow_switches_total{kind=\"voluntary\"}");
    out->slow_invol = metric(t, "gg_loop_slow_switches_total{kind=\"involuntary\"}");
    free(t);
}

double bh_server_metric(const bh_server *s, const char *name)
{
    char *t = gg_client_http_get_loopback(s->port, "/metrics", (size_t)1 << 24);
    double v = t ? metric(t, name) : -1;
    free(t);
    return v;
}

/* The upper bound (µs) of the bucket where the q-quantile of the
 * observations between samples a and b of one histogram falls, or -1. */
static double hist_quantile_us(const bh_hist *a, const bh_hist *b, double q)
{
    if (!b->nb || a->nb != b->nb)
        return -1;
    double total = b->cum[b->nb - 1] - a->cum[a->nb - 1];
    if (total <= 0)
        return -1;
    for (int i = 0; i < b->nb; i++)
        if (b->cum[i] - a->cum[i] >= q * total)
            return b->le[i] >= 1e300 ? 1e9 : b->le[i] * 1e6;
    return -1;
}

/* How many observations a histogram gained between samples a and b: its
 * total count's growth; -1 when b's server does not export it. */
static double hist_count(const bh_hist *a, const bh_hist *b)
{
    return b->nb ? b->cum[b->nb - 1] - (a->nb ? a->cum[a->nb - 1] : 0) : -1;
}

/* b - a of a counter, or -1 when either sample lacks it. */
static double delta(double a, double b)
{
    return a >= 0 && b >= 0 ? b - a : -1;
}

void bh_loop_report_make(const bh_loop_sample *a, const bh_loop_sample *b, bh_loop_report *r)
{
    double wall = b->t_s - a->t_s;
    memset(r, 0, sizeof *r);
    r->loop_cpu_share = wall > 0 ? (b->loop_cpu_s - a->loop_cpu_s) / wall : -1;
    r->workers_cpu_share = wall > 0 ? (b->other_cpu_s - a->other_cpu_s) / wall : -1;
    r->loop_busy_share = wall > 0 && a->busy_s >= 0 ? (b->busy_s - a->busy_s) / wall : -1;
    r->iter_p50_us = hist_quantile_us(&a->iter, &b->iter, 0.50);
    r->iter_p99_us = hist_quantile_us(&a->iter, &b->iter, 0.99);
    r->iter_p999_us = hist_quantile_us(&a->iter, &b->iter, 0.999);
    r->iter_max_us = b->max_s >= 0 ? b->max_s * 1e6 : -1;
    r->iterations = a->iter.nb == b->iter.nb ? hist_count(&a->iter, &b->iter) : -1;
    r->backlog_max = b->backlog_max;
    r->jobs_max = b->jobs_max;
    r->think_wait_max = b->think_wait_max;
    r->ckpts = a->ckpts >= 0 && b->ckpts >= 0 ? b->ckpts - a->ckpts : -1;
    r->ckpt_stalls =
        a->ckpt_stalls >= 0 && b->ckpt_stalls >= 0 ? b->ckpt_stalls - a->ckpt_stalls : -1;
    r->ckpt_stall_max_ms = b->ckpt_stall_max_s >= 0 ? b->ckpt_stall_max_s * 1e3 : -1;
    r->wal_pages_max = b->wal_pages_max;
    r->wal_restarts =
        a->wal_restarts >= 0 && b->wal_restarts >= 0 ? b->wal_restarts - a->wal_restarts : -1;
    double commits =
        a->wal_commits >= 0 && b->wal_commits >= 0 ? b->wal_commits - a->wal_commits : -1;
    double frames = a->wal_frames >= 0 && b->wal_frames >= 0 ? b->wal_frames - a->wal_frames : -1;
    r->wal_pages_per_commit = commits > 0 && frames >= 0 ? frames / commits : -1;
    r->wal_mib_per_s = wall > 0 && frames >= 0 ? frames * (4096 + 24) / wall / 1048576 : -1;
    r->sync_p50_us = hist_quantile_us(&a->sync, &b->sync, 0.5);
    r->sync_p99_us = hist_quantile_us(&a->sync, &b->sync, 0.99);
    r->ckpt_ms_mean =
        r->ckpts > 0 && a->ckpt_s >= 0 ? (b->ckpt_s - a->ckpt_s) * 1e3 / r->ckpts : -1;
    r->input_backlog_max = b->input_backlog_max;
    r->input_deferred = a->input_deferred >= 0 && b->input_deferred >= 0
                            ? b->input_deferred - a->input_deferred
                            : -1;
    r->input_queued =
        a->input_queued >= 0 && b->input_queued >= 0 ? b->input_queued - a->input_queued : -1;
    r->bot_thread_nice = b->bot_thread_nice;
    r->reply_wait_p50_us = hist_quantile_us(&a->reply_wait, &b->reply_wait, 0.5);
    r->reply_wait_p99_us = hist_quantile_us(&a->reply_wait, &b->reply_wait, 0.99);
    r->input_wait_p99_us = hist_quantile_us(&a->input_wait, &b->input_wait, 0.99);
    r->game_wait_p99_us = hist_quantile_us(&a->game_wait, &b->game_wait, 0.99);
    r->input_waits = hist_count(&a->input_wait, &b->input_wait);
    r->game_waits = hist_count(&a->game_wait, &b->game_wait);
    r->outbox_flushes = a->outbox_flushes >= 0 && b->outbox_flushes >= 0
                            ? b->outbox_flushes - a->outbox_flushes
                            : -1;
    r->outbox_flush_ms = a->outbox_flush_s >= 0 && b->outbox_flush_s >= 0
                             ? (b->outbox_flush_s - a->outbox_flush_s) * 1e3
                             : -1;
    r->self_cpu_share = wall > 0 ? (b->self_cpu_s - a->self_cpu_s) / wall : -1;
    r->sent_unsynced =
        a->sent_unsynced >= 0 && b->sent_unsynced >= 0 ? b->sent_unsynced - a->sent_unsynced : -1;
    r->unsynced_limited = a->unsynced_limited >= 0 && b->unsynced_limited >= 0
                              ? b->unsynced_limited - a->unsynced_limited
                              : -1;
    r->durability_process = b->durability_process;
    r->acked_unsynced_p99_us = hist_quantile_us(&a->acked_unsynced, &b->acked_unsynced, 0.99);
    r->slow = delta(a->slow, b->slow);
    double slow_s = delta(a->slow_s, b->slow_s);
    for (int i = 0; i < BH_SLOW_STEPS; i++) {
        double st = delta(a->slow_step_s[i], b->slow_step_s[i]);
        r->slow_step_share[i] = slow_s > 0 && st >= 0 ? st / slow_s : -1;
    }
    double off = delta(a->slow_offcpu_s, b->slow_offcpu_s);
    r->slow_offcpu_share = slow_s > 0 && off >= 0 ? off / slow_s : -1;
    double vol = delta(a->slow_vol, b->slow_vol), invol = delta(a->slow_invol, b->slow_invol);
    r->slow_vol = r->slow > 0 && vol >= 0 ? vol / r->slow : -1;
    r->slow_invol = r->slow > 0 && invol >= 0 ? invol / r->slow : -1;
    for (int i = 0; i < 3; i++)
        r->check_share[i] =
            wall > 0 && a->check_s[i] >= 0 ? (b->check_s[i] - a->check_s[i]) / wall : -1;
}
