/* gg_resolve_lookahead (the bots' resolve on scratch copies): across many
 * random states of every scenario it leaves the state gg_resolve leaves,
 * field for field, except the turn report's change list (empty); and
 * gg_resolve still records that list, so the shortcut cannot have leaked
 * into real play. */
#include <string.h>

#include "../check.h"
#include "playout.h"

/* Resolves copies of `s` (ORDERS phase, orders submitted) both ways and
 * compares them. Returns the change count gg_resolve recorded. */
static int compare_resolves(const gg_state *s)
{
    gg_state full = *s, look = *s;
    /* stale entries a lookahead leaves in changes[] (beyond nchanges) */
    memset(look.report.changes, 0x5a, sizeof look.report.changes);
    look.report.nchanges = 7;
    look.report.changes_lost = 3;
    EXPECT_EQ(gg_resolve_lookahead(&look), gg_resolve(&full));
    EXPECT_EQ(look.report.nchanges, 0);
    EXPECT_EQ(look.report.changes_lost, 0);
    /* What the bots read, field by field. */
    EXPECT_EQ(look.phase, full.phase);
    EXPECT_EQ(look.turn, full.turn);
    EXPECT_EQ(look.end_reason, full.end_reason);
    EXPECT_EQ(look.tipped_by, full.tipped_by);
    EXPECT_EQ(memcmp(look.vp, full.vp, sizeof full.vp), 0);
    EXPECT_EQ(memcmp(look.vp_now, full.vp_now, sizeof full.vp_now), 0);
    EXPECT_EQ(memcmp(look.par_now, full.par_now, sizeof full.par_now), 0);
    EXPECT_EQ(memcmp(look.res, full.res, sizeof full.res), 0);
    EXPECT_EQ(memcmp(look.income, full.income, sizeof full.income), 0);
    EXPECT_EQ(memcmp(look.influence, full.influence, sizeof full.influence), 0);
    EXPECT_EQ(memcmp(look.track, full.track, sizeof full.track), 0);
    EXPECT_EQ(memcmp(look.global, full.global, sizeof full.global), 0);
    EXPECT_EQ(memcmp(look.report.outcome, full.report.outcome, sizeof full.report.outcome), 0);
    EXPECT_EQ(memcmp(look.report.news, full.report.news, sizeof full.report.news), 0);
    /* Everything else: the state hash reads every field, the change list
     * included; with full's list copied in, the two must hash equal. */
    int n = full.report.nchanges;
    memcpy(look.report.changes, full.report.changes, sizeof full.report.changes);
    look.report.nchanges = full.report.nchanges;
    look.report.changes_lost = full.report.changes_lost;
    EXPECT_EQ(gg_state_hash(&look), gg_state_hash(&full));
    return n;
}

/* Random play as playout.h's random_play (a consent deal a turn, random
 * orders, random crisis answers), every turn's resolution compared. */
static void test_lookahead_equals_resolve(void)
{
    long changes = 0;
    int turns = 0;
    for (int sc = 0; sc < gg_scenario_count(); sc++)
        for (uint64_t seed = 1; seed <= 60; seed++) {
            gg_state s;
            gg_options opt = {0};
            opt.binding = (uint8_t)(seed % 2); /* binding transfers too */
            EXPECT_EQ(gg_init(&s, sc, seed, &opt), 0);
            gg_pcg32 rng;
            gg_pcg32_seed(&rng, seed, 91);
            while (s.phase != GG_PHASE_OVER) {
                if (s.phase == GG_PHASE_DIPLOMACY) {
                    int power = (int)gg_pcg32_below(&rng, GG_POWERS);
                    gg_clause c = {GG_CLAUSE_CONSENT,
                                   (uint8_t)power,
                                   0,
                                   GG_CONSENT_ANY,
                                   (uint8_t)gg_pcg32_below(&rng, 3),
                                   0};
                    uint16_t id = 0;
                    if (gg_propose(&s, power, 1u << GG_KAZAKHSTAN, &c, 1, &id) == 0)
                        EXPECT_EQ(gg_respond(&s, GG_KAZAKHSTAN, id, (int)gg_pcg32_below(&rng, 2)),
                                  0);
                    EXPECT_EQ(gg_end_diplomacy(&s), 0);
                } else if (s.phase == GG_PHASE_ORDERS) {
                    for (int seat = 0; seat < GG_SEATS; seat++) {
                        gg_orders o;
                        random_orders(&s, seat, &rng, &o);
                        EXPECT_EQ(gg_submit_orders(&s, seat, &o), 0);
                    }
                    changes += compare_resolves(&s);
                    turns++;
                    EXPECT_EQ(gg_resolve(&s), 0);
                } else {
                    int r;
                    do
                        r = (int)gg_pcg32_below(&rng, GG_RESPONSES);
                    while (gg_check_response(&s, r) != 0);
                    EXPECT_EQ(gg_crisis_react(&s, r), 0);
                }
            }
        }
    EXPECT(turns > 1000);
    /* gg_resolve records what orders changed: the shortcut is not in it. */
    EXPECT(changes > 5L * turns);
}

/* States reached by random_play at every turn's start of shortened and
 * whole games: the orders of the turn resolved both ways. */
static void test_lookahead_from_playouts(void)
{
    for (int sc = 0; sc < gg_scenario_count(); sc++)
        for (uint64_t seed = 100; seed < 110; seed++)
            for (int stop = 1; stop <= gg_scenario_def_get(sc)->turns; stop++) {
                gg_state s;
                EXPECT_EQ(gg_init(&s, sc, seed, NULL), 0);
                gg_pcg32 rng;
                gg_pcg32_seed(&rng, seed, 92);
                random_play(&s, &rng, stop);
                if (s.phase != GG_PHASE_DIPLOMACY)
                    break; /* the game ended before turn `stop` */
                EXPECT_EQ(gg_end_diplomacy(&s), 0);
                for (int seat = 0; seat < GG_SEATS; seat++) {
                    gg_orders o;
                    random_orders(&s, seat, &rng, &o);
                    EXPECT_EQ(gg_submit_orders(&s, seat, &o), 0);
                }
                compare_resolves(&s);
            }
}

int main(void)
{
    RUN(test_lookahead_equals_resolve);
    RUN(test_lookahead_from_playouts);
    TEST_END();
}
