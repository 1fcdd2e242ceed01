/* tests/storage/test_store_sums.c — the journal's per-row checksums
 * (schema v2, issue 12 item 8): damage to a record, a turn hash, a games
 * row or the schema is reported naming the game and the record; a v1
 * journal (no checksums) is upgraded and then protected; the quarantine
 * list and orphaned records. Damage is made with a raw SQLite connection,
 * so only the bytes the test names change. */
#define _XOPEN_SOURCE 700

#include "store/store.h"

#include "gg/errors.h"

#include "../check.h"

#include <sqlite3.h>

static int open_ok(const char *dir, gg_store **s)
{
    char err[512];
    int rc = gg_store_create(dir, s, err, sizeof err);
    if (rc)
        fprintf(stderr, "gg_store_create(%s): %d %s\n", dir, rc, err);
    return rc;
}

static void meta_for(gg_game_meta *m, int tag)
{
    memset(m, 0, sizeof *m);
    snprintf(m->scenario, sizeof m->scenario, "scen-%d", tag);
    m->seed = 77u + (uint64_t)tag;
    m->options_len = 3;
    m->options[0] = (uint8_t)tag;
    for (int i = 0; i < GG_STORE_NCODES; i++)
        snprintf(m->codes[i], sizeof m->codes[i], "K%d-%d", tag, i);
    m->created_ms = 1700000000000;
}

/* Two games of 10 records and 3 turn hashes each; game 2 unfinished,
 * game 1 finished. Ids in g[2]. */
static int fill(const char *dir, int64_t g[2])
{
    gg_store *s;
    CHECK_RC(open_ok(dir, &s), 0);
    for (int i = 0; i < 2; i++) {
        gg_game_meta m;
        meta_for(&m, i + 1);
        CHECK_RC(gg_store_create_game(s, &m, &g[i]), 0);
        for (uint32_t seq = 1; seq <= 10; seq++) {
            uint8_t p[4] = {(uint8_t)seq, (uint8_t)i, 0xaa, 0x55};
            CHECK_RC(gg_store_append(s, g[i], seq, (int)seq % 3, p, sizeof p), 0);
        }
        for (int t = 1; t <= 3; t++)
            CHECK_RC(gg_store_turn_hash(s, g[i], t, 1000u * (uint64_t)t + (uint64_t)i), 0);
        CHECK_RC(gg_store_set_deadline(s, g[i], 2, 1700000009999), 0);
    }
    CHECK_RC(gg_store_finish_game(s, g[0], 1700000005000, "res", 3), 0);
    CHECK_RC(gg_store_commit(s), 0);
    gg_store_destroy(s);
    return 0;
}

static int raw_exec(const char *dir, const char *sql)
{
    char db[600];
    snprintf(db, sizeof db, "%s/games.db", dir);
    sqlite3 *raw;
    CHECK_RC(sqlite3_open(db, &raw), SQLITE_OK);
    int rc = sqlite3_exec(raw, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        fprintf(stderr, "raw: %s: %s\n", sql, sqlite3_errmsg(raw));
    int n = sqlite3_changes(raw);
    sqlite3_close(raw);
    return rc == SQLITE_OK ? n : -1;
}

static int count_rec(uint32_t seq, int kind, const uint8_t *p, size_t n, void *ud)
{
    (void)seq, (void)kind, (void)p, (void)n;
    ++*(int *)ud;
    return 0;
}

static int count_hash(int turn, uint64_t h, void *ud)
{
    (void)turn, (void)h;
    ++*(int *)ud;
    return 0;
}

static int list_cb(const gg_game_summary *g, void *ud)
{
    gg_game_summary *out = ud;
    out[g->id - 1] = *g;
    return 0;
}

static int t_record(const char *dir)
{
    int64_t g[2];
    CHECK_RC(fill(dir, g), 0);
    /* One payload byte of game 2's record 6 changes. */
    CHECK_RC(raw_exec(dir, "UPDATE journal SET payload = x'0601ab55' WHERE game = 2 AND seq = 6"),
             1);
    gg_store *s;
    CHECK_RC(open_ok(dir, &s), 0);
    int n = 0;
    CHECK_RC(gg_store_load(s, g[1], NULL, count_rec, NULL, &n), GG_ESTORAGE_CORRUPT);
    printf("  %s\n", gg_store_errmsg(s));
    CHECK(strstr(gg_store_errmsg(s), "game 2 ") != NULL);
    CHECK(strstr(gg_store_errmsg(s), "journal record seq 6 fails its checksum") != NULL);
    CHECK(n == 5); /* the records before it were delivered */
    /* The other game is untouched; export of the damaged one refuses. */
    n = 0;
    CHECK_RC(gg_store_load(s, g[0], NULL, count_rec, count_hash, &n), 0);
    CHECK(n == 13);
    FILE *f = tmpfile();
    size_t w = 1;
    CHECK_RC(gg_store_export_to(s, g[1], f, &w), GG_ESTORAGE_CORRUPT);
    CHECK(w == 0);
    CHECK_RC(gg_store_export_to(s, g[0], f, &w), 0);
    fclose(f);
    gg_store_destroy(s);
    /* A changed seq or kind (the key and header are covered too). */
    CHECK_RC(raw_exec(dir, "UPDATE journal SET kind = kind + 1 WHERE game = 1 AND seq = 2"), 1);
    CHECK_RC(open_ok(dir, &s), 0);
    CHECK_RC(gg_store_load(s, g[0], NULL, count_rec, NULL, &n), GG_ESTORAGE_CORRUPT);
    CHECK(strstr(gg_store_errmsg(s), "journal record seq 2") != NULL);
    gg_store_destroy(s);
    return 0;
}

static int t_hash_and_rows(const char *dir)
{
    int64_t g[2];
    CHECK_RC(fill(dir, g), 0);
    CHECK_RC(raw_exec(dir, "UPDATE turn_hashes SET hash = hash + 1 WHERE game = 2 AND turn = 3"),
             1);
    gg_store *s;
    CHECK_RC(open_ok(dir, &s), 0);
    int n = 0;
    CHECK_RC(gg_store_load(s, g[1], NULL, NULL, count_hash, &n), GG_ESTORAGE_CORRUPT);
    CHECK(strstr(gg_store_errmsg(s), "the hash of turn 3 fails its checksum") != NULL);
    gg_store_destroy(s);

    /* The finished flag flips back to 0 (the game would be reloaded as
     * live, or a live one dropped as finished): the row is damaged. */
    CHECK_RC(raw_exec(dir, "DROP TRIGGER games_sum_update; UPDATE games SET finished = 0 WHERE id "
                           "= 1"),
             1);
    /* ... the trigger is part of the schema: dropping it is damage too. */
    char err[512];
    CHECK_RC(gg_store_create(dir, &s, err, sizeof err), GG_ESTORAGE_CORRUPT);
    printf("  %s\n", err);
    CHECK(strstr(err, "schema") != NULL);
    return 0;
}

static int t_games_row(const char *dir)
{
    int64_t g[2];
    CHECK_RC(fill(dir, g), 0);
    /* (A raw connection lacks gg_sum, so the columns whose update fires a
     * trigger cannot be changed through it: a join code and the stored
     * state checksum stand for any damage to the row.) */
    CHECK_RC(raw_exec(dir, "UPDATE games SET code_moderator = 'X' WHERE id = 2"), 1);
    CHECK_RC(raw_exec(dir, "UPDATE games SET state_sum = state_sum + 1 WHERE id = 1"), 1);
    gg_store *s;
    CHECK_RC(open_ok(dir, &s), 0);
    gg_game_summary sum[2];
    memset(sum, 0, sizeof sum);
    CHECK_RC(gg_store_list(s, 0, list_cb, sum), 0); /* one bad row never hides the others */
    CHECK(sum[0].damaged && sum[1].damaged);
    gg_game_meta m;
    CHECK_RC(gg_store_load(s, g[1], &m, NULL, NULL, NULL), GG_ESTORAGE_CORRUPT);
    CHECK(strstr(gg_store_errmsg(s), "game 2 ") && strstr(gg_store_errmsg(s), "games row"));
    CHECK(!strcmp(m.codes[GG_CODE_MODERATOR], "X")); /* filled, untrusted */
    CHECK(!strcmp(m.codes[GG_CODE_OBSERVER], "K2-1"));
    gg_store_destroy(s);
    return 0;
}

static int t_quarantine_orphans(const char *dir)
{
    int64_t g[2];
    CHECK_RC(fill(dir, g), 0);
    gg_store *s;
    CHECK_RC(open_ok(dir, &s), 0);
    int64_t orphan = -1;
    CHECK_RC(gg_store_orphans(s, &orphan), 0);
    CHECK(orphan == 0);
    CHECK_RC(gg_store_quarantine(s, g[1], "game 2: journal record seq 6 fails", 1700000010000), 0);
    CHECK_RC(gg_store_commit(s), 0);
    gg_store_destroy(s);
    CHECK_RC(gg_store_open_reader(dir, &s, NULL, 0), 0);
    gg_game_summary sum[2];
    CHECK_RC(gg_store_list(s, 0, list_cb, sum), 0);
    CHECK(sum[0].quarantine[0] == '\0');
    CHECK(!strcmp(sum[1].quarantine, "game 2: journal record seq 6 fails"));
    CHECK(!sum[1].damaged);
    gg_store_destroy(s);
    /* A games row that is gone leaves its records orphaned: named. */
    CHECK_RC(raw_exec(dir, "PRAGMA foreign_keys = OFF; DELETE FROM games WHERE id = 2"), 1);
    CHECK_RC(open_ok(dir, &s), 0);
    CHECK_RC(gg_store_orphans(s, &orphan), GG_ESTORAGE_CORRUPT);
    CHECK(orphan == 2);
    CHECK(strstr(gg_store_errmsg(s), "game 2") != NULL);
    gg_store_destroy(s);
    return 0;
}

/* Schema v1 as shipped (store.c's first migration), with rows. */
static const char *v1_sql =
    "CREATE TABLE games( id INTEGER PRIMARY KEY, scenario TEXT NOT NULL, seed INTEGER NOT NULL,"
    " options BLOB NOT NULL CHECK(length(options) <= 256), code_moderator TEXT NOT NULL,"
    " code_observer TEXT NOT NULL, code_seat0 TEXT NOT NULL, code_seat1 TEXT NOT NULL,"
    " code_seat2 TEXT NOT NULL, code_seat3 TEXT NOT NULL, created_ms INTEGER NOT NULL,"
    " deadline_phase INTEGER NOT NULL DEFAULT 0, deadline_ms INTEGER NOT NULL DEFAULT 0,"
    " finished INTEGER NOT NULL DEFAULT 0 CHECK(finished IN (0, 1)),"
    " finished_ms INTEGER NOT NULL DEFAULT 0, result BLOB);"
    "CREATE TABLE journal( game INTEGER NOT NULL REFERENCES games(id),"
    " seq INTEGER NOT NULL CHECK(seq BETWEEN 0 AND 4294967295), kind INTEGER NOT NULL,"
    " payload BLOB NOT NULL CHECK(length(payload) <= 65536),"
    " PRIMARY KEY(game, seq)) WITHOUT ROWID;"
    "CREATE TABLE turn_hashes( game INTEGER NOT NULL REFERENCES games(id),"
    " turn INTEGER NOT NULL, hash INTEGER NOT NULL, PRIMARY KEY(game, turn)) WITHOUT ROWID;"
    "CREATE TRIGGER journal_closed BEFORE INSERT ON journal"
    " WHEN (SELECT finished FROM games WHERE id = NEW.game) = 1"
    " BEGIN SELECT RAISE(ABORT, 'the game is finished'); END;"
    "CREATE TRIGGER hashes_closed BEFORE INSERT ON turn_hashes"
    " WHEN (SELECT finished FROM games WHERE id = NEW.game) = 1"
    " BEGIN SELECT RAISE(ABORT, 'the game is finished'); END;"
    "PRAGMA user_version = 1; PRAGMA application_id = 1195856714;"
    "INSERT INTO games(scenario, seed, options, code_moderator, code_observer, code_seat0,"
    " code_seat1, code_seat2, code_seat3, created_ms) VALUES('old', 5, x'010203', 'M', 'O',"
    " 'S0', 'S1', 'S2', 'S3', 1600000000000);"
    "INSERT INTO journal VALUES(1, 1, 0, x'aabb'), (1, 2, 1, x'ccdd'), (1, 3, 10, x'');"
    "INSERT INTO turn_hashes VALUES(1, 1, 4242);";

static int t_v1_upgrade(const char *dir)
{
    char err[512];
    CHECK_RC(raw_exec(dir, v1_sql) >= 0, 1);
    gg_store *s;
    /* A reader does not upgrade: it says how. */
    CHECK_RC(gg_store_open_reader(dir, &s, err, sizeof err), GG_ESTORAGE_OPEN);
    printf("  %s\n", err);
    CHECK(strstr(err, "schema 1") && strstr(err, "upgrades"));
    CHECK_RC(open_ok(dir, &s), 0); /* upgraded: rows checksummed as they are */
    int n = 0;
    gg_game_meta m;
    CHECK_RC(gg_store_load(s, 1, &m, count_rec, count_hash, &n), 0);
    CHECK(n == 4 && !strcmp(m.scenario, "old") && !strcmp(m.codes[GG_CODE_SEAT0 + 3], "S3"));
    gg_game_summary sum;
    CHECK_RC(gg_store_get_summary(s, 1, &sum), 0);
    CHECK(!sum.damaged && sum.n_records == 3);
    /* New writes to the upgraded game are checksummed too. */
    CHECK_RC(gg_store_append(s, 1, 4, 2, "x", 1), 0);
    CHECK_RC(gg_store_set_deadline(s, 1, 1, 1600000009999), 0);
    CHECK_RC(gg_store_commit(s), 0);
    gg_store_destroy(s);
    CHECK_RC(raw_exec(dir, "UPDATE journal SET payload = x'aabc' WHERE game = 1 AND seq = 1"), 1);
    CHECK_RC(open_ok(dir, &s), 0);
    CHECK_RC(gg_store_get_summary(s, 1, &sum), 0);
    CHECK(!sum.damaged);
    CHECK_RC(gg_store_load(s, 1, &m, count_rec, NULL, &n), GG_ESTORAGE_CORRUPT);
    CHECK(strstr(gg_store_errmsg(s), "journal record seq 1 fails its checksum") != NULL);
    gg_store_destroy(s);
    return 0;
}

/* ---- per-turn snapshots (schema v3) ------------------------------------ */

typedef struct seen_snaps {
    int n, bad;
    uint32_t seq[8];
    int turn[8];
    size_t len[8];
} seen_snaps;

static int note_snap(uint32_t seq, int turn, const void *data, size_t len, void *ud)
{
    seen_snaps *v = ud;
    if (v->n < 8) {
        v->seq[v->n] = seq;
        v->turn[v->n] = turn;
        v->len[v->n] = len;
    }
    v->bad += data == NULL;
    v->n++;
    return 0;
}

static int first_seq(uint32_t seq, int kind, const uint8_t *p, size_t n, void *ud)
{
    (void)kind, (void)p, (void)n;
    if (!*(uint32_t *)ud)
        *(uint32_t *)ud = seq;
    return 0;
}

static int t_snapshots(const char *dir)
{
    int64_t g[2];
    CHECK_RC(fill(dir, g), 0);
    gg_store *s;
    CHECK_RC(open_ok(dir, &s), 0);
    uint8_t blob[300];
    for (size_t i = 0; i < sizeof blob; i++)
        blob[i] = (uint8_t)i;
    /* Game 2 (unfinished): three snapshots, the newest two are kept. */
    CHECK_RC(gg_store_put_snapshot(s, g[1], 4, 1, blob, 100), 0);
    CHECK_RC(gg_store_put_snapshot(s, g[1], 7, 2, blob, 200), 0);
    CHECK_RC(gg_store_put_snapshot(s, g[1], 9, 3, blob, 300), 0);
    CHECK_RC(gg_store_put_snapshot(s, g[1], 9, 3, blob, 0), GG_EMSG_TOO_BIG);
    CHECK_RC(gg_store_put_snapshot(s, 99, 1, 1, blob, 10), GG_ENOT_FOUND);
    /* Game 1 is finished: it keeps one (its final state). */
    CHECK_RC(gg_store_put_snapshot(s, g[0], 8, 2, blob, 50), 0);
    CHECK_RC(gg_store_put_snapshot(s, g[0], 10, 3, blob, 60), 0);
    CHECK_RC(gg_store_commit(s), 0);
    seen_snaps v = {0};
    CHECK_RC(gg_store_snapshots(s, g[1], note_snap, &v), 0);
    CHECK(v.n == GG_STORE_SNAPSHOTS_KEPT && v.bad == 0);
    CHECK(v.seq[0] == 9 && v.turn[0] == 3 && v.len[0] == 300); /* newest first */
    CHECK(v.seq[1] == 7 && v.turn[1] == 2 && v.len[1] == 200);
    memset(&v, 0, sizeof v);
    CHECK_RC(gg_store_snapshots(s, g[0], note_snap, &v), 0);
    CHECK(v.n == 1 && v.seq[0] == 10);
    /* The records a snapshot does not cover. */
    uint32_t first = 0;
    int n = 0;
    CHECK_RC(gg_store_load_after(s, g[1], 7, NULL, first_seq, NULL, &first), 0);
    CHECK(first == 8);
    CHECK_RC(gg_store_load_after(s, g[1], 7, NULL, count_rec, NULL, &n), 0);
    CHECK(n == 3);
    /* An unfinished game that finishes keeps only its newest. */
    CHECK_RC(gg_store_finish_game(s, g[1], 1700000006000, "r", 1), 0);
    CHECK_RC(gg_store_commit(s), 0);
    memset(&v, 0, sizeof v);
    CHECK_RC(gg_store_snapshots(s, g[1], note_snap, &v), 0);
    CHECK(v.n == 1 && v.seq[0] == 9);
    gg_store_destroy(s);
    /* The kept snapshot's bytes change (same length, checksum as it was):
     * it is reported, without data. */
    CHECK_RC(raw_exec(dir, "UPDATE snapshots SET data = zeroblob(300) WHERE game = 2 AND seq = 9"),
             1);
    CHECK_RC(open_ok(dir, &s), 0);
    memset(&v, 0, sizeof v);
    CHECK_RC(gg_store_snapshots(s, g[1], note_snap, &v), 0);
    CHECK(v.n == 1 && v.bad == 1 && v.seq[0] == 0 && v.len[0] == 0);
    /* The journal itself is untouched by any of it. */
    n = 0;
    CHECK_RC(gg_store_load(s, g[1], NULL, count_rec, count_hash, &n), 0);
    CHECK(n == 13);
    gg_store_destroy(s);
    return 0;
}

static const test_case_dir cases[] = {
    {"record", t_record, "a changed record payload or kind is named (game, seq)"},
    {"hash_and_rows", t_hash_and_rows, "a changed turn hash; a dropped trigger (schema)"},
    {"games_row", t_games_row, "a damaged games row is marked, never hides the others"},
    {"quarantine_orphans", t_quarantine_orphans, "quarantine list; records without a game"},
    {"v1_upgrade", t_v1_upgrade, "a v1 journal is upgraded to checksums, then protected"},
    {"snapshots", t_snapshots, "snapshots: newest kept, pruned at the end, damage reported"},
};

int main(int argc, char **argv)
{
    return run_cases_dir(cases, (int)(sizeof cases / sizeof cases[0]), argc, argv);
}
