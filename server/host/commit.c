/* commit.c — the journal's sync thread: the disk wait (fdatasync of the
 * WAL) off the loop thread, shared by every group committed before it
 * began (group commit across loop iterations).
 *
 * The loop keeps every SQLite call: it appends while applying commands and
 * commits the group at the end of the iteration (synchronous=NORMAL: a
 * write(2) into the WAL, no disk wait; gg_store_defer_sync). Group g's
 * replies wait in the outbox, tagged g, until this thread reports a sync
 * that began after g's commit (`synced` >= g); the loop is woken by a
 * loop_wake (loop_wake.h) and sends them in queue order (gg__host_release). Journal
 * order and reply order are the loop's, so nothing depends on thread timing
 * but when replies leave. A failed sync is sticky: the replies not yet
 * durable are dropped with an error and nothing more is acknowledged.
 *
 * --durability process (host_limits.h): the replies of a committed group leave at
 * once (h->ackable = h->committed) while the unsynced window allows it:
 * the oldest group not yet synced was committed at most --unsynced-max-ms
 * ago and at most --unsynced-max-groups groups are not yet synced. Past
 * either, new groups' replies wait for their sync as under machine, until a
 * sync brings the window back. So at any moment the groups acknowledged
 * before their sync number at most --unsynced-max-groups, none committed
 * more than --unsynced-max-ms before the last early acknowledgement. If a
 * sync fails, those acknowledgements may be lost (the OS may drop the
 * unwritten pages): the server logs them (event=acknowledged_not_durable)
 * and then behaves as under machine (FAILED store: nothing more is
 * acknowledged; recovery at the restart decides what the journal holds).
 * WAL checkpoints run on a third thread, the store's own
 * (gg_store_checkpointer_start): neither the loop nor this thread waits
 * for one, except a commit that leaves the WAL at its limit (store.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "log.h"

struct host_syncer {
    loop_wake done; /* wakes the loop after each sync; first: closing it frees the struct */
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
        uv_mutex_unlock(&sy->mu); /* the loop's on_synced takes it */
        loop_wake_signal(&sy->done);
        uv_mutex_lock(&sy->mu);
    }
    uv_mutex_unlock(&sy->mu);
}

/* The ring entry of group g, or NULL if g is not in it (not committed, or
 * overwritten by a newer group). */
static struct host_unsynced *unsynced_at(host *h, uint64_t g)
{
    if (!h->unsynced || g == 0 || g > h->committed || h->committed - g > h->unsynced_mask)
        return NULL;
    return &h->unsynced[g & h->unsynced_mask];
}

void gg__host_group_committed(host *h)
{
    struct host_unsynced *u = unsynced_at(h, h->committed);
    if (u)
        *u = (struct host_unsynced){uv_hrtime(), 0};
}

int gg__host_ack_advance(host *h)
{
    if (h->ackable < h->durable)
        h->ackable = h->durable;
    if (h->ackable >= h->committed || h->cfg.durability != GG_DURABILITY_PROCESS || !h->unsynced ||
        h->sync_failed)
        return 0;
    /* the group count first: past it the oldest group's entry may be gone */
    if (h->committed - h->durable <= (uint64_t)h->cfg.unsynced_max_groups) {
        const struct host_unsynced *u = unsynced_at(h, h->durable + 1);
        if (u && uv_hrtime() - u->at_ns <= (uint64_t)h->cfg.unsynced_max_ms * 1000000u) {
            h->ackable = h->committed;
            return 0;
        }
    }
    return 1;
}

uint64_t gg__host_unsynced_age_ns(host *h)
{
    if (h->committed <= h->durable || !h->unsynced)
        return 0;
    uint64_t g = h->durable + 1;
    if (h->committed - g > h->unsynced_mask) /* the oldest entry left: a lower bound */
        g = h->committed - h->unsynced_mask;
    return uv_hrtime() - h->unsynced[g & h->unsynced_mask].at_ns;
}

/* Groups (from, to] became durable: for the first of them whose messages
 * left before its sync, how long it waited from its commit (metrics). */
static void note_synced(host *h, uint64_t from, uint64_t to)
{
    if (to > h->ackable)
        to = h->ackable; /* only those acknowledged early */
    for (uint64_t g = from + 1; g <= to; g++) {
        const struct host_unsynced *u = unsynced_at(h, g);
        if (u && u->sent) {
            gg__host_hist_observe(&h->m.acked_unsynced_seconds,
                                  (double)(uv_hrtime() - u->at_ns) / 1e9);
            return;
        }
    }
}

/* A sync failed under --durability process: says loudly which
 * acknowledgements may be lost (those of groups after the last good sync
 * whose messages already left). */
static void report_unsynced_acks(host *h)
{
    uint64_t groups = 0, msgs = 0, oldest_ns = 0;
    for (uint64_t g = h->durable + 1; g <= h->ackable; g++) {
        const struct host_unsynced *u = unsynced_at(h, g);
        if (!u || !u->sent)
            continue;
        if (!groups)
            oldest_ns = uv_hrtime() - u->at_ns;
        groups++;
        msgs += u->sent;
    }
    if (!groups)
        return;
    char from[24], to[24], ng[24], nm[24], age[24];
    snprintf(from, sizeof from, "%llu", (unsigned long long)(h->durable + 1));
    snprintf(to, sizeof to, "%llu", (unsigned long long)h->ackable);
    snprintf(ng, sizeof ng, "%llu", (unsigned long long)groups);
    snprintf(nm, sizeof nm, "%llu", (unsigned long long)msgs);
    snprintf(age, sizeof age, "%.1f", (double)oldest_ns / 1e6);
    gg_log(GG_LOG_ERROR, "acknowledged_not_durable", "durability", "process", "first_group", from,
           "last_group", to, "groups", ng, "messages_sent", nm, "oldest_commit_ms_ago", age,
           "detail",
           "these groups' commands were acknowledged once written to the WAL, and the sync "
           "that was to make them durable failed: the OS may not have written them, so a "
           "restart may find them missing (at most --unsynced-max-groups groups, committed "
           "within --unsynced-max-ms)",
           "action",
           "restart the server on working storage: recovery keeps what the journal holds; "
           "clients resume from the journal's streams",
           GG_LOG_END);
}

/* On the loop: a sync finished (or failed). */
static void on_synced(loop_wake *w)
{
    host *h = w->data;
    struct host_syncer *sy = h->syncer;
    uv_mutex_lock(&sy->mu);
    uint64_t synced = sy->synced, ns[16];
    int err = sy->err, nns = sy->nsync_ns;
    memcpy(ns, sy->sync_ns, sizeof ns);
    sy->nsync_ns = 0;
    uv_mutex_unlock(&sy->mu);
    for (int i = 0; i < nns; i++)
        gg__host_hist_observe(&h->m.sync_seconds, (double)ns[i] / 1e9);
    if (synced > h->durable) {
        note_synced(h, h->durable, synced);
        h->durable = synced;
    }
    if (err && !h->sync_failed) {
        h->sync_failed = 1;
        h->storage_failed = 1;
        h->m.journal_errors++;
        gg_log(GG_LOG_ERROR, "journal_sync_failed", "error", gg_errname(err), "detail",
               "fdatasync of games.db-wal failed; the groups since the last sync may be lost",
               "action",
               "refusing commands and new games; restart the server once storage is fixed",
               GG_LOG_END);
        report_unsynced_acks(h);
        h->ackable = h->durable; /* nothing queued after the last good sync leaves */
        gg__host_release(h, 1);
        gg__host_drop_unsynced(h, err);
        return;
    }
    gg__host_ack_advance(h); /* the window may have room again */
    gg__host_release(h, 1);
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
        sy->done.data = h;
        if (loop_wake_init(&sy->done, h->loop, on_synced) != 0) {
            uv_cond_destroy(&sy->cv);
            uv_mutex_destroy(&sy->mu);
            free(sy);
            sy = NULL;
        } else if (uv_thread_create(&sy->thread, sync_main, sy) != 0) {
            uv_cond_destroy(&sy->cv);
            uv_mutex_destroy(&sy->mu);
            loop_wake_close(&sy->done, free_syncer);
            sy = NULL;
        }
    }
    if (!sy)
        gg_log(GG_LOG_WARN, "journal_sync_inline", "detail",
               "cannot start the commit thread; every commit waits for the disk on the loop",
               GG_LOG_END);
    h->syncer = sy;
    if (sy) {
        /* the ring of groups not yet synced: a power of two above the window */
        uint64_t n = 2;
        while (n <= (uint64_t)h->cfg.unsynced_max_groups)
            n *= 2;
        h->unsynced = calloc(n, sizeof *h->unsynced);
        h->unsynced_mask = h->unsynced ? n - 1 : 0;
        if (!h->unsynced && h->cfg.durability == GG_DURABILITY_PROCESS)
            gg_log(GG_LOG_WARN, "durability_machine", "detail",
                   "out of memory for the unsynced window: replies wait for their sync",
                   GG_LOG_END);
    }
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
    if (h->committed > h->durable) {
        note_synced(h, h->durable, h->committed);
        h->durable = h->committed;
    }
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
    loop_wake_close(&sy->done, free_syncer);
    free(h->unsynced);
    h->unsynced = NULL;
    h->unsynced_mask = 0;
}

void gg__host_journal_cache_fit(host *h)
{
    if (!h->store || h->storage_failed ||
        (h->journal_cache_pages && h->journal_cache_games == h->ngames))
        return;
    long want = GG_JOURNAL_CACHE_BASE_PAGES + (long)GG_JOURNAL_CACHE_GAME_PAGES * h->ngames;
    if (want > GG_JOURNAL_CACHE_MAX_PAGES)
        want = GG_JOURNAL_CACHE_MAX_PAGES;
    h->journal_cache_games = h->ngames;
    if (want == h->journal_cache_pages)
        return;
    int got = gg_store_cache_pages(h->store, (int)want);
    if (got > 0)
        h->journal_cache_pages = got;
}
