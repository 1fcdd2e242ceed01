/* outbox.c — replies wait here until the journal group of their loop
 * iteration is durable (nothing is acknowledged before its command is;
 * under --durability process: committed, inside the unsynced window of
 * commit.c), then go out in order; the error counters; journaling a command.
 *
 * Each reply is tagged with the group it waits for: h->committed + 1 while
 * the iteration runs (the group open now), or h->committed when the
 * iteration wrote nothing (it only waits for the groups before it, to keep
 * the order). The end of an iteration commits the group and asks the
 * commit thread (commit.c) to sync it; gg__host_release sends the prefix
 * of the queue whose groups are durable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>
#include <unistd.h>

#include "host.h"
#include "log.h"

/* Bytes of replies queued since the last commit after which the open
 * journal group is committed in the middle of a loop iteration and its
 * sync asked for (the commit thread's disk wait, not the loop's): a burst's
 * replies start on their way to the disk before the iteration ends. */
#define GG_OUTBOX_FLUSH_BYTES (256u * 1024u)
/* Bytes the outbox holds before the loop itself waits for the disk (commit
 * and sync on its thread, then the replies go): the outbox's memory bound.
 * An iteration's work is bounded by its slices (GG_SETTLE_SLICE,
 * GG_INPUT_SLICE), so this is reached only when the disk falls behind.
 * (Until issue 17's cap7 the loop waited for the disk at
 * GG_OUTBOX_FLUSH_BYTES: a slice of 64 games' `state` messages passes
 * 256 KiB, so at 10,000 games the loop ran an fdatasync of its own many
 * times a second.) */
#define GG_OUTBOX_MAX_BYTES (16u * 1024u * 1024u)

struct host_out {
    host_session *s;
    uint8_t chan;
    uint32_t off, len; /* len 0: a hang-up marker */
    uint64_t group;    /* the journal group it waits for */
    uint64_t at_ns;    /* uv_hrtime when it was queued (gg_reply_wait_seconds) */
};

/* ---- outbox --------------------------------------------------------- */

/* realloc for the reply queue; the test build can make the Nth call fail
 * (--test-fail-send-alloc N). */
static void *grow(host *h, void *p, size_t size)
{
#ifdef GG_TEST_HOOKS
    if (h->cfg.test_fail_send_alloc > 0 && --h->cfg.test_fail_send_alloc == 0)
        return NULL;
#else
    (void)h;
#endif
    return realloc(p, size);
}

/* A reply that cannot be queued (out of memory) is never dropped silently:
 * it is counted and the connection is closed, so the client reconnects and
 * resumes (its stream's history has the message) instead of waiting. */
static void send_failed(host *h, host_session *s)
{
    h->m.sends_dropped++;
    gg_log(GG_LOG_ERROR, "send_dropped", "session", s->sid, "reason", "out of memory", "action",
           "closing the connection; the client resumes", GG_LOG_END);
    gg_conn_close(s->conn); /* graceful and asynchronous: on_close comes later */
}

static void flush_outbox(host *h, int end_of_iteration);
static void commit_group(host *h, int wait);

static void on_kick(uv_idle_t *i)
{
    (void)i; /* exists only to keep the poll phase from blocking */
}

/* The group a reply queued now waits for: the one open now (none without
 * a journal: replies then wait only to keep their order). */
static uint64_t open_group(const host *h)
{
    return h->store ? h->committed + 1 : h->committed;
}

void gg__host_send(host *h, host_session *s, int channel, const uint8_t *msg, size_t len)
{
    if (!s || !s->conn || len == 0)
        return;
    /* A full outbox goes out now (after its commit) rather than growing
     * with the burst: memory stays bounded, acknowledgements stay behind
     * the commit of their commands. */
    if (h->outlen + len > GG_OUTBOX_MAX_BYTES && h->nout && !h->closing) {
        uint64_t t0 = uv_hrtime();
        flush_outbox(h, 0);
        h->m.outbox_sync_flushes++;
        h->m.outbox_sync_flush_ns += uv_hrtime() - t0;
    } else if (h->out_open_bytes + len > GG_OUTBOX_FLUSH_BYTES && h->nout && !h->closing) {
        if (h->store) {
            commit_group(h, 0);
            h->m.outbox_mid_commits++;
        }
        gg__host_release(h, 0);
    }
    if (h->nout == h->cap_out) {
        size_t cap = h->cap_out ? 2 * h->cap_out : 256;
        struct host_out *o = grow(h, h->out, cap * sizeof *o);
        if (!o) {
            send_failed(h, s);
            return;
        }
        h->out = o;
        h->cap_out = cap;
    }
    if (h->outlen + len > h->outcap) {
        size_t cap = h->outcap ? 2 * h->outcap : 65536;
        while (cap < h->outlen + len)
            cap *= 2;
        uint8_t *b = grow(h, h->outbuf, cap);
        if (!b) {
            send_failed(h, s);
            return;
        }
        h->outbuf = b;
        h->outcap = cap;
    }
    memcpy(h->outbuf + h->outlen, msg, len);
    h->out[h->nout++] = (struct host_out){
        s, (uint8_t)channel, (uint32_t)h->outlen, (uint32_t)len, open_group(h), uv_hrtime()};
    h->outlen += len;
    h->out_open_bytes += len;
    s->queued++;
    /* Queued outside the poll phase (a timer: ENet's service timer, a
     * deadline): the loop must not block in its poll before the check that
     * sends it (up to the next timer, 20 ms for ENet's). */
    if (!h->kick_on && !h->closing) {
        uv_idle_start(&h->kick, on_kick);
        h->kick_on = 1;
    }
}

void gg__host_send_msg(host *h, host_session *s, const gg_msg *m)
{
    int len = gg_msg_encode(m, h->scratch, sizeof h->scratch);
    if (len > 0)
        gg__host_send(h, s, gg_msg_channel(m->type), h->scratch, (size_t)len);
    else
        gg_log(GG_LOG_ERROR, "encode_failed", "type", gg_msg_type_name(m->type), "error",
               gg_errname(len), GG_LOG_END);
}

/* The codes of gg/errors.h in list order: errors[i] counts codes[i]. */
static const int error_codes[GG_ERRNO_COUNT] = {
#define GG__ERR_CODE(name, code, msg) code,
    GG_ERRNO_MAP(GG__ERR_CODE)
#undef GG__ERR_CODE
};

/* The counter slot of an error code: its place in the list, or
 * GG_ERRNO_COUNT for a code the list does not have. */
static int error_slot(int code)
{
    for (int i = 0; i < GG_ERRNO_COUNT; i++)
        if (error_codes[i] == code)
            return i;
    return GG_ERRNO_COUNT;
}

int gg__host_error_code(int slot)
{
    return slot >= 0 && slot < GG_ERRNO_COUNT ? error_codes[slot] : 0;
}

void gg__host_count_error(host *h, int code)
{
    if (code < 0)
        h->m.errors[error_slot(code)]++;
}

void gg__host_send_error(host *h, host_session *s, uint32_t rid, int code, int re_type,
                         const char *where, const int *errs, int nerrs)
{
    gg__host_count_error(h, code);
    int len =
        gg_encode_error(h->scratch, sizeof h->scratch, rid, code, re_type, where, errs, nerrs);
    if (len > 0)
        gg__host_send(h, s, 0, h->scratch, (size_t)len);
}

int gg__host_journal(host *h, host_game *g, int kind, const gg_msg *m)
{
    if (!h->store || !g->store_id || g->replaying)
        return 0;
    gg_msg copy = *m;
    copy.rid = 0;
    copy.seq = 0;
    uint8_t buf[GG_MAX_MESSAGE];
    int len = gg_msg_encode(&copy, buf, sizeof buf);
    if (len < 0)
        return len;
    int err = gg_store_append(h->store, g->store_id, g->journal_seq + 1, kind, buf, (size_t)len);
    if (err) {
        h->m.journal_errors++;
        gg_log(GG_LOG_ERROR, "journal_append_failed", "game", g->id, "error", gg_errname(err),
               "detail", gg_store_errmsg(h->store), GG_LOG_END);
        return err;
    }
    g->journal_seq++; /* only a stored record takes a number */
    h->m.journal_pending++;
    return 0;
}

/* Removes the first k entries of the outbox (their bytes too). */
static void shift_out(host *h, size_t k)
{
    if (k == 0)
        return;
    if (k == h->nout) {
        h->nout = 0;
        h->outlen = 0;
        return;
    }
    uint32_t base = h->out[k].off;
    memmove(h->out, h->out + k, (h->nout - k) * sizeof *h->out);
    h->nout -= k;
    memmove(h->outbuf, h->outbuf + base, h->outlen - base);
    h->outlen -= base;
    for (size_t i = 0; i < h->nout; i++)
        h->out[i].off -= base;
}

/* The hang-ups that are due: sessions told to go whose every queued reply
 * has left (the transport's close is graceful: what is queued still goes). */
static void hang_up(host_session *s)
{
    if (s->close_after_flush && s->queued == 0 && s->conn)
        gg_conn_close(s->conn);
}

void gg__host_release(host *h, int may_close)
{
    size_t k = 0;
    uint64_t now = h->nout ? uv_hrtime() : 0;
    uint64_t bar = h->ackable > h->durable ? h->ackable : h->durable;
    for (; k < h->nout && h->out[k].group <= bar; k++) {
        struct host_out *o = &h->out[k];
        o->s->queued--;
        if (!o->s->conn || o->len == 0)
            continue;
        if (gg_conn_send(o->s->conn, o->chan, h->outbuf + o->off, o->len) == 0) {
            if (o->group > h->durable) { /* --durability process: before its sync */
                h->m.sent_unsynced++;
                if (h->unsynced && h->committed - o->group <= h->unsynced_mask)
                    h->unsynced[o->group & h->unsynced_mask].sent++;
            }
            int t = gg__host_peek_type(h->outbuf + o->off, o->len);
            if (t == GG_MSG_ok || t == GG_MSG_error)
                gg__host_hist_observe(&h->m.reply_wait_seconds, (double)(now - o->at_ns) / 1e9);
            h->m.msgs_out++;
            h->m.bytes_out += o->len;
            h->m.out_msgs[t]++;
            h->m.out_bytes[t] += o->len;
        }
    }
    if (k)
        gg_net_flush(h->net); /* now, not at the next loop iteration */
    if (may_close) {
        for (size_t i = 0; i < k; i++)
            hang_up(h->out[i].s);
    } else {
        /* In the middle of an iteration more replies to a session that is
         * to hang up may still come: its hang-up waits for the end of the
         * iteration, as a marker. */
        size_t n = h->nout;
        for (size_t i = 0; i < k && n < h->cap_out; i++) {
            host_session *s = h->out[i].s;
            if (s->close_after_flush && s->conn && s->queued == 0) {
                h->out[n++] = (struct host_out){s, 0, (uint32_t)h->outlen, 0, open_group(h), 0};
                s->queued++;
            }
        }
        h->nout = n;
    }
    shift_out(h, k);
    if (!may_close)
        return;
    /* Closed sessions nothing in the outbox refers to any more. */
    for (host_session **p = &h->dead; *p;) {
        host_session *s = *p;
        if (s->queued) {
            p = &s->next_dead;
        } else {
            *p = s->next_dead;
            free(s);
        }
    }
}

/* The rid a queued reply answers (0: an event or a message nobody asked
 * for, or bytes that do not decode). Only on the failure path: it decodes
 * the whole message into `m`. */
static uint32_t reply_rid(const uint8_t *p, size_t n, gg_msg *m)
{
    gg_decode_err de;
    return m && gg_msg_decode(m, p, n, &de) == 0 ? m->rid : 0;
}

/* Drops the entries from index `from` on: their commands are not durable.
 * Nobody waits in silence: each withheld reply to a request is replaced by
 * an `error` `err` with that request's rid, and each client owed anything
 * also gets one `error` `err` without rid (PROTOCOL.md "Storage failures"). */
static void drop_from(host *h, size_t from, int err)
{
    uint8_t note[256];
    int len = gg_encode_error(note, sizeof note, 0, err, -1, NULL, NULL, 0);
    size_t n = h->nout > from ? h->nout - from : 0;
    gg_msg *m = n ? malloc(sizeof *m) : NULL;
    uint32_t *rids = n ? calloc(n, sizeof *rids) : NULL; /* NULL: rid-0 notes only */
    for (size_t i = from; i < h->nout; i++) {
        host_session *s = h->out[i].s;
        if (!s->conn || !h->out[i].len)
            continue;
        int seen = 0, answered = 0;
        uint32_t rid = rids ? reply_rid(h->outbuf + h->out[i].off, h->out[i].len, m) : 0;
        for (size_t k = from; k < i; k++)
            if (h->out[k].s == s) {
                seen = 1;
                answered |= rid && rids[k - from] == rid; /* one answer a request */
            }
        if (!seen && len > 0)
            gg_conn_send(s->conn, 0, note, (size_t)len);
        uint8_t answer[256];
        int alen = rid && !answered
                       ? gg_encode_error(answer, sizeof answer, rid, err, -1, NULL, NULL, 0)
                       : 0;
        if (alen > 0)
            gg_conn_send(s->conn, 0, answer, (size_t)alen);
        if (rids)
            rids[i - from] = rid;
    }
    free(rids);
    free(m);
    for (size_t i = from; i < h->nout; i++) {
        h->out[i].s->queued--;
        hang_up(h->out[i].s);
    }
    h->nout = from;
    h->outlen = from > 0 ? h->out[from - 1].off + h->out[from - 1].len : 0;
    gg_net_flush(h->net);
}

void gg__host_drop_unsynced(host *h, int err)
{
    size_t from = 0;
    while (from < h->nout && h->out[from].group <= h->durable)
        from++;
    drop_from(h, from, err);
    h->durable = h->committed; /* what comes next does not wait for the lost groups */
    h->ackable = h->durable;
}

/* Commits this iteration's journal group (the disk wait is the commit
 * thread's, unless `wait` and its replies may not leave before their sync)
 * and tags its replies. */
static void commit_group(host *h, int wait)
{
    int writes = gg_store_group_open(h->store);
    uint64_t t0 = uv_hrtime();
    h->out_open_bytes = 0;
    int err = gg_store_commit(h->store);
    if (!err && writes && h->sync_failed)
        err = GG_ESTORAGE_IO; /* committed, but it cannot be made durable: not acknowledged */
    if (!err && h->m.journal_pending) {
        gg__host_hist_observe(&h->m.commit_seconds, (double)(uv_hrtime() - t0) / 1e9);
        gg__host_hist_observe(&h->m.commit_records, h->m.journal_pending);
    }
    h->m.journal_pending = 0;
    /* this group's replies: the tail tagged with the open group */
    size_t first = h->nout;
    while (first > 0 && h->out[first - 1].group > h->committed)
        first--;
    if (err) {
        h->m.journal_errors++;
        h->storage_failed = 1;
        gg_log(GG_LOG_ERROR, "journal_commit_failed", "error", gg_errname(err), "detail",
               h->sync_failed ? "an earlier sync failed" : gg_store_errmsg(h->store), "action",
               "refusing commands and new games; restart the server once storage is fixed",
               GG_LOG_END);
        /* Nothing unjournaled may be acknowledged: the replies of this
         * group are dropped and their clients told why. */
        drop_from(h, first, err);
        return;
    }
    if (writes) {
        h->committed++;
        h->m.journal_commits++;
        gg__host_group_committed(h);
    } else {
        for (size_t i = first; i < h->nout; i++)
            h->out[i].group = h->committed;
    }
    if (h->committed <= h->durable)
        return;
    /* --durability process: the replies may leave now, if the window has room */
    if (gg__host_ack_advance(h) && writes)
        h->m.unsynced_limited++;
    if (!wait || h->ackable >= h->committed) {
        gg__host_sync_request(h);
        return;
    }
    err = gg__host_sync_now(h);
    if (err) {
        h->sync_failed = 1;
        h->storage_failed = 1;
        h->m.journal_errors++;
        gg_log(GG_LOG_ERROR, "journal_sync_failed", "error", gg_errname(err), "action",
               "refusing commands and new games; restart the server once storage is fixed",
               GG_LOG_END);
        gg__host_drop_unsynced(h, err);
    }
}

/* Commits the journal, then lets the replies that are durable go. At the
 * end of an iteration (on_flush) it also carries out the hang-ups that are
 * due and frees closed sessions; in the middle of one (host_send, when the
 * outbox is full) it waits for the disk so the outbox empties, and keeps a
 * marker for each hang-up still due. */
static void flush_outbox(host *h, int end_of_iteration)
{
    if (h->store)
        commit_group(h, !end_of_iteration);
    else
        h->durable = h->committed;
    h->out_open_bytes = 0;
    gg__host_release(h, end_of_iteration);
    if (!end_of_iteration)
        return;
    /* A burst (thousands of games changing phase at once) may have grown
     * the outbox; it does not stay that big. */
    if (h->nout == 0 && h->outcap > 2 * GG_OUTBOX_FLUSH_BYTES) {
        free(h->outbuf);
        h->outbuf = NULL;
        h->outcap = 0;
    }
}

/* Once per loop iteration: the input slice is applied and its group
 * committed, its replies go; then a slice of the bot results waiting is
 * applied, the light bot jobs go to the pool, and the journal is committed
 * again and the replies go. */
void gg__host_on_flush(uv_check_t *c)
{
    host *h = c->data;
    if (h->kick_on) {
        uv_idle_stop(&h->kick);
        h->kick_on = 0;
    }
    uint64_t t0 = gg__host_loop_check_start(h);
    gg__host_input_drain(h); /* the next slice of commands waiting for the input budget */
    /* The commands applied so far (read by the poll, or from the input
     * queue) are committed and their replies go now, before the settle
     * slice and the bot jobs: their acknowledgements do not wait for other
     * games' settling (issue 17: the ack tail). What settling and the bots'
     * submission add goes in a second group below; the outbox is one queue
     * released in order, so every session's messages keep their order.
     * Only where a reply leaves at its commit (--durability process, or no
     * journal): under machine the ack waits for the sync anyway, and a
     * second group a loop iteration meant a second sync (session 15: WAL
     * written +8-12%, sync p99 5 -> 10 ms, the reply wait unchanged). */
    uint64_t ta = uv_hrtime();
    if (!h->store || h->cfg.durability == GG_DURABILITY_PROCESS)
        flush_outbox(h, 1);
    uint64_t ti = uv_hrtime();
    gg__host_settle_ready(h); /* may kick the next iteration if results remain */
#ifdef GG_TEST_HOOKS
    if (h->test_stall) { /* --test-stall-ms: a slow iteration, in the settle step */
        h->test_stall = 0;
        struct timespec ts = {h->cfg.test_stall_ms / 1000,
                              (h->cfg.test_stall_ms % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) != 0) {
        }
    }
    if (h->test_block) { /* --test-block-settle: blocks while the file exists */
        h->test_block = 0;
        while (access(h->cfg.test_block_file, F_OK) == 0) {
            struct timespec ts = {0, 5000000L};
            nanosleep(&ts, NULL);
        }
    }
#endif
    uint64_t t1 = uv_hrtime();
    gg__host_bots_submit(h, 0); /* this iteration's light bot jobs, as one batch */
    uint64_t t2 = uv_hrtime();
    flush_outbox(h, 1); /* what the settling and the bots wrote and queued (a no-op if nothing) */
    gg__host_journal_cache_fit(h);
    uint64_t t3 = uv_hrtime();
    gg__host_loop_step(h, GG_LOOP_INPUT, t0, ta);
    gg__host_loop_step(h, GG_LOOP_COMMIT_SEND, ta, ti);
    gg__host_loop_step(h, GG_LOOP_SETTLE, ti, t1);
    gg__host_loop_step(h, GG_LOOP_BOT_SUBMIT, t1, t2);
    gg__host_loop_step(h, GG_LOOP_COMMIT_SEND, t2, t3);
    gg__host_loop_iteration_done(h);
}

size_t gg__host_outbox_mem(const host *h)
{
    return h->cap_out * sizeof *h->out + h->outcap;
}
