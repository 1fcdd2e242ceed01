/* playout.h — a seeded random legal player for rules tests (the reference
 * bots live in clients/bots; tests of the engine must not depend on them).
 * Every order it submits must validate: the helper CHECKs that. */
#ifndef GG_TEST_PLAYOUT_H
#define GG_TEST_PLAYOUT_H

#include "../check.h"
#include "gg/rules.h"

/* Picks up to 3 random legal orders for `seat`, keeping only those that
 * still validate together. */
static void random_orders(const gg_state *s, int seat, gg_pcg32 *rng, gg_orders *out)
{
    gg_legal legal[GG_MAX_LEGAL];
    int n = gg_legal_actions(s, seat, legal, GG_MAX_LEGAL);
    out->count = 0;
    for (int tries = 0; tries < 6 && n > 0 && out->count < 3; tries++) {
        const gg_legal *l = &legal[gg_pcg32_below(rng, (uint32_t)n)];
        gg_order o = {l->action, l->target, 0};
        if (l->target == GG_NONE) { /* transfer: one unit of money to a random other seat */
            o.target = (uint8_t)((seat + 1 + (int)gg_pcg32_below(rng, 3)) % GG_SEATS);
            o.arg = gg_transfer_arg(GG_MONEY, 1);
        }
        out->o[out->count++] = o;
        if (gg_validate_orders(s, seat, out, NULL) != 0)
            out->count--;
    }
}

/* Plays one deal per turn at random (Kazakhstan sells a consent to a
 * random power for a fee, accepted half the time), random orders for all
 * seats, random crisis responses. Stops at `stop_turn` (0 = the end). */
static void random_play(gg_state *s, gg_pcg32 *rng, int stop_turn)
{
    while (s->phase != GG_PHASE_OVER && (stop_turn == 0 || s->turn < stop_turn)) {
        if (s->phase == GG_PHASE_DIPLOMACY) {
            int power = (int)gg_pcg32_below(rng, GG_POWERS);
            gg_clause c = {GG_CLAUSE_CONSENT,
                           (uint8_t)power,
                           0,
                           GG_CONSENT_ANY,
                           (uint8_t)gg_pcg32_below(rng, 3),
                           0};
            uint16_t id = 0;
            if (gg_propose(s, power, 1u << GG_KAZAKHSTAN, &c, 1, &id) == 0)
                EXPECT_EQ(gg_respond(s, GG_KAZAKHSTAN, id, (int)gg_pcg32_below(rng, 2)), 0);
            EXPECT_EQ(gg_end_diplomacy(s), 0);
        } else if (s->phase == GG_PHASE_ORDERS) {
            for (int seat = 0; seat < GG_SEATS; seat++) {
                gg_orders o;
                random_orders(s, seat, rng, &o);
                EXPECT_EQ(gg_submit_orders(s, seat, &o), 0);
            }
            EXPECT_EQ(gg_resolve(s), 0);
        } else if (s->phase == GG_PHASE_CRISIS) {
            int r;
            do
                r = (int)gg_pcg32_below(rng, GG_RESPONSES);
            while (gg_check_response(s, r) != 0);
            EXPECT_EQ(gg_crisis_react(s, r), 0);
        }
    }
}

#endif
