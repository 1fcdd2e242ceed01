/* outbox.c — replies wait here until the journal commit of their loop
 * iteration (nothing is acknowledged before it is durable), then go out in
 * order; the error counters; journaling a command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "log.h"

/* Bytes of replies the outbox holds before it is committed and sent in
 * the middle of a loop iteration. */
#define GG_OUTBOX_FLUSH_BYTES (256u * 1024u)

struct host_out {
    host_session *s;
    uint8_t chan;
    uint32_t off, len;
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

void gg__host_send(host *h, host_session *s, int channel, const uint8_t *msg, size_t len)
{
    if (!s || !s->conn || len == 0)
        return;
    /* A full outbox goes out now (after its commit) rather than growing
     * with the burst: memory stays bounded, acknowledgements stay behind
     * the commit of their commands. */
    if (h->outlen + len > GG_OUTBOX_FLUSH_BYTES && h->nout && !h->closing)
        flush_outbox(h, 0);
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
    h->out[h->nout++] = (struct host_out){s, (uint8_t)channel, (uint32_t)h->outlen, (uint32_t)len};
    h->outlen += len;
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

/* Commits the journal, then lets the queued replies go. At the end of an
 * iteration (on_flush) it also carries out the hang-ups decided in it and
 * frees closed sessions; in the middle of one (host_send, when the outbox
 * is full) it only sends, and keeps a marker for each hang-up still due. */
static void flush_outbox(host *h, int end_of_iteration)
{
    if (h->store) {
        uint64_t t0 = uv_hrtime();
        int err = gg_store_commit(h->store);
        if (!err && h->m.journal_pending) {
            gg__host_hist_observe(&h->m.commit_seconds, (double)(uv_hrtime() - t0) / 1e9);
            gg__host_hist_observe(&h->m.commit_records, h->m.journal_pending);
        }
        h->m.journal_pending = 0;
        if (err) {
            h->m.journal_errors++;
            h->storage_failed = 1;
            gg_log(GG_LOG_ERROR, "journal_commit_failed", "error", gg_errname(err), "detail",
                   gg_store_errmsg(h->store), "action",
                   "refusing commands and new games; restart the server once storage is fixed",
                   GG_LOG_END);
            /* Nothing unjournaled may be acknowledged: the replies of this
             * iteration are dropped, and every client that was owed one is
             * told why instead, so nobody waits in silence. */
            uint8_t note[256];
            int len = gg_encode_error(note, sizeof note, 0, err, -1, NULL, NULL, 0);
            for (size_t i = 0; i < h->nout; i++) {
                host_session *s = h->out[i].s;
                int seen = 0;
                for (size_t k = 0; k < i && !seen; k++)
                    seen = h->out[k].s == s;
                if (!seen && s->conn && len > 0)
                    gg_conn_send(s->conn, 0, note, (size_t)len);
            }
            h->nout = 0;
            h->outlen = 0;
        } else if (h->nout) {
            h->m.journal_commits++;
        }
    }
    for (size_t i = 0; i < h->nout; i++) {
        struct host_out *o = &h->out[i];
        if (!o->s->conn || o->len == 0) /* len 0: a hang-up marker */
            continue;
        if (gg_conn_send(o->s->conn, o->chan, h->outbuf + o->off, o->len) == 0) {
            int t = gg__host_peek_type(h->outbuf + o->off, o->len);
            h->m.msgs_out++;
            h->m.bytes_out += o->len;
            h->m.out_msgs[t]++;
            h->m.out_bytes[t] += o->len;
        }
    }
    if (h->nout)
        gg_net_flush(h->net); /* now, not at the next loop iteration */
    size_t n = h->nout;
    h->nout = 0;
    h->outlen = 0;
    if (!end_of_iteration) {
        /* Replies queued later in this iteration may still be owed to a
         * session that is to hang up: it is closed at the end. */
        for (size_t i = 0; i < n && h->nout < h->cap_out; i++)
            if (h->out[i].s->close_after_flush && h->out[i].s->conn)
                h->out[h->nout++] = (struct host_out){h->out[i].s, 0, 0, 0};
        return;
    }
    /* Hang-ups decided this iteration, now that their last reply is queued
     * (the transport's close is graceful: queued messages still go). */
    for (size_t i = 0; i < n; i++)
        if (h->out[i].s->close_after_flush && h->out[i].s->conn)
            gg_conn_close(h->out[i].s->conn);
    /* A burst (thousands of games changing phase at once) may have grown
     * the outbox; it does not stay that big. */
    if (h->outcap > 2 * GG_OUTBOX_FLUSH_BYTES) {
        free(h->outbuf);
        h->outbuf = NULL;
        h->outcap = 0;
    }
    while (h->dead) {
        host_session *s = h->dead;
        h->dead = s->next_dead;
        free(s);
    }
}

/* Once per loop iteration: commit the journal, then let the replies go. */
void gg__host_on_flush(uv_check_t *c)
{
    flush_outbox(c->data, 1);
}

size_t gg__host_outbox_mem(const host *h)
{
    return h->cap_out * sizeof *h->out + h->outcap;
}
