/* A corrupted journal never drops a game silently (issue 12 item 8).
 *
 * A real games.db is made by gg-server itself: three games (one played to
 * the end, one to turn 3, one just joined), then an orderly stop so all of
 * it is in games.db. Then:
 *   flip_bytes     — the attack that found it: 8 bytes flipped at many
 *                    offsets of a copy (a stride over the whole file and a
 *                    stride over its non-zero bytes). Each start must either
 *                    recover EVERY game, or refuse (exit 1) with a message
 *                    naming the game and record or the damaged file; a
 *                    refusal that names a game is retried with
 *                    --quarantine-corrupt, which must start with every game
 *                    either recovered or quarantined by name.
 *   quarantine     — one record's payload changed in place: the start is
 *                    refused naming the game and the seq; with
 *                    --quarantine-corrupt the other games play on, the
 *                    quarantined game's moderator (and seats) get
 *                    GAME_QUARANTINED, `list` shows it, export refuses it,
 *                    and a later start without the flag keeps it aside.
 * Usage: test_host_corrupt GG_SERVER CASE [CASES] */
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "host_driver.h"

#define SEED 424242
#define NGAMES 3

static char codes[NGAMES][GG_VIEW_MODERATOR + 1]
                 [GG_MAX_CODE + 1]; /* per game: seat codes, observer, mod */

static int create_and_join(hh_server *sv, int gi, hh_seat *kz)
{
    gg_msg c, created;
    hh_create_bots_msg(&c, "belt-and-road", SEED + (uint64_t)gi, "greedy");
    if (hh_create_game(sv, &c, &created) != 0)
        return -1;
    for (int s = 0; s < GG_SEATS; s++)
        snprintf(codes[gi][s], sizeof codes[gi][s], "%s", created.u.game_created.codes.v[s]);
    snprintf(codes[gi][GG_VIEW_OBSERVER], sizeof codes[gi][0], "%s",
             created.u.game_created.observer_code);
    snprintf(codes[gi][GG_VIEW_MODERATOR], sizeof codes[gi][0], "%s",
             created.u.game_created.moderator_code);
    return hh_seat_open(kz, sv, 0, created.u.game_created.codes.v[GG_KAZAKHSTAN], GG_KAZAKHSTAN,
                        "greedy", SEED);
}

/* Makes the pristine store in dir/base: game 1 finished, game 2 at turn 3,
 * game 3 just joined. 0 or -1. */
static int make_store(const char *data)
{
    hh_server sv;
    hh_seat kz[NGAMES];
    if (server_start(&sv, 0, "--data", data, (char *)NULL) != 0)
        return -1;
    for (int i = 0; i < NGAMES; i++)
        if (create_and_join(&sv, i, &kz[i]) != 0)
            return -1;
    int ok = hh_play(&kz[0], 1, 60000) == 0 && kz[0].over;
    hh_seat_play_to_turn(&kz[1], 3);
    ok = ok && kz[1].have_view && kz[1].view.turn >= 3;
    hh_close_all();
    /* Orderly stop: the last connection closes, SQLite checkpoints the WAL
     * into games.db and removes it. */
    ok = ok && server_stop(&sv, SIGTERM) == 0;
    char wal[256];
    snprintf(wal, sizeof wal, "%s/games.db-wal", data);
    struct stat sb;
    ok = ok && (stat(wal, &sb) != 0 || sb.st_size == 0);
    return ok ? 0 : -1;
}

static uint8_t *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(len > 0 ? (size_t)len : 1);
    *n = b && len > 0 && fread(b, 1, (size_t)len, f) == (size_t)len ? (size_t)len : 0;
    fclose(f);
    return b;
}

static int write_all(const char *path, const uint8_t *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(b, 1, n, f) == n;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* What one start did. */
typedef struct outcome {
    int started; /* reached `listening` */
    int recovered, quarantined;
    char log[8192];
} outcome;

static int count(const char *log, const char *needle)
{
    int n = 0;
    for (const char *p = log; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

/* Starts gg-server on data (plus --quarantine-corrupt if asked), waits
 * until it listens or exits, and stops it. */
static void run_server(const char *data, int quarantine, outcome *o)
{
    memset(o, 0, sizeof *o);
    hh_server sv;
    int rc = quarantine ? server_start(&sv, 0, "--data", data, "--quarantine-corrupt", (char *)NULL)
                        : server_start(&sv, 0, "--data", data, (char *)NULL);
    o->started = rc == 0;
    if (o->started)
        server_stop(&sv, SIGKILL);
    size_t n = 0;
    uint8_t *b = read_all(sv.log, &n);
    if (b) {
        size_t k = n < sizeof o->log - 1 ? n : sizeof o->log - 1;
        memcpy(o->log, b, k);
        o->log[k] = '\0';
        free(b);
    }
    unlink(sv.log);
    o->recovered = count(o->log, "event=game_recovered");
    o->quarantined = count(o->log, "event=game_quarantined");
}

/* A refusal says what is damaged: a game (and its record/turn/row) or the
 * file itself. */
static int refusal_names_game(const char *log)
{
    const char *p = strstr(log, "cannot start: game ");
    return p && p[19] >= '1' && p[19] <= '9';
}

static int refusal_is_clear(const char *log)
{
    if (refusal_names_game(log))
        return strstr(log, "record") || strstr(log, "turn") || strstr(log, "games row");
    const char *p = strstr(log, "cannot open the journal");
    if (!p)
        p = strstr(log, "cannot start:");
    return p && (strstr(p, "games.db") != NULL);
}

static int stats[4]; /* recovered all, refused on the file, refused naming a game, quarantined */

static void one_flip(const char *case_dir, const uint8_t *pristine, size_t n, size_t off)
{
    char path[256];
    snprintf(path, sizeof path, "rm -rf %s && mkdir -p %s", case_dir, case_dir);
    if (system(path) != 0)
        return;
    uint8_t *b = malloc(n);
    memcpy(b, pristine, n);
    for (size_t i = off; i < off + 8 && i < n; i++)
        b[i] ^= 0xa5;
    snprintf(path, sizeof path, "%s/games.db", case_dir);
    int w = write_all(path, b, n);
    free(b);
    EXPECT_EQ(w, 0);
    outcome o;
    run_server(case_dir, 0, &o);
    int silent_drop = o.started && o.recovered != NGAMES;
    if (silent_drop || (!o.started && !refusal_is_clear(o.log)) || count(o.log, "detail=\"\"")) {
        fprintf(stderr, "offset %zu: started=%d recovered=%d\n%s\n", off, o.started, o.recovered,
                o.log);
        EXPECT(!"a damaged journal must be recovered whole or refused clearly");
        return;
    }
    if (o.started) {
        stats[0]++;
        return;
    }
    if (!refusal_names_game(o.log)) {
        stats[1]++;
        return;
    }
    stats[2]++;
    /* Named a game: --quarantine-corrupt starts, every game accounted for.
     * (The copy was not changed by the refused start: it wrote nothing.) */
    run_server(case_dir, 1, &o);
    if (!o.started || o.quarantined < 1 || o.recovered + o.quarantined != NGAMES ||
        !strstr(o.log, "event=game_quarantined game=")) {
        fprintf(stderr,
                "offset %zu with --quarantine-corrupt: started=%d recovered=%d "
                "quarantined=%d\n%s\n",
                off, o.started, o.recovered, o.quarantined, o.log);
        EXPECT(!"--quarantine-corrupt must start with every game recovered or quarantined");
        return;
    }
    stats[3]++;
}

static void flip_bytes(int cases)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "corrupt");
    char data[128], db[160], case_dir[160];
    snprintf(data, sizeof data, "%s/base", dir);
    snprintf(db, sizeof db, "%s/games.db", data);
    snprintf(case_dir, sizeof case_dir, "%s/case", dir);
    if (make_store(data) != 0) {
        EXPECT(!"setup: a store with three games");
        return;
    }
    size_t n = 0;
    uint8_t *pristine = read_all(db, &n);
    EXPECT(pristine && n > 4096);
    if (!pristine || n <= 4096)
        return;
    /* The untouched copy recovers every game. */
    outcome o;
    run_server(data, 0, &o);
    EXPECT(o.started && o.recovered == NGAMES);
    /* Half the cases over the whole file, half over bytes that hold data
     * (an 8-byte window with a non-zero byte): free space is mostly zero. */
    size_t *nz = malloc(n * sizeof *nz), nnz = 0;
    for (size_t i = 0; i + 8 <= n; i += 8) {
        int any = 0;
        for (size_t k = i; k < i + 8; k++)
            any |= pristine[k];
        if (any)
            nz[nnz++] = i;
    }
    int half = cases / 2;
    for (int c = 0; c < half; c++)
        one_flip(case_dir, pristine, n, (size_t)c * (n - 8) / (size_t)half + (size_t)c % 8);
    for (int c = 0; c < cases - half && nnz; c++)
        one_flip(case_dir, pristine, n, nz[(size_t)c * nnz / (size_t)(cases - half)]);
    printf("flip_bytes: %d cases over %zu bytes: %d recovered every game, %d refused naming the "
           "file, %d refused naming a game (all %d then started with --quarantine-corrupt)\n",
           cases, n, stats[0], stats[1], stats[2], stats[3]);
    EXPECT(stats[2] > 0); /* the attack did reach game records */
    EXPECT(stats[0] > 0); /* ... and harmless bytes */
    free(nz);
    free(pristine);
    if (gg_check_failures) { /* keep the pristine store to reproduce with */
        fprintf(stderr, "kept %s for inspection\n", data);
        return;
    }
    hh_rmdata(dir);
}

/* Sends join with `code` on a connection of its own; returns the reply
 * type and fills *r. */
static int join_raw(const hh_server *sv, const char *code, gg_msg *r)
{
    gg_msg m;
    gg_msg_init(&m, GG_MSG_join);
    snprintf(m.u.join.code, sizeof m.u.join.code, "%s", code);
    return hh_request_once(sv, &m, r, 3000);
}

static int sh(const char *fmt, const char *a, const char *b)
{
    char cmd[768];
    snprintf(cmd, sizeof cmd, fmt, a, b);
    return system(cmd);
}

static void quarantine_case(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "corrupt");
    char data[128], db[160];
    snprintf(data, sizeof data, "%s/base", dir);
    snprintf(db, sizeof db, "%s/games.db", data);
    if (make_store(data) != 0) {
        EXPECT(!"setup");
        return;
    }
    /* One byte of game 2's record 5 changes (a bad sector, an editor). */
    sqlite3 *raw = NULL;
    EXPECT_EQ(sqlite3_open(db, &raw), SQLITE_OK);
    EXPECT_EQ(
        sqlite3_exec(raw,
                     "UPDATE journal SET payload = CAST(substr(payload, 1, length(payload) - 1)"
                     " || x'00' AS BLOB) WHERE game = 2 AND seq = 5",
                     NULL, NULL, NULL),
        SQLITE_OK);
    EXPECT_EQ(sqlite3_changes(raw), 1);
    sqlite3_close(raw);

    /* Without the flag: refused, naming the game and the record. */
    outcome o;
    run_server(data, 0, &o);
    EXPECT(!o.started);
    EXPECT(strstr(o.log, "cannot start: game 2") != NULL);
    EXPECT(strstr(o.log, "journal record seq 5 fails its checksum") != NULL);
    EXPECT(strstr(o.log, "--quarantine-corrupt") != NULL);

    /* With it: game 2 set aside, the others recovered; the running server
     * tells game 2's moderator and seats, and game 3 plays on. */
    hh_server sv;
    EXPECT(server_start(&sv, 0, "--data", data, "--quarantine-corrupt", (char *)NULL) == 0);
    gg_msg r;
    EXPECT(join_raw(&sv, codes[1][GG_VIEW_MODERATOR], &r) == GG_MSG_error &&
           r.u.error.code == GG_EGAME_QUARANTINED);
    EXPECT(join_raw(&sv, codes[1][GG_KAZAKHSTAN], &r) == GG_MSG_error &&
           r.u.error.code == GG_EGAME_QUARANTINED);
    EXPECT(join_raw(&sv, codes[2][GG_VIEW_MODERATOR], &r) == GG_MSG_joined);
    EXPECT(join_raw(&sv, "ZZZZ-ZZZZ", &r) == GG_MSG_error && r.u.error.code == GG_EBAD_CODE);
    hh_seat kz;
    EXPECT(hh_seat_open(&kz, &sv, 0, codes[2][GG_KAZAKHSTAN], GG_KAZAKHSTAN, "greedy", SEED) == 0);
    hh_seat_play_to_turn(&kz, 2);
    EXPECT(kz.have_view && kz.view.turn >= 2);
    /* list shows it, with the reason; export refuses it and not the others. */
    EXPECT(sh("%s list --data %s | grep -q '^2 .*quarantined'", hh_server_bin, data) == 0);
    EXPECT(sh("%s list --data %s | grep -q 'quarantined: game 2.*seq 5'", hh_server_bin, data) ==
           0);
    EXPECT(sh("%s export --data %s --game 2 --out - > /dev/null 2>/dev/null", hh_server_bin,
              data) != 0);
    EXPECT(sh("%s export --data %s --game 3 --out - > /dev/null 2>/dev/null", hh_server_bin,
              data) == 0);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);

    /* Later starts without the flag keep it aside (the operator chose). */
    EXPECT(server_start(&sv, 0, "--data", data, (char *)NULL) == 0);
    EXPECT(join_raw(&sv, codes[1][GG_VIEW_MODERATOR], &r) == GG_MSG_error &&
           r.u.error.code == GG_EGAME_QUARANTINED);
    EXPECT(join_raw(&sv, codes[0][GG_VIEW_MODERATOR], &r) == GG_MSG_joined);
    hh_close_all();
    server_stop(&sv, SIGTERM);
    hh_rmdata(dir);
}

static void flip_bytes_case(void)
{
    flip_bytes(hh_case_arg ? atoi(hh_case_arg) : 120);
}

int main(int argc, char **argv)
{
    static const hh_case cases[] = {
        {"flip_bytes", flip_bytes_case},
        {"quarantine", quarantine_case},
    };
    return hh_main(argc, argv, NULL, cases, HH_COUNT(cases), &gg_check_failures);
}
