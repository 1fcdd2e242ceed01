/* bench/storage/bench_store.c — bench-store: what durability costs.
 *
 * Appends ~100-byte journal records (a) with one commit (fsync) per record,
 * (b) with group commit of 16, 64 and 256 records per commit, and (c) into
 * memory only (the replay encoder: the no-journal baseline), and prints
 * records/second for each, next to the disk's raw write+fdatasync rate. Then builds a store of G
 * games x R records and times what a restart does: open (with its quick_check) and a recovery scan
 * (list unfinished games, load every journal). Prints figures only; it asserts nothing. Results and
 * the command line go in bench/storage/RESULTS.md. */
#define _XOPEN_SOURCE 700

#include "store/store.h"

#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PAYLOAD 100
#define GAMES_IN_FLIGHT 4

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int die(gg_store *s, const char *what, int rc)
{
    fprintf(stderr, "bench-store: %s failed (%d): %s\n", what, rc, s ? gg_store_errmsg(s) : "");
    exit(1);
}

static gg_store *open_store(const char *dir)
{
    gg_store *s;
    char err[512];
    int rc = gg_store_create(dir, &s, err, sizeof err);
    if (rc) {
        fprintf(stderr, "bench-store: %s\n", err);
        exit(1);
    }
    return s;
}

static void make_meta(gg_game_meta *m, int i)
{
    memset(m, 0, sizeof *m);
    snprintf(m->scenario, sizeof m->scenario, "bench");
    m->seed = (uint64_t)i;
    m->options_len = 16;
    for (int c = 0; c < GG_STORE_NCODES; c++)
        snprintf(m->codes[c], sizeof m->codes[c], "c%d", c);
}

static int rm_entry(const char *p, const struct stat *sb, int f, struct FTW *w)
{
    (void)sb, (void)f, (void)w;
    return remove(p);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Appends n records round-robin over GAMES_IN_FLIGHT games, committing every
 * `group` records; returns records/second. With lat != NULL (group 1) also
 * records each commit's latency. */
static double run_journal(const char *base, const char *name, int n, int group, double *lat)
{
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/%s", base, name);
    gg_store *s = open_store(dir);
    int64_t g[GAMES_IN_FLIGHT];
    for (int i = 0; i < GAMES_IN_FLIGHT; i++) {
        gg_game_meta m;
        make_meta(&m, i);
        int rc = gg_store_create_game(s, &m, &g[i]);
        if (rc)
            die(s, "create_game", rc);
    }
    int rc = gg_store_commit(s);
    if (rc)
        die(s, "commit", rc);
    uint8_t payload[PAYLOAD];
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        memset(payload, i & 0xff, sizeof payload);
        rc = gg_store_append(s, g[i % GAMES_IN_FLIGHT], (uint32_t)(i / GAMES_IN_FLIGHT + 1), i % 7,
                             payload, sizeof payload);
        if (rc)
            die(s, "append", rc);
        if ((i + 1) % group == 0 || i + 1 == n) {
            double c0 = lat ? now_s() : 0;
            rc = gg_store_commit(s);
            if (rc)
                die(s, "commit", rc);
            if (lat)
                lat[i] = now_s() - c0;
        }
    }
    double dt = now_s() - t0;
    gg_store_destroy(s);
    return n / dt;
}

/* The no-journal baseline: encode the same records into memory. */
static double run_memory(int n)
{
    gg_replay_header h;
    memset(&h, 0, sizeof h);
    strcpy(h.scenario, "bench");
    h.n_records = (uint32_t)n;
    gg_replay_writer w;
    uint8_t payload[PAYLOAD];
    double t0 = now_s();
    if (gg_replay_writer_init(&w, &h))
        exit(1);
    for (int i = 0; i < n; i++) {
        memset(payload, i & 0xff, sizeof payload);
        if (gg_replay_writer_record(&w, (uint32_t)i + 1, i % 7, payload, sizeof payload))
            exit(1);
    }
    double dt = now_s() - t0;
    gg_replay_writer_close(&w);
    return n / dt;
}

/* The disk's floor: a 4 KiB write + fdatasync, n times; returns syncs/second. */
static double run_fsync(const char *base, int n)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/fsync-probe", base);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return 0;
    char block[4096];
    memset(block, 1, sizeof block);
    double t0 = now_s();
    for (int i = 0; i < n; i++)
        if (write(fd, block, sizeof block) != (ssize_t)sizeof block || fdatasync(fd) != 0)
            break;
    double dt = now_s() - t0;
    close(fd);
    unlink(path);
    return n / dt;
}

/* ---- --sync-sizes: what one fdatasync of the WAL costs ----------------
 * Appends `bytes` to a file and times the fdatasync, `reps` times per size
 * (the server's commit thread does exactly this after each group's write
 * into games.db-wal). With `ckpt` set, a second thread meanwhile does what
 * a checkpoint does to the disk: random 4 KiB page writes into another
 * 64 MiB file, 2,048 at a time (GG_STORE_CKPT_PAGES), each batch followed
 * by its fdatasync. */
struct ckpt_load {
    const char *path;
    volatile int stop;
    long batches;
};

static void *ckpt_load_main(void *arg)
{
    struct ckpt_load *c = arg;
    int fd = open(c->path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return NULL;
    const off_t pages = 16384;
    if (ftruncate(fd, pages * 4096) != 0) {
        close(fd);
        return NULL;
    }
    char page[4096];
    memset(page, 2, sizeof page);
    unsigned r = 12345;
    while (!c->stop) {
        for (int i = 0; i < 2048; i++) {
            r = r * 1103515245u + 12345u;
            if (pwrite(fd, page, sizeof page, (off_t)(r >> 8) % pages * 4096) < 0)
                break;
        }
        if (fdatasync(fd) != 0)
            break;
        c->batches++;
    }
    close(fd);
    unlink(c->path);
    return NULL;
}

static void run_sync_sizes(const char *base, int reps, int ckpt)
{
    static const int kib[] = {4, 16, 64, 256, 1024, 4096, 16384};
    char path[1100], cpath[1100];
    snprintf(path, sizeof path, "%s/sync-probe", base);
    snprintf(cpath, sizeof cpath, "%s/ckpt-probe", base);
    struct ckpt_load cl = {cpath, 0, 0};
    pthread_t th;
    if (ckpt && pthread_create(&th, NULL, ckpt_load_main, &cl) != 0)
        ckpt = 0;
    char *buf = malloc((size_t)16384 * 1024);
    double *lat = calloc((size_t)reps, sizeof *lat);
    if (!buf || !lat) {
        free(buf);
        free(lat);
        return;
    }
    memset(buf, 3, (size_t)16384 * 1024);
    printf("append + fdatasync%s, %d each:\n", ckpt ? " beside checkpoint-like writes" : "", reps);
    printf("%10s %10s %10s %10s %10s\n", "KiB", "p50 ms", "p99 ms", "max ms", "MB/s");
    for (size_t k = 0; k < sizeof kib / sizeof kib[0]; k++) {
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0)
            break;
        size_t n = (size_t)kib[k] * 1024;
        double total = 0;
        for (int i = 0; i < reps; i++) {
            double t0 = now_s();
            if (write(fd, buf, n) != (ssize_t)n || fdatasync(fd) != 0)
                break;
            lat[i] = now_s() - t0;
            total += lat[i];
        }
        close(fd);
        unlink(path);
        qsort(lat, (size_t)reps, sizeof *lat, cmp_double);
        printf("%10d %10.3f %10.3f %10.3f %10.1f\n", kib[k], lat[reps / 2] * 1e3,
               lat[reps * 99 / 100] * 1e3, lat[reps - 1] * 1e3, (double)n * reps / total / 1e6);
    }
    if (ckpt) {
        cl.stop = 1;
        pthread_join(th, NULL);
        printf("(checkpoint-like batches of 2,048 pages + fdatasync meanwhile: %ld)\n", cl.batches);
    }
    free(buf);
    free(lat);
}

typedef struct scan {
    gg_store *s;
    long games, records;
    size_t bytes;
} scan;

static int on_record(uint32_t seq, int kind, const uint8_t *p, size_t n, void *ud)
{
    (void)seq, (void)kind, (void)p;
    scan *sc = ud;
    sc->records++;
    sc->bytes += n;
    return 0;
}

static int on_game(const gg_game_summary *g, void *ud)
{
    (void)g, (void)ud;
    return 0;
}

/* Collects ids first: loading from inside a list callback is not allowed. */
typedef struct ids {
    int64_t *v;
    long n, cap;
} ids;

static int collect(const gg_game_summary *g, void *ud)
{
    ids *l = ud;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 1024;
        int64_t *nv = realloc(l->v, (size_t)l->cap * sizeof *nv);
        if (!nv)
            return -1;
        l->v = nv;
    }
    l->v[l->n++] = g->id;
    return 0;
}

static void run_recovery(const char *base, int games, int records)
{
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/recovery", base);
    gg_store *s = open_store(dir);
    uint8_t payload[PAYLOAD];
    memset(payload, 0x5a, sizeof payload);
    double t0 = now_s();
    for (int i = 0; i < games; i++) {
        gg_game_meta m;
        make_meta(&m, i);
        int64_t g;
        int rc = gg_store_create_game(s, &m, &g);
        for (int r = 1; rc == 0 && r <= records; r++)
            rc = gg_store_append(s, g, (uint32_t)r, r % 7, payload, sizeof payload);
        for (int t = 1; rc == 0 && t <= records / 10; t++)
            rc = gg_store_turn_hash(s, g, t, (uint64_t)t * 977u);
        if (rc == 0)
            rc = gg_store_commit(s);
        if (rc)
            die(s, "building the recovery store", rc);
    }
    double build = now_s() - t0;
    gg_store_destroy(s);

    t0 = now_s();
    s = open_store(dir);
    double open = now_s() - t0;
    t0 = now_s();
    ids l = {0};
    int rc = gg_store_list(s, 1, collect, &l);
    if (rc)
        die(s, "list", rc);
    scan sc = {s, 0, 0, 0};
    for (long i = 0; i < l.n; i++) {
        gg_game_meta m;
        rc = gg_store_load(s, l.v[i], &m, on_record, NULL, &sc);
        if (rc)
            die(s, "load", rc);
        sc.games++;
    }
    double scan_s = now_s() - t0;
    t0 = now_s();
    rc = gg_store_list(s, 0, on_game, NULL);
    double list_s = now_s() - t0;
    if (rc)
        die(s, "list", rc);
    gg_store_destroy(s);
    free(l.v);
    printf("recovery store: %d games x %d records built in %.2f s (one commit per game)\n", games,
           records, build);
    printf("  open (incl. quick_check)      %8.1f ms\n", open * 1e3);
    printf("  list all games (summaries)    %8.1f ms\n", list_s * 1e3);
    printf("  recovery scan (list + load)   %8.1f ms   %ld games, %ld records, %.0f records/s\n",
           scan_s * 1e3, sc.games, sc.records, (double)sc.records / scan_s);
}

/* ---- --server-mix: what one group commit writes at G games ------------
 * The server's write pattern without the server: each group carries
 * `per_group` ~84-byte records of games drawn at random (one networked
 * seat's orders, the bots' moves), and every MIX_PER_TURN-th record of a
 * game resolves a turn: its state hash, a MIX_SNAPSHOT-byte snapshot and a
 * deadline, in the same group (server/host/snapshot.c, game.c). Deferred
 * sync and the checkpoint thread as in gg-server; nothing is synced (the
 * figures are what a commit writes and what it costs the committing
 * thread, not the disk's latency). Warm-up groups first (the journal
 * grows to mid-game size and the tail, if any, reaches its steady span),
 * then the measured ones. CPU is the process's (user + system), i.e. the
 * loop's commit work plus the checkpoint thread's. */
#define MIX_PER_TURN 8
#define MIX_SNAPSHOT 2400
#define MIX_PAYLOAD 84

static double cpu_s(clockid_t which)
{
    struct timespec t;
    clock_gettime(which, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void run_server_mix(const char *base, int games, int per_group, int warm, int measured)
{
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/mix", base);
    gg_store *s = open_store(dir);
    int rc;
    if ((rc = gg_store_defer_sync(s)) != 0 || (rc = gg_store_checkpointer_start(s)) != 0)
        die(s, "deferred sync / checkpointer", rc);
    int64_t *id = malloc((size_t)games * sizeof *id);
    uint32_t *seq = calloc((size_t)games, sizeof *seq);
    if (!id || !seq)
        exit(1);
    for (int g = 0; g < games; g++) {
        gg_game_meta m;
        make_meta(&m, g);
        if ((rc = gg_store_create_game(s, &m, &id[g])) != 0)
            die(s, "create_game", rc);
        if (g % 256 == 255 && (rc = gg_store_commit(s)) != 0)
            die(s, "commit", rc);
    }
    if ((rc = gg_store_commit(s)) != 0)
        die(s, "commit", rc);
    uint8_t p[MIX_PAYLOAD], snap[MIX_SNAPSHOT];
    uint64_t x = 88172645463325252u;
    gg_store_ckpt_stats a, b;
    double w0 = 0, c0 = 0, t0c = 0;
    long turns = 0;
    for (int r = 0; r < warm + measured; r++) {
        if (r == warm) {
            gg_store_checkpoint_stats(s, &a);
            w0 = now_s();
            c0 = cpu_s(CLOCK_PROCESS_CPUTIME_ID);
            t0c = cpu_s(CLOCK_THREAD_CPUTIME_ID);
            turns = 0;
        }
        for (int k = 0; k < per_group; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            int g = (int)(x % (uint64_t)games);
            uint32_t q = ++seq[g];
            for (size_t i = 0; i < sizeof p; i++)
                p[i] = (uint8_t)(q + i);
            if ((rc = gg_store_append(s, id[g], q, 1, p, sizeof p)) != 0)
                die(s, "append", rc);
            if (q % MIX_PER_TURN == 0) {
                int turn = (int)(q / MIX_PER_TURN);
                memset(snap, turn, sizeof snap);
                if ((rc = gg_store_turn_hash(s, id[g], turn, x)) != 0 ||
                    (rc = gg_store_put_snapshot(s, id[g], q, turn, snap, sizeof snap)) != 0 ||
                    (rc = gg_store_set_deadline(s, id[g], turn + 1, 1764000000000 + turn)) != 0)
                    die(s, "turn", rc);
                turns++;
            }
        }
        if ((rc = gg_store_commit(s)) != 0)
            die(s, "commit", rc);
    }
    double wall = now_s() - w0, cpu = cpu_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    double tcpu = cpu_s(CLOCK_THREAD_CPUTIME_ID) - t0c;
    gg_store_checkpoint_stats(s, &b);
    double commits = (double)(b.commits - a.commits),
           frames = (double)(b.wal_frames - a.wal_frames);
    printf("server mix: %d games, %d records a group (a turn every %d records of a game: hash, "
           "%d-byte snapshot, deadline), %d warm-up + %d measured groups\n",
           games, per_group, MIX_PER_TURN, MIX_SNAPSHOT, warm, measured);
    printf("  WAL pages per commit      %8.1f   (%.0f KiB)\n", frames / commits,
           frames / commits * 4.0);
    printf("  turns per commit          %8.2f\n", (double)turns / commits);
    printf("  CPU per commit            %8.0f us on the writing thread (the server's loop), "
           "%.0f us the whole process (+ checkpoint thread)\n",
           tcpu / commits * 1e6, cpu / commits * 1e6);
    printf("  wall per commit           %8.0f us\n", wall / commits * 1e6);
    printf("  checkpoints %llu (%.1f ms mean), WAL restarts %llu, stalls %llu\n",
           (unsigned long long)(b.passive - a.passive),
           b.passive > a.passive
               ? (double)(b.passive_ns - a.passive_ns) / 1e6 / (double)(b.passive - a.passive)
               : 0.0,
           (unsigned long long)(b.restarts - a.restarts),
           (unsigned long long)(b.stalls - a.stalls));
#ifdef GG_STORE_LOG_SPAN /* schema v4's tail */
    gg_store_log_stats ls;
    gg_store_tail_stats(s, &ls);
    printf("  tail: %llu game folds of %.1f records each, %llu prunes, %llu rows unfolded in "
           "%llu games\n",
           (unsigned long long)ls.folds, ls.folds ? (double)ls.folded_rows / (double)ls.folds : 0.0,
           (unsigned long long)ls.prunes, (unsigned long long)ls.rows,
           (unsigned long long)ls.games);
#endif
    free(id);
    free(seq);
    if (getenv("GG_BENCH_MIX_KEEP")) { /* for bench/server/wal_pages.py: as a crash leaves it */
        printf("  left in %s (WAL as at the last commit)\n", dir);
        fflush(stdout);
        _exit(0);
    }
    double t0 = now_s();
    gg_store_destroy(s);
    printf("  close (folds the tail, if any) %.0f ms\n", (now_s() - t0) * 1e3);
    t0 = now_s();
    s = open_store(dir);
    printf("  reopen (quick_check; folds a tail left by a crash, if any) %.0f ms\n",
           (now_s() - t0) * 1e3);
    gg_store_destroy(s);
}

int main(int argc, char **argv)
{
    int per_commit = 2000, grouped = 40000, games = 1000, records = 40;
    const char *base = NULL;
    int sync_sizes = 0, mix = 0, mix_group = 30, mix_warm = 4000, mix_measured = 4000;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dir") && i + 1 < argc)
            base = argv[++i];
        else if (!strcmp(argv[i], "--records") && i + 1 < argc)
            grouped = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--per-commit") && i + 1 < argc)
            per_commit = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--games") && i + 1 < argc)
            games = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--sync-sizes") && i + 1 < argc)
            sync_sizes = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--server-mix") && i + 1 < argc)
            mix = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--mix-group") && i + 1 < argc)
            mix_group = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--mix-groups") && i + 2 < argc) {
            mix_warm = atoi(argv[++i]);
            mix_measured = atoi(argv[++i]);
        } else {
            printf("usage: %s [--dir DIR] [--records N] [--per-commit N] [--games G]\n"
                   "       %s [--dir DIR] --sync-sizes REPS\n"
                   "Measures journal appends of %d-byte records: one commit per record\n"
                   "(--per-commit N records, default 2000), group commit of 16/64/256\n"
                   "(--records N, default 40000), memory-only encoding; then open and\n"
                   "recovery-scan time for G games x 40 records (default 1000). Works in a\n"
                   "fresh temporary directory under DIR (default $TMPDIR or /tmp), removed\n"
                   "afterwards. Put DIR on the disk the server will use.\n"
                   "--sync-sizes REPS: only the cost of one append + fdatasync of 4 KiB to\n"
                   "16 MiB (REPS each), alone and beside checkpoint-like page writes.\n"
                   "--server-mix GAMES [--mix-group N] [--mix-groups WARM MEASURED]: only\n"
                   "what a group commit writes (WAL pages) and costs (CPU) at GAMES games,\n"
                   "N records a group (30), 4000 + 4000 groups.\n",
                   argv[0], argv[0], PAYLOAD);
            return strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    if (per_commit < 1 || grouped < 256 || games < 1) {
        fprintf(stderr, "bench-store: counts too small\n");
        return 2;
    }
    char tmpl[1024];
    const char *t = base ? base : getenv("TMPDIR");
    snprintf(tmpl, sizeof tmpl, "%s/gg-bench-store-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        return 1;
    }
    if (mix > 0) {
        run_server_mix(tmpl, mix, mix_group > 0 ? mix_group : 30, mix_warm, mix_measured);
        nftw(tmpl, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        return 0;
    }
    if (sync_sizes > 0) {
        run_sync_sizes(tmpl, sync_sizes, 0);
        run_sync_sizes(tmpl, sync_sizes, 1);
        nftw(tmpl, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        return 0;
    }
    printf("bench-store: %d-byte records, %d games in flight, WAL + synchronous=FULL, in %s\n",
           PAYLOAD, GAMES_IN_FLIGHT, tmpl);
    double *lat = calloc((size_t)per_commit, sizeof *lat);
    if (!lat)
        return 1;
    double mem = run_memory(grouped);
    double one = run_journal(tmpl, "g1", per_commit, 1, lat);
    qsort(lat, (size_t)per_commit, sizeof *lat, cmp_double);
    printf("%-34s %12s %10s\n", "mode", "records/s", "vs memory");
    printf("%-34s %12.0f %9.1f%%\n", "(c) memory only (no journal)", mem, 100.0);
    printf("%-34s %12.0f %9.3f%%   commit p50 %.3f ms, p99 %.3f ms\n", "(a) commit per record", one,
           100 * one / mem, lat[per_commit / 2] * 1e3, lat[per_commit * 99 / 100] * 1e3);
    double sync = run_fsync(tmpl, per_commit);
    printf("%-34s %12.0f %10s   (%.3f ms per sync: the disk's floor for (a))\n",
           "(d) raw 4 KiB append + fdatasync", sync, "-", 1e3 / sync);
    int groups[] = {16, 64, 256};
    for (int i = 0; i < 3; i++) {
        char name[16], label[64];
        snprintf(name, sizeof name, "g%d", groups[i]);
        snprintf(label, sizeof label, "(b) group commit, %d per commit", groups[i]);
        double r = run_journal(tmpl, name, grouped, groups[i], NULL);
        printf("%-34s %12.0f %9.3f%%\n", label, r, 100 * r / mem);
    }
    free(lat);
    run_recovery(tmpl, games, records);
    nftw(tmpl, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}
