/* Per-turn snapshots in the journal (issue 12 item 6): recovery starts from
 * the newest usable snapshot and replays only the records after it.
 *
 * Every case plays the same game (three greedy server bots, Kazakhstan
 * networked) to turn KILL_TURN, kills gg-server with SIGKILL, checks what
 * the journal holds (two snapshots, of turns KILL_TURN-2 and KILL_TURN-1),
 * maybe damages it, restarts on the same data, resumes and plays out. The
 * game must end on the same state hash as an uninterrupted run, and the
 * server's log must say where recovery started:
 *   recover      — from the newest snapshot;
 *   disabled     — restarted with --no-snapshots: from the first record;
 *   removed      — snapshots deleted: from the first record;
 *   flip_newest  — one byte of the newest snapshot flipped: the older one
 *                  is used, snapshot_unusable logged, the fallback counted
 *                  in /metrics;
 *   flip_all     — every snapshot damaged: the whole journal is replayed;
 *   v2_journal   — the journal made a schema-v2 one (no snapshots table,
 *                  as the previous gg-server wrote it): upgraded and
 *                  recovered from the first record;
 *   resume_across — recovered from the newest snapshot, the seat resumes
 *                  from a seq of turn KILL_TURN-1 (re-created from the older
 *                  snapshot on), then from one of turn 2 (before both: from
 *                  the first record), and from 0 (the seat's history from
 *                  its first join); all gap-free, no HISTORY_GONE.
 * Usage: test_host_snapshot GG_SERVER CASE (--help lists the cases) */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>

#include "host_driver.h"
#include "store/store.h"

#define SEED 515151
#define KILL_TURN 6

static int create_and_join(hh_server *sv, hh_seat *kz)
{
    gg_msg c, created;
    hh_create_bots_msg(&c, "belt-and-road", SEED, "greedy");
    return hh_seat_create(kz, sv, &c, &created, GG_KAZAKHSTAN, "greedy", SEED);
}

/* The uninterrupted game's final hash. */
static uint64_t reference_run(void)
{
    char dir[64];
    EXPECT(hh_mkdata(dir, sizeof dir, "snap-ref") == 0);
    hh_server sv;
    hh_seat kz;
    uint64_t h = 0;
    if (server_start(&sv, 0, "--data", dir, (char *)NULL) == 0 && create_and_join(&sv, &kz) == 0)
        h = hh_seat_play_out(&kz);
    hh_close_all();
    server_stop(&sv, SIGTERM);
    hh_rmdata(dir);
    EXPECT(h != 0);
    return h;
}

/* ---- the journal, read and damaged directly ----------------------------- */

typedef struct snaps {
    int n, bad;
    uint32_t seq[8];
    int turn[8];
} snaps;

static int note_snap(uint32_t seq, int turn, const void *data, size_t len, void *ud)
{
    snaps *s = ud;
    (void)len;
    if (!data)
        s->bad++;
    if (s->n < 8) {
        s->seq[s->n] = seq;
        s->turn[s->n] = turn;
    }
    s->n++;
    return 0;
}

static snaps read_snaps(const char *dir)
{
    snaps s = {0};
    gg_store *st;
    char err[512];
    EXPECT_EQ(gg_store_open_reader(dir, &st, err, sizeof err), 0);
    if (st) {
        EXPECT_EQ(gg_store_snapshots(st, 1, note_snap, &s), 0);
        gg_store_destroy(st);
    }
    return s;
}

static sqlite3 *raw_open(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/games.db", dir);
    sqlite3 *db = NULL;
    EXPECT_EQ(sqlite3_open(path, &db), SQLITE_OK);
    return db;
}

/* Flips one byte in the middle of snapshot `seq` of game 1, leaving its
 * checksum as it was (damage outside gg-server). */
static void flip_snapshot(const char *dir, uint32_t seq)
{
    sqlite3 *db = raw_open(dir);
    sqlite3_stmt *st;
    EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT data FROM snapshots WHERE game = 1 AND seq = ?1", -1,
                                 &st, NULL),
              SQLITE_OK);
    sqlite3_bind_int64(st, 1, seq);
    EXPECT_EQ(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_bytes(st, 0);
    uint8_t *b = malloc(n > 0 ? (size_t)n : 1);
    memcpy(b, sqlite3_column_blob(st, 0), n > 0 ? (size_t)n : 0);
    sqlite3_finalize(st);
    EXPECT(n > 100);
    b[n / 2] ^= 0x10;
    EXPECT_EQ(sqlite3_prepare_v2(db, "UPDATE snapshots SET data = ?2 WHERE game = 1 AND seq = ?1",
                                 -1, &st, NULL),
              SQLITE_OK);
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_blob(st, 2, b, n, SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    free(b);
    sqlite3_close(db);
}

static long long pragma(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* checksum.c's hash, written out again (its header is the store's own):
 * FNV-1a over (8-byte little-endian length, bytes) per value, then the
 * splitmix64 finaliser. */
static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3u;
    return h;
}

static uint64_t sum_value(uint64_t h, const void *data, size_t n)
{
    uint8_t len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (uint8_t)((uint64_t)n >> (8 * i));
    return fnv(fnv(h ? h : 0xcbf29ce484222325u, len, 8), data, n);
}

static uint64_t sum_end(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Makes games.db what the previous gg-server (schema 2, no snapshots)
 * wrote: the snapshots table dropped, user_version 2, and the schema's
 * checksum (checksum.c's schema_sum) recomputed over what is left. */
static void make_v2(const char *dir)
{
    sqlite3 *db = raw_open(dir);
    EXPECT_EQ(pragma(db, "PRAGMA user_version"), 3);
    EXPECT_EQ(
        sqlite3_exec(db, "BEGIN; DROP TABLE snapshots; PRAGMA user_version = 2;", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_stmt *st;
    EXPECT_EQ(sqlite3_prepare_v2(db,
                                 "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema"
                                 " WHERE name <> 'schema_sum' ORDER BY type, name",
                                 -1, &st, NULL),
              SQLITE_OK);
    uint64_t h = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        for (int c = 0; c < 5; c++) {
            const unsigned char *t = sqlite3_column_text(st, c);
            int n = sqlite3_column_bytes(st, c);
            h = sum_value(h, t ? (const void *)t : "", t && n > 0 ? (size_t)n : 0);
        }
    sqlite3_finalize(st);
    uint64_t sum = sum_end(h);
    int64_t as_int;
    memcpy(&as_int, &sum, sizeof as_int); /* SQLite keeps the bit pattern */
    EXPECT_EQ(sqlite3_prepare_v2(db, "UPDATE schema_sum SET sum = ?1", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, as_int);
    EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    EXPECT_EQ(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static long long user_version(const char *dir)
{
    sqlite3 *db = raw_open(dir);
    long long v = pragma(db, "PRAGMA user_version");
    sqlite3_close(db);
    return v;
}

/* ---- the server's log and metrics ---------------------------------------- */

/* The value of `key` in the first log line with `event`, or -1. */
static long log_value(const char *log, const char *event, const char *key)
{
    FILE *f = fopen(log, "r");
    char line[2048], ev[64], k[64];
    long v = -1;
    snprintf(ev, sizeof ev, "event=%s ", event);
    snprintf(k, sizeof k, " %s=", key);
    while (f && v < 0 && fgets(line, sizeof line, f)) {
        char *p;
        if (strstr(line, ev) && (p = strstr(line, k)))
            v = strtol(p + strlen(k), NULL, 10);
    }
    if (f)
        fclose(f);
    return v;
}

static int log_count(const char *log, const char *needle)
{
    FILE *f = fopen(log, "r");
    char line[2048];
    int n = 0;
    while (f && fgets(line, sizeof line, f))
        n += strstr(line, needle) != NULL;
    if (f)
        fclose(f);
    return n;
}

/* Resumes the seat from `last` on a new connection, keeping the rotated
 * token (hh_seat_reconnect keeps the old one: it resumes once). */
static int resume_from(hh_seat *d, const hh_server *sv, uint32_t last)
{
    char token[GG_MAX_TOKEN + 1];
    snprintf(token, sizeof token, "%s", d->cl.token);
    hh_close(&d->cl);
    if (hh_connect(&d->cl, sv, 1) != 0 || hh_resume(&d->cl, token, last))
        return -1;
    d->cl.last_seq = last > d->cl.last_seq ? last : d->cl.last_seq;
    d->acted_phase = 0xff;
    return 0;
}

/* ---- the cases ---------------------------------------------------------- */

enum damage { NONE, DISABLED, REMOVED, FLIP_NEWEST, FLIP_ALL, V2, RESUME_ACROSS };

static void crash_and_recover(enum damage what, uint64_t want)
{
    char dir[64];
    EXPECT(hh_mkdata(dir, sizeof dir, "snap") == 0);
    hh_server sv;
    hh_seat kz;
    if (server_start(&sv, 0, "--data", dir, (char *)NULL) != 0 || create_and_join(&sv, &kz) != 0) {
        EXPECT(!"setup");
        return;
    }
    uint32_t early = 0; /* the seat's last seq once turn 2 began */
    uint32_t mid = 0;   /* ... once turn KILL_TURN - 1 began (the older snapshot's point) */
    int killed = 0;
    for (int waited = 0; waited < 30000 && !killed && !kz.over; waited += 2) {
        hh_pump(&kz.cl, 2);
        hh_seat_absorb(&kz);
        if (!kz.have_view)
            continue;
        if (kz.view.turn == 2 && !early)
            early = kz.cl.last_seq;
        if (kz.view.turn == KILL_TURN - 1 && !mid)
            mid = kz.cl.last_seq;
        if (kz.view.turn == KILL_TURN && kz.view.phase == GG_PHASE_DIPLOMACY)
            killed = 1;
        else if (hh_seat_step(&kz, 0) < 0)
            break;
    }
    EXPECT(killed && early > 0);
    EXPECT_EQ(server_stop(&sv, SIGKILL), 128 + SIGKILL);

    /* The journal holds the newest two snapshots, of the last two turns. */
    snaps s = read_snaps(dir);
    EXPECT_EQ(s.n, GG_STORE_SNAPSHOTS_KEPT);
    EXPECT_EQ(s.bad, 0);
    EXPECT(s.n == 2 && s.turn[0] == KILL_TURN - 1 && s.turn[1] == KILL_TURN - 2 &&
           s.seq[0] > s.seq[1] && s.seq[1] > 0);
    long want_from = s.seq[0];
    int unusable = 0;
    switch (what) {
    case REMOVED: {
        sqlite3 *db = raw_open(dir);
        EXPECT_EQ(sqlite3_exec(db, "DELETE FROM snapshots", NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(db);
        want_from = 0;
        break;
    }
    case FLIP_NEWEST:
        flip_snapshot(dir, s.seq[0]);
        want_from = s.seq[1];
        unusable = 1;
        break;
    case FLIP_ALL:
        flip_snapshot(dir, s.seq[0]);
        flip_snapshot(dir, s.seq[1]);
        want_from = 0;
        unusable = 2;
        break;
    case V2:
        make_v2(dir);
        EXPECT_EQ(user_version(dir), 2);
        want_from = 0;
        break;
    case DISABLED:
        want_from = 0;
        break;
    default:
        break;
    }

    uint32_t last = kz.cl.last_seq;
    int r = what == DISABLED
                ? server_start(&sv, 0, "--data", dir, "--log-level", "debug", "--no-snapshots",
                               (char *)NULL)
                : server_start(&sv, 0, "--data", dir, "--log-level", "debug", (char *)NULL);
    EXPECT_EQ(r, 0);
    /* Where recovery started, and what it said about damaged snapshots. */
    EXPECT_EQ(log_value(sv.log, "game_loaded", "snapshot"), want_from);
    EXPECT_EQ(log_count(sv.log, "event=snapshot_unusable"), unusable);
    if (unusable)
        EXPECT(log_count(sv.log, want_from ? "action=\"trying an older snapshot\""
                                           : "action=\"replaying the whole journal\"") == 1);
    EXPECT_EQ(hh_metric(&sv, "gg_snapshot_fallbacks_total"), unusable);
    EXPECT_EQ(hh_metric(&sv, "gg_games_recovered_from_snapshot_total"), want_from ? 1 : 0);
    if (what == V2)
        EXPECT_EQ(user_version(dir), 3); /* upgraded on open */

    if (what == RESUME_ACROSS) {
        /* Messages of turn KILL_TURN - 1 are not in the recovered server's
         * memory (it starts at the newer snapshot): they are re-created from
         * the older snapshot on. */
        EXPECT(resume_from(&kz, &sv, mid) == 0);
        gg_msg ping, pong; /* everything sent before the pong has arrived */
        gg_msg_init(&ping, GG_MSG_ping);
        EXPECT(hh_request(&kz.cl, &ping, &pong, 5000) == GG_MSG_pong);
        EXPECT(kz.cl.nseqs > 1 && kz.cl.seqs[0] == mid + 1);
        for (int i = 1; i < kz.cl.nseqs; i++)
            EXPECT_EQ(kz.cl.seqs[i], kz.cl.seqs[i - 1] + 1);
        EXPECT_EQ(log_value(sv.log, "resume_from_journal", "snapshot"), (long)s.seq[1]);
        /* From 0, as a page reload asks: the recovered server does not know
         * where the stream's history starts (the snapshot does not say),
         * the journal does: gap-free from the seat's first join, whose
         * `joined` head was above 0. */
        EXPECT(resume_from(&kz, &sv, 0) == 0);
        EXPECT(hh_request(&kz.cl, &ping, &pong, 5000) == GG_MSG_pong);
        EXPECT(kz.cl.nseqs > 1 && kz.cl.seqs[0] > 1);
        for (int i = 1; i < kz.cl.nseqs; i++)
            EXPECT_EQ(kz.cl.seqs[i], kz.cl.seqs[i - 1] + 1);
        /* From before both snapshots: from the first record. */
        EXPECT(resume_from(&kz, &sv, early) == 0);
        last = early;
    } else {
        EXPECT(hh_seat_reconnect(&kz, &sv, 1) == 0);
    }
    uint64_t got = hh_seat_play_out(&kz);
    EXPECT(got == want);
    if (got != want)
        fprintf(stderr, "final hash %016llx, uninterrupted run %016llx (log %s)\n",
                (unsigned long long)got, (unsigned long long)want, sv.log);
    /* Nothing missed, nothing twice: the stream continues at last + 1. */
    EXPECT(kz.cl.nseqs > 0 && kz.cl.seqs[0] == last + 1);
    for (int i = 1; i < kz.cl.nseqs; i++)
        EXPECT_EQ(kz.cl.seqs[i], kz.cl.seqs[i - 1] + 1);
    if (what == RESUME_ACROSS) {
        EXPECT(log_count(sv.log, "resume_from_journal_failed") == 0);
        EXPECT(log_count(sv.log, "event=resume_from_journal game=1 seqs=") == 3);
        EXPECT(log_count(sv.log, "snapshot=0") >= 2); /* from 0 and from turn 2: full */
    }
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);

    /* Finished: one snapshot left, of the end (with --no-snapshots none
     * is written: the turn-5 one is what is left). */
    s = read_snaps(dir);
    EXPECT_EQ(s.n, 1);
    EXPECT(what == DISABLED ? s.turn[0] == KILL_TURN - 1 : s.turn[0] > KILL_TURN);
    hh_rmdata(dir);
}

static void run(enum damage what)
{
    uint64_t want = reference_run();
    crash_and_recover(what, want);
}

static void recover(void)
{
    run(NONE);
}
static void disabled(void)
{
    run(DISABLED);
}
static void removed(void)
{
    run(REMOVED);
}
static void flip_newest(void)
{
    run(FLIP_NEWEST);
}
static void flip_all(void)
{
    run(FLIP_ALL);
}
static void v2_journal(void)
{
    run(V2);
}
static void resume_across(void)
{
    run(RESUME_ACROSS);
}

int main(int argc, char **argv)
{
    static const hh_case cases[] = {
        {"recover", recover},
        {"disabled", disabled},
        {"removed", removed},
        {"flip_newest", flip_newest},
        {"flip_all", flip_all},
        {"v2_journal", v2_journal},
        {"resume_across", resume_across},
    };
    signal(SIGPIPE, SIG_IGN);
    return hh_main(argc, argv, NULL, cases, HH_COUNT(cases), &gg_check_failures);
}
