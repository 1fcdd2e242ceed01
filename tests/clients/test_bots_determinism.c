/* test_bots_determinism.c — bot games are a pure function of the seed:
 * the same seed gives the same final state hash, different seeds give
 * different ones, a game (state and bots) copied mid-game continues
 * identically, and hidden information does not change a bot's choice. */
#include <string.h>

#include "../../bots/bots_internal.h"
#include "arena.h"
#include "../check.h"

static const char *const lineups[][GG_SEATS] = {
    {"random", "random", "random", "random"},
    {"greedy", "greedy", "greedy", "greedy"},
    {"greedy", "random", "mcts:2:2", "greedy"},
};

static int same_seed(void)
{
    for (int sc = 0; sc < gg_scenario_count(); sc++)
        for (int l = 0; l < 3; l++)
            for (uint64_t seed = 1; seed <= (l == 2 ? 2u : 20u); seed++) {
                gg_arena_game a, b;
                CHECK(gg_arena_play(sc, NULL, lineups[l], seed, &a, NULL) == 0);
                CHECK(gg_arena_play(sc, NULL, lineups[l], seed, &b, NULL) == 0);
                CHECK_MSG(a.hash == b.hash, "scenario %d lineup %d seed %llu", sc, l,
                          (unsigned long long)seed);
                CHECK(memcmp(a.result.vp, b.result.vp, sizeof a.result.vp) == 0);
            }
    return 0;
}

static int different_seeds(void)
{
    for (int sc = 0; sc < gg_scenario_count(); sc++)
        for (int l = 0; l < 2; l++) {
            uint64_t h[16];
            for (int i = 0; i < 16; i++) {
                gg_arena_game g;
                CHECK(gg_arena_play(sc, NULL, lineups[l], gg_arena_game_seed(5, (uint64_t)i), &g,
                                    NULL) == 0);
                h[i] = g.hash;
                for (int j = 0; j < i; j++)
                    CHECK_MSG(h[j] != h[i], "scenario %d lineup %d games %d and %d", sc, l, j, i);
            }
        }
    CHECK(gg_arena_game_seed(1, 0) != gg_arena_game_seed(2, 0));
    CHECK(gg_arena_game_seed(1, 0) != gg_arena_game_seed(1, 1));
    return 0;
}

/* Copy the state and the bots at every turn of a game; the copy, played to
 * the end, reaches the same final hash as the original. */
static int copy_midgame(void)
{
    for (int sc = 0; sc < gg_scenario_count(); sc++)
        for (int l = 0; l < 2; l++) {
            gg_state s;
            gg_bot b[GG_SEATS];
            CHECK(gg_init(&s, sc, 99, NULL) == 0);
            for (int i = 0; i < GG_SEATS; i++)
                CHECK(gg_bot_init(&b[i], lineups[l][i], i, 99) == 0);
            gg_state fork[16];
            gg_bot fork_bots[16][GG_SEATS];
            int nf = 0;
            while (s.phase != GG_PHASE_OVER) {
                if (nf < 16) {
                    fork[nf] = s;
                    memcpy(fork_bots[nf], b, sizeof b);
                    nf++;
                }
                CHECK(gg_bots_play_turn(&s, b, NULL) == 0);
            }
            uint64_t want = gg_state_hash(&s);
            for (int f = 0; f < nf; f++) {
                CHECK(gg_bots_play_game(&fork[f], fork_bots[f], NULL) == 0);
                CHECK_MSG(gg_state_hash(&fork[f]) == want, "scenario %d lineup %d fork at %d", sc,
                          l, f);
            }
        }
    return 0;
}

/* The other seats' secret orders, the PRNG streams and the deck order do
 * not change what a bot orders (it only ever sees its view). */
static int hidden_info_irrelevant(void)
{
    for (int sc = 0; sc < gg_scenario_count(); sc++) {
        gg_state s, t, v;
        CHECK(gg_init(&s, sc, 3, NULL) == 0);
        CHECK(gg_end_diplomacy(&s) == 0);
        t = s;
        t.rng_events.state ^= 0x1234567;
        t.rng_ties.state ^= 0x7654321;
        if (t.deck_len > 1) {
            uint8_t x = t.deck[0];
            t.deck[0] = t.deck[t.deck_len - 1];
            t.deck[t.deck_len - 1] = x;
        }
        for (int seat = 0; seat < GG_SEATS; seat++) {
            gg_bot b, c;
            gg_orders os, ot, other;
            CHECK(gg_bot_init(&b, "greedy", seat, 3) == 0);
            c = b;
            gg_state t2 = t;
            int q = (seat + 1) % GG_SEATS; /* someone else submits secret orders */
            gg_view(&t2, q, &v);
            gg_bot qb;
            gg_bot_init(&qb, "random", q, 8);
            gg_bot_orders(&qb, &v, &other);
            CHECK(gg_submit_orders(&t2, q, &other) == 0);
            gg_view(&s, seat, &v);
            gg_bot_orders(&b, &v, &os);
            gg_view(&t2, seat, &v);
            gg_bot_orders(&c, &v, &ot);
            CHECK(os.count == ot.count);
            CHECK(memcmp(os.o, ot.o, sizeof(gg_order) * os.count) == 0);
        }
    }
    return 0;
}

/* gg__bot_eval_resolved (the lookahead's evaluation, which reads the score
 * now from the standing gg_resolve and gg_crisis_react refresh) equals
 * gg__bot_eval (which scores the state itself) on every state they produce:
 * every seat's greedy orders and every crisis answer, at every turn of
 * greedy games in every scenario, both at scoring turns and between. */
static int eval_resolved(void)
{
    int checked = 0, over = 0, crises = 0;
    for (int sc = 0; sc < gg_scenario_count(); sc++)
        for (uint64_t seed = 1; seed <= 12; seed++) {
            gg_state s, v;
            gg_bot b[GG_SEATS];
            CHECK(gg_init(&s, sc, seed, NULL) == 0);
            for (int i = 0; i < GG_SEATS; i++)
                CHECK(gg_bot_init(&b[i], "greedy", i, seed) == 0);
            for (int guard = 0; s.phase != GG_PHASE_OVER && guard < 1000; guard++) {
                gg_state u = s; /* the turn's orders phase (play_turn goes through it) */
                if (u.phase == GG_PHASE_DIPLOMACY)
                    CHECK(gg_end_diplomacy(&u) == 0);
                if (u.phase == GG_PHASE_ORDERS)
                    for (int seat = 0; seat < GG_SEATS; seat++) {
                        gg_orders o;
                        gg_view(&u, seat, &v);
                        gg_bot c = b[seat];
                        gg_bot_orders(&c, &v, &o);
                        gg_state t = v;
                        t.orders[seat] = o;
                        if (gg_resolve(&t) != 0)
                            continue;
                        for (int q = 0; q < GG_SEATS; q++)
                            CHECK_MSG(gg__bot_eval_resolved(&t, q) == gg__bot_eval(&t, q),
                                      "scenario %d seed %llu turn %d seat %d", sc,
                                      (unsigned long long)seed, u.turn, q);
                        checked++;
                        over += t.phase == GG_PHASE_OVER;
                        for (int r = 0; t.phase == GG_PHASE_CRISIS && r < GG_RESPONSES; r++) {
                            gg_state w = t;
                            if (gg_crisis_react(&w, r) != 0)
                                continue;
                            for (int q = 0; q < GG_SEATS; q++)
                                CHECK(gg__bot_eval_resolved(&w, q) == gg__bot_eval(&w, q));
                            crises++;
                        }
                    }
                CHECK(gg_bots_play_turn(&s, b, NULL) == 0);
            }
        }
    CHECK(checked > 100 && over > 0 && crises > 0);
    return 0;
}

/* A game played by the driver's rollout path (gg__bots_play_turn with
 * `lookahead`: turns resolved by gg_resolve_lookahead) is the same game as
 * the public driver plays, turn for turn, but for the report's change
 * list; and the public driver (real play: gg-arena, the server's bots)
 * still records that list. */
static int lookahead_play(void)
{
    long changes = 0;
    for (int sc = 0; sc < gg_scenario_count(); sc++)
        for (int l = 0; l < 3; l++)
            for (uint64_t seed = 1; seed <= 3; seed++) {
                gg_state s, t;
                gg_bot b[GG_SEATS], c[GG_SEATS];
                CHECK(gg_init(&s, sc, seed, NULL) == 0);
                t = s;
                for (int i = 0; i < GG_SEATS; i++) {
                    CHECK(gg_bot_init(&b[i], lineups[l][i], i, seed) == 0);
                    c[i] = b[i];
                }
                for (int guard = 0; s.phase != GG_PHASE_OVER && guard < 1000; guard++) {
                    CHECK(gg_bots_play_turn(&s, b, NULL) == 0);
                    CHECK(gg__bots_play_turn(&t, c, NULL, 1) == 0);
                    CHECK(t.report.nchanges == 0);
                    changes += s.report.nchanges;
                    memcpy(t.report.changes, s.report.changes, sizeof s.report.changes);
                    t.report.nchanges = s.report.nchanges;
                    t.report.changes_lost = s.report.changes_lost;
                    CHECK_MSG(gg_state_hash(&s) == gg_state_hash(&t),
                              "scenario %d lineup %d seed %llu turn %d", sc, l,
                              (unsigned long long)seed, s.turn);
                }
                CHECK(t.phase == GG_PHASE_OVER);
            }
    CHECK(changes > 100);
    return 0;
}

static const test_case cases[] = {
    {"same_seed", same_seed, "the same seed gives the same final hash"},
    {"different_seeds", different_seeds, "different seeds give different final hashes"},
    {"copy_midgame", copy_midgame, "a game copied mid-game continues identically"},
    {"hidden_info_irrelevant", hidden_info_irrelevant, "bots decide from the view alone"},
    {"eval_resolved", eval_resolved,
     "the lookahead's evaluation after a resolution is the full one"},
    {"lookahead_play", lookahead_play,
     "rollout play (no change list) is the public driver's game; real play records it"},
};

int main(int argc, char **argv)
{
    return run_cases(cases, (int)(sizeof cases / sizeof cases[0]), argc, argv);
}
