/* Integration tests of "fork a what-if" (issue 16): a moderator forks a
 * game at the end of turn 3 and the fork's first state hash is the
 * original's turn-3 hash; the fork is played on to its end; a second fork
 * of the same turn, killed mid-game and recovered from its own journal,
 * ends on the same hash as the first; a finished game no longer in memory
 * is forked with its moderator code; every refusal (seat, observer and no
 * code, a wrong code, an unknown game, a turn not resolved, the turn that
 * ended the game, the moderator of another game); wrong codes counted with
 * wrong join codes; and `gg-server fork` offline.
 * Usage: test_host_fork GG_SERVER CASE */
#include "gg/game.h"
#include "host_driver.h"

#define SEED 271828

static hh_server sv;

static int start_on(const char *dir, const char *keep)
{
    return server_start(&sv, 0, "--data", dir, "--keep-finished", keep, "--log-level", "debug",
                        (char *)NULL);
}

/* gg_hash_fn: keeps the stored hash of the turn asked for. */
static int stored_hash(int turn, uint64_t hash, void *ud)
{
    struct {
        int turn;
        uint64_t stored;
    } *w = ud;
    if (turn == w->turn)
        w->stored = hash;
    return 0;
}

/* Notes every turn_result hash in c's inbox (and clears it). */
static void note_hashes(hh_client *c, gg_turn_hashes *h)
{
    hh_pump(c, 0);
    for (int i = 0; i < c->n; i++)
        if (c->inbox[i].type == GG_MSG_turn_result)
            gg_turn_hashes_set(h, (int)c->inbox[i].u.turn_result.turn,
                               c->inbox[i].u.turn_result.hash);
    hh_clear(c);
}

/* Drives Kazakhstan until the moderator saw turn `turn`'s result (or the
 * game ended). Returns 0 once it did. */
static int play_until(hh_seat *kz, hh_client *mod, gg_turn_hashes *h, int turn)
{
    for (int waited = 0; waited < 60000; waited += 10) {
        if (hh_seat_step(kz, 5) < 0)
            return -1;
        note_hashes(mod, h);
        if (h->last >= turn)
            return 0;
        if (kz->over)
            return -1;
    }
    return -1;
}

/* Sends fork_game; returns the reply type (reply in *r). */
static int fork_req(hh_client *c, const char *game, int turn, const char *code, gg_msg *r)
{
    gg_msg m;
    gg_msg_init(&m, GG_MSG_fork_game);
    snprintf(m.u.fork_game.game, sizeof m.u.fork_game.game, "%s", game);
    m.u.fork_game.turn = (uint32_t)turn;
    if (code)
        snprintf(m.u.fork_game.code, sizeof m.u.fork_game.code, "%.*s", GG_MAX_CODE, code);
    return hh_request(c, &m, r, 10000);
}

/* The error code a fork_game gets (0 if it succeeds, -1 no answer). */
static int fork_err(hh_client *c, const char *game, int turn, const char *code)
{
    gg_msg r;
    int t = fork_req(c, game, turn, code, &r);
    return t == GG_MSG_error ? r.u.error.code : t == GG_MSG_game_forked ? 0 : -1;
}

/* The snapshot state a fresh moderator of `code` gets. */
static int snapshot(const char *code, gg_msg *st)
{
    static hh_client c;
    int ok = hh_connect(&c, &sv, 1) == 0 && hh_join(&c, code) == 0 &&
             hh_take(&c, GG_MSG_state, st, 3000);
    hh_close(&c);
    return ok ? 0 : -1;
}

/* The hash after `turn` in the replay of the game that moderator code
 * `code` opens (export_replay), re-simulated from scratch by game/
 * (gg_debrief_create); also checks it is the replay's stored hash. 0 if
 * anything fails. Proves the game's journal is self-contained. */
static uint64_t replay_hash(const char *code, int turn)
{
    static hh_client c;
    static uint8_t buf[1 << 20];
    size_t n = 0;
    gg_msg m, r;
    if (hh_connect(&c, &sv, 1) || hh_join(&c, code))
        return 0;
    gg_msg_init(&m, GG_MSG_export_replay);
    int t = hh_request(&c, &m, &r, 5000);
    for (uint32_t part = 1; t == GG_MSG_replay && part <= r.u.replay.parts; part++) {
        if (part > 1 && !hh_take(&c, GG_MSG_replay, &r, 3000))
            break;
        if (n + r.u.replay.data.len > sizeof buf)
            break;
        memcpy(buf + n, r.u.replay.data.p, r.u.replay.data.len);
        n += r.u.replay.data.len;
    }
    hh_close(&c);
    gg_debrief *d = NULL;
    char why[256] = "";
    if (t != GG_MSG_replay || gg_debrief_create(buf, n, &d, why, sizeof why) != 0) {
        fprintf(stderr, "replay of %s: %s\n", code, why);
        return 0;
    }
    uint64_t h = d->have_resolved[turn] && !d->err ? gg_state_hash(&d->resolved[turn]) : 0;
    gg_debrief_destroy(d);
    gg_replay *rp = NULL;
    if (gg_replay_create(buf, n, &rp, why, sizeof why) != 0)
        return 0;
    struct {
        int turn;
        uint64_t stored;
    } want = {turn, 0};
    gg_replay_read(rp, NULL, stored_hash, &want);
    gg_replay_destroy(rp);
    return want.stored == h ? h : 0;
}

/* Creates the original game with a moderator and Kazakhstan attached. */
static int original(gg_msg *created, hh_client *mod, hh_seat *kz, int turns)
{
    gg_msg c;
    hh_create_bots_msg(&c, "belt-and-road", SEED, "greedy");
    c.u.create_game.turns = (uint32_t)turns;
    if (hh_create_game(&sv, &c, created) || hh_connect(mod, &sv, 1) ||
        hh_join(mod, created->u.game_created.moderator_code))
        return -1;
    return hh_seat_open(kz, &sv, 0, created->u.game_created.codes.v[GG_KAZAKHSTAN], GG_KAZAKHSTAN,
                        "greedy", SEED);
}

/* Fork at turn 3: the original's turn-3 hash; played on to the end; a
 * second fork of turn 3, killed after its first turn and recovered, ends
 * on the first one's hash. */
static void hash_and_play(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "fork");
    EXPECT(start_on(dir, "600") == 0);
    static gg_msg created, r, st, fa, fb;
    static hh_client mod, other, fmod, l, bmod;
    static hh_seat kz, fkz, bkz;
    gg_turn_hashes orig = {0};
    EXPECT(original(&created, &mod, &kz, 0) == 0);
    const char *game = created.u.game_created.game;
    EXPECT(play_until(&kz, &mod, &orig, 4) == 0);
    EXPECT(orig.hash[3] != 0 && orig.hash[4] != 0);

    /* The moderator of the running original forks turn 3. */
    EXPECT_EQ(fork_req(&mod, game, 3, NULL, &r), GG_MSG_game_forked);
    const gg_msg_game_forked *f = &r.u.game_forked;
    EXPECT(strcmp(f->game, game) != 0 && !strcmp(f->from, game) && f->turn == 3);
    EXPECT_EQ(f->hash, orig.hash[3]);
    for (int s = 0; s < GG_SEATS; s++)
        EXPECT(strcmp(f->codes.v[s], created.u.game_created.codes.v[s]) != 0);
    EXPECT(strcmp(f->moderator_code, created.u.game_created.moderator_code) != 0);
    fa = r;
    /* The fork's own journal re-simulates to that hash; a newcomer finds
     * the game where turn 3 left it (its bots may have moved since). */
    EXPECT_EQ(replay_hash(fa.u.game_forked.moderator_code, 3), orig.hash[3]);
    EXPECT(snapshot(fa.u.game_forked.moderator_code, &st) == 0);
    EXPECT(st.u.state.turn == 4 || (st.u.state.turn == 3 && st.u.state.phase == GG_PHASE_CRISIS));
    /* The original's codes still open the original, not the fork. */
    EXPECT(hh_connect(&other, &sv, 1) == 0 &&
           hh_join(&other, created.u.game_created.codes.v[GG_KAZAKHSTAN]) == 0);
    EXPECT(!strcmp(other.game, game));
    hh_close(&other);

    /* Play the fork on to its end. */
    gg_turn_hashes fh = {0};
    EXPECT(hh_connect(&fmod, &sv, 1) == 0 && hh_join(&fmod, fa.u.game_forked.moderator_code) == 0);
    EXPECT(hh_seat_open(&fkz, &sv, 1, fa.u.game_forked.codes.v[GG_KAZAKHSTAN], GG_KAZAKHSTAN,
                        "greedy", SEED) == 0);
    EXPECT(hh_play(&fkz, 1, 60000) == 0 && fkz.over);
    note_hashes(&fmod, &fh);
    uint64_t final_a = fkz.game_over.u.game_over.hash;
    EXPECT(final_a != 0);
    EXPECT(fh.hash[3] == 0 && fh.hash[4] != 0); /* its own turns, from 4 on */

    /* Fork B of the same turn, from a lobby connection with the code;
     * killed once it resolved a turn of its own. */
    EXPECT(hh_connect(&l, &sv, 1) == 0);
    EXPECT_EQ(fork_req(&l, game, 3, created.u.game_created.moderator_code, &r), GG_MSG_game_forked);
    EXPECT_EQ(r.u.game_forked.hash, orig.hash[3]);
    fb = r;
    gg_turn_hashes bh = {0};
    EXPECT(hh_connect(&bmod, &sv, 1) == 0 && hh_join(&bmod, fb.u.game_forked.moderator_code) == 0);
    EXPECT(hh_seat_open(&bkz, &sv, 0, fb.u.game_forked.codes.v[GG_KAZAKHSTAN], GG_KAZAKHSTAN,
                        "greedy", SEED) == 0);
    EXPECT(play_until(&bkz, &bmod, &bh, 5) == 0);
    EXPECT_EQ(bh.hash[4], fh.hash[4]);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGKILL), 128 + SIGKILL);

    /* Restart: the fork is recovered from its own journal and resumes. */
    EXPECT(start_on(dir, "600") == 0);
    EXPECT(snapshot(fb.u.game_forked.moderator_code, &st) == 0);
    EXPECT(st.u.state.turn >= 5);
    EXPECT(hh_seat_reconnect(&bkz, &sv, 0) == 0);
    EXPECT(hh_play(&bkz, 1, 60000) == 0 && bkz.over);
    EXPECT_EQ(bkz.game_over.u.game_over.hash, final_a);
    hh_close_all();
    server_stop(&sv, SIGTERM);
    hh_rmdata(dir);
}

/* Refusals, and a finished game forked with its moderator code once it is
 * no longer in memory. */
static void refusals(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "fork");
    EXPECT(start_on(dir, "0") == 0);
    static gg_msg created, r, fork;
    static hh_client mod, l, seat;
    static hh_seat kz;
    gg_turn_hashes orig = {0};
    EXPECT(original(&created, &mod, &kz, 3) == 0);
    const gg_msg_game_created *g = &created.u.game_created;
    char game[GG_MAX_CODE + 1];
    snprintf(game, sizeof game, "%s", g->game);
    EXPECT(hh_play(&kz, 1, 60000) == 0 && kz.over);
    note_hashes(&mod, &orig);
    EXPECT(orig.last == 3);
    hh_close_all();
    /* Freed once nobody is attached (--keep-finished 0): not joinable. */
    int freed = 0;
    for (int i = 0; i < 50 && !freed; i++) {
        usleep(100000);
        EXPECT(hh_connect(&l, &sv, 1) == 0);
        freed = hh_join(&l, g->moderator_code) == GG_EBAD_CODE;
        hh_close(&l);
    }
    EXPECT(freed);

    EXPECT(hh_connect(&l, &sv, 1) == 0);
    EXPECT_EQ(fork_err(&l, game, 2, NULL), GG_EFORBIDDEN);
    EXPECT_EQ(fork_err(&l, game, 2, g->codes.v[GG_CHINA]), GG_EFORBIDDEN);
    EXPECT_EQ(fork_err(&l, game, 2, g->observer_code), GG_EFORBIDDEN);
    EXPECT_EQ(fork_err(&l, game, 2, "ZZZZ-ZZZZ"), GG_EBAD_CODE);
    EXPECT_EQ(fork_err(&l, "9999", 2, g->moderator_code), GG_ENOT_FOUND);
    EXPECT_EQ(fork_err(&l, "nogame", 2, g->moderator_code), GG_ENOT_FOUND);
    EXPECT_EQ(fork_err(&l, game, 4, g->moderator_code), GG_EMSG_BAD_FIELD);
    EXPECT_EQ(fork_err(&l, game, 3, g->moderator_code), GG_EGAME_OVER); /* its last turn */
    /* The moderator code of the finished, freed game forks turn 2. */
    EXPECT_EQ(fork_req(&l, game, 2, g->moderator_code, &r), GG_MSG_game_forked);
    EXPECT_EQ(r.u.game_forked.hash, orig.hash[2]);
    fork = r;
    const gg_msg_game_forked *f = &fork.u.game_forked;
    hh_close(&l);

    /* In the fork: a seat joined to it may not fork it; its moderator
     * may, at a turn it has (2, copied) but not at one it has not. */
    EXPECT(hh_connect(&seat, &sv, 1) == 0 && hh_join(&seat, f->codes.v[GG_WEST]) == 0);
    EXPECT_EQ(fork_err(&seat, f->game, 2, NULL), GG_EFORBIDDEN);
    EXPECT(hh_connect(&mod, &sv, 1) == 0 && hh_join(&mod, f->moderator_code) == 0);
    EXPECT_EQ(fork_err(&mod, f->game, 3, NULL), GG_EMSG_BAD_FIELD);
    EXPECT_EQ(fork_req(&mod, f->game, 2, NULL, &r), GG_MSG_game_forked);
    EXPECT_EQ(r.u.game_forked.hash, orig.hash[2]);
    /* The moderator of one game is not the moderator of another. */
    EXPECT_EQ(fork_err(&mod, game, 2, NULL), GG_EFORBIDDEN);
    /* Wrong codes count with wrong join codes (per address): guessing
     * soon gets RATE_LIMITED, for joins too. */
    EXPECT(hh_connect(&l, &sv, 1) == 0);
    int limited = 0;
    for (int i = 0; i < GG_JOIN_FAILS_PER_ADDR + 2 && !limited; i++)
        limited = fork_err(&l, game, 2, "ZZZZ-ZZZA") == GG_ERATE_LIMITED;
    EXPECT(limited);
    EXPECT_EQ(hh_join(&l, "ZZZZ-ZZZA"), GG_ERATE_LIMITED);
    hh_close_all();
    server_stop(&sv, SIGTERM);
    hh_rmdata(dir);
}

/* gg-server fork on a stopped server's journal, then the fork played. */
static void offline(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "fork");
    EXPECT(start_on(dir, "600") == 0);
    static gg_msg created, st;
    static hh_client mod;
    static hh_seat kz, fkz;
    gg_turn_hashes orig = {0};
    EXPECT(original(&created, &mod, &kz, 0) == 0);
    EXPECT(play_until(&kz, &mod, &orig, 3) == 0);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGTERM), 0);

    char cmd[512], line[256];
    snprintf(cmd, sizeof cmd, "%s fork --data %s --game %s --turn 9 2>&1", hh_server_bin, dir,
             created.u.game_created.game);
    FILE *p = popen(cmd, "r");
    int said = 0;
    while (p && fgets(line, sizeof line, p))
        said |= strstr(line, "was not resolved") != NULL;
    EXPECT(said);
    EXPECT(p && WEXITSTATUS(pclose(p)) == 1);
    snprintf(cmd, sizeof cmd, "%s fork --data %s --game %s 2>&1", hh_server_bin, dir,
             created.u.game_created.game);
    EXPECT(WEXITSTATUS(system(cmd)) == 2); /* no --turn */

    snprintf(cmd, sizeof cmd, "%s fork --data %s --game %s --turn 3", hh_server_bin, dir,
             created.u.game_created.game);
    p = popen(cmd, "r");
    long long id = 0, from = 0;
    int turn = 0;
    unsigned long long hash = 0;
    char kzcode[32] = "", modcode[32] = "", name[32], code[32];
    EXPECT(p && fgets(line, sizeof line, p) &&
           sscanf(line, "game %lld forked from game %lld after turn %d, hash %llx", &id, &from,
                  &turn, &hash) == 4);
    while (p && fgets(line, sizeof line, p))
        if (sscanf(line, "%31s %31s", name, code) == 2) {
            if (!strcmp(name, "kazakhstan"))
                snprintf(kzcode, sizeof kzcode, "%s", code);
            if (!strcmp(name, "moderator"))
                snprintf(modcode, sizeof modcode, "%s", code);
        }
    EXPECT(p && pclose(p) == 0);
    EXPECT(turn == 3 && hash == orig.hash[3] && id > from);
    EXPECT(kzcode[0] && modcode[0]);

    /* The server recovers it; it plays to its end. */
    EXPECT(start_on(dir, "600") == 0);
    EXPECT(snapshot(modcode, &st) == 0);
    EXPECT(st.u.state.turn == 4 || (st.u.state.turn == 3 && st.u.state.phase == GG_PHASE_CRISIS));
    EXPECT_EQ(replay_hash(modcode, 3), orig.hash[3]);
    EXPECT(hh_seat_open(&fkz, &sv, 1, kzcode, GG_KAZAKHSTAN, "greedy", SEED) == 0);
    EXPECT(hh_play(&fkz, 1, 60000) == 0 && fkz.over);
    hh_close_all();
    server_stop(&sv, SIGTERM);
    hh_rmdata(dir);
}

int main(int argc, char **argv)
{
    static const hh_case cases[] = {
        {"hash_and_play", hash_and_play},
        {"refusals", refusals},
        {"offline", offline},
    };
    return hh_main(argc, argv, NULL, cases, HH_COUNT(cases), &gg_check_failures);
}
