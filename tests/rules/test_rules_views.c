/* Views (GAME_DESIGN.md §10): a seat never sees another seat's orders,
 * private deals, consents or pledges, nor the PRNG or the deck; observers
 * see only public things; the moderator sees everything. */
#include <string.h>

#include "../check.h"
#include "playout.h"

#define BIT(seat) (uint8_t)(1u << (seat))

/* A game in ORDERS with a private China-Kazakhstan deal, an open
 * Russia-West proposal, and everybody's orders submitted. */
static gg_state busy_game(int hide_resources)
{
    gg_state s;
    gg_options opt = {1, (uint8_t)hide_resources, 0};
    EXPECT_EQ(gg_init(&s, gg_scenario_find("belt-and-road"), 5, &opt), 0);
    gg_clause consent = {GG_CLAUSE_CONSENT, GG_CHINA, 0, GG_CONSENT_ANY, 1, 0};
    gg_clause pledge = {GG_CLAUSE_PLEDGE, GG_CHINA, 0, GG_TAG_SECURITY_IN_KZ, 0, 2};
    gg_clause both[2] = {consent, pledge};
    uint16_t id;
    EXPECT_EQ(gg_propose(&s, GG_CHINA, BIT(GG_KAZAKHSTAN), both, 2, &id), 0);
    EXPECT_EQ(gg_respond(&s, GG_KAZAKHSTAN, id, 1), 0);
    gg_clause pay = {GG_CLAUSE_TRANSFER, GG_WEST, GG_RUSSIA, GG_MONEY, 1, 0};
    EXPECT_EQ(gg_propose(&s, GG_WEST, BIT(GG_RUSSIA), &pay, 1, &id), 0);
    /* The open proposal stays open in this copy; end diplomacy in another. */
    gg_state orders = s;
    EXPECT_EQ(gg_end_diplomacy(&orders), 0);
    gg_pcg32 rng;
    gg_pcg32_seed(&rng, 1, 1);
    for (int seat = 0; seat < GG_SEATS; seat++) {
        gg_orders o;
        random_orders(&orders, seat, &rng, &o);
        if (o.count == 0) {
            o.count = 1;
            o.o[0] = (gg_order){GG_ACT_ANY_TRANSFER, (uint8_t)((seat + 1) % 4),
                                gg_transfer_arg(GG_FORCE, 1)};
        }
        EXPECT_EQ(gg_submit_orders(&orders, seat, &o), 0);
        s.orders[seat] = orders.orders[seat];
    }
    s.submitted = orders.submitted;
    return s; /* DIPLOMACY phase, with orders stored to test their secrecy */
}

static int deal_ids_seen(const gg_state *v, uint16_t ids[GG_MAX_DEALS])
{
    int n = 0;
    for (int i = 0; i < GG_MAX_DEALS; i++)
        if (v->deals[i].status != GG_DEAL_FREE)
            ids[n++] = v->deals[i].id;
    return n;
}

static void test_seat_views(void)
{
    gg_state s = busy_game(0);
    for (int seat = 0; seat < GG_SEATS; seat++) {
        gg_state v;
        gg_view(&s, seat, &v);
        EXPECT_EQ(v.viewer, seat);
        /* The PRNG is replaced by a public stream: nothing of the real one. */
        gg_pcg32 pub_events, pub_ties;
        gg_pcg32_seed(&pub_events, 0, (uint64_t)seat + 1);
        gg_pcg32_seed(&pub_ties, 1, (uint64_t)seat + 1);
        EXPECT(v.rng_events.state == pub_events.state && v.rng_events.inc == pub_events.inc);
        EXPECT(v.rng_ties.state == pub_ties.state && v.rng_ties.inc == pub_ties.inc);
        EXPECT(v.rng_events.state != s.rng_events.state);
        for (int i = 0; i < GG_DECK_MAX; i++)
            EXPECT_EQ(v.deck[i], 0);
        for (int other = 0; other < GG_SEATS; other++) {
            if (other == seat) {
                EXPECT_EQ(memcmp(&v.orders[other], &s.orders[other], sizeof(gg_orders)), 0);
                continue;
            }
            EXPECT_EQ(v.orders[other].count, 0);
            for (int i = 0; i < GG_MAX_ORDERS; i++)
                EXPECT_EQ(v.orders[other].o[i].action | v.orders[other].o[i].target, 0);
            for (int t = 0; t < GG_TAGS; t++)
                EXPECT_EQ(v.pledge[other][t], 0);
        }
        EXPECT_EQ(v.submitted, s.submitted); /* who is done is public */
        /* Deals: only those the seat is party to. */
        for (int i = 0; i < GG_MAX_DEALS; i++) {
            const gg_deal *d = &v.deals[i];
            if (d->status == GG_DEAL_FREE)
                continue;
            EXPECT(d->parties & BIT(seat));
        }
        uint16_t ids[GG_MAX_DEALS];
        int n = deal_ids_seen(&v, ids);
        EXPECT_EQ(n, 1); /* China and Kazakhstan: their deal; Russia and the West: theirs */
        /* Consents: China sees its own, Kazakhstan all, others none. */
        EXPECT_EQ(v.consent_all[GG_CHINA], (seat == GG_CHINA || seat == GG_KAZAKHSTAN) ? 1 : 0);
        EXPECT_EQ(v.consent_fee[GG_CHINA], (seat == GG_CHINA || seat == GG_KAZAKHSTAN) ? 1 : 0);
        /* Public boards are intact. */
        EXPECT_EQ(memcmp(v.influence, s.influence, sizeof s.influence), 0);
        EXPECT_EQ(memcmp(v.track, s.track, sizeof s.track), 0);
        EXPECT_EQ(memcmp(v.res, s.res, sizeof s.res), 0);
    }
}

static void test_observer_and_moderator(void)
{
    gg_state s = busy_game(1);
    gg_state v;
    gg_view(&s, GG_VIEW_OBSERVER, &v);
    for (int seat = 0; seat < GG_SEATS; seat++) {
        EXPECT_EQ(v.orders[seat].count, 0);
        for (int r = 0; r < GG_RES_KINDS; r++)
            EXPECT_EQ(v.res[seat][r], 0); /* hidden by the option */
    }
    uint16_t ids[GG_MAX_DEALS];
    EXPECT_EQ(deal_ids_seen(&v, ids), 0);
    EXPECT_EQ(v.consent_all[GG_CHINA], 0);

    gg_view(&s, GG_VIEW_MODERATOR, &v);
    EXPECT_EQ(v.viewer, GG_VIEW_MODERATOR);
    EXPECT_EQ(deal_ids_seen(&v, ids), 2);
    EXPECT_EQ(memcmp(v.orders, s.orders, sizeof s.orders), 0);
    EXPECT_EQ(v.rng_events.state, s.rng_events.state);

    /* hide_resources: a seat still sees its own. */
    gg_view(&s, GG_WEST, &v);
    EXPECT_EQ(memcmp(v.res[GG_WEST], s.res[GG_WEST], sizeof s.res[GG_WEST]), 0);
    EXPECT_EQ(v.res[GG_CHINA][GG_MONEY], 0);
}

static void test_view_resolves(void)
{
    /* A view can be resolved as a what-if (bots' lookahead): its public
     * PRNG never stalls, even on a three-way tied draw. */
    gg_state s = busy_game(0), v;
    gg_view(&s, GG_CHINA, &v);
    for (int i = 0; i < 1000; i++)
        EXPECT(gg_pcg32_below(&v.rng_ties, 3) < 3);
    gg_state zero;
    memset(&zero, 0, sizeof zero); /* even an all-zero stream is a generator */
    EXPECT(gg_pcg32_below(&zero.rng_ties, 3) < 3);
    EXPECT_EQ(gg_end_diplomacy(&v), 0);
    EXPECT_EQ(gg_resolve(&v), 0);
}

static void test_views_through_a_game(void)
{
    /* Across whole random games, no seat view ever carries another seat's
     * pending orders or a deal it is not party to (accords and breaches
     * excepted). */
    for (uint64_t seed = 0; seed < 40; seed++) {
        gg_state s;
        EXPECT_EQ(gg_init(&s, (int)(seed % 3), seed, NULL), 0);
        gg_pcg32 rng;
        gg_pcg32_seed(&rng, seed, 3);
        while (s.phase != GG_PHASE_OVER) {
            gg_state step = s;
            random_play(&step, &rng, s.turn + 1);
            if (s.phase == GG_PHASE_ORDERS || s.phase == GG_PHASE_DIPLOMACY)
                for (int seat = 0; seat < GG_SEATS; seat++) {
                    gg_state v;
                    gg_view(&s, seat, &v);
                    for (int o = 0; o < GG_SEATS; o++)
                        if (o != seat)
                            EXPECT_EQ(v.orders[o].count, 0);
                    for (int i = 0; i < GG_MAX_DEALS; i++)
                        if (v.deals[i].status != GG_DEAL_FREE)
                            EXPECT(gg_deal_visible(&s.deals[i], seat));
                }
            s = step;
        }
    }
}

int main(void)
{
    RUN(test_seat_views);
    RUN(test_observer_and_moderator);
    RUN(test_view_resolves);
    RUN(test_views_through_a_game);
    TEST_END();
}
