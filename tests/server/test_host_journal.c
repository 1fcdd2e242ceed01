/* The journal does not grow without bound (issue 12 item 6).
 *   identical_orders — orders identical to the seat's current orders are
 *                      acknowledged (`ok`) but add no journal record (the
 *                      record count from `gg-server list` stays put, the
 *                      `unjournaled` stat counts them); a change is
 *                      journaled; after SIGKILL and a restart the seat's
 *                      acknowledged orders are there (PROTOCOL.md's promise).
 *   repeated_ready   — a second `ready` in the same phase: `ok`, no record.
 *   rate_limit       — a seat alternating two sets of orders (each a
 *                      change) gets RATE_LIMITED after GG_JOURNAL_SEAT_BURST
 *                      records, the refused ones change nothing, and an
 *                      identical (free) command is still acknowledged.
 *   cache_by_games   — the journal's page cache (SQLite's cache_size, read
 *                      back by /metrics gg_journal_cache_pages) is the
 *                      base with no game and grows by
 *                      GG_JOURNAL_CACHE_GAME_PAGES with each game created
 *                      (issue 17: no fixed 64 MiB a small server fills).
 * Usage: test_host_journal GG_SERVER CASE */
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "host_driver.h"
#include "gg/limits.h"
#include "host_limits.h"

#define SEED 636363

/* The case's data directory (kept when the case fails). */
static char data_dir[64];

/* Journal records of game 1 as `gg-server list` reports them (-1 on error). */
static long records(void)
{
    char cmd[512], line[512];
    snprintf(cmd, sizeof cmd, "%s list --data %s", hh_server_bin, data_dir);
    FILE *p = popen(cmd, "r");
    long n = -1;
    while (p && fgets(line, sizeof line, p)) {
        const char *r = strstr(line, "records=");
        if (!strncmp(line, "1 ", 2) && r)
            n = atol(r + 8);
    }
    if (p)
        pclose(p);
    return n;
}

/* Monotonic seconds. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* records() once the server bots' commands of the phase are in: the count
 * read twice, a second apart, without change (bots think on the worker
 * pool, so under load their orders can reach the journal after the
 * phase's `state`). -1 when it never settles within 20 s. */
static long settled_records(void)
{
    long prev = records();
    for (int i = 0; i < 20; i++) {
        usleep(1000 * 1000);
        long n = records();
        if (n == prev && n > 0)
            return n;
        prev = n;
    }
    return -1;
}

/* Creates a game with server bots on `bots` seats (bit mask) and joins
 * Kazakhstan; fills the other human seats' codes. */
static int setup(hh_server *sv, hh_seat *kz, unsigned bots, char china_code[GG_MAX_CODE + 1])
{
    gg_msg c, created;
    hh_create_msg(&c, "belt-and-road", SEED);
    for (int s = 0; s < GG_KAZAKHSTAN; s++)
        if ((bots >> s) & 1)
            snprintf(c.u.create_game.bots.v[s], sizeof c.u.create_game.bots.v[s], "greedy");
    if (hh_seat_create(kz, sv, &c, &created, GG_KAZAKHSTAN, "greedy", SEED) != 0)
        return -1;
    if (china_code)
        snprintf(china_code, GG_MAX_CODE + 1, "%.*s", GG_MAX_CODE,
                 created.u.game_created.codes.v[GG_CHINA]);
    return 0;
}

static int wait_phase(hh_seat *kz, int phase, int turn)
{
    for (int waited = 0; waited < 10000; waited += 5) {
        hh_pump(&kz->cl, 5);
        hh_seat_absorb(kz);
        if (kz->have_view && kz->view.phase == phase && kz->view.turn == turn)
            return 0;
    }
    return -1;
}

/* Sends m and returns the reply type; the error code in *code. */
static int send_req(hh_seat *kz, gg_msg *m, int *code)
{
    gg_msg r;
    int type = hh_request(&kz->cl, m, &r, 3000);
    *code = type == GG_MSG_error ? r.u.error.code : 0;
    return type;
}

static void orders_msg(gg_msg *m, const gg_orders *o)
{
    gg_msg_init(m, GG_MSG_orders);
    m->u.orders.orders = *o;
}

/* A set of one order Kazakhstan may give now (validated on its view). */
static int one_order(const hh_seat *kz, gg_orders *o)
{
    gg_legal legal[GG_MAX_LEGAL];
    int n = gg_legal_actions(&kz->view, GG_KAZAKHSTAN, legal, GG_MAX_LEGAL);
    for (int i = 0; i < n; i++) {
        memset(o, 0, sizeof *o);
        o->count = 1;
        o->o[0].action = legal[i].action;
        o->o[0].target = legal[i].target;
        if (gg_validate_orders(&kz->view, GG_KAZAKHSTAN, o, NULL) == 0)
            return 0;
    }
    return -1;
}

static int ready(hh_seat *kz)
{
    gg_msg m;
    int code;
    gg_msg_init(&m, GG_MSG_ready);
    return send_req(kz, &m, &code) == GG_MSG_ok ? 0 : -1;
}

static void identical_orders(void)
{
    hh_mkdata(data_dir, sizeof data_dir, "journal");
    hh_server sv;
    hh_seat kz;
    EXPECT(server_start(&sv, 0, "--data", data_dir, (char *)NULL) == 0);
    if (setup(&sv, &kz, 0x7, NULL) != 0) {
        EXPECT(!"setup");
        return;
    }
    EXPECT(wait_phase(&kz, GG_PHASE_DIPLOMACY, 1) == 0);
    EXPECT(ready(&kz) == 0);
    EXPECT(wait_phase(&kz, GG_PHASE_ORDERS, 1) == 0);
    gg_orders x, hold;
    memset(&hold, 0, sizeof hold);
    EXPECT(one_order(&kz, &x) == 0);
    long r0 = settled_records();
    EXPECT(r0 > 0);
    gg_msg m;
    int code;
    orders_msg(&m, &x);
    EXPECT(send_req(&kz, &m, &code) == GG_MSG_ok);
    EXPECT_EQ(records(), r0 + 1);
    int64_t un0 = hh_stat(&kz.cl, "unjournaled");
    int oks = 0;
    for (int i = 0; i < 200; i++)
        oks += send_req(&kz, &m, &code) == GG_MSG_ok;
    EXPECT_EQ(oks, 200);
    EXPECT_EQ(records(), r0 + 1); /* the journal did not grow */
    EXPECT(hh_stat(&kz.cl, "unjournaled") == un0 + 200);
    /* A change is journaled: hold, then x again. */
    orders_msg(&m, &hold);
    EXPECT(send_req(&kz, &m, &code) == GG_MSG_ok);
    orders_msg(&m, &x);
    EXPECT(send_req(&kz, &m, &code) == GG_MSG_ok);
    EXPECT(send_req(&kz, &m, &code) == GG_MSG_ok);
    EXPECT_EQ(records(), r0 + 3);
    /* Crash: the acknowledged orders are what the seat finds after it. */
    EXPECT_EQ(server_stop(&sv, SIGKILL), 128 + SIGKILL);
    EXPECT(server_start(&sv, 0, "--data", data_dir, (char *)NULL) == 0);
    EXPECT(hh_seat_reconnect(&kz, &sv, 0) == 0);
    gg_msg st;
    EXPECT(hh_take(&kz.cl, GG_MSG_state, &st, 3000));
    EXPECT(st.u.state.view.phase == GG_PHASE_ORDERS && st.u.state.view.turn == 1);
    EXPECT(memcmp(&st.u.state.view.orders[GG_KAZAKHSTAN], &x, sizeof x) == 0);
    EXPECT(ready(&kz) == 0);
    EXPECT(wait_phase(&kz, GG_PHASE_DIPLOMACY, 2) == 0); /* the game goes on */
    hh_close_all();
    server_stop(&sv, SIGTERM);
    hh_rmdata(data_dir);
}

static void repeated_ready(void)
{
    hh_mkdata(data_dir, sizeof data_dir, "journal");
    hh_server sv;
    hh_seat kz;
    char china[GG_MAX_CODE + 1];
    EXPECT(server_start(&sv, 0, "--data", data_dir, (char *)NULL) == 0);
    /* China is human and silent: Kazakhstan's ready does not end the phase. */
    if (setup(&sv, &kz, 0x6, china) != 0) {
        EXPECT(!"setup");
        return;
    }
    EXPECT(wait_phase(&kz, GG_PHASE_DIPLOMACY, 1) == 0);
    long r0 = records();
    EXPECT(ready(&kz) == 0);
    EXPECT_EQ(records(), r0 + 1);
    for (int i = 0; i < 50; i++)
        EXPECT(ready(&kz) == 0);
    EXPECT_EQ(records(), r0 + 1);
    /* China's ready ends the phase: Kazakhstan's first ready counted. */
    hh_seat cn;
    EXPECT(hh_seat_open(&cn, &sv, 0, china, GG_CHINA, "greedy", SEED) == 0);
    EXPECT(ready(&cn) == 0);
    EXPECT(wait_phase(&kz, GG_PHASE_ORDERS, 1) == 0);
    hh_close_all();
    server_stop(&sv, SIGTERM);
    hh_rmdata(data_dir);
}

static void rate_limit(void)
{
    hh_mkdata(data_dir, sizeof data_dir, "journal");
    hh_server sv;
    hh_seat kz;
    /* The per-connection message rate is lifted: only the journal's
     * per-seat limit is left. */
    EXPECT(server_start(&sv, 0, "--data", data_dir, "--msg-rate", "10000000", (char *)NULL) == 0);
    if (setup(&sv, &kz, 0x7, NULL) != 0) {
        EXPECT(!"setup");
        return;
    }
    EXPECT(wait_phase(&kz, GG_PHASE_DIPLOMACY, 1) == 0);
    EXPECT(ready(&kz) == 0);
    EXPECT(wait_phase(&kz, GG_PHASE_ORDERS, 1) == 0);
    gg_orders x, hold, last;
    memset(&hold, 0, sizeof hold);
    EXPECT(one_order(&kz, &x) == 0);
    long r0 = settled_records();
    /* Once limited, a refused change leaves the orders as they were, so
     * the next set sent is identical to them: acknowledged for free. */
    int ok = 0, journaled = 0, limited = 0, other = 0, have = 0;
    gg_msg m;
    double t0 = now_s();
    for (int i = 0; i < GG_JOURNAL_SEAT_BURST + 100; i++) {
        int code;
        orders_msg(&m, i % 2 ? &hold : &x);
        int t = send_req(&kz, &m, &code);
        if (t == GG_MSG_ok) {
            ok++;
            journaled += !have || memcmp(&last, &m.u.orders.orders, sizeof last) != 0;
            last = m.u.orders.orders;
            have = 1;
        } else if (t == GG_MSG_error && code == GG_ERATE_LIMITED) {
            limited++;
        } else {
            other++;
        }
    }
    printf("rate_limit: %d acknowledged (%d journaled), %d RATE_LIMITED, %d other\n", ok, journaled,
           limited, other);
    /* The bucket refills at GG_JOURNAL_SEAT_PER_MIN while the loop runs
     * (seconds on a loaded machine): each refilled token may admit one
     * more change, so the bounds allow for the time taken. */
    double minutes = (now_s() - t0) / 60.0;
    int refill = (int)(minutes * GG_JOURNAL_SEAT_PER_MIN) + 1;
    printf("rate_limit: loop took %.1f s (refill allowance %d)\n", minutes * 60, refill);
    EXPECT_EQ(other, 0);
    EXPECT(journaled >= GG_JOURNAL_SEAT_BURST - 1 &&
           journaled <= GG_JOURNAL_SEAT_BURST + refill + 1);
    EXPECT(limited >= 1);
    EXPECT(limited >= 50 - refill);       /* half the 100 beyond the burst are changes */
    EXPECT_EQ(records(), r0 + journaled); /* every change acked is a record, no refused one */
    /* Repeating the last acknowledged orders costs nothing: still
     * acknowledged while limited, and no record. */
    int code;
    orders_msg(&m, &last);
    EXPECT(send_req(&kz, &m, &code) == GG_MSG_ok);
    EXPECT_EQ(records(), r0 + journaled);
    hh_close_all();
    server_stop(&sv, SIGTERM);
    hh_rmdata(data_dir);
}

/* Waits (up to 10 s) until /metrics `name` equals `want`; returns its value. */
static long long wait_metric(hh_server *sv, const char *name, long long want)
{
    long long v = -1;
    for (int i = 0; i < 1000 && (v = hh_metric(sv, name)) != want; i++)
        usleep(10000);
    return v;
}

static void cache_by_games(void)
{
    enum { N = 3 };
    hh_mkdata(data_dir, sizeof data_dir, "journal");
    hh_server sv;
    EXPECT(server_start(&sv, 0, "--data", data_dir, (char *)NULL) == 0);
    hh_client lobby;
    EXPECT(hh_connect(&lobby, &sv, 1) == 0);
    EXPECT_EQ(wait_metric(&sv, "gg_journal_cache_pages", GG_JOURNAL_CACHE_BASE_PAGES),
              GG_JOURNAL_CACHE_BASE_PAGES);
    for (int i = 0; i < N; i++) {
        gg_msg c, created;
        hh_create_msg(&c, "classroom", (uint64_t)(SEED + i));
        EXPECT(hh_create(&lobby, &c, &created) == 0);
    }
    long long want = GG_JOURNAL_CACHE_BASE_PAGES + N * GG_JOURNAL_CACHE_GAME_PAGES;
    EXPECT_EQ(wait_metric(&sv, "gg_journal_cache_pages", want), want);
    hh_close_all();
    server_stop(&sv, SIGTERM);
    hh_rmdata(data_dir);
}

int main(int argc, char **argv)
{
    static const hh_case cases[] = {
        {"identical_orders", identical_orders},
        {"repeated_ready", repeated_ready},
        {"rate_limit", rate_limit},
        {"cache_by_games", cache_by_games},
    };
    return hh_main(argc, argv, NULL, cases, HH_COUNT(cases), &gg_check_failures);
}
