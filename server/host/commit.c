/* commit.c — the journal's sync thread: the disk wait (fdatasync of the
 * WAL) off the loop thread, shared by every group committed before it
 * began (group commit across loop iterations).
 *
 * The loop keeps every SQLite call: it appends while applying commands and
 * commits the group at the end of the iteration (synchronous=NORMAL: a
 * write(2) into the WAL, no disk wait; gg_store_defer_sync). Group g's
 * replies wait in the outbox, tagged g, until this thread reports a sync
 * that began after g's commit (`synced` >= g); the loop is woken by an
 * async handle and sends them in queue order (gg__host_release). Journal
 * order and reply order are the loop's, so nothing depends on thread timing
 * but when replies leave. A failed sync is sticky: the replies not yet
 * durable are dropped with an error and nothing more is acknowledged.
 * WAL checkpoints run on a third thread, the store's own
 * (gg_store_checkpointer_start): neither the loop nor this thread waits
 * for one, except a commit that leaves the WAL at its limit (store.h). */
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "log.h"

struct host_syncer {
    uv_async_t done; /* wakes the loop after each sync; first: closing it frees the struct */
    uv_thread_t thread;
    uv_mutex_t mu;
    uv_cond_t cv;
    gg_store *store;
    /* under mu: */
    uint64_t want;        /* groups committed up to here should be made durable */
    uint64_t synced;      /* groups durable up to here */
    uint64_t sync_ns[16]; /* durations of the syncs not yet read by the loop */
    int nsync_ns;
    int err; /* a sync failed with this code (sticky) */
    int stop;
};

static void free_syncer(uv_handle_t *done)
{
    free(done); /* the struct's first member */
}

static void sync_main(void *arg)
{
    struct host_syncer *sy = arg;
    uv_mutex_lock(&sy->mu);
    for (;;) {
        while (!sy->stop && (sy->err || sy->want <= sy->synced))
            uv_cond_wait(&sy->cv, &sy->mu);
        if (sy->stop)
            break;
        uint64_t target = sy->want; /* every group committed before this sync begins */
        uv_mutex_unlock(&sy->mu);
        uint64_t t0 = uv_hrtime();
        int err = gg_store_sync(sy->store);
        uint64_t ns = uv_hrtime() - t0;
        uv_mutex_lock(&sy->mu);
        if (sy->nsync_ns < 16)
            sy->sync_ns[sy->nsync_ns++] = ns;
        if (err)
            sy->err = err;
        else
            sy->synced = target;
        uv_async_send(&sy->done);
    }
    uv_mutex_unlock(&sy->mu);
}

/* On the loop: a sync finished (or failed). */
static void on_synced(uv_async_t *a)
{
    host *h = a->data;
    struct host_syncer *sy = h->syncer;
    uv_mutex_lock(&sy->mu);
    uint64_t synced = sy->synced, ns[16];
    int err = sy->err, nns = sy->nsync_ns;
    memcpy(ns, sy->sync_ns, sizeof ns);
    sy->nsync_ns = 0;
    uv_mutex_unlock(&sy->mu);
    for (int i = 0; i < nns; i++)
        gg__host_hist_observe(&h->m.sync_seconds, (double)ns[i] / 1e9);
    if (synced > h->durable)
        h->durable = synced;
    gg__host_release(h, 1);
    if (err && !h->sync_failed) {
        h->sync_failed = 1;
        h->storage_failed = 1;
        h->m.journal_errors++;
        gg_log(GG_LOG_ERROR, "journal_sync_failed", "error", gg_errname(err), "detail",
               "fdatasync of games.db-wal failed; the groups since the last sync may be lost",
               "action",
               "refusing commands and new games; restart the server once storage is fixed",
               GG_LOG_END);
        gg__host_drop_unsynced(h, err);
    }
}

int gg__host_sync_start(host *h)
{
    if (!h->store || h->syncer)
        return 0;
    /* WAL checkpoints on a thread of their own (store.h), not this one's
     * and not the loop's: a sync never waits behind a checkpoint. */
    if (gg_store_checkpointer_start(h->store) != 0)
        gg_log(GG_LOG_WARN, "journal_checkpoint_inline", "detail", gg_store_errmsg(h->store),
               GG_LOG_END);
    int err = gg_store_defer_sync(h->store);
    if (err) {
        gg_log(GG_LOG_WARN, "journal_sync_inline", "detail", gg_store_errmsg(h->store), GG_LOG_END);
        return 0;
    }
    struct host_syncer *sy = calloc(1, sizeof *sy);
    if (!sy || uv_mutex_init(&sy->mu) != 0) {
        free(sy);
        sy = NULL;
    } else if (uv_cond_init(&sy->cv) != 0) {
        uv_mutex_destroy(&sy->mu);
        free(sy);
        sy = NULL;
    }
    if (sy) {
        sy->store = h->store;
        uv_async_init(h->loop, &sy->done, on_synced);
        sy->done.data = h;
        if (uv_thread_create(&sy->thread, sync_main, sy) != 0) {
            uv_cond_destroy(&sy->cv);
            uv_mutex_destroy(&sy->mu);
            uv_close((uv_handle_t *)&sy->done, free_syncer);
            sy = NULL;
        }
    }
    if (!sy)
        gg_log(GG_LOG_WARN, "journal_sync_inline", "detail",
               "cannot start the commit thread; every commit waits for the disk on the loop",
               GG_LOG_END);
    h->syncer = sy;
    return 0;
}

void gg__host_sync_request(host *h)
{
    struct host_syncer *sy = h->syncer;
    if (!sy) { /* commits sync themselves */
        h->durable = h->committed;
        return;
    }
    uv_mutex_lock(&sy->mu);
    if (h->committed > sy->want) {
        sy->want = h->committed;
        uv_cond_signal(&sy->cv);
    }
    uv_mutex_unlock(&sy->mu);
}

int gg__host_sync_now(host *h)
{
    if (h->syncer && !h->sync_failed) {
        int err = gg_store_sync(h->store);
        if (err)
            return err;
    }
    if (h->committed > h->durable)
        h->durable = h->committed;
    return 0;
}

void gg__host_sync_stop(host *h)
{
    struct host_syncer *sy = h->syncer;
    if (!sy)
        return;
    uv_mutex_lock(&sy->mu);
    sy->stop = 1;
    uv_cond_signal(&sy->cv);
    uv_mutex_unlock(&sy->mu);
    uv_thread_join(&sy->thread);
    uv_cond_destroy(&sy->cv);
    uv_mutex_destroy(&sy->mu);
    h->syncer = NULL;
    uv_close((uv_handle_t *)&sy->done, free_syncer);
}
