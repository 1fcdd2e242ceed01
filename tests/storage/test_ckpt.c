/* tests/storage/test_ckpt.c — WAL checkpoints on the store's own thread
 * (server/store/store_ckpt.c): the WAL stays within its limit in pages even
 * when no passive checkpoint ever runs (the commit at the limit runs one
 * itself), passive checkpoints alone let the WAL start over when the writer
 * pauses, and every committed record is there after a reopen. Nothing here
 * is timed: sizes are counted in WAL pages. */
#define _XOPEN_SOURCE 700

#include "store/store.h"

#include "gg/errors.h"

#include "../check.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { CKPT = 16, LIMIT = 64 };

/* Pages the WAL file has room for: its size less the header, by frame. */
static long wal_file_pages(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/games.db-wal", dir);
    struct stat sb;
    if (stat(path, &sb) != 0)
        return -1;
    return sb.st_size <= 32 ? 0 : (long)((sb.st_size - 32) / (4096 + 24));
}

/* One group: a record of ~1 KiB for `game` (seq), committed. */
static int write_group(gg_store *s, int64_t game, uint32_t seq)
{
    uint8_t p[1000];
    for (size_t i = 0; i < sizeof p; i++)
        p[i] = (uint8_t)(seq * 13u + i);
    int rc = gg_store_append(s, game, seq, 1, p, sizeof p);
    return rc ? rc : gg_store_commit(s);
}

static int count_record(uint32_t seq, int kind, const uint8_t *p, size_t n, void *ud)
{
    (void)seq, (void)kind, (void)p, (void)n;
    ++*(uint32_t *)ud;
    return 0;
}

static int open_with_game(const char *dir, gg_store **s, int64_t *game)
{
    char err[512];
    int rc = gg_store_create(dir, s, err, sizeof err);
    if (rc) {
        fprintf(stderr, "open: %s\n", err);
        return rc;
    }
    gg_game_meta m;
    memset(&m, 0, sizeof m);
    snprintf(m.scenario, sizeof m.scenario, "ckpt");
    rc = gg_store_create_game(*s, &m, game);
    return rc ? rc : gg_store_commit(*s);
}

/* The thread is held (it never checkpoints): 3,000 groups of a page or
 * more each would make a WAL of thousands of pages; it stays at the limit
 * plus one group's pages, because the commits that reach the limit run a
 * checkpoint themselves (stalls), and every record is kept. */
static int t_wal_bounded(const char *dir)
{
    char hold[512];
    snprintf(hold, sizeof hold, "%s/hold", dir);
    FILE *f = fopen(hold, "w");
    CHECK(f != NULL);
    fclose(f);
    gg_store *s;
    int64_t game;
    CHECK_RC(open_with_game(dir, &s, &game), 0);
    CHECK_RC(gg_store_defer_sync(s), 0);
    gg_store_test_ckpt_hooks(s, CKPT, LIMIT, hold);
    CHECK_RC(gg_store_checkpointer_start(s), 0);
    enum { GROUPS = 3000 };
    uint32_t most_per_group = 0, prev = 0;
    gg_store_ckpt_stats st;
    for (uint32_t seq = 1; seq <= GROUPS; seq++) {
        CHECK_RC(write_group(s, game, seq), 0);
        gg_store_checkpoint_stats(s, &st);
        if (st.wal_pages > prev && st.wal_pages - prev > most_per_group)
            most_per_group = st.wal_pages - prev;
        prev = st.wal_pages;
    }
    gg_store_checkpoint_stats(s, &st);
    long file_pages = wal_file_pages(dir);
    fprintf(stderr,
            "wal_pages_max %u, file %ld pages, most per group %u, stalls %llu, "
            "passive %llu, restarts %llu\n",
            st.wal_pages_max, file_pages, most_per_group, (unsigned long long)st.stalls,
            (unsigned long long)st.passive, (unsigned long long)st.restarts);
    CHECK(st.running);
    CHECK_EQ(st.passive, 0);
    CHECK(most_per_group >= 1);
    CHECK(st.wal_pages_max < LIMIT + most_per_group);
    CHECK(file_pages >= 0 && file_pages < LIMIT + most_per_group);
    CHECK(st.stalls >= GROUPS / LIMIT);
    CHECK(st.restarts >= st.stalls - 1);
    CHECK_EQ(st.errors, 0);
    gg_store_destroy(s);
    unlink(hold);

    char err[512];
    CHECK_RC(gg_store_create(dir, &s, err, sizeof err), 0);
    uint32_t n = 0;
    CHECK_RC(gg_store_load(s, game, NULL, count_record, NULL, &n), 0);
    CHECK_EQ(n, GROUPS);
    gg_store_destroy(s);
    return 0;
}

/* Waits (up to 10 s) for a checkpoint after the first `after` that copied
 * every page committed. */
static int caught_up(gg_store *s, gg_store_ckpt_stats *st, uint64_t after)
{
    struct timespec ms = {0, 1000 * 1000};
    for (int i = 0; i < 10000; i++) {
        gg_store_checkpoint_stats(s, st);
        if (st->passive > after && st->backfilled == st->wal_pages)
            return 1;
        nanosleep(&ms, NULL);
    }
    return 0;
}

/* No limit in sight: after CKPT pages the thread checkpoints; once it has
 * copied everything (the writer pauses), the next commit starts the WAL
 * over — five times, with no stall on the writer. */
static int t_passive_restarts(const char *dir)
{
    gg_store *s;
    int64_t game;
    CHECK_RC(open_with_game(dir, &s, &game), 0);
    CHECK_RC(gg_store_defer_sync(s), 0);
    gg_store_test_ckpt_hooks(s, CKPT, 100000, NULL);
    CHECK_RC(gg_store_checkpointer_start(s), 0);
    gg_store_ckpt_stats st;
    uint32_t seq = 0;
    for (int round = 1; round <= 5; round++) {
        gg_store_checkpoint_stats(s, &st);
        uint64_t ran = st.passive;
        do {
            CHECK_RC(write_group(s, game, ++seq), 0);
            gg_store_checkpoint_stats(s, &st);
        } while (st.wal_pages < CKPT);
        uint32_t before = st.wal_pages;
        CHECK_MSG(caught_up(s, &st, ran), "round %d: backfilled %u of %u after %llu checkpoints",
                  round, st.backfilled, st.wal_pages, (unsigned long long)st.passive);
        CHECK_RC(write_group(s, game, ++seq), 0);
        gg_store_checkpoint_stats(s, &st);
        CHECK_MSG(st.wal_pages < before, "round %d: WAL %u pages after %u", round, st.wal_pages,
                  before);
        CHECK_EQ(st.restarts, round);
    }
    CHECK_EQ(st.stalls, 0);
    CHECK_EQ(st.errors, 0);
    /* every commit counted, each with at least its record's page */
    CHECK_EQ(st.commits, seq);
    CHECK(st.wal_frames >= seq);
    gg_store_destroy(s);
    char err[512];
    CHECK_RC(gg_store_create(dir, &s, err, sizeof err), 0);
    uint32_t n = 0;
    CHECK_RC(gg_store_load(s, game, NULL, count_record, NULL, &n), 0);
    CHECK_EQ(n, seq);
    gg_store_destroy(s);
    return 0;
}

static const test_case_dir cases[] = {
    {"wal_bounded", t_wal_bounded, "the WAL stays within its limit with no passive checkpoint"},
    {"passive_restarts", t_passive_restarts, "passive checkpoints let the WAL start over"},
};

int main(int argc, char **argv)
{
    return run_cases_dir(cases, (int)(sizeof cases / sizeof cases[0]), argc, argv);
}
