/* history.c — resume from the journal. A stream keeps only its newest
 * messages in memory (stream.h); a client that resumes from further back
 * gets the older ones by re-simulating the game from its journal, through
 * the same path as recovery (recovery.c): a throwaway copy of the game
 * starts from the newest snapshot (snapshot.c) taken before the first
 * message wanted, or from the first record when there is none, and replays
 * the records after it with `replaying` set, and emit() hands each stream
 * message to gg__host_capture_emit instead of keeping it, which forwards those
 * of the resuming client's stream in the wanted range. Sequence numbers come
 * out identical because recovery depends on that already; a re-created
 * `state` carries no time left (the copy runs no clocks): the fresh `state`
 * that ends every resume has the current one (PROTOCOL.md, "Resuming"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "log.h"

/* A resume that would re-send more than this many bytes of history gets
 * HISTORY_GONE and a fresh state instead: half a connection's send queue. */
#define GG_RESUME_MAX_BYTES (GG_MAX_SEND_QUEUE / 2)

struct host_capture {
    host_session *to;
    int stream;
    uint32_t last, before; /* forward last < seq < before */
    uint32_t next;         /* the seq expected next */
    size_t bytes;
    int gap; /* a seq was skipped, or the byte budget ran out */
};

void gg__host_capture_emit(host_game *g, int stream, uint32_t seq, const uint8_t *buf, size_t len,
                           int chan)
{
    host_capture *c = g->capture;
    if (stream != c->stream || seq <= c->last || seq >= c->before || c->gap)
        return;
    /* The stream's history starts after `since` (its first join): numbers
     * before were never sent to anyone, the resume starts after them. */
    if (seq != c->next && !c->bytes && c->next <= g->streams[stream].since &&
        seq == g->streams[stream].since + 1)
        c->next = seq;
    size_t max = g->h->cfg.test_resume_max_bytes > 0 ? (size_t)g->h->cfg.test_resume_max_bytes
                                                     : GG_RESUME_MAX_BYTES;
    if (seq != c->next || c->bytes + len > max) {
        c->gap = 1;
        return;
    }
    (void)chan; /* channel 0, like the in-memory history: in order over ENet */
    gg__host_send(g->h, c->to, 0, buf, len);
    c->bytes += len;
    c->next = seq + 1;
}

typedef struct records {
    uint32_t *kind_len; /* pairs: kind, length */
    uint8_t **p;
    size_t n, cap;
} records;

static int keep_record(uint32_t seq, int kind, const uint8_t *p, size_t len, void *ud)
{
    records *r = ud;
    (void)seq;
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        uint32_t *kl = realloc(r->kind_len, 2 * cap * sizeof *kl);
        if (!kl)
            return GG_EINTERNAL;
        r->kind_len = kl;
        uint8_t **pp = realloc(r->p, cap * sizeof *pp);
        if (!pp)
            return GG_EINTERNAL;
        r->p = pp;
        r->cap = cap;
    }
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy)
        return GG_EINTERNAL;
    memcpy(copy, p, len);
    r->kind_len[2 * r->n] = (uint32_t)kind;
    r->kind_len[2 * r->n + 1] = (uint32_t)len;
    r->p[r->n++] = copy;
    return 0;
}

static int skip_hash(int turn, uint64_t hash, void *ud)
{
    (void)turn;
    (void)hash;
    (void)ud;
    return 0;
}

/* Makes *copy the game as of its newest snapshot after which stream `who`
 * re-emits every message from last + 1 on (its seq at the snapshot is at
 * most `last`), with `replaying` set. Returns the record seq the snapshot
 * covers, or 0 when none qualifies (or --no-snapshots): *copy is then the
 * game as created, to replay from the first record. *copy is NULL on error. */
static uint32_t start_copy(host_game *g, const gg_msg *create, const gg_game_meta *meta, int who,
                           uint32_t last, host_game **copy)
{
    host *h = g->h;
    host_snaps sn;
    *copy = NULL;
    if (h->cfg.no_snapshots || gg__snapshots_read(h, g->store_id, &sn) != 0)
        sn.n = 0;
    uint32_t from = 0;
    for (int i = 0; i <= sn.n && !from; i++) {
        if (gg__game_create(h, create, meta->seed, meta, g->store_id, copy) != 0)
            break;
        (*copy)->replaying = 1;
        if (i == sn.n)
            break; /* none qualifies: the game as created */
        char why[160];
        if (sn.s[i].p &&
            gg__game_restore(*copy, sn.s[i].seq, sn.s[i].p, sn.s[i].len, why, sizeof why) == 0 &&
            (*copy)->streams[who].seq <= last)
            from = sn.s[i].seq;
        else
            gg__game_destroy(*copy), *copy = NULL;
    }
    if (sn.n)
        gg__snapshots_free(&sn);
    return from;
}

int gg__game_history_from_journal(host_game *g, host_session *s, uint32_t last, uint32_t before)
{
    host *h = g->h;
    if (!h->store || !g->store_id || g->replaying)
        return GG_EHISTORY_GONE;
    records r = {0};
    gg_game_meta meta;
    gg_msg create;
    host_game *copy = NULL;
    int err = gg_store_load(h->store, g->store_id, &meta, NULL, NULL, NULL);
    if (!err)
        err = gg_msg_decode(&create, meta.options, meta.options_len, NULL);
    if (!err && create.type != GG_MSG_create_game)
        err = GG_ESTORAGE_CORRUPT;
    /* From the newest snapshot that still precedes `last` on this stream,
     * else from the first record: the records after it re-emit the stream. */
    uint32_t from = 0;
    if (!err) {
        from = start_copy(g, &create, &meta, s->who, last, &copy);
        err = copy ? 0 : GG_EINTERNAL;
    }
    if (!err)
        err = gg_store_load_after(h->store, g->store_id, from, NULL, keep_record, skip_hash, &r);
    host_capture cap = {s, s->who, last, before, last + 1, 0, 0};
    if (!err) {
        /* The copy must not count in the host's metrics. */
        host_metrics *saved = malloc(sizeof *saved);
        if (saved)
            *saved = h->m;
        copy->capture = &cap;
        if (!from)
            gg__game_settle(copy);
        for (size_t i = 0; i < r.n && !err && !cap.gap && cap.next < before; i++)
            err =
                gg__game_replay_record(copy, (int)r.kind_len[2 * i], r.p[i], r.kind_len[2 * i + 1]);
        if (saved)
            h->m = *saved;
        free(saved);
    }
    gg__game_destroy(copy);
    for (size_t i = 0; i < r.n; i++)
        free(r.p[i]);
    free(r.kind_len);
    free(r.p);
    if (!err && (cap.gap || cap.next != before))
        err = GG_EHISTORY_GONE;
    if (err) {
        char want[24];
        snprintf(want, sizeof want, "%u..%u", last + 1, before - 1);
        gg_log(GG_LOG_WARN, "resume_from_journal_failed", "game", g->id, "seqs", want, "error",
               gg_errname(err), GG_LOG_END);
        return GG_EHISTORY_GONE;
    }
    char want[24], snap[16];
    snprintf(want, sizeof want, "%u..%u", last + 1, before - 1);
    snprintf(snap, sizeof snap, "%u", from);
    gg_log(GG_LOG_DEBUG, "resume_from_journal", "game", g->id, "seqs", want, "snapshot", snap,
           GG_LOG_END);
    return 0;
}
