/* The journal's commit thread (server/host/commit.c): an acknowledgement
 * leaves only once its command is durable, replies keep their order while
 * they wait, a failed sync acknowledges nothing, and what was acknowledged
 * survives a SIGKILL. Runs the test build gg-server-test (--test-hold-sync,
 * --test-fail-sync). Nothing here is timed: "not yet" is checked while the
 * sync is held, however long that takes.
 * Usage: test_host_commit GG_SERVER_TEST_BINARY CASE */
#include "abuse_util.h"

#include <sys/stat.h>
#include <sys/wait.h>

static hh_server sv;

/* While the sync of a group is held, neither its acknowledgement nor any
 * later reply (a pong that wrote nothing) leaves; once it is released both
 * come, in order. */
static void held_sync(void)
{
    char dir[64], hold[80];
    hh_mkdata(dir, sizeof dir, "commit");
    snprintf(hold, sizeof hold, "%s.hold", dir);
    if (server_start(&sv, 0, "--data", dir, "--test-hold-sync", hold, (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    hh_client c;
    EXPECT(hh_connect(&c, &sv, 1) == 0);
    FILE *f = fopen(hold, "w");
    EXPECT(f != NULL);
    if (f)
        fclose(f);
    gg_msg create, ping;
    hh_create_msg(&create, "belt-and-road", 7);
    gg_msg_init(&ping, GG_MSG_ping);
    EXPECT(hh_send(&c, &create) == 0 && hh_send(&c, &ping) == 0);
    for (int i = 0; i < 25; i++) /* half a second or more: nothing may come */
        EXPECT(hh_pump(&c, 20) == 0);
    EXPECT_EQ(c.n, 0);
    unlink(hold);
    EXPECT(hh_take(&c, GG_MSG_pong, NULL, 5000));
    /* the pong came after the acknowledgement it queued behind */
    EXPECT_EQ(c.n, 1);
    if (c.n == 1) {
        EXPECT_EQ(c.inbox[0].type, GG_MSG_game_created);
        EXPECT_EQ(c.inbox[0].rid, create.rid);
    }
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    EXPECT_EQ(hh_stored_games(dir, "belt-and-road"), 1);
    hh_rmdata(dir);
}

/* The first sync fails (an fdatasync error: the outcome is unknown): the
 * client owed the acknowledgement gets STORAGE_IO instead (with the
 * request's rid, and once without rid for the connection), new games are
 * refused from then on, the server still answers and logs why. */
static void failed_sync(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "commit");
    if (server_start(&sv, 0, "--data", dir, "--test-fail-sync", "1", (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    hh_client c;
    EXPECT(hh_connect(&c, &sv, 1) == 0);
    gg_msg m, r, e;
    hh_create_msg(&m, "belt-and-road", 7);
    /* The request itself is answered (its rid), not left to time out ... */
    EXPECT(hh_request(&c, &m, &r, 5000) == GG_MSG_error && r.u.error.code == GG_ESTORAGE_IO);
    /* ... and the connection is told without rid that more was lost. */
    EXPECT(hh_take(&c, GG_MSG_error, &e, 2000));
    EXPECT_EQ(e.rid, 0u);
    EXPECT_EQ(e.u.error.code, GG_ESTORAGE_IO);
    EXPECT(!hh_has(&c, GG_MSG_error)); /* one answer a request, one note a connection */
    EXPECT(!hh_has(&c, GG_MSG_game_created));
    hh_create_msg(&m, "belt-and-road", 8);
    EXPECT(hh_request(&c, &m, &r, 3000) == GG_MSG_error && r.u.error.code == GG_ESTORAGE_IO);
    EXPECT(!hh_has(&c, GG_MSG_game_created));
    gg_msg_init(&m, GG_MSG_ping);
    EXPECT(hh_request(&c, &m, &r, 3000) == GG_MSG_pong);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    EXPECT(hh_logged(&sv, "event=journal_sync_failed"));
    hh_rmdata(dir);
}

/* Creates 40 games back to back from four connections (TCP and ENet),
 * ten each, all sent before any acknowledgement is read (they share
 * commits); returns how many were acknowledged (all are expected). */
static int create_back_to_back(void)
{
    enum { CONNS = 4, EACH = 10 };
    static hh_client c[CONNS];
    for (int i = 0; i < CONNS; i++)
        EXPECT(hh_connect(&c[i], &sv, i % 2) == 0);
    for (int k = 0; k < EACH; k++)
        for (int i = 0; i < CONNS; i++) {
            gg_msg m;
            hh_create_msg(&m, "belt-and-road", (uint64_t)(k * CONNS + i + 1));
            EXPECT(hh_send(&c[i], &m) == 0);
        }
    int acked = 0;
    for (int i = 0; i < CONNS; i++)
        for (int k = 0; k < EACH; k++)
            acked += hh_take(&c[i], GG_MSG_game_created, NULL, 5000);
    EXPECT_EQ(acked, CONNS * EACH);
    return acked;
}

/* Games created back to back from several connections share commits; the
 * server is killed (SIGKILL) right after the last acknowledgement: every
 * acknowledged game is in the journal. */
static void kill_after_acks(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "commit");
    /* 40 games from one address: the lobby's per-address limits are lifted. */
    if (server_start(&sv, 0, "--data", dir, "--max-games-per-addr", "0", "--create-per-min", "0",
                     (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    int acked = create_back_to_back();
    EXPECT_EQ(server_stop(&sv, SIGKILL), 128 + SIGKILL);
    hh_close_all();
    EXPECT_EQ(hh_stored_games(dir, "belt-and-road"), acked);
    hh_rmdata(dir);
}

/* SIGKILL while WAL checkpoints run all the time (issue 17: on the
 * store's checkpoint thread, a checkpoint after every page, and a WAL
 * limit of 32 pages so commits at the limit run some on the loop too):
 * four connections keep creating games, the server is killed with
 * requests in flight after 60 acknowledgements, and every acknowledged
 * game is in the journal, which a restarted server opens (its integrity
 * check passes) and lists. Which instant the kill hits is not controlled;
 * with a checkpoint per commit most instants are inside one. */
static void kill_mid_checkpoint(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "commit");
    if (server_start(&sv, 0, "--data", dir, "--max-games-per-addr", "0", "--create-per-min", "0",
                     "--test-checkpoint-pages", "1", "--test-wal-max-pages", "32",
                     (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    enum { CONNS = 4, ACKS = 60 };
    hh_client c[CONNS];
    for (int i = 0; i < CONNS; i++)
        EXPECT(hh_connect(&c[i], &sv, i % 2) == 0);
    int acked = 0, sent = 0;
    uint64_t seed = 1;
    for (int i = 0; i < CONNS; i++)
        for (int k = 0; k < 2; k++, sent++) { /* two in flight per connection */
            gg_msg m;
            hh_create_msg(&m, "belt-and-road", seed++);
            EXPECT(hh_send(&c[i], &m) == 0);
        }
    while (acked < ACKS) {
        int got = 0;
        for (int i = 0; i < CONNS; i++)
            while (hh_take(&c[i], GG_MSG_game_created, NULL, 0)) {
                got++;
                acked++;
                gg_msg m;
                hh_create_msg(&m, "belt-and-road", seed++);
                EXPECT(hh_send(&c[i], &m) == 0);
                sent++;
            }
        if (!got && hh_pump(&c[acked % CONNS], 100) < 0)
            break;
    }
    EXPECT(acked >= ACKS);
    EXPECT(hh_metric(&sv, "gg_journal_checkpoints_total") > 0);
    EXPECT(hh_metric(&sv, "gg_journal_checkpoint_errors_total") == 0);
    EXPECT(hh_metric(&sv, "gg_journal_wal_pages_max") < 64);
    EXPECT_EQ(server_stop(&sv, SIGKILL), 128 + SIGKILL);
    hh_close_all();
    int stored = hh_stored_games(dir, "belt-and-road");
    EXPECT(stored >= acked && stored <= sent);
    /* The journal opens (quick_check) and keeps them. */
    EXPECT(server_start(&sv, 0, "--data", dir, (char *)NULL) == 0);
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    EXPECT_EQ(hh_stored_games(dir, "belt-and-road"), stored);
    hh_rmdata(dir);
}

#define BURST_STATS 800 /* ~480 KiB of replies: past 256 KiB, under GG_MAX_SEND_QUEUE */

/* Appends m as one TCP frame (4-byte length, then the message) to buf. */
static size_t frame(uint8_t *buf, size_t at, size_t cap, gg_msg *m)
{
    int len = gg_msg_encode(m, buf + at + 4, cap - at - 4);
    if (len < 0)
        return at;
    buf[at] = (uint8_t)((unsigned)len >> 24);
    buf[at + 1] = (uint8_t)((unsigned)len >> 16);
    buf[at + 2] = (uint8_t)((unsigned)len >> 8);
    buf[at + 3] = (uint8_t)len;
    return at + 4 + (size_t)len;
}

/* A burst of replies past the outbox's commit size (GG_OUTBOX_FLUSH_BYTES)
 * in one loop iteration, behind a journaled command: a create_game and
 * BURST_STATS `stats` requests in one write (read and answered in one
 * iteration; --msg-rate lets them all in). The open group is committed mid-iteration and its sync
 * left to the commit thread: while that sync is held the loop still answers (GET /metrics), nothing
 * of the burst leaves, and the loop never waited for the disk itself; once the sync is released
 * every reply comes, in order. (Until cap7 the loop ran that sync itself: with the sync held it
 * stopped answering.) */
static void burst_mid_commit(void)
{
    char dir[64], hold[80];
    hh_mkdata(dir, sizeof dir, "commit");
    snprintf(hold, sizeof hold, "%s.hold", dir);
    if (server_start(&sv, 0, "--data", dir, "--test-hold-sync", hold, "--msg-rate", "10000",
                     (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    int fd = hello_from(&sv, "127.0.0.1");
    EXPECT(fd >= 0);
    FILE *f = fopen(hold, "w");
    EXPECT(f != NULL);
    if (f)
        fclose(f);
    static uint8_t burst[BURST_STATS * 64 + 4096];
    gg_msg m;
    hh_create_msg(&m, "belt-and-road", 7);
    m.rid = 2;
    size_t n = frame(burst, 0, sizeof burst, &m);
    for (int i = 0; i < BURST_STATS; i++) {
        gg_msg_init(&m, GG_MSG_stats);
        m.rid = 3 + (uint32_t)i;
        n = frame(burst, n, sizeof burst, &m);
    }
    EXPECT(fd >= 0 && send(fd, burst, n, MSG_NOSIGNAL) == (ssize_t)n);
    long long mid = 0;
    for (int i = 0; i < 500 && mid < 1; i++) { /* a bounded wait, not a timing check */
        usleep(10000);
        mid = hh_metric(&sv, "gg_outbox_mid_commits_total");
    }
    EXPECT(mid >= 1);
    EXPECT_EQ(hh_metric(&sv, "gg_outbox_sync_flushes_total"), 0);
    EXPECT(raw_fate(fd, 50) < 0); /* held: nothing of the burst is durable */
    unlink(hold);
    uint32_t last = 0;
    int created = 0, in_order = 1;
    while (fd >= 0 && last < 2 + BURST_STATS) {
        int t = fd_take(fd, &m);
        if (t < 0)
            break;
        if (t == GG_MSG_game_created) {
            created++;
            in_order &= last == 0 && m.rid == 2;
            last = m.rid;
        } else if (t == GG_MSG_stats) {
            in_order &= created == 1 && m.rid >= last;
            last = m.rid;
        }
    }
    EXPECT_EQ(created, 1);
    EXPECT(in_order);
    EXPECT_EQ(last, 2 + BURST_STATS);
    EXPECT_EQ(hh_metric(&sv, "gg_outbox_sync_flushes_total"), 0);
    if (fd >= 0)
        close(fd);
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    hh_rmdata(dir);
}

/* ---- --durability process (host.h, commit.c) ------------------------ */

/* Makes a data directory dir[64] and starts the test server in it under
 * --durability process with the window given and the lobby's per-address
 * limits lifted; its syncs wait while hold[80] exists, which is created
 * here. Connects *c (TCP, after hello) when c is not NULL. 0 or -1. */
static int start_process(char *dir, char *hold, const char *max_ms, const char *max_groups,
                         hh_client *c)
{
    hh_mkdata(dir, 64, "commit");
    snprintf(hold, 80, "%s.hold", dir);
    if (server_start(&sv, 0, "--data", dir, "--test-hold-sync", hold, "--durability", "process",
                     "--unsynced-max-ms", max_ms, "--unsynced-max-groups", max_groups,
                     "--max-games-per-addr", "0", "--create-per-min", "0", (char *)NULL) != 0) {
        EXPECT(!"start");
        hh_rmdata(dir);
        return -1;
    }
    FILE *f = fopen(hold, "w");
    EXPECT(f != NULL);
    if (f)
        fclose(f);
    if (c)
        EXPECT(hh_connect(c, &sv, 1) == 0);
    return 0;
}

/* Sends a create_game (seed) and says whether its acknowledgement came
 * within wait_ms (game_created with its rid). */
static int create_acked(hh_client *c, uint64_t seed, int wait_ms)
{
    gg_msg m, r;
    hh_create_msg(&m, "belt-and-road", seed);
    EXPECT(hh_send(c, &m) == 0);
    return hh_take(c, GG_MSG_game_created, &r, wait_ms) && r.rid == m.rid;
}

/* The window is full: a create_game (seed) gets no acknowledgement while
 * the sync is held (half a second or more), counted in /metrics as held
 * for its sync; once the hold file goes, it comes. */
static void held_past_window(hh_client *c, const char *hold, uint64_t seed)
{
    EXPECT(!create_acked(c, seed, 500));
    EXPECT_EQ(hh_metric(&sv, "gg_journal_unsynced_limited_total"), 1);
    unlink(hold);
    EXPECT(hh_take(c, GG_MSG_game_created, NULL, 5000));
}

/* Stops the server (SIGTERM), expects `games` games in its journal and
 * removes the data directory. */
static void stop_expect_games(const char *dir, int games)
{
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    EXPECT_EQ(hh_stored_games(dir, "belt-and-road"), games);
    hh_rmdata(dir);
}

/* While the sync of a group is held, under --durability process its
 * acknowledgement leaves anyway (it is in the WAL) and a later reply after
 * it, in order; /metrics counts them as sent before their sync. Under
 * machine the same sequence sends nothing (held_sync above). */
static void process_acks_before_sync(void)
{
    char dir[64], hold[80];
    hh_client c;
    if (start_process(dir, hold, "60000", "1024", &c) != 0)
        return;
    EXPECT_EQ(hh_metric(&sv, "gg_journal_durability{mode=\"process\"}"), 1);
    gg_msg create, ping;
    hh_create_msg(&create, "belt-and-road", 7);
    gg_msg_init(&ping, GG_MSG_ping);
    EXPECT(hh_send(&c, &create) == 0 && hh_send(&c, &ping) == 0);
    EXPECT(hh_take(&c, GG_MSG_pong, NULL, 5000)); /* the sync is still held */
    EXPECT_EQ(c.n, 1);
    if (c.n == 1) {
        EXPECT_EQ(c.inbox[0].type, GG_MSG_game_created);
        EXPECT_EQ(c.inbox[0].rid, create.rid);
    }
    EXPECT(hh_metric(&sv, "gg_sent_unsynced_total") >= 1);
    EXPECT(hh_metric(&sv, "gg_journal_unsynced_groups") >= 1);
    EXPECT_EQ(hh_metric(&sv, "gg_journal_unsynced_limited_total"), 0);
    unlink(hold);
    long long left = 1;
    for (int i = 0; i < 500 && left != 0; i++) { /* a bounded wait for the sync */
        usleep(10000);
        left = hh_metric(&sv, "gg_journal_unsynced_groups");
    }
    EXPECT_EQ(left, 0);
    stop_expect_games(dir, 1);
}

/* The window's group bound: with --unsynced-max-groups 2 and the sync held,
 * two games are acknowledged before their sync, the third is not (it waits
 * for the sync: backpressure), and comes once the sync is let go. */
static void process_window_groups(void)
{
    char dir[64], hold[80];
    hh_client c;
    if (start_process(dir, hold, "60000", "2", &c) != 0)
        return;
    EXPECT(create_acked(&c, 1, 5000));
    EXPECT(create_acked(&c, 2, 5000));
    EXPECT_EQ(hh_metric(&sv, "gg_sent_unsynced_total"), 2);
    held_past_window(&c, hold, 3);
    stop_expect_games(dir, 3);
}

/* The window's age bound: with --unsynced-max-ms 100 and the sync held, a
 * game is acknowledged before its sync; once that unsynced group is older
 * than 100 ms (the test waits 300), the next is not, until the sync comes. */
static void process_window_age(void)
{
    char dir[64], hold[80];
    hh_client c;
    if (start_process(dir, hold, "100", "1024", &c) != 0)
        return;
    EXPECT(create_acked(&c, 1, 5000));
    usleep(300000);
    EXPECT(hh_metric(&sv, "gg_journal_unsynced_age_seconds") >= 0); /* exported */
    held_past_window(&c, hold, 2);
    stop_expect_games(dir, 2);
}

/* SIGKILL after acknowledgements that no sync covered (the sync held the
 * whole time, --durability process): every acknowledged game is in the
 * journal after the crash (the kernel had the WAL's pages), and a
 * restarted server recovers them. */
static void process_kill_after_acks(void)
{
    char dir[64], hold[80];
    if (start_process(dir, hold, "60000", "1024", NULL) != 0)
        return;
    int acked = create_back_to_back();
    EXPECT(hh_metric(&sv, "gg_sent_unsynced_total") >= acked);
    EXPECT_EQ(server_stop(&sv, SIGKILL), 128 + SIGKILL);
    unlink(hold);
    hh_close_all();
    EXPECT_EQ(hh_stored_games(dir, "belt-and-road"), acked);
    EXPECT(server_start(&sv, 0, "--data", dir, "--durability", "process", (char *)NULL) == 0);
    EXPECT_EQ(hh_metric(&sv, "gg_games_recovered_total"), acked);
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    EXPECT_EQ(hh_stored_games(dir, "belt-and-road"), acked);
    hh_rmdata(dir);
}

/* A failed sync under --durability process: the game acknowledged before
 * it is named as possibly lost (event=acknowledged_not_durable), and then
 * the server behaves as under machine: game commands and new games get
 * STORAGE_IO, ping still works. */
static void process_failed_sync(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "commit");
    if (server_start(&sv, 0, "--data", dir, "--test-fail-sync", "1", "--durability", "process",
                     "--unsynced-max-ms", "60000", (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    hh_client c;
    EXPECT(hh_connect(&c, &sv, 1) == 0);
    gg_msg m, r;
    hh_create_msg(&m, "belt-and-road", 7);
    EXPECT(hh_request(&c, &m, &r, 5000) == GG_MSG_game_created); /* before its sync */
    int failed = 0;
    for (int i = 0; i < 500 && !failed; i++) { /* a bounded wait for the failed sync */
        usleep(10000);
        failed = hh_logged(&sv, "event=acknowledged_not_durable");
    }
    EXPECT(failed);
    EXPECT(hh_logged(&sv, "event=journal_sync_failed"));
    hh_create_msg(&m, "belt-and-road", 8);
    EXPECT(hh_request(&c, &m, &r, 3000) == GG_MSG_error && r.u.error.code == GG_ESTORAGE_IO);
    gg_msg_init(&m, GG_MSG_ping);
    EXPECT(hh_request(&c, &m, &r, 3000) == GG_MSG_pong);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    hh_rmdata(dir);
}

/* Bad values of the flags: exit status 2 and a line naming the flag. */
static void durability_flags(void)
{
    static const char *const bad[][2] = {
        {"--durability", "disk"},       {"--durability", ""},
        {"--unsynced-max-ms", "0"},     {"--unsynced-max-ms", "x"},
        {"--unsynced-max-groups", "0"}, {"--unsynced-max-groups", "99999999"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char cmd[512];
        snprintf(cmd, sizeof cmd, "%s --no-journal --port 0 %s '%s' 2>&1", hh_server_bin, bad[i][0],
                 bad[i][1]);
        FILE *p = popen(cmd, "r");
        char line[512];
        int named = 0;
        while (p && fgets(line, sizeof line, p))
            named |= strstr(line, bad[i][0]) != NULL && strstr(line, "needs") != NULL;
        int rc = p ? pclose(p) : -1;
        EXPECT(named);
        EXPECT(WIFEXITED(rc) && WEXITSTATUS(rc) == 2);
    }
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s --help | grep -q -- '--durability MODE'", hh_server_bin);
    EXPECT(system(cmd) == 0);
}

int main(int argc, char **argv)
{
    static const hh_case cases[] = {
        {"held_sync", held_sync},
        {"failed_sync", failed_sync},
        {"kill_after_acks", kill_after_acks},
        {"kill_mid_checkpoint", kill_mid_checkpoint},
        {"burst_mid_commit", burst_mid_commit},
        {"process_acks_before_sync", process_acks_before_sync},
        {"process_window_groups", process_window_groups},
        {"process_window_age", process_window_age},
        {"process_kill_after_acks", process_kill_after_acks},
        {"process_failed_sync", process_failed_sync},
        {"durability_flags", durability_flags},
    };
    return hh_main(argc, argv, NULL, cases, HH_COUNT(cases), &gg_check_failures);
}
