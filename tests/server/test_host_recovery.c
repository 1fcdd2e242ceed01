/* Crash recovery: gg-server is killed with SIGKILL in the middle of a game
 * (during diplomacy, during orders, right after a resolution), restarted
 * on the same data, the networked seat reconnects and resumes, and the
 * game must end with the same final state hash as an uninterrupted run
 * with the same seed and inputs. Then the exported replay re-simulates to
 * the same hashes, and a tampered one is caught at the right turn.
 * Usage: test_host_recovery GG_SERVER GG_ARENA CASE */
#include <sys/stat.h>

#include "host_driver.h"
#include "gg/game.h"
#include "store/store.h"

#define SEED 424242

/* The server bots' strategy and honesty ("negotiator_*" cases: bots that
 * bargain, with reasons and counter-offers, must recover identically). */
static const char *bot_strategy = "greedy";
static const char *bot_honesty = "";

/* Three server bots; Kazakhstan is the networked seat. */
static void create_msg(gg_msg *c, int deadlines)
{
    hh_create_bots_msg(c, "belt-and-road", SEED, bot_strategy);
    snprintf(c->u.create_game.honesty, sizeof c->u.create_game.honesty, "%s", bot_honesty);
    if (deadlines) {
        c->u.create_game.dl_diplomacy = 3600;
        c->u.create_game.dl_orders = 3600;
        c->u.create_game.dl_crisis = 3600;
    }
}

static int start_on(hh_server *sv, const char *dir)
{
    return server_start(sv, 0, "--data", dir, "--log-level", "debug", (char *)NULL);
}

static int create_and_join(hh_server *sv, hh_seat *kz, int deadlines)
{
    gg_msg c, created;
    create_msg(&c, deadlines);
    return hh_seat_create(kz, sv, &c, &created, GG_KAZAKHSTAN, bot_strategy, SEED);
}

static uint64_t reference_run(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "recovery");
    hh_server sv;
    hh_seat kz;
    uint64_t h = 0;
    if (start_on(&sv, dir) == 0 && create_and_join(&sv, &kz, 0) == 0)
        h = hh_seat_play_out(&kz);
    hh_close_all();
    server_stop(&sv, SIGTERM);
    hh_rmdata(dir);
    EXPECT(h != 0);
    return h;
}

enum kill_point { KILL_DIPLOMACY, KILL_ORDERS, KILL_AFTER_RESOLUTION };

/* Plays until the kill point, kills the server, restarts it on the same
 * data, reconnects and plays out. */
static void crash_run(enum kill_point where, uint64_t want)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "recovery");
    hh_server sv;
    hh_seat kz;
    int deadlines = where == KILL_ORDERS;
    if (start_on(&sv, dir) != 0 || create_and_join(&sv, &kz, deadlines) != 0) {
        EXPECT(!"setup");
        return;
    }
    /* Drive up to the kill point. */
    int killed = 0;
    for (int waited = 0; waited < 30000 && !killed && !kz.over; waited += 2) {
        hh_pump(&kz.cl, 2);
        hh_seat_absorb(&kz);
        if (!kz.have_view)
            continue;
        int turn = kz.view.turn, phase = kz.view.phase;
        if (where == KILL_DIPLOMACY && turn == 3 && phase == GG_PHASE_DIPLOMACY) {
            killed = 1; /* before Kazakhstan answered or readied this phase */
        } else if (where == KILL_ORDERS && turn == 5 && phase == GG_PHASE_ORDERS) {
            gg_msg m, r; /* orders acknowledged (durable), ready not yet sent */
            gg_msg_init(&m, GG_MSG_orders);
            gg_bot_orders(&kz.bot, &kz.view, &m.u.orders.orders);
            EXPECT(hh_request(&kz.cl, &m, &r, 5000) == GG_MSG_ok);
            killed = 1;
        } else if (where == KILL_AFTER_RESOLUTION && turn == 7 && phase == GG_PHASE_DIPLOMACY) {
            killed = 1; /* turn 6 just resolved: its turn_result is out */
        }
        if (!killed && hh_seat_step(&kz, 0) < 0)
            break;
    }
    EXPECT(killed);
    EXPECT_EQ(server_stop(&sv, SIGKILL), 128 + SIGKILL);
    uint32_t last = kz.cl.last_seq;
    /* Same data, a new process (and port): recover, reconnect, resume. */
    EXPECT(start_on(&sv, dir) == 0);
    EXPECT(hh_seat_reconnect(&kz, &sv, 1) == 0); /* a fresh client: seqs from the resume on */
    if (deadlines) {
        /* The phase clock resumed from the stored deadline, not from zero. */
        gg_msg st;
        gg_msg_init(&st, GG_MSG_state);
        EXPECT(hh_take(&kz.cl, GG_MSG_state, &st, 3000));
        EXPECT(st.u.state.deadline_ms > 0 && st.u.state.deadline_ms <= 3600u * 1000u);
        kz.view = st.u.state.view;
        kz.have_view = 1;
    }
    uint64_t got = hh_seat_play_out(&kz);
    EXPECT(got == want);
    if (got != want)
        fprintf(stderr, "final hash %016llx, uninterrupted run %016llx\n", (unsigned long long)got,
                (unsigned long long)want);
    /* Nothing missed, nothing twice: the stream continues at last + 1. */
    EXPECT(kz.cl.nseqs > 0 && kz.cl.seqs[0] == last + 1);
    if (kz.cl.nseqs > 0 && kz.cl.seqs[0] != last + 1)
        fprintf(stderr, "resumed after seq %u, first seq received %u\n", last, kz.cl.seqs[0]);
    for (int i = 1; i < kz.cl.nseqs; i++)
        EXPECT_EQ(kz.cl.seqs[i], kz.cl.seqs[i - 1] + 1);
    hh_close_all();
    server_stop(&sv, SIGTERM);

    /* The finished game's replay re-simulates to the same hashes... */
    char cmd[512], file[128];
    snprintf(file, sizeof file, "%s/game.ggreplay", dir);
    snprintf(cmd, sizeof cmd, "%s export --data %s --game 1 --out %s > /dev/null", hh_server_bin,
             dir, file);
    EXPECT(system(cmd) == 0);
    snprintf(cmd, sizeof cmd, "%s --replay %s --json > %s/replay.json", hh_tool, file, dir);
    EXPECT(system(cmd) == 0);
    char json[4096] = {0};
    snprintf(cmd, sizeof cmd, "%s/replay.json", dir);
    FILE *f = fopen(cmd, "r");
    if (f) {
        size_t n = fread(json, 1, sizeof json - 1, f);
        json[n] = 0;
        fclose(f);
    }
    char want_hex[40];
    snprintf(want_hex, sizeof want_hex, "\"final_hash\":\"%016llx\"", (unsigned long long)want);
    EXPECT(strstr(json, "\"ok\":true") != NULL);
    EXPECT(strstr(json, want_hex) != NULL);
    /* ...and makes a debrief with every section a class needs. */
    snprintf(cmd, sizeof cmd, "%s --replay %s --debrief > %s/debrief.md", hh_tool, file, dir);
    EXPECT(system(cmd) == 0);
    static const char *const sections[] = {
        "# Debrief: Belt and Road", "## Result",          "## The VP race",
        "## The timeline",          "## Against history", "## Turn by turn",
        "### 2024 (turn 12)",       "## Deals",           "[Mo22 L"};
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        snprintf(cmd, sizeof cmd, "grep -qF '%s' %s/debrief.md", sections[i], dir);
        EXPECT(system(cmd) == 0);
    }
    hh_rmdata(dir);
}

/* Copies a replay with turn 4's recorded hash altered: --replay must fail
 * and name turn 4. */
typedef struct copy_ctx {
    gg_replay_writer w;
} copy_ctx;

static int copy_rec(uint32_t seq, int kind, const uint8_t *p, size_t n, void *ud)
{
    return gg_replay_writer_record(&((copy_ctx *)ud)->w, seq, kind, p, n);
}

static int copy_hash(int turn, uint64_t h, void *ud)
{
    return gg_replay_writer_hash(&((copy_ctx *)ud)->w, turn, turn == 4 ? h ^ 1 : h);
}

static void tampered_replay(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "recovery");
    hh_server sv;
    hh_seat kz;
    EXPECT(start_on(&sv, dir) == 0 && create_and_join(&sv, &kz, 0) == 0);
    EXPECT(hh_seat_play_out(&kz) != 0);
    hh_close_all();
    server_stop(&sv, SIGTERM);
    char cmd[512], file[128], bad[128];
    snprintf(file, sizeof file, "%s/game.ggreplay", dir);
    snprintf(bad, sizeof bad, "%s/tampered.ggreplay", dir);
    snprintf(cmd, sizeof cmd, "%s export --data %s --game 1 --out %s > /dev/null", hh_server_bin,
             dir, file);
    EXPECT(system(cmd) == 0);
    gg_replay *r;
    EXPECT(gg_replay_read_file(file, &r, NULL, 0) == 0);
    copy_ctx c;
    memset(&c, 0, sizeof c);
    EXPECT(gg_replay_writer_init(&c.w, gg_replay_get_header(r)) == 0);
    EXPECT(gg_replay_read(r, copy_rec, copy_hash, &c) == 0);
    const uint8_t *buf;
    size_t len;
    EXPECT(gg_replay_writer_finish(&c.w, &buf, &len) == 0);
    EXPECT(gg_replay_write_file(bad, buf, len, NULL, 0) == 0);
    gg_replay_writer_close(&c.w);
    gg_replay_destroy(r);
    snprintf(cmd, sizeof cmd, "%s --replay %s --json > %s/out.json 2> %s/err.txt", hh_tool, bad,
             dir, dir);
    int rc = system(cmd);
    EXPECT(WIFEXITED(rc) && WEXITSTATUS(rc) == 1);
    snprintf(cmd, sizeof cmd, "grep -q '\"first_divergent_turn\":4' %s/out.json", dir);
    EXPECT(system(cmd) == 0);
    snprintf(cmd, sizeof cmd, "grep -q 'diverged at turn 4' %s/err.txt", dir);
    EXPECT(system(cmd) == 0);
    /* Not a replay at all: a clear error, exit 2. */
    snprintf(cmd, sizeof cmd, "%s --replay %s/err.txt 2>/dev/null", hh_tool, dir);
    rc = system(cmd);
    EXPECT(WIFEXITED(rc) && WEXITSTATUS(rc) == 2);
    hh_rmdata(dir);
}

/* China (scripted) asks Kazakhstan's negotiator bot for consent for
 * nothing; returns the deal's id, or 0. */
static uint32_t ask_free_consent(hh_client *cn)
{
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_propose);
    m.u.propose.parties = 1u << GG_KAZAKHSTAN;
    m.u.propose.clauses.n = 1;
    m.u.propose.clauses.c[0] =
        (gg_clause){.kind = GG_CLAUSE_CONSENT, .a = GG_CHINA, .c = GG_CONSENT_ANY, .amount = 0};
    return hh_request(cn, &m, &r, 3000) == GG_MSG_ok ? r.u.ok.id : 0;
}

/* Waits for deal `id`'s rejection; returns 1 if a counter-offer to it
 * followed (a deal_update whose reason is a counter naming `id`). */
static int countered(hh_client *cn, uint32_t id)
{
    int rejected = 0, after = 0;
    gg_msg u;
    for (int waited = 0; waited < 5000 && after < 600; waited += 20) {
        while (hh_take(cn, GG_MSG_deal_update, &u, 0)) {
            const gg_reason *w = &u.u.deal_update.why;
            if (u.u.deal_update.deal.id == id && u.u.deal_update.deal.status == GG_DEAL_REJECTED)
                rejected = 1;
            if ((w->id == GG_RSN_COUNTER || w->id == GG_RSN_COUNTER_FEE) && w->arg[1] == (int)id)
                return 1;
        }
        hh_pump(cn, 20);
        after += rejected ? 20 : 0;
    }
    EXPECT(rejected);
    return 0;
}

/* The counter-offer limit (GG_BOT_MAX_COUNTERS a turn) of a server bot
 * survives a restart: Kazakhstan counters China's first two demands, the
 * server is killed and restarted, and the third demand in the same turn
 * is rejected without a counter (the count is rebuilt from the journal).
 * Russia and the West are random bots, which propose nothing: Kazakhstan's
 * counters of the turn are all China's (it counters the leading West's
 * corridor consent at a fee when its rollouts refuse it). */
static void counter_limit(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "recovery");
    hh_server sv;
    gg_msg c, created;
    hh_create_msg(&c, "classroom", SEED);
    for (int s = GG_RUSSIA; s < GG_SEATS; s++)
        snprintf(c.u.create_game.bots.v[s], sizeof c.u.create_game.bots.v[s], "%s",
                 s == GG_KAZAKHSTAN ? "negotiator" : "random");
    hh_seat cn;
    if (start_on(&sv, dir) != 0 ||
        hh_seat_create(&cn, &sv, &c, &created, GG_CHINA, "greedy", SEED) != 0) {
        EXPECT(!"setup");
        return;
    }
    EXPECT(hh_take(&cn.cl, GG_MSG_state, NULL, 3000));
    for (int i = 0; i < GG_BOT_MAX_COUNTERS; i++) {
        uint32_t id = ask_free_consent(&cn.cl);
        EXPECT(id != 0);
        EXPECT_EQ(countered(&cn.cl, id), 1);
    }
    EXPECT_EQ(server_stop(&sv, SIGKILL), 128 + SIGKILL);
    EXPECT(start_on(&sv, dir) == 0);
    EXPECT(hh_seat_reconnect(&cn, &sv, 1) == 0);
    gg_msg st;
    EXPECT(hh_take(&cn.cl, GG_MSG_state, &st, 3000));
    EXPECT(st.u.state.view.turn == 1 && st.u.state.view.phase == GG_PHASE_DIPLOMACY);
    uint32_t id = ask_free_consent(&cn.cl);
    EXPECT(id != 0);
    EXPECT_EQ(countered(&cn.cl, id), 0);
    hh_close_all();
    server_stop(&sv, SIGTERM);
    hh_rmdata(dir);
}

static void kill_diplomacy(void)
{
    crash_run(KILL_DIPLOMACY, reference_run());
}

static void kill_orders(void)
{
    crash_run(KILL_ORDERS, reference_run());
}

static void kill_after_resolution(void)
{
    crash_run(KILL_AFTER_RESOLUTION, reference_run());
}

/* The same kill points with server bots that bargain. */
static void use_negotiators(void)
{
    bot_strategy = "negotiator";
    bot_honesty = "opportunist";
}

static void negotiator_kill_diplomacy(void)
{
    use_negotiators();
    kill_diplomacy();
}

static void negotiator_kill_after_resolution(void)
{
    use_negotiators();
    kill_after_resolution();
}

int main(int argc, char **argv)
{
    static const hh_case cases[] = {
        {"kill_diplomacy", kill_diplomacy},
        {"kill_orders", kill_orders},
        {"kill_after_resolution", kill_after_resolution},
        {"tampered_replay", tampered_replay},
        {"negotiator_kill_diplomacy", negotiator_kill_diplomacy},
        {"negotiator_kill_after_resolution", negotiator_kill_after_resolution},
        {"counter_limit", counter_limit},
    };
    return hh_main(argc, argv, "GG_ARENA", cases, HH_COUNT(cases), &gg_check_failures);
}
