/* Bounded loop iterations (issue 17; server/host/bot_work.c): server-bot
 * results and the settling a command makes due are applied a slice per
 * loop iteration (GG_SETTLE_SLICE), so one game's commands are acknowledged
 * while many other games wait to settle, every waiting game still
 * progresses, a game's own messages keep their order behind its bots, and
 * a game plays out the same whatever the slice. Runs the test build
 * gg-server-test (--test-settle-slice, --test-hold-settle, --test-bot-jobs-max,
 * --test-input-slice, --test-hold-input). Nothing here is
 * timed: "not yet" is checked while the results are held.
 * Usage: test_host_settle GG_SERVER_TEST_BINARY CASE */
#include <dirent.h>
#include <errno.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "host_driver.h"

static hh_server sv;

/* Waits (up to 10 s) until metric `name` equals `want`; returns its value. */
static long long wait_metric(const char *name, long long want)
{
    long long v = -1;
    for (int i = 0; i < 1000 && (v = hh_metric(&sv, name)) != want; i++)
        usleep(10000);
    return v;
}

enum { GAMES = 20 };

/* Twenty games of three greedy server bots are created at once; their
 * bots' results are held back (--test-hold-settle), 20 waiting. Meanwhile
 * a game of four humans is created, joined, and its `ready` acknowledged:
 * nothing in it waits for the others. A join into one of the held games
 * is not answered while its bots' results wait (its order is kept). Once
 * released, with a slice of one result per iteration, every game settles
 * (the backlog drains to 0, one at a time: the most applied in one
 * iteration is 1 and the other 19 waited for later iterations), the held
 * join is answered and its seat sees the bots' turn. */
static void held_backlog(void)
{
    char dir[64], hold[80];
    hh_mkdata(dir, sizeof dir, "settle");
    snprintf(hold, sizeof hold, "%s.hold", dir);
    FILE *f = fopen(hold, "w");
    EXPECT(f != NULL);
    if (f)
        fclose(f);
    if (server_start(&sv, 0, "--data", dir, "--test-settle-slice", "1", "--test-hold-settle", hold,
                     "--max-games-per-addr", "0", "--create-per-min", "0", (char *)NULL) != 0) {
        EXPECT(!"start");
        unlink(hold);
        return;
    }
    hh_client lobby, kz, human;
    EXPECT(hh_connect(&lobby, &sv, 1) == 0);
    gg_msg create[GAMES], created;
    for (int i = 0; i < GAMES; i++) { /* back to back: their bots think together */
        hh_create_bots_msg(&create[i], "belt-and-road", (uint64_t)(100 + i), "greedy");
        EXPECT(hh_send(&lobby, &create[i]) == 0);
    }
    char kz_code[64] = "";
    for (int i = 0; i < GAMES; i++) {
        EXPECT(hh_take(&lobby, GG_MSG_game_created, &created, 5000));
        if (i == 0)
            snprintf(kz_code, sizeof kz_code, "%s", created.u.game_created.codes.v[GG_KAZAKHSTAN]);
    }
    EXPECT_EQ(wait_metric("gg_settle_backlog", GAMES), GAMES);

    /* Another game's command is acknowledged while the 20 wait. */
    gg_msg c, r;
    hh_create_msg(&c, "belt-and-road", 7);
    EXPECT(hh_create(&lobby, &c, &created) == 0);
    EXPECT(hh_connect(&human, &sv, 1) == 0);
    EXPECT_EQ(hh_join(&human, created.u.game_created.codes.v[GG_CHINA]), 0);
    gg_msg_init(&c, GG_MSG_ready);
    c.u.ready.phase = GG_PHASE_DIPLOMACY;
    EXPECT_EQ(hh_request(&human, &c, &r, 5000), GG_MSG_ok);
    EXPECT_EQ(hh_metric(&sv, "gg_settle_backlog"), GAMES);

    /* A held game's own join waits for its bots' results. */
    EXPECT(hh_connect(&kz, &sv, 1) == 0);
    gg_msg_init(&c, GG_MSG_join);
    snprintf(c.u.join.code, sizeof c.u.join.code, "%s", kz_code);
    EXPECT(hh_send(&kz, &c) == 0);
    for (int i = 0; i < 25; i++) /* half a second or more: no answer may come */
        EXPECT(hh_pump(&kz, 20) >= 0);
    EXPECT(!hh_has(&kz, GG_MSG_joined));
    EXPECT_EQ(hh_metric(&sv, "gg_settle_backlog"), GAMES);

    unlink(hold);
    EXPECT_EQ(wait_metric("gg_settle_backlog", 0), 0);
    EXPECT_EQ(hh_metric(&sv, "gg_settle_slice_max"), 1);
    EXPECT(hh_metric(&sv, "gg_settle_deferred_total") >= GAMES - 1);
    EXPECT(hh_take(&kz, GG_MSG_joined, NULL, 5000));
    EXPECT(hh_stat(&lobby, "bot_jobs") >= GAMES);
    /* the join waited behind its game's bots: counted as such, not as input */
    EXPECT(hh_metric(&sv, "gg_game_wait_seconds_count") >= 1);
    EXPECT_EQ(hh_metric(&sv, "gg_input_wait_seconds_count"), 0);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    hh_rmdata(dir);
}

/* Bounded input (issue 17; server/host/input.c): ten games of humans,
 * one seat each joined over the network; while game commands are held
 * (--test-hold-input) each seat sends `ready` then `ping`: nothing is
 * answered to them, but a lobby connection's ping is (lobby messages are
 * not held), and the ten games wait in the input queue. Released with a
 * slice of one command per iteration, every seat gets its `ok` and then its
 * `pong`, in the order sent, the most applied in one iteration is 1, and the
 * others waited for later iterations (gg_input_wait_seconds counts them). */
static void input_slice(void)
{
    enum { N = 10 };
    char dir[64], hold[80];
    hh_mkdata(dir, sizeof dir, "input");
    snprintf(hold, sizeof hold, "%s.hold", dir);
    if (server_start(&sv, 0, "--data", dir, "--test-input-slice", "1", "--test-hold-input", hold,
                     "--max-games-per-addr", "0", "--create-per-min", "0", (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    static hh_client lobby, seat[N]; /* big: their inboxes */
    EXPECT(hh_connect(&lobby, &sv, 1) == 0);
    for (int i = 0; i < N; i++) {
        gg_msg c, created;
        hh_create_msg(&c, "belt-and-road", (uint64_t)(200 + i));
        EXPECT(hh_create(&lobby, &c, &created) == 0);
        EXPECT(hh_connect(&seat[i], &sv, i % 2) == 0);
        EXPECT_EQ(hh_join(&seat[i], created.u.game_created.codes.v[GG_CHINA]), 0);
        hh_clear(&seat[i]);
    }
    FILE *f = fopen(hold, "w");
    EXPECT(f != NULL);
    if (f)
        fclose(f);
    uint32_t ready_rid[N];
    for (int i = 0; i < N; i++) {
        gg_msg r, p;
        gg_msg_init(&r, GG_MSG_ready);
        r.u.ready.phase = GG_PHASE_DIPLOMACY;
        gg_msg_init(&p, GG_MSG_ping);
        EXPECT(hh_send(&seat[i], &r) == 0 && hh_send(&seat[i], &p) == 0);
        ready_rid[i] = r.rid;
    }
    gg_msg ping, pong;
    gg_msg_init(&ping, GG_MSG_ping);
    EXPECT_EQ(hh_request(&lobby, &ping, &pong, 5000), GG_MSG_pong);
    for (int k = 0; k < 5; k++) /* half a second or more: nothing may come */
        for (int i = 0; i < N; i++)
            EXPECT(hh_pump(&seat[i], 10) >= 0);
    for (int i = 0; i < N; i++)
        EXPECT(!hh_has(&seat[i], GG_MSG_ok) && !hh_has(&seat[i], GG_MSG_pong));
    EXPECT_EQ(hh_metric(&sv, "gg_input_backlog"), N);

    unlink(hold);
    for (int i = 0; i < N; i++) {
        EXPECT(hh_take(&seat[i], GG_MSG_pong, NULL, 5000));
        /* the ok came first: it is still in the inbox, taken before the pong */
        int ok_first = 0;
        for (int k = 0; k < seat[i].n && !ok_first; k++)
            ok_first = seat[i].inbox[k].type == GG_MSG_ok && seat[i].inbox[k].rid == ready_rid[i];
        EXPECT(ok_first);
    }
    EXPECT_EQ(wait_metric("gg_input_backlog", 0), 0);
    EXPECT_EQ(hh_metric(&sv, "gg_input_slice_max"), 1);
    EXPECT(hh_metric(&sv, "gg_input_deferred_total") >= N - 1);
    EXPECT(hh_metric(&sv, "gg_input_queued_total") >= 2 * N);
    /* each seat's ready and ping waited for the input budget (games of humans: no bots) */
    EXPECT(hh_metric(&sv, "gg_input_wait_seconds_count") >= 2 * N);
    EXPECT_EQ(hh_metric(&sv, "gg_game_wait_seconds_count"), 0);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    hh_rmdata(dir);
}

/* Bot jobs alive are bounded (GG_BOT_JOBS_MAX; here --test-bot-jobs-max 4):
 * twenty games of server bots are created at once while results are
 * held; only four jobs exist (made, thought, held), the other sixteen
 * games wait in line with no job, and a join into a waiting game is not
 * answered (its order behind its bots is kept). Once released every game
 * gets its job in turn and plays on: the line and the backlog drain to 0,
 * no more than four jobs ever lived, the held join is answered. */
static void jobs_bounded(void)
{
    char dir[64], hold[80];
    hh_mkdata(dir, sizeof dir, "settle");
    snprintf(hold, sizeof hold, "%s.hold", dir);
    FILE *f = fopen(hold, "w");
    EXPECT(f != NULL);
    if (f)
        fclose(f);
    if (server_start(&sv, 0, "--data", dir, "--test-bot-jobs-max", "4", "--test-hold-settle", hold,
                     "--max-games-per-addr", "0", "--create-per-min", "0", (char *)NULL) != 0) {
        EXPECT(!"start");
        unlink(hold);
        return;
    }
    hh_client lobby, kz;
    EXPECT(hh_connect(&lobby, &sv, 1) == 0);
    gg_msg create[GAMES], created, c;
    for (int i = 0; i < GAMES; i++) {
        hh_create_bots_msg(&create[i], "belt-and-road", (uint64_t)(200 + i), "greedy");
        EXPECT(hh_send(&lobby, &create[i]) == 0);
    }
    char kz_code[64] = "";
    for (int i = 0; i < GAMES; i++) {
        EXPECT(hh_take(&lobby, GG_MSG_game_created, &created, 5000));
        if (i == GAMES - 1) /* the last: its bots wait in line */
            snprintf(kz_code, sizeof kz_code, "%s", created.u.game_created.codes.v[GG_KAZAKHSTAN]);
    }
    EXPECT_EQ(wait_metric("gg_settle_backlog", 4), 4);
    EXPECT_EQ(hh_metric(&sv, "gg_bot_jobs_alive"), 4);
    EXPECT_EQ(hh_metric(&sv, "gg_bot_think_wait"), GAMES - 4);
    EXPECT(hh_stat(&lobby, "mem.bot_jobs") > 0);
    EXPECT(hh_connect(&kz, &sv, 1) == 0);
    gg_msg_init(&c, GG_MSG_join);
    snprintf(c.u.join.code, sizeof c.u.join.code, "%s", kz_code);
    EXPECT(hh_send(&kz, &c) == 0);
    for (int i = 0; i < 25; i++)
        EXPECT(hh_pump(&kz, 20) >= 0);
    EXPECT(!hh_has(&kz, GG_MSG_joined));
    EXPECT_EQ(hh_metric(&sv, "gg_bot_think_wait"), GAMES - 4);

    unlink(hold);
    EXPECT_EQ(wait_metric("gg_bot_think_wait", 0), 0);
    EXPECT_EQ(wait_metric("gg_settle_backlog", 0), 0);
    EXPECT(hh_take(&kz, GG_MSG_joined, NULL, 5000));
    EXPECT_EQ(hh_metric(&sv, "gg_bot_jobs_alive_max"), 4);
    EXPECT_EQ(hh_metric(&sv, "gg_bot_think_wait_max"), GAMES - 4);
    EXPECT(hh_stat(&lobby, "bot_jobs") >= GAMES);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    hh_rmdata(dir);
}

/* Server bots' proposals stay answerable (PROTOCOL.md [P6.13]): a game of
 * humans where Kazakhstan has joined and the moderator gives Russia and
 * the West to greedy server bots; then, with bot results held, China too.
 * Meanwhile Kazakhstan says `ready` for diplomacy: it waits behind the
 * bots, and, without a `seen`, covers what it had been sent when it
 * arrived. Released, China's bot proposes to Kazakhstan, then the ready is
 * applied: every seat is ready, yet diplomacy stays open until Kazakhstan
 * has answered China's proposals, and every answer is accepted. Before
 * [P6.13] the ready ended the phase at once and the answers got
 * WRONG_PHASE (issue 17's capacity run: 210,140 of them). */
static void late_proposals_answerable(void)
{
    char dir[64], hold[80];
    hh_mkdata(dir, sizeof dir, "settle");
    snprintf(hold, sizeof hold, "%s.hold", dir);
    FILE *f = fopen(hold, "w");
    EXPECT(f != NULL);
    if (f)
        fclose(f);
    if (server_start(&sv, 0, "--data", dir, "--test-hold-settle", hold, (char *)NULL) != 0) {
        EXPECT(!"start");
        unlink(hold);
        return;
    }
    hh_client kz, mod;
    gg_msg c, created, m;
    hh_create_msg(&c, "belt-and-road", 42);
    EXPECT(hh_create_game(&sv, &c, &created) == 0);
    EXPECT(hh_connect(&kz, &sv, 1) == 0);
    EXPECT_EQ(hh_join(&kz, created.u.game_created.codes.v[GG_KAZAKHSTAN]), 0);
    EXPECT(hh_connect(&mod, &sv, 1) == 0);
    EXPECT_EQ(hh_join(&mod, created.u.game_created.moderator_code), 0);
    static const int early[2] = {GG_RUSSIA, GG_WEST}; /* their bots act now, seen by KZ */
    for (int i = 0; i < 3; i++) {
        if (i == 2) { /* China's bot acts while results are held */
            f = fopen(hold, "w");
            EXPECT(f != NULL);
            if (f)
                fclose(f);
        }
        gg_msg_init(&c, GG_MSG_replace_with_bot);
        c.u.replace_with_bot.seat = (uint8_t)(i < 2 ? early[i] : GG_CHINA);
        snprintf(c.u.replace_with_bot.bot, sizeof c.u.replace_with_bot.bot, "greedy");
        EXPECT_EQ(hh_request(&mod, &c, NULL, 5000), GG_MSG_ok);
        if (i == 0)
            unlink(hold);
        EXPECT_EQ(wait_metric("gg_settle_backlog", i < 2 ? 0 : 1), i < 2 ? 0 : 1);
        if (i < 2) /* its job may still be thinking (backlog 0 before the result
                    * comes back): China's must be the only one held */
            EXPECT_EQ(wait_metric("gg_bot_jobs_alive", 0), 0);
    }
    for (int i = 0; i < 10; i++) /* Kazakhstan has what the early bots did */
        EXPECT(hh_pump(&kz, 20) >= 0);
    hh_clear(&kz);
    gg_msg_init(&c, GG_MSG_ready);
    c.u.ready.turn = 1;
    c.u.ready.has = 1;
    c.u.ready.phase = GG_PHASE_DIPLOMACY;
    EXPECT(hh_send(&kz, &c) == 0);
    uint32_t ready_rid = c.rid;
    for (int i = 0; i < 10; i++)
        EXPECT(hh_pump(&kz, 20) >= 0);
    EXPECT(!hh_has(&kz, GG_MSG_ok)); /* it waits behind its bots */
    unlink(hold);

    /* Every proposal to Kazakhstan is answered (no: the answer does not
     * matter here) and accepted as an answer; the phase ends only after. */
    int proposals = 0, ready_ok = 0;
    for (int rounds = 0; rounds < 200; rounds++) {
        while (hh_take(&kz, GG_MSG_deal_update, &m, 0)) {
            const gg_deal *d = &m.u.deal_update.deal;
            if (d->status != GG_DEAL_OPEN || !((d->parties >> GG_KAZAKHSTAN) & 1) ||
                ((d->accepted >> GG_KAZAKHSTAN) & 1) || d->proposer != GG_CHINA)
                continue;
            proposals++;
            gg_msg r, reply;
            gg_msg_init(&r, GG_MSG_respond);
            r.u.respond.deal = d->id;
            r.u.respond.accept = 0;
            int got = hh_request(&kz, &r, &reply, 5000);
            EXPECT_EQ(got, GG_MSG_ok);
            if (got == GG_MSG_error)
                fprintf(stderr, "respond to deal %u: %s\n", (unsigned)d->id,
                        gg_errname(reply.u.error.code));
        }
        gg_msg st;
        if (hh_take(&kz, GG_MSG_ok, &m, 0) && m.rid == ready_rid)
            ready_ok = 1;
        if (hh_take(&kz, GG_MSG_state, &st, 0) && st.u.state.view.phase == GG_PHASE_ORDERS)
            break;
        EXPECT(hh_pump(&kz, 20) >= 0);
    }
    EXPECT(proposals > 0); /* China's bot did propose to Kazakhstan (else: another seed) */
    EXPECT(ready_ok);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    hh_rmdata(dir);
}

/* One game (three greedy server bots, Kazakhstan played over the network
 * by the reference bot) ends with the same state hash whether one result
 * (or one of the seat's commands) is applied per iteration, one bot job
 * may be alive at once, or the defaults: slices and the bound on bot jobs
 * change when things happen, never what. */
static uint64_t play_once(const char *flag)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "settle");
    uint64_t hash = 0;
    int err = flag ? server_start(&sv, 0, "--data", dir, flag, "1", (char *)NULL)
                   : server_start(&sv, 0, "--data", dir, (char *)NULL);
    if (err == 0) {
        gg_msg c, created;
        hh_seat kz;
        hh_create_bots_msg(&c, "belt-and-road", 42, "greedy");
        if (hh_seat_create(&kz, &sv, &c, &created, GG_KAZAKHSTAN, "greedy", 42) == 0)
            hash = hh_seat_play_out(&kz);
        hh_close_all();
        EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    }
    hh_rmdata(dir);
    return hash;
}

static void same_game_any_slice(void)
{
    uint64_t one = play_once("--test-settle-slice"), dflt = play_once(NULL);
    uint64_t one_input = play_once("--test-input-slice");
    uint64_t one_job = play_once("--test-bot-jobs-max");
    EXPECT(one != 0);
    EXPECT(one == dflt);
    EXPECT(one_input == dflt);
    EXPECT(one_job == dflt);
}

/* Field `field` (1-based, as in proc(5)) of each of the server's threads'
 * /proc/PID/task/TID/stat: the loop's (the main thread, TID = PID) into
 * *loop, and how many threads have the value `want`. Returns the number of
 * threads, or -1. Field 19 is the nice value, 41 the scheduling policy. */
static int thread_field(pid_t pid, int field_no, int *loop, int want, int *at_want)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int n = 0;
    *at_want = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char stat[336], buf[1024];
        snprintf(stat, sizeof stat, "%s/%s/stat", path, e->d_name);
        FILE *f = fopen(stat, "r");
        if (!f)
            continue;
        size_t len = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[len] = 0;
        const char *p = strrchr(buf, ')'); /* after the command name */
        int field = 2, value = 0;
        for (; p && *p && field < field_no; p++)
            if (*p == ' ')
                field++;
        if (!p || sscanf(p, "%d", &value) != 1)
            continue;
        n++;
        if (atoi(e->d_name) == (int)pid)
            *loop = value;
        if (value == want)
            (*at_want)++;
    }
    closedir(d);
    return n;
}

#define STAT_NICE 19
#define STAT_POLICY 41
#define POLICY_IDLE 5 /* SCHED_IDLE */

/* Server bots are background work (GG_BOT_NICE): once a game of three
 * greedy bots has played out, the worker threads that thought for them run
 * 10 nicer than the loop (the main thread keeps the nice value the server
 * started with); with --bot-nice 0 no thread changed its priority; with
 * --bot-sched idle they also run SCHED_IDLE (and only then: the loop never).
 * The game ends alike with and without the nice. */
static void bots_nicer(void)
{
    errno = 0;
    int base = getpriority(PRIO_PROCESS, 0); /* the server inherits it */
    EXPECT(errno == 0);
    int want = base + 10 > 19 ? 19 : base + 10; /* GG_BOT_NICE (server/host/host_limits.h) */
    uint64_t hash[2] = {0, 0};
    for (int run = 0; run < 3; run++) { /* default, --bot-nice 0, --bot-sched idle */
        char dir[64];
        hh_mkdata(dir, sizeof dir, "nice");
        int err = run == 1 ? server_start(&sv, 0, "--data", dir, "--bot-nice", "0", (char *)NULL)
                  : run == 2
                      ? server_start(&sv, 0, "--data", dir, "--bot-sched", "idle", (char *)NULL)
                      : server_start(&sv, 0, "--data", dir, (char *)NULL);
        EXPECT(err == 0);
        if (err == 0) {
            gg_msg c, created;
            hh_seat kz;
            hh_create_bots_msg(&c, "belt-and-road", 42, "greedy");
            if (hh_seat_create(&kz, &sv, &c, &created, GG_KAZAKHSTAN, "greedy", 42) == 0 && run < 2)
                hash[run] = hh_seat_play_out(&kz);
            /* SCHED_IDLE bots think only on CPU nothing else wants: on a loaded
             * machine a whole game may take long, so the idle run waits for the
             * first bot's thought alone (the bots' choices do not depend on
             * their thread's policy: the two runs above show the same game) */
            for (int i = 0; run == 2 && i < 6000 && hh_metric(&sv, "gg_bot_threads_idle") < 1; i++)
                usleep(10000);
            int loop = -100, at_want = 0, loop_policy = -1, idle = 0;
            EXPECT(thread_field(sv.pid, STAT_NICE, &loop, want, &at_want) > 1);
            EXPECT_EQ(loop, base);
            EXPECT(thread_field(sv.pid, STAT_POLICY, &loop_policy, POLICY_IDLE, &idle) > 1);
            EXPECT_EQ(loop_policy, 0); /* the loop stays SCHED_OTHER */
            if (run != 1) {
                EXPECT(hh_metric(&sv, "gg_bot_threads_niced") >= 1);
                EXPECT_EQ(hh_metric(&sv, "gg_bot_thread_nice"), want);
                if (want != base)
                    EXPECT(at_want >= 1);
            } else {
                EXPECT_EQ(hh_metric(&sv, "gg_bot_threads_niced"), 0);
                if (want != base)
                    EXPECT_EQ(at_want, 0);
            }
            if (run == 2) {
                EXPECT(hh_metric(&sv, "gg_bot_threads_idle") >= 1);
                EXPECT(idle >= 1);
            } else {
                EXPECT_EQ(hh_metric(&sv, "gg_bot_threads_idle"), 0);
                EXPECT_EQ(idle, 0);
            }
            hh_close_all();
            EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
        }
        hh_rmdata(dir);
    }
    EXPECT(hash[0] != 0);
    EXPECT(hash[0] == hash[1]);
    /* a bad policy: exit status 2 and a line naming the flag */
    char cmd[512], line[512];
    snprintf(cmd, sizeof cmd, "%s --no-journal --port 0 --bot-sched fast 2>&1", hh_server_bin);
    FILE *p = popen(cmd, "r");
    int named = 0;
    while (p && fgets(line, sizeof line, p))
        named |= strstr(line, "--bot-sched") != NULL && strstr(line, "needs") != NULL;
    int rc = p ? pclose(p) : -1;
    EXPECT(named);
    EXPECT(WIFEXITED(rc) && WEXITSTATUS(rc) == 2);
}

/* Where a slow loop iteration's time went (issue 17; server/host/loop_time.c):
 * with --test-stall-ms 60 a ping makes its iteration's settle step sleep
 * 60 ms. After a ping is answered, /metrics has counted a slow iteration
 * (busy >= GG_LOOP_SLOW_US), given its settle step the 60 ms, counted them
 * as time off a CPU (asleep) with a voluntary context switch, and the slow
 * iterations' busy time covers their steps'. Lower bounds only: a loaded
 * machine may add slow iterations, never remove this one. */
static void slow_iteration(void)
{
    if (server_start(&sv, 0, "--no-journal", "--test-stall-ms", "60", (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    hh_client c;
    EXPECT(hh_connect(&c, &sv, 1) == 0);
    static const char settle[] = "gg_loop_slow_seconds_total{step=\"settle\"}";
    static const char vol[] = "gg_loop_slow_switches_total{kind=\"voluntary\"}";
    long long n0 = hh_metric(&sv, "gg_loop_slow_iterations_total");
    double s0 = hh_metric_f(&sv, settle),
           off0 = hh_metric_f(&sv, "gg_loop_slow_offcpu_seconds_total");
    long long v0 = hh_metric(&sv, vol);
    EXPECT(n0 >= 0 && s0 >= 0 && off0 >= 0 && v0 >= 0);
    gg_msg p, r;
    gg_msg_init(&p, GG_MSG_ping);
    EXPECT_EQ(hh_request(&c, &p, &r, 5000), GG_MSG_pong);
    long long n1 = -1;
    for (int i = 0; i < 500 && (n1 = hh_metric(&sv, "gg_loop_slow_iterations_total")) <= n0; i++)
        usleep(10000);
    EXPECT(n1 >= n0 + 1);
    double s1 = hh_metric_f(&sv, settle),
           off1 = hh_metric_f(&sv, "gg_loop_slow_offcpu_seconds_total");
    double busy = hh_metric_f(&sv, "gg_loop_slow_seconds_total");
    printf("slow_iteration: %lld slow, settle %.3f s, off cpu %.3f s, busy %.3f s\n", n1 - n0,
           s1 - s0, off1 - off0, busy);
    EXPECT(s1 - s0 >= 0.060);
    EXPECT(off1 - off0 >= 0.055);
    EXPECT(busy >= s1);
    EXPECT(hh_metric(&sv, vol) >= v0 + 1);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
}

/* --loop-slice-us (issue 17; server/host/loop_time.c): the loop thread
 * asks the scheduler for a 300 us slice; /metrics says so, and where the
 * kernel shows a thread's slice (/proc/PID/sched, se.slice) the server's
 * main thread, the loop, has it. */
static void loop_slice(void)
{
    if (server_start(&sv, 0, "--no-journal", "--loop-slice-us", "300", (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/sched", (int)sv.pid);
    FILE *f = fopen(path, "r");
    long long slice = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "se.slice", 8) && strchr(line, ':'))
            slice = atoll(strchr(line, ':') + 1);
    if (f)
        fclose(f);
    printf("loop_slice: se.slice %lld ns\n", slice);
    if (slice >= 0) { /* a kernel that shows it (and so has EEVDF's custom slices) */
        EXPECT_EQ(slice, 300000);
        EXPECT(hh_metric_f(&sv, "gg_loop_slice_seconds") > 0.000299 &&
               hh_metric_f(&sv, "gg_loop_slice_seconds") < 0.000301);
    }
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
}

/* A command's acknowledgement does not wait for the settling of its loop
 * iteration (issue 17: the ack tail; server/host/outbox.c): under
 * --durability process (or without a journal) the commands applied in an
 * iteration are committed and their replies sent before its settle slice and
 * its bot jobs. With --test-block-settle the settle step of
 * an iteration that applied a game command blocks the loop while a file
 * exists: a seat's `ready` (journaled; --durability process) is answered
 * `ok` while the loop is blocked there, and a lobby ping sent after that `ok`
 * is answered only once the file is gone (so the `ok` did leave from inside
 * the blocked iteration, ahead of its settling). */
static void ack_before_settle(void)
{
    char dir[64], block[80];
    hh_mkdata(dir, sizeof dir, "ackfirst");
    snprintf(block, sizeof block, "%s.block", dir);
    if (server_start(&sv, 0, "--data", dir, "--durability", "process", "--test-block-settle", block,
                     (char *)NULL) != 0) {
        EXPECT(!"start");
        return;
    }
    static hh_client lobby, seat; /* big: their inboxes */
    EXPECT(hh_connect(&lobby, &sv, 1) == 0);
    gg_msg c, created, r, ok, ping, pong;
    hh_create_msg(&c, "belt-and-road", 301);
    EXPECT(hh_create(&lobby, &c, &created) == 0);
    EXPECT(hh_connect(&seat, &sv, 1) == 0);
    EXPECT_EQ(hh_join(&seat, created.u.game_created.codes.v[GG_CHINA]), 0);
    hh_clear(&seat);
    FILE *f = fopen(block, "w");
    EXPECT(f != NULL);
    if (f)
        fclose(f);
    gg_msg_init(&r, GG_MSG_ready);
    r.u.ready.phase = GG_PHASE_DIPLOMACY;
    EXPECT_EQ(hh_request(&seat, &r, &ok, 5000), GG_MSG_ok); /* sent from the blocked iteration */
    gg_msg_init(&ping, GG_MSG_ping);
    EXPECT(hh_send(&lobby, &ping) == 0);
    for (int k = 0; k < 20; k++) /* the loop is still blocked: nothing may come */
        EXPECT(hh_pump(&lobby, 10) >= 0);
    EXPECT(!hh_has(&lobby, GG_MSG_pong));
    unlink(block);
    EXPECT(hh_take(&lobby, GG_MSG_pong, &pong, 5000));
    EXPECT(hh_metric(&sv, "gg_journal_commits_total") >= 1);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);
    hh_rmdata(dir);
}

int main(int argc, char **argv)
{
    static const hh_case cases[] = {
        {"held_backlog", held_backlog},
        {"jobs_bounded", jobs_bounded},
        {"late_proposals_answerable", late_proposals_answerable},
        {"same_game_any_slice", same_game_any_slice},
        {"input_slice", input_slice},
        {"bots_nicer", bots_nicer},
        {"slow_iteration", slow_iteration},
        {"loop_slice", loop_slice},
        {"ack_before_settle", ack_before_settle},
    };
    return hh_main(argc, argv, NULL, cases, HH_COUNT(cases), &gg_check_failures);
}
