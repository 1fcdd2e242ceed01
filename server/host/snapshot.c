/* snapshot.c — a hosted game in bytes after each resolved turn, so that
 * recovery replays only the journal records after it (issue 12 item 6).
 *
 * What is stored is exactly what replaying the journal up to record `seq`
 * rebuilds (recovery.c), taken where live play and replay agree: at the
 * start of the phase that follows a resolved turn (or the end of the game),
 * in step() right after the phase change was announced and before bots
 * think or the next command is applied. Format (little-endian, version
 * SNAP_VERSION; any other version is refused and the journal replayed):
 *
 *   "GGHS" u16 version, u32 GG_RULES_VERSION, u32 journal seq,
 *   u32 phase_no, u8 seen_turn, seen_phase, ready, bots_acted, bot_perm,
 *   bot_temp, paused, over_announced,
 *   4 x (u8 counter turn, u8 counters),
 *   4 x bot (u8 kind, seat, mcts_k, mcts_rollouts, search, honesty,
 *            counter_turn, counters, u64 rng state, u64 rng inc),
 *   6 x stream (u32 seq, u8 recording),
 *   u8 ntokens, ntokens x (u8 who, u8 length, token bytes),
 *   u8 last turn with a hash, that many u64 hashes (turns 1..last),
 *   the engine state: u64 layout fingerprint, u64 gg_state_hash, u32
 *   length, then the gg_state struct's own bytes.
 *
 * Why the engine's bytes and not the wire's view codec (protocol/view.c):
 * a view is lossy by design (deals packed out of their ledger slots,
 * entries past a count dropped, no deck order or PRNG), and the state hash
 * covers all of that, so a view cannot round-trip it. The struct holds no
 * pointers; its bytes are restored only when the fingerprint (size, the
 * offsets of its parts, byte order, rules version) matches this build AND
 * the restored state hashes to the stored hash, else the snapshot is
 * refused and the journal replayed: a snapshot from another build or
 * machine costs recovery time, never correctness.
 *
 * Not stored, because replay does not rebuild it either: the streams'
 * in-memory history (a resume from before the snapshot is re-created from
 * the journal, history.c, itself from an older snapshot when one precedes
 * the wanted messages), clocks and deadlines (recovery resumes them from
 * the stored deadline), observers' tokens, bots in flight and the open
 * deals they were asked about. The phase's start state (phase_state)
 * equals the state at a snapshot. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "log.h"

#define SNAP_VERSION 1
#define SNAP_MAGIC "GGHS"

typedef struct wbuf {
    uint8_t *p;
    size_t len, cap;
    int full;
} wbuf;

static void put(wbuf *w, const void *src, size_t n)
{
    if (w->full || w->len + n > w->cap) {
        w->full = 1;
        return;
    }
    memcpy(w->p + w->len, src, n);
    w->len += n;
}

static void put_u8(wbuf *w, unsigned v)
{
    uint8_t b = (uint8_t)v;
    put(w, &b, 1);
}

static void put_uint(wbuf *w, uint64_t v, int bytes)
{
    uint8_t b[8];
    for (int i = 0; i < bytes; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    put(w, b, (size_t)bytes);
}

typedef struct rbuf {
    const uint8_t *p;
    size_t left;
    int bad;
} rbuf;

static const uint8_t *take(rbuf *r, size_t n)
{
    if (r->bad || r->left < n) {
        r->bad = 1;
        return NULL;
    }
    const uint8_t *p = r->p;
    r->p += n;
    r->left -= n;
    return p;
}

static uint64_t get_uint(rbuf *r, int bytes)
{
    const uint8_t *b = take(r, (size_t)bytes);
    uint64_t v = 0;
    for (int i = 0; b && i < bytes; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
}

static uint8_t get_u8(rbuf *r)
{
    return (uint8_t)get_uint(r, 1);
}

/* What the engine state's bytes mean in this build: its size and the
 * offsets of its parts, the byte order and the rules version. */
static uint64_t layout(void)
{
    static const size_t parts[] = {
        sizeof(gg_state),
        offsetof(gg_state, options),
        offsetof(gg_state, res),
        offsetof(gg_state, project),
        offsetof(gg_state, consent_fee),
        offsetof(gg_state, deals),
        sizeof(gg_deal),
        offsetof(gg_state, orders),
        sizeof(gg_orders),
        offsetof(gg_state, deck),
        offsetof(gg_state, vp),
        offsetof(gg_state, report),
        sizeof(gg_report),
        offsetof(gg_state, rng_events),
        offsetof(gg_state, rng_ties),
    };
    uint64_t h = 0xcbf29ce484222325u;
    const uint32_t order = 0x01020304u;
    const uint8_t *o = (const uint8_t *)&order;
    for (size_t i = 0; i < sizeof order; i++)
        h = (h ^ o[i]) * 0x100000001b3u;
    h = (h ^ (uint64_t)GG_RULES_VERSION) * 0x100000001b3u;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        h = (h ^ (uint64_t)parts[i]) * 0x100000001b3u;
    return h;
}

/* Encodes g into buf; returns the length, or GG_EBUFFER_FULL. */
static int encode(const host_game *g, uint8_t *buf, size_t cap)
{
    wbuf w = {buf, 0, cap, 0};
    put(&w, SNAP_MAGIC, 4);
    put_uint(&w, SNAP_VERSION, 2);
    put_uint(&w, GG_RULES_VERSION, 4);
    put_uint(&w, g->journal_seq, 4);
    put_uint(&w, g->phase_no, 4);
    put_u8(&w, g->seen_turn);
    put_u8(&w, g->seen_phase);
    put_u8(&w, g->ready);
    put_u8(&w, g->bots_acted);
    put_u8(&w, g->bot_perm);
    put_u8(&w, g->bot_temp);
    put_u8(&w, g->paused ? 1 : 0);
    put_u8(&w, g->over_announced ? 1 : 0);
    for (int seat = 0; seat < GG_SEATS; seat++) {
        put_u8(&w, g->bot_counter_turn[seat]);
        put_u8(&w, g->bot_counters[seat]);
    }
    for (int seat = 0; seat < GG_SEATS; seat++) {
        const gg_bot *b = &g->bots[seat];
        put_u8(&w, b->kind);
        put_u8(&w, b->seat);
        put_u8(&w, b->mcts_k);
        put_u8(&w, b->mcts_rollouts);
        put_u8(&w, b->search);
        put_u8(&w, b->honesty);
        put_u8(&w, b->counter_turn);
        put_u8(&w, b->counters);
        put_uint(&w, b->rng.state, 8);
        put_uint(&w, b->rng.inc, 8);
    }
    for (int st = 0; st < GG_STREAMS; st++) {
        put_uint(&w, g->streams[st].seq, 4);
        put_u8(&w, g->streams[st].recording ? 1 : 0);
    }
    put_u8(&w, (unsigned)g->ntokens);
    for (int i = 0; i < g->ntokens; i++) {
        size_t n = strnlen(g->tokens[i].tok, sizeof g->tokens[i].tok);
        put_u8(&w, g->tokens[i].who);
        put_u8(&w, (unsigned)n);
        put(&w, g->tokens[i].tok, n);
    }
    int last = g->turn_hashes.last;
    put_u8(&w, (unsigned)last);
    for (int t = 1; t <= last; t++)
        put_uint(&w, g->turn_hashes.hash[t], 8);
    put_uint(&w, layout(), 8);
    put_uint(&w, gg_state_hash(&g->s), 8);
    put_uint(&w, sizeof g->s, 4);
    put(&w, &g->s, sizeof g->s);
    return w.full ? GG_EBUFFER_FULL : (int)w.len;
}

void gg__game_snapshot(host_game *g, int turn)
{
    host *h = g->h;
    if (!h->store || !g->store_id || g->replaying || h->cfg.no_snapshots)
        return;
    uint8_t *buf = malloc(GG_STORE_SNAPSHOT_MAX);
    int n = buf ? encode(g, buf, GG_STORE_SNAPSHOT_MAX) : GG_EINTERNAL;
    int err =
        n < 0 ? n
              : gg_store_put_snapshot(h->store, g->store_id, g->journal_seq, turn, buf, (size_t)n);
    free(buf);
    if (err) {
        /* A missing snapshot costs recovery time only; a storage error also
         * fails the group, which the commit reports like any write's. */
        h->m.snapshot_errors++;
        gg_log(GG_LOG_WARN, "snapshot_failed", "game", g->id, "error", gg_errname(err), "detail",
               h->store ? gg_store_errmsg(h->store) : "", GG_LOG_END);
        return;
    }
    h->m.snapshots_written++;
    h->m.snapshot_bytes += (uint64_t)n;
}

int gg__game_restore(host_game *g, uint32_t seq, const uint8_t *p, size_t len, char *why,
                     size_t cap)
{
    rbuf r = {p, len, 0};
    const uint8_t *magic = take(&r, 4);
    if (!magic || memcmp(magic, SNAP_MAGIC, 4) != 0) {
        snprintf(why, cap, "not a game snapshot");
        return GG_ESTORAGE_CORRUPT;
    }
    uint64_t version = get_uint(&r, 2), rules = get_uint(&r, 4);
    if (version != SNAP_VERSION || rules != GG_RULES_VERSION) {
        snprintf(why, cap, "snapshot format %llu of rules %llu (this server: %d of rules %d)",
                 (unsigned long long)version, (unsigned long long)rules, SNAP_VERSION,
                 GG_RULES_VERSION);
        return GG_EREPLAY_DIVERGED;
    }
    uint32_t jseq = (uint32_t)get_uint(&r, 4);
    g->phase_no = (uint32_t)get_uint(&r, 4);
    g->seen_turn = get_u8(&r);
    g->seen_phase = get_u8(&r);
    g->ready = get_u8(&r);
    g->bots_acted = get_u8(&r);
    g->bot_perm = get_u8(&r);
    g->bot_temp = get_u8(&r);
    g->paused = get_u8(&r);
    g->over_announced = get_u8(&r);
    for (int seat = 0; seat < GG_SEATS; seat++) {
        g->bot_counter_turn[seat] = get_u8(&r);
        g->bot_counters[seat] = get_u8(&r);
    }
    for (int seat = 0; seat < GG_SEATS; seat++) {
        gg_bot *b = &g->bots[seat];
        b->kind = get_u8(&r);
        b->seat = get_u8(&r);
        b->mcts_k = get_u8(&r);
        b->mcts_rollouts = get_u8(&r);
        b->search = get_u8(&r);
        b->honesty = get_u8(&r);
        b->counter_turn = get_u8(&r);
        b->counters = get_u8(&r);
        b->rng.state = get_uint(&r, 8);
        b->rng.inc = get_uint(&r, 8);
        if (b->seat != seat || b->kind >= GG_BOT_KINDS)
            r.bad = 1;
    }
    for (int st = 0; st < GG_STREAMS; st++) {
        g->streams[st].seq = (uint32_t)get_uint(&r, 4);
        if (get_u8(&r)) {
            gg_stream_record(&g->streams[st]);
            g->streams[st].since = 0; /* not stored: a resume from before it
                                         asks the journal (history.c) */
        }
    }
    int ntok = get_u8(&r);
    if (ntok > GG_MAX_TOKENS_PER_GAME || gg__game_tokens_reserve(g, ntok) != 0)
        r.bad = 1;
    for (int i = 0; !r.bad && i < ntok; i++) {
        host_token *t = &g->tokens[i];
        t->who = get_u8(&r);
        size_t n = get_u8(&r);
        const uint8_t *tok = n < sizeof t->tok ? take(&r, n) : NULL;
        if (!tok || t->who >= GG_STREAMS) {
            r.bad = 1;
            break;
        }
        memcpy(t->tok, tok, n);
        t->tok[n] = '\0';
        t->holder = NULL;
        t->used = uv_now(g->h->loop);
    }
    g->ntokens = r.bad ? 0 : ntok;
    int last = get_u8(&r);
    if (last > GG_MAX_TURNS)
        r.bad = 1;
    for (int t = 1; !r.bad && t <= last; t++)
        gg_turn_hashes_set(&g->turn_hashes, t, get_uint(&r, 8));
    uint64_t fingerprint = get_uint(&r, 8), hash = get_uint(&r, 8), n = get_uint(&r, 4);
    const uint8_t *state = n == sizeof g->s && n == r.left ? take(&r, (size_t)n) : NULL;
    if (!r.bad && state && fingerprint != layout()) {
        snprintf(why, cap, "its engine state was written by another build (layout %016llx)",
                 (unsigned long long)fingerprint);
        return GG_EREPLAY_DIVERGED;
    }
    if (r.bad || !state || jseq != seq) {
        snprintf(why, cap, "malformed (%s)",
                 jseq != seq && !r.bad ? "it names another record" : "a field is out of range");
        return GG_ESTORAGE_CORRUPT;
    }
    memcpy(&g->s, state, sizeof g->s);
    if (gg_state_hash(&g->s) != hash) {
        snprintf(why, cap, "its engine state does not hash to the hash stored with it");
        return GG_ESTORAGE_CORRUPT;
    }
    /* At a snapshot the phase has just begun: its start state is the state. */
    g->phase_state = g->s;
    g->phase_started = uv_now(g->h->loop);
    g->journal_seq = seq;
    return 0;
}

static int keep_snap(uint32_t seq, int turn, const void *data, size_t len, void *ud)
{
    host_snaps *sn = ud;
    if (sn->n == (int)(sizeof sn->s / sizeof sn->s[0]))
        return 0; /* more than kept (an older server's): the newest are enough */
    host_snap *x = &sn->s[sn->n];
    x->seq = seq;
    x->turn = turn;
    x->len = len;
    x->p = NULL;
    if (data && !(x->p = malloc(len)))
        return GG_EINTERNAL;
    if (data)
        memcpy(x->p, data, len);
    sn->n++;
    return 0;
}

int gg__snapshots_read(host *h, int64_t id, host_snaps *sn)
{
    memset(sn, 0, sizeof *sn);
    int err = gg_store_snapshots(h->store, id, keep_snap, sn);
    if (err)
        gg__snapshots_free(sn);
    return err;
}

void gg__snapshots_free(host_snaps *sn)
{
    for (int i = 0; i < sn->n; i++)
        free(sn->s[i].p);
    sn->n = 0;
}
