/* store/store_ckpt.c — WAL checkpoints on a thread and a connection of
 * their own (see "checkpoints" in store.h).
 *
 * The writer's connection has a wal_hook instead of wal_autocheckpoint (a
 * hook replaces the automatic checkpoint): after each commit it learns how
 * many pages the WAL holds, and gg__store_ckpt_after_commit decides, on
 * the writer's thread, whether to wake the thread, or, at the limit, to run
 * a checkpoint itself. The thread's PASSIVE checkpoint takes SQLite's
 * checkpoint lock; two checkpoints at once would make one fail with
 * SQLITE_BUSY at once (SQLite never waits for that lock), so `run_mu`
 * serialises them: a stall waits for the thread's checkpoint to end.
 *
 * Crash safety is SQLite's: a checkpoint syncs the WAL before copying
 * frames into games.db and syncs games.db before the WAL may be started
 * over, so a SIGKILL (or power loss) in the middle of one leaves a journal
 * that opens with every committed group (tests: storage.ckpt.*,
 * host.commit.kill_mid_checkpoint). */
#define _POSIX_C_SOURCE 200809L

#include "store_internal.h"

#include "gg/errors.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct gg__store_ckpt {
    sqlite3 *db; /* the thread's own connection to games.db */
    pthread_t thread;
    pthread_mutex_t run_mu; /* held while a checkpoint runs, on either connection */
    pthread_mutex_t mu;     /* guards what follows */
    pthread_cond_t cv;
    int want, stop, busy;
    uint64_t passive, passive_ns, errors;
    uint32_t backfilled;
    char errmsg[256];
    const char *hold; /* test builds: no checkpoint while this file exists */
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* One PASSIVE checkpoint on `db`, under run_mu; returns the SQLite code,
 * with the WAL's pages and those now in games.db in *log / *done. */
static int checkpoint(struct gg__store_ckpt *c, sqlite3 *db, int *log, int *done)
{
    *log = *done = -1;
    pthread_mutex_lock(&c->run_mu);
    int rc = sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, log, done);
    pthread_mutex_unlock(&c->run_mu);
    return rc;
}

/* Records a checkpoint's outcome (under mu). */
static void note(struct gg__store_ckpt *c, sqlite3 *db, int rc, int done)
{
    if (rc == SQLITE_OK) {
        if (done >= 0)
            c->backfilled = (uint32_t)done;
    } else if (rc != SQLITE_BUSY) { /* BUSY: a reader or the other checkpoint; next time */
        c->errors++;
        snprintf(c->errmsg, sizeof c->errmsg, "checkpoint failed: %s (%d)", sqlite3_errmsg(db), rc);
    }
}

static void *ckpt_main(void *arg)
{
    struct gg__store_ckpt *c = arg;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        while (!c->stop && !c->want)
            pthread_cond_wait(&c->cv, &c->mu);
        if (c->stop)
            break;
        c->want = 0;
        c->busy = 1;
        pthread_mutex_unlock(&c->mu);
        struct timespec ms5 = {0, 5 * 1000 * 1000};
        int held = 0;
        while (c->hold && access(c->hold, F_OK) == 0) {
            pthread_mutex_lock(&c->mu);
            int stop = c->stop;
            pthread_mutex_unlock(&c->mu);
            if (stop)
                break;
            held = 1;
            nanosleep(&ms5, NULL);
        }
        int log, done, rc = SQLITE_OK;
        uint64_t t0 = now_ns();
        if (!held)
            rc = checkpoint(c, c->db, &log, &done);
        uint64_t ns = now_ns() - t0;
        pthread_mutex_lock(&c->mu);
        c->busy = 0;
        if (!held) {
            c->passive++;
            c->passive_ns += ns;
            note(c, c->db, rc, done);
        }
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

/* The writer's wal_hook: called inside each COMMIT with the WAL's pages. */
static int on_wal(void *ud, sqlite3 *db, const char *name, int pages)
{
    (void)db;
    (void)name;
    gg_store *s = ud;
    s->wal_pages = pages > 0 ? (uint32_t)pages : 0;
    return SQLITE_OK;
}

int gg_store_checkpointer_start(gg_store *s)
{
    if (s->ckpt)
        return 0;
    if (s->readonly || !s->db)
        return gg__store_msg(s, GG_EINTERNAL, "gg_store_checkpointer_start on a read-only store");
    if (s->in_group || s->group_err)
        return gg__store_msg(s, GG_EINTERNAL, "gg_store_checkpointer_start inside a group");
    if (!s->ckpt_pages)
        s->ckpt_pages = GG_STORE_CKPT_PAGES;
    if (!s->wal_max_pages)
        s->wal_max_pages = GG_STORE_WAL_MAX_PAGES;
    struct gg__store_ckpt *c = calloc(1, sizeof *c);
    size_t n = strlen(s->dir) + sizeof "/games.db";
    char *path = malloc(n);
    if (!c || !path) {
        free(c);
        free(path);
        return gg__store_msg(s, GG_EINTERNAL, "out of memory");
    }
    snprintf(path, n, "%s/games.db", s->dir);
    int rc = sqlite3_open_v2(
        path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
    free(path);
    /* A first read opens the connection's WAL (a checkpoint on a
     * connection that never read does nothing). */
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(c->db, 1000);
        rc = sqlite3_exec(c->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    }
    if (rc != SQLITE_OK) {
        int code = gg__store_msg(s, GG_ESTORAGE_OPEN,
                                 "cannot open a second connection to '%s/games.db' for "
                                 "checkpoints: %s; the writer keeps checkpointing itself",
                                 s->dir, c->db ? sqlite3_errmsg(c->db) : "out of memory");
        sqlite3_close(c->db);
        free(c);
        return code;
    }
#ifdef GG_TEST_HOOKS
    c->hold = s->test_ckpt_hold;
#endif
    pthread_mutex_init(&c->run_mu, NULL);
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    if (pthread_create(&c->thread, NULL, ckpt_main, c) != 0) {
        pthread_cond_destroy(&c->cv);
        pthread_mutex_destroy(&c->mu);
        pthread_mutex_destroy(&c->run_mu);
        sqlite3_close(c->db);
        free(c);
        return gg__store_msg(s, GG_EINTERNAL,
                             "cannot start the checkpoint thread; the writer keeps "
                             "checkpointing itself");
    }
    /* The WAL file keeps its largest size (the limit and one group) rather
     * than being cut back and grown again after each restart. */
    int psz = 4096;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        psz = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA journal_size_limit = %lld",
             (long long)(s->wal_max_pages + s->ckpt_pages) * (psz + 24) + 32);
    sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    /* wal_autocheckpoint = 0, then the hook (setting either replaces the other) */
    sqlite3_exec(s->db, "PRAGMA wal_autocheckpoint = 0", NULL, NULL, NULL);
    sqlite3_wal_hook(s->db, on_wal, s);
    s->ckpt = c;
    s->wal_prev = s->ckpt_req_at = s->ckpt_forced_at = 0;
    return 0;
}

/* Wakes the thread (writer's thread). */
static void request(gg_store *s)
{
    struct gg__store_ckpt *c = s->ckpt;
    pthread_mutex_lock(&c->mu);
    c->want = 1;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
    s->ckpt_req_at = s->wal_pages;
}

static int thread_idle(struct gg__store_ckpt *c)
{
    pthread_mutex_lock(&c->mu);
    int idle = !c->busy && !c->want;
    pthread_mutex_unlock(&c->mu);
    return idle;
}

void gg__store_ckpt_after_commit(gg_store *s)
{
    struct gg__store_ckpt *c = s->ckpt;
    if (!c)
        return;
    uint32_t n = s->wal_pages;
    s->wal_commits++;
    if (n < s->wal_prev) { /* the WAL started over since the last commit */
        s->wal_restarts++;
        s->ckpt_req_at = s->ckpt_forced_at = 0;
        s->wal_frames += n;
    } else {
        s->wal_frames += n - s->wal_prev;
    }
    s->wal_prev = n;
    if (n > s->wal_pages_max)
        s->wal_pages_max = n;
    if (n >= s->wal_max_pages && n >= s->ckpt_forced_at + s->ckpt_pages / 4) {
        /* At the limit: wait for the thread's checkpoint, then copy the
         * rest here; the next write starts the WAL over. */
        int log, done;
        uint64_t t0 = now_ns();
        int rc = checkpoint(c, s->db, &log, &done);
        uint64_t ns = now_ns() - t0;
        s->ckpt_forced_at = n;
        pthread_mutex_lock(&c->mu);
        note(c, s->db, rc, done);
        pthread_mutex_unlock(&c->mu);
        s->stall_count++;
        s->stall_ns += ns;
        if (ns > s->stall_ns_max)
            s->stall_ns_max = ns;
        return;
    }
    if (n >= s->ckpt_req_at + s->ckpt_pages ||
        (n >= s->wal_max_pages / 2 && n > s->ckpt_req_at && thread_idle(c)))
        request(s);
}

void gg_store_checkpoint_stats(gg_store *s, gg_store_ckpt_stats *st)
{
    memset(st, 0, sizeof *st);
    struct gg__store_ckpt *c = s->ckpt;
    st->wal_pages = s->wal_pages;
    st->wal_pages_max = s->wal_pages_max;
    st->restarts = s->wal_restarts;
    st->commits = s->wal_commits;
    st->wal_frames = s->wal_frames;
    st->stalls = s->stall_count;
    st->stall_ns = s->stall_ns;
    st->stall_ns_max = s->stall_ns_max;
    if (!c)
        return;
    st->running = 1;
    pthread_mutex_lock(&c->mu);
    st->passive = c->passive;
    st->passive_ns = c->passive_ns;
    st->errors = c->errors;
    st->backfilled = c->backfilled;
    snprintf(st->errmsg, sizeof st->errmsg, "%s", c->errmsg);
    pthread_mutex_unlock(&c->mu);
}

void gg__store_ckpt_close(gg_store *s)
{
    struct gg__store_ckpt *c = s->ckpt;
    if (!c)
        return;
    pthread_mutex_lock(&c->mu);
    c->stop = 1;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
    pthread_join(c->thread, NULL);
    pthread_cond_destroy(&c->cv);
    pthread_mutex_destroy(&c->mu);
    pthread_mutex_destroy(&c->run_mu);
    sqlite3_close(c->db);
    free(c);
    s->ckpt = NULL;
}

#ifdef GG_TEST_HOOKS
void gg_store_test_ckpt_hooks(gg_store *s, int ckpt_pages, int max_pages, const char *hold_path)
{
    s->ckpt_pages = ckpt_pages > 0 ? (uint32_t)ckpt_pages : 0;
    s->wal_max_pages = max_pages > 0 ? (uint32_t)max_pages : 0;
    s->test_ckpt_hold = hold_path;
}
#endif
