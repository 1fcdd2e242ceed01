/* recovery.c — rebuilding unfinished games, and games finished less than
 * --keep-finished ago, from the journal when gg-server starts: every record's checksum and
 * numbering is checked, the game starts from its newest usable snapshot (snapshot.c; none, or
 * none usable: from its creation), and every record after it is fed through the same
 * gg__game_apply path as live play (with `replaying` set: no journal writes, no sends, no bots),
 * each turn's state hash is checked against the stored one, and the phase clock resumes from the
 * stored deadline. A game that diverges or is damaged is never left out silently: gg-server
 * refuses to start, naming it and the record, or with --quarantine-corrupt sets it aside
 * (gg__host_recover in host.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "log.h"

/* Wall-clock now in ms (the clock gg_store_finish_game's finished_ms uses). */
static int64_t wall_now_ms(void)
{
    uv_timeval64_t tv;
    uv_gettimeofday(&tv);
    return tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

typedef struct rec {
    uint32_t seq;
    int kind;
    uint32_t len;
    uint8_t *p;
} rec;

typedef struct loaded {
    rec *r;
    size_t n, cap;
    gg_turn_hashes hashes;
    uint32_t gap_after, gap_seq; /* a record missing: seq gap_seq follows gap_after */
} loaded;

/* Journal records are numbered 1, 2, 3... per game (gg__host_journal): a
 * gap is a lost record. */
static int load_rec(uint32_t seq, int kind, const uint8_t *p, size_t len, void *ud)
{
    loaded *l = ud;
    uint32_t prev = l->n ? l->r[l->n - 1].seq : 0;
    if (seq != prev + 1) {
        l->gap_after = prev;
        l->gap_seq = seq;
        return GG_ESTORAGE_CORRUPT;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        rec *r = realloc(l->r, cap * sizeof *r);
        if (!r)
            return GG_EINTERNAL;
        l->r = r;
        l->cap = cap;
    }
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy)
        return GG_EINTERNAL;
    memcpy(copy, p, len);
    l->r[l->n++] = (rec){seq, kind, (uint32_t)len, copy};
    return 0;
}

static int load_hash(int turn, uint64_t hash, void *ud)
{
    loaded *l = ud;
    if (turn < 1 || turn > GG_MAX_TURNS)
        return GG_ESTORAGE_CORRUPT;
    gg_turn_hashes_set(&l->hashes, turn, hash);
    return 0;
}

/* Rebuilds the game from `create` and the loaded journal: from snapshot x
 * (records after it replayed), or from the first record when x is NULL.
 * Returns 0 and *out, or an error with `why` (the game is destroyed). */
static int rebuild(host *h, const gg_game_summary *sum, const gg_msg *create,
                   const gg_game_meta *meta, const loaded *l, const host_snap *x, host_game **out,
                   char *why, size_t cap)
{
    host_game *g = NULL;
    *out = NULL;
    int err = gg__game_create(h, create, meta->seed, meta, sum->id, &g);
    if (err) {
        snprintf(why, cap, "game %lld: cannot rebuild it from its stored options (%s)",
                 (long long)sum->id, gg_errname(err));
        return err;
    }
    g->replaying = 1;
    size_t first = 0;
    if (x) {
        char what[160];
        if (!x->p) {
            err = GG_ESTORAGE_CORRUPT;
            snprintf(what, sizeof what, "the row fails its checksum");
        } else if (x->seq == 0 || x->seq > (l->n ? l->r[l->n - 1].seq : 0)) {
            err = GG_ESTORAGE_CORRUPT;
            snprintf(what, sizeof what, "it covers record %u, the journal ends at %u", x->seq,
                     l->n ? l->r[l->n - 1].seq : 0);
        } else {
            err = gg__game_restore(g, x->seq, x->p, x->len, what, sizeof what);
        }
        /* The snapshot's state must be the one whose hash the journal holds
         * for its turn (a separate, checksummed row). */
        if (!err && x->turn > 0 && x->turn <= GG_MAX_TURNS && l->hashes.hash[x->turn] &&
            l->hashes.hash[x->turn] != gg_state_hash(&g->s)) {
            err = GG_EREPLAY_DIVERGED;
            snprintf(what, sizeof what, "its state does not hash to the stored hash of turn %d",
                     x->turn);
        }
        if (err)
            snprintf(why, cap, "game %lld: snapshot of record %u (turn %d): %s", (long long)sum->id,
                     x->seq, x->turn, what);
        first = x->seq; /* records are numbered 1..n: record seq is r[seq - 1] */
    } else {
        gg__game_settle(g);
    }
    for (size_t i = first; i < l->n && !err; i++) {
        err = gg__game_replay_record(g, l->r[i].kind, l->r[i].p, l->r[i].len);
        if (err)
            snprintf(why, cap,
                     "game %lld: journal record seq %u (kind %d) is refused on replay (%s)",
                     (long long)sum->id, l->r[i].seq, l->r[i].kind, gg_errname(err));
        g->journal_seq = l->r[i].seq;
    }
    int t = err ? 0 : gg_turn_hashes_diverge(&g->turn_hashes, &l->hashes);
    if (t) {
        err = GG_EREPLAY_DIVERGED;
        snprintf(why, cap,
                 "game %lld: the replay of its journal%s diverges from the stored state hash "
                 "at turn %d",
                 (long long)sum->id, x ? " from a snapshot" : "", t);
    }
    g->replaying = 0;
    if (err) {
        gg__game_destroy(g);
        return err;
    }
    *out = g;
    return 0;
}

/* gg__host_load_game, saying in `why` what failed (the game, and the record or turn). Every
 * record's checksum and numbering is verified; the game is then rebuilt from its newest usable
 * snapshot and the records after it, or, when none is usable (damaged, another format, or it
 * does not agree with the journal: logged as snapshot_unusable and counted), from its first
 * record. */
static int load_game_why(host *h, const gg_game_summary *sum, host_game **out, char *why,
                         size_t cap)
{
    loaded l = {0};
    host_snaps sn = {0};
    gg_game_meta meta;
    host_game *g = NULL;
    *out = NULL;
    why[0] = '\0';
    if (sum->damaged) {
        snprintf(why, cap,
                 "game %lld: its games row (finished flag, deadline, result) fails its checksum",
                 (long long)sum->id);
        return GG_ESTORAGE_CORRUPT;
    }
    int err = gg_store_load(h->store, sum->id, &meta, load_rec, load_hash, &l);
    if (err == GG_ESTORAGE_CORRUPT && l.gap_seq)
        snprintf(why, cap,
                 "game %lld: journal record seq %u is missing (record %u is followed by %u)",
                 (long long)sum->id, l.gap_after + 1, l.gap_after, l.gap_seq);
    else if (err && !strncmp(gg_store_errmsg(h->store), "game ", 5))
        snprintf(why, cap, "%s", gg_store_errmsg(h->store)); /* names the game and record */
    else if (err)
        snprintf(why, cap, "game %lld: %s", (long long)sum->id,
                 err <= GG_ESTORAGE_IO && err >= GG_ENOT_FOUND ? gg_store_errmsg(h->store)
                                                               : gg_strerror(err));
    gg_msg create;
    if (!err && (err = gg_msg_decode(&create, meta.options, meta.options_len, NULL)) != 0)
        snprintf(why, cap, "game %lld: its stored options do not decode (%s)", (long long)sum->id,
                 gg_errname(err));
    if (!err && create.type != GG_MSG_create_game) {
        err = GG_ESTORAGE_CORRUPT;
        snprintf(why, cap, "game %lld: its stored options are not a create_game",
                 (long long)sum->id);
    }
    if (!err && !h->cfg.no_snapshots && (err = gg__snapshots_read(h, sum->id, &sn)) != 0)
        snprintf(why, cap, "game %lld: its snapshots cannot be read (%s)", (long long)sum->id,
                 gg_errname(err));
    uint32_t from = 0;
    for (int i = 0; !err && !g && i < sn.n; i++) {
        char bad[GG_STORE_QUARANTINE_MAX + 256];
        if (rebuild(h, sum, &create, &meta, &l, &sn.s[i], &g, bad, sizeof bad) == 0) {
            from = sn.s[i].seq;
            break;
        }
        h->m.snapshot_fallbacks++;
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)sum->id);
        gg_log(GG_LOG_WARN, "snapshot_unusable", "game", id, "detail", bad, "action",
               i + 1 < sn.n ? "trying an older snapshot" : "replaying the whole journal",
               GG_LOG_END);
    }
    if (!err && !g)
        err = rebuild(h, sum, &create, &meta, &l, NULL, &g, why, cap);
    gg__snapshots_free(&sn);
    for (size_t i = 0; i < l.n; i++)
        free(l.r[i].p);
    free(l.r);
    if (!err && (err = gg__host_add_game(h, g)) != 0)
        snprintf(why, cap, "game %lld: cannot register it (%s)", (long long)sum->id,
                 gg_errname(err));
    if (err) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)sum->id);
        gg_log(GG_LOG_ERROR, "recovery_failed", "game", id, "error", gg_errname(err), "detail", why,
               GG_LOG_END);
        gg__game_destroy(g);
        return err;
    }
    /* Bots whose moves of this phase are in the journal do not act again
     * (gg__game_apply noted them in bots_acted); the others act now, on the
     * phase-start state, as they would have. The clock resumes from the
     * stored deadline. */
    if (sum->deadline_ms > 0 && g->s.phase != GG_PHASE_OVER) {
        uv_timeval64_t tv;
        uv_gettimeofday(&tv);
        int64_t left = sum->deadline_ms - (tv.tv_sec * 1000 + tv.tv_usec / 1000);
        gg__game_resume_clock(g, left > 0 ? (uint64_t)left : 1);
    }
    if (g->over_announced && sum->finished) {
        /* The keep window counts from the stored end, not from this start. */
        int64_t since = wall_now_ms() - sum->finished_ms;
        uint64_t ago = since > 0 ? (uint64_t)since : 0;
        uint64_t now = uv_now(h->loop);
        g->over_at = ago < now ? now - ago : 0;
    }
    if (from)
        h->m.recovered_from_snapshot++;
    char nrec[24], snapseq[24];
    snprintf(nrec, sizeof nrec, "%zu", l.n - (size_t)from);
    snprintf(snapseq, sizeof snapseq, "%u", from);
    gg_log(GG_LOG_DEBUG, "game_loaded", "game", g->id, "snapshot", snapseq, "replayed", nrec,
           "phase", gg_phase_name(g->s.phase), GG_LOG_END);
    *out = g;
    return 0;
}

int gg__host_load_game(host *h, const gg_game_summary *sum, host_game **out)
{
    char why[GG_STORE_QUARANTINE_MAX + 256];
    return load_game_why(h, sum, out, why, sizeof why);
}

/* Rebuilds one game (unfinished, or finished within the keep window) from the journal and checks
 * every turn's hash. Returns 0, or an error with what failed (game, record) in `why`. */
static int recover_game(host *h, const gg_game_summary *sum, char *why, size_t cap)
{
    host_game *g;
    if (sum->finished && gg__lobby_is_archived(h, sum->id))
        return 0; /* archived as abandoned: kept in the journal, not loaded */
    uint64_t from_snapshot = h->m.recovered_from_snapshot;
    int err = load_game_why(h, sum, &g, why, cap);
    if (err)
        return err;
    h->m.games_recovered++;
    char nrec[24];
    snprintf(nrec, sizeof nrec, "%u", sum->n_records);
    gg_log(GG_LOG_INFO, "game_recovered", "game", g->id, "records", nrec, "phase",
           gg_phase_name(g->s.phase), "from",
           h->m.recovered_from_snapshot != from_snapshot ? "snapshot" : "journal", GG_LOG_END);
    gg__game_settle(g);
    return 0;
}

/* The games to reload, collected first: the store refuses reads from
 * inside its own listing callback. */
typedef struct pending {
    gg_game_summary *g;
    size_t n, cap;
    int keep_s; /* the host's keep_finished_s */
} pending;

/* Unfinished games, finished ones that ended less than keep_s ago (their
 * players may not have seen game_over yet: a crash right after the end),
 * damaged rows (whether they are finished is not known) and quarantined
 * games (remembered, not loaded). */
static int list_reloadable(const gg_game_summary *sum, void *ud)
{
    pending *p = ud;
    if (sum->finished && !sum->damaged && !sum->quarantine[0] &&
        wall_now_ms() - sum->finished_ms >= (int64_t)p->keep_s * 1000)
        return 0;
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 64;
        gg_game_summary *g = realloc(p->g, cap * sizeof *g);
        if (!g)
            return GG_EINTERNAL;
        p->g = g;
        p->cap = cap;
    }
    p->g[p->n++] = *sum;
    return 0;
}

/* Remembers a quarantined game with its codes as stored (if the row can be
 * read at all), so a join with one of them is told GAME_QUARANTINED. */
static int remember_quarantined(host *h, int64_t id)
{
    host_quarantined *q = realloc(h->quarantined, (size_t)(h->nquarantined + 1) * sizeof *q);
    if (!q)
        return GG_EINTERNAL;
    h->quarantined = q;
    q = &h->quarantined[h->nquarantined++];
    memset(q, 0, sizeof *q);
    q->store_id = id;
    gg_game_meta meta;
    memset(&meta, 0, sizeof meta);
    int err = gg_store_load(h->store, id, &meta, NULL, NULL, NULL);
    if (err == 0 || err == GG_ESTORAGE_CORRUPT) /* untrusted codes still identify the game */
        memcpy(q->codes, meta.codes, sizeof q->codes);
    return 0;
}

const host_quarantined *gg__host_quarantined_code(const host *h, const char *code)
{
    if (!code[0])
        return NULL;
    for (int i = 0; i < h->nquarantined; i++)
        for (int c = 0; c < GG_STORE_NCODES; c++)
            if (h->quarantined[i].codes[c][0] && !strcmp(h->quarantined[i].codes[c], code))
                return &h->quarantined[i];
    return NULL;
}

static void log_quarantined(int64_t id, const char *why, const char *when)
{
    char sid[24];
    snprintf(sid, sizeof sid, "%lld", (long long)id);
    gg_log(GG_LOG_WARN, "game_quarantined", "game", sid, "since", when, "reason", why, GG_LOG_END);
}

/* Quarantines game `id` for `why` (committed at once). 0 or an error. */
static int quarantine(host *h, int64_t id, const char *why)
{
    int err = gg_store_quarantine(h->store, id, why, wall_now_ms());
    if (!err)
        err = gg_store_commit(h->store);
    if (err) {
        fprintf(stderr, "gg-server: cannot record game %lld as quarantined: %s\n", (long long)id,
                gg_store_errmsg(h->store));
        return err;
    }
    log_quarantined(id, why, "now");
    fprintf(stderr, "gg-server: game %lld quarantined (not loaded, kept in games.db): %s\n",
            (long long)id, why);
    return remember_quarantined(h, id);
}

static void refuse(const char *why)
{
    fprintf(stderr,
            "gg-server: cannot start: %s.\n"
            "gg-server does not start without a game it cannot recover (that game would be "
            "lost silently).\nRestore the data directory from a backup, or start with "
            "--quarantine-corrupt to set such\ngames aside: they stay in games.db, `gg-server "
            "list` shows them as quarantined, and\ntheir players are told GAME_QUARANTINED when "
            "they join.\n",
            why);
}

int gg__host_recover(host *h)
{
    pending p = {0};
    p.keep_s = h->cfg.keep_finished_s;
    char why[GG_STORE_QUARANTINE_MAX + 256];
    int err = gg_store_list(h->store, 0, list_reloadable, &p);
    if (err) {
        snprintf(why, sizeof why, "the journal cannot be listed (%s): %s", gg_errname(err),
                 gg_store_errmsg(h->store));
        refuse(why);
    }
    int64_t orphan = 0;
    if (!err && (err = gg_store_orphans(h->store, &orphan)) != 0) {
        /* The lost games row cannot be quarantined (nothing to list): refuse even with
         * --quarantine-corrupt. */
        snprintf(why, sizeof why, "%s", gg_store_errmsg(h->store));
        refuse(why);
    }
    for (size_t i = 0; !err && i < p.n; i++) {
        if (p.g[i].quarantine[0]) {
            log_quarantined(p.g[i].id, p.g[i].quarantine, "earlier");
            err = remember_quarantined(h, p.g[i].id);
            continue;
        }
        int e = recover_game(h, &p.g[i], why, sizeof why);
        if (!e)
            continue;
        if (h->cfg.quarantine_corrupt) {
            err = quarantine(h, p.g[i].id, why);
        } else {
            refuse(why);
            err = e;
        }
    }
    free(p.g);
    return err;
}
