/* store/store_read.c — reading games back: list, summary, load (recovery),
 * result, and export to a replay file. */
#include "store_internal.h"

#include "gg/errors.h"
#include "gg/limits.h"

#include <stdio.h>
#include <errno.h>
#include <string.h>

static const uint8_t empty_payload[1] = {0};

/* Copies a TEXT column into a fixed buffer; 0 if it fits, -1 if not. */
static int copy_text(sqlite3_stmt *st, int col, char *dst, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    size_t n = (size_t)sqlite3_column_bytes(st, col);
    if (n >= cap)
        return -1;
    if (n)
        memcpy(dst, t, n);
    dst[n] = '\0';
    return 0;
}

static int corrupt_row(gg_store *s, int64_t game, const char *what)
{
    return gg__store_msg(s, GG_ESTORAGE_CORRUPT,
                         "game %lld in '%s/games.db' has an out-of-range %s; the file was "
                         "changed outside gg-server. Restore it from a backup.",
                         (long long)game, s->dir, what);
}

/* Fills a summary from the current row of LIST or SUMMARY. A row that
 * fails its checksums or holds out-of-range values is not an error here:
 * it is marked damaged (the caller decides), so one bad row never hides
 * the others from a listing. */
static void row_summary(sqlite3_stmt *st, gg_game_summary *g)
{
    memset(g, 0, sizeof *g);
    g->id = sqlite3_column_int64(st, 0);
    if (copy_text(st, 1, g->scenario, sizeof g->scenario))
        g->damaged = 1;
    g->seed = gg__i64_to_u64(sqlite3_column_int64(st, 2));
    g->created_ms = sqlite3_column_int64(st, 3);
    g->finished = sqlite3_column_int(st, 4) != 0;
    g->finished_ms = sqlite3_column_int64(st, 5);
    g->deadline_phase = sqlite3_column_int(st, 6);
    g->deadline_ms = sqlite3_column_int64(st, 7);
    sqlite3_int64 nrec = sqlite3_column_int64(st, 8), last = sqlite3_column_int64(st, 9);
    sqlite3_int64 nhash = sqlite3_column_int64(st, 10), turn = sqlite3_column_int64(st, 11);
    if (nrec < 0 || nrec > UINT32_MAX || last < 0 || last > UINT32_MAX || nhash < 0 ||
        nhash > UINT32_MAX || turn < INT32_MIN || turn > INT32_MAX)
        g->damaged = 1;
    else {
        g->n_records = (uint32_t)nrec;
        g->last_seq = (uint32_t)last;
        g->n_hashes = (uint32_t)nhash;
        g->last_turn = (int)turn;
    }
    if (sqlite3_column_int(st, 12) != 1)
        g->damaged = 1;
    if (sqlite3_column_type(st, 13) != SQLITE_NULL &&
        copy_text(st, 13, g->quarantine, sizeof g->quarantine))
        snprintf(g->quarantine, sizeof g->quarantine, "%s", "(reason unreadable)");
}

/* Ends a read: reports a step error, if any. */
static int read_end(gg_store *s, sqlite3_stmt *st, int rc, const char *what)
{
    sqlite3_reset(st);
    s->reading = 0;
    return rc == SQLITE_DONE ? 0 : gg__store_error(s, rc, what);
}

int gg_store_list(gg_store *s, int unfinished_only, int (*cb)(const gg_game_summary *g, void *ud),
                  void *ud)
{
    if (s->reading)
        return gg__store_msg(s, GG_EINTERNAL, "list called from a read callback");
    sqlite3_stmt *st = s->st[GG__ST_LIST];
    sqlite3_bind_int(st, 1, unfinished_only ? 1 : 0);
    s->reading = 1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        gg_game_summary g;
        row_summary(st, &g);
        int r = cb(&g, ud);
        if (r) {
            sqlite3_reset(st);
            s->reading = 0;
            return r;
        }
    }
    return read_end(s, st, rc, "listing games");
}

int gg_store_get_summary(gg_store *s, int64_t game, gg_game_summary *out)
{
    sqlite3_stmt *st = s->st[GG__ST_SUMMARY];
    sqlite3_bind_int64(st, 1, game);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        row_summary(st, out);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc == SQLITE_DONE)
        return gg__store_msg(s, GG_ENOT_FOUND, "no game %lld in the store", (long long)game);
    return gg__store_error(s, rc, "reading a game summary");
}

static int load_meta(gg_store *s, int64_t game, gg_game_meta *m)
{
    sqlite3_stmt *st = s->st[GG__ST_META];
    sqlite3_bind_int64(st, 1, game);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
            return gg__store_msg(s, GG_ENOT_FOUND, "no game %lld in the store", (long long)game);
        return gg__store_error(s, rc, "loading a game");
    }
    int r = 0;
    memset(m, 0, sizeof *m);
    if (copy_text(st, 0, m->scenario, sizeof m->scenario))
        r = corrupt_row(s, game, "scenario");
    m->seed = gg__i64_to_u64(sqlite3_column_int64(st, 1));
    int n = sqlite3_column_bytes(st, 2);
    if (n < 0 || n > GG_STORE_OPTIONS_MAX)
        r = corrupt_row(s, game, "options length");
    else if (n > 0)
        memcpy(m->options, sqlite3_column_blob(st, 2), (size_t)n);
    m->options_len = r ? 0 : (uint32_t)n;
    for (int i = 0; i < GG_STORE_NCODES && !r; i++)
        if (copy_text(st, 3 + i, m->codes[i], sizeof m->codes[i]))
            r = corrupt_row(s, game, "join code");
    m->created_ms = sqlite3_column_int64(st, 9);
    sqlite3_int64 stored = sqlite3_column_int64(st, 10), computed = sqlite3_column_int64(st, 11);
    if (!r && (sqlite3_column_type(st, 10) != SQLITE_INTEGER || stored != computed))
        r = gg__store_bad_sum(s, game, "its games row (scenario, seed, options, codes)", stored,
                              computed);
    sqlite3_reset(st);
    return r;
}

int gg_store_load(gg_store *s, int64_t game, gg_game_meta *m, gg_record_fn rec, gg_hash_fn hash,
                  void *ud)
{
    return gg_store_load_after(s, game, -1, m, rec, hash, ud);
}

int gg_store_load_after(gg_store *s, int64_t game, int64_t after, gg_game_meta *m, gg_record_fn rec,
                        gg_hash_fn hash, void *ud)
{
    if (s->reading)
        return gg__store_msg(s, GG_EINTERNAL, "load called from a read callback");
    gg_game_meta tmp;
    int r = load_meta(s, game, m ? m : &tmp);
    if (r)
        return r;
    int rc;
    sqlite3_stmt *st = s->st[GG__ST_RECORDS];
    if (rec) {
        sqlite3_bind_int64(st, 1, game);
        sqlite3_bind_int64(st, 2, after);
        s->reading = 1;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            sqlite3_int64 seq = sqlite3_column_int64(st, 0), kind = sqlite3_column_int64(st, 1);
            const void *p = sqlite3_column_blob(st, 2);
            int n = sqlite3_column_bytes(st, 2);
            sqlite3_int64 stored = sqlite3_column_int64(st, 3);
            sqlite3_int64 computed = sqlite3_column_int64(st, 4);
            char what[64];
            if (sqlite3_column_type(st, 3) != SQLITE_INTEGER || stored != computed) {
                snprintf(what, sizeof what, "journal record seq %lld", (long long)seq);
                r = gg__store_bad_sum(s, game, what, stored, computed);
            } else if (seq < 0 || seq > UINT32_MAX || kind < INT32_MIN || kind > INT32_MAX ||
                       n < 0 || n > GG_MAX_MESSAGE)
                r = corrupt_row(s, game, "journal record");
            else
                r = rec((uint32_t)seq, (int)kind, n ? p : empty_payload, (size_t)n, ud);
            if (r)
                break;
        }
        if (r) {
            sqlite3_reset(st);
            s->reading = 0;
            return r;
        }
        if ((r = read_end(s, st, rc, "loading a journal")) != 0)
            return r;
    }
    if (!hash)
        return 0;
    st = s->st[GG__ST_HASHES];
    sqlite3_bind_int64(st, 1, game);
    s->reading = 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        sqlite3_int64 turn = sqlite3_column_int64(st, 0);
        sqlite3_int64 stored = sqlite3_column_int64(st, 2), computed = sqlite3_column_int64(st, 3);
        if (sqlite3_column_type(st, 2) != SQLITE_INTEGER || stored != computed) {
            char what[48];
            snprintf(what, sizeof what, "the hash of turn %lld", (long long)turn);
            r = gg__store_bad_sum(s, game, what, stored, computed);
        } else if (turn < INT32_MIN || turn > INT32_MAX)
            r = corrupt_row(s, game, "turn");
        else
            r = hash((int)turn, gg__i64_to_u64(sqlite3_column_int64(st, 1)), ud);
        if (r) {
            sqlite3_reset(st);
            s->reading = 0;
            return r;
        }
    }
    return read_end(s, st, rc, "loading turn hashes");
}

int gg_store_get_result(gg_store *s, int64_t game, void *buf, size_t cap, size_t *len)
{
    sqlite3_stmt *st = s->st[GG__ST_RESULT];
    sqlite3_bind_int64(st, 1, game);
    int rc = sqlite3_step(st), r = 0;
    if (rc == SQLITE_ROW && sqlite3_column_int(st, 0)) {
        const void *p = sqlite3_column_blob(st, 1);
        int n = sqlite3_column_bytes(st, 1);
        *len = n > 0 ? (size_t)n : 0;
        if (*len > cap)
            r = gg__store_msg(s, GG_EBUFFER_FULL, "result of game %lld needs %zu bytes",
                              (long long)game, *len);
        else if (*len)
            memcpy(buf, p, *len);
    } else if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
        r = gg__store_msg(s, GG_ENOT_FOUND, "game %lld does not exist or is not finished",
                          (long long)game);
    } else {
        r = gg__store_error(s, rc, "reading a result");
    }
    sqlite3_reset(st);
    return r;
}

/* ---- export ------------------------------------------------------------ */

static int export_record(uint32_t seq, int kind, const uint8_t *p, size_t n, void *ud)
{
    return gg_replay_writer_record(ud, seq, kind, p, n);
}

static int export_hash(int turn, uint64_t h, void *ud)
{
    return gg_replay_writer_hash(ud, turn, h);
}

int gg_store_encode_replay(gg_store *s, int64_t game, gg_replay_writer *w, const uint8_t **buf,
                           size_t *len)
{
    memset(w, 0, sizeof *w);
    gg_game_summary sum;
    gg_game_meta m;
    int r = gg_store_get_summary(s, game, &sum);
    if (r == 0 && sum.damaged)
        r = gg__store_msg(s, GG_ESTORAGE_CORRUPT,
                          "game %lld in '%s/games.db': its games row (deadline, finished, result) "
                          "fails its checksum: the file was damaged outside gg-server. Restore "
                          "games.db from a backup.",
                          (long long)game, s->dir);
    if (r == 0)
        r = load_meta(s, game, &m);
    if (r)
        return r;
    gg_replay_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.scenario, m.scenario, sizeof h.scenario);
    h.seed = m.seed;
    h.created_ms = m.created_ms;
    memcpy(h.options, m.options, m.options_len);
    h.options_len = m.options_len;
    h.finished = sum.finished;
    h.finished_ms = sum.finished ? sum.finished_ms : 0;
    h.n_records = sum.n_records;
    h.n_hashes = sum.n_hashes;

    /* The result is read straight from the row: the statement stays
     * positioned on it until the header is encoded. */
    sqlite3_stmt *st = s->st[GG__ST_RESULT];
    sqlite3_bind_int64(st, 1, game);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return gg__store_error(s, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, "exporting a game");
    }
    if (h.finished) {
        int n = sqlite3_column_bytes(st, 1);
        h.result = sqlite3_column_blob(st, 1);
        h.result_len = n > 0 ? (uint32_t)n : 0;
    }
    r = gg_replay_writer_init(w, &h);
    sqlite3_reset(st);
    if (r)
        return r == GG_EREPLAY_FORMAT ? corrupt_row(s, game, "field for a replay") : r;
    r = gg_store_load(s, game, NULL, export_record, export_hash, w);
    if (r == 0)
        r = gg_replay_writer_finish(w, buf, len);
    if (r == GG_EREPLAY_FORMAT)
        r = gg__store_msg(s, GG_EINTERNAL,
                          "export of game %lld: the journal changed while it "
                          "was being read (a store call from a callback?)",
                          (long long)game);
    return r;
}

/* A read-only handle reads the whole replay inside one read transaction,
 * so a server writing meanwhile cannot change the journal between the
 * summary and the records. */
static int encode_snapshot(gg_store *s, int64_t game, gg_replay_writer *w, const uint8_t **buf,
                           size_t *len)
{
    int tx = s->readonly && sqlite3_get_autocommit(s->db);
    if (tx && sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        memset(w, 0, sizeof *w);
        return gg__store_error(s, sqlite3_errcode(s->db), "starting a read");
    }
    int r = gg_store_encode_replay(s, game, w, buf, len);
    if (tx)
        sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    return r;
}

int gg_store_export_replay(gg_store *s, int64_t game, const char *path)
{
    gg_replay_writer w;
    const uint8_t *buf = NULL;
    size_t len = 0;
    int r = encode_snapshot(s, game, &w, &buf, &len);
    if (r == 0)
        r = gg_replay_write_file(path, buf, len, s->msg, sizeof s->msg);
    gg_replay_writer_close(&w);
    return r;
}

int gg_store_export_to(gg_store *s, int64_t game, FILE *f, size_t *written)
{
    gg_replay_writer w;
    const uint8_t *buf = NULL;
    size_t len = 0;
    *written = 0;
    int r = encode_snapshot(s, game, &w, &buf, &len);
    if (r == 0) {
        if (fwrite(buf, 1, len, f) != len || fflush(f) != 0)
            r = gg__store_msg(s, GG_ESTORAGE_IO, "writing the replay failed: %s", strerror(errno));
        else
            *written = len;
    }
    gg_replay_writer_close(&w);
    return r;
}
