/* Rules v7: diminishing returns on a move repeated the next turn (the
 * "last turn" conditions over gg_state.done_last) and the brink's seeded
 * roll (escalation raised by an order to GG_RISK_FROM or more may end the
 * game). Rules v10: the brink blames the seat whose orders raised it most
 * that year, none on a tie, whatever the seat order within a step; the
 * West's sanctions cushion buys elite once, not the year after again;
 * China's arms sales need no consent but a junior Russia. */
#include <string.h>

#include "../check.h"
#include "gg/rules.h"

static gg_state at_orders(const char *scenario, uint64_t seed)
{
    gg_state s;
    EXPECT_EQ(gg_init(&s, gg_scenario_find(scenario), seed, NULL), 0);
    EXPECT_EQ(gg_end_diplomacy(&s), 0);
    return s;
}

static void submit(gg_state *s, int seat, int action, int target)
{
    gg_orders o = {1, {{(uint8_t)action, (uint8_t)target, 0}}};
    EXPECT_EQ(gg_submit_orders(s, seat, &o), 0);
}

static int done_last(const gg_state *s, int seat, int action)
{
    return (s->done_last[seat][action / 8] >> (action % 8)) & 1;
}

/* The sum of what `seat`'s first order changed in (kind, what) by the last
 * turn report's record. */
static int changed(const gg_state *s, int seat, int kind, int what)
{
    int sum = 0;
    for (int i = 0; i < s->report.nchanges; i++) {
        const gg_change *c = &s->report.changes[i];
        if (c->order == seat * GG_MAX_ORDERS && c->kind == kind && c->what == what)
            sum += c->delta;
    }
    return sum;
}

#define KZ_LEGITIMACY (GG_KAZAKHSTAN << 4 | GG_POLITICS)
#define RU_CAPITAL (GG_RUSSIA << 4 | GG_MONEY)

/* Orders Kazakhstan's fuel subsidies with money to pay and resolves the
 * turn (gg_resolve runs on into the next turn's income, so the effect is
 * read from the turn report); returns the legitimacy it bought. */
static int subsidise(gg_state *s, int pay)
{
    s->res[GG_KAZAKHSTAN][GG_MONEY] = 20;
    s->track[GG_STABILITY] = 6;
    submit(s, GG_KAZAKHSTAN, GG_ACT_KZ_SUBSIDIES, 0);
    if (!pay)
        s->res[GG_KAZAKHSTAN][GG_MONEY] = 0; /* spent before it resolves: the order fails */
    EXPECT_EQ(gg_resolve(s), 0);
    EXPECT_EQ(s->report.outcome[GG_KAZAKHSTAN][0], pay ? GG_OUT_DONE : GG_OUT_FAILED);
    if (pay)
        EXPECT_EQ(changed(s, GG_KAZAKHSTAN, GG_CHG_TRACK, GG_STABILITY), 1);
    int leg = changed(s, GG_KAZAKHSTAN, GG_CHG_RESOURCE, KZ_LEGITIMACY);
    if (s->phase == GG_PHASE_CRISIS)
        EXPECT_EQ(gg_crisis_react(s, gg_response_find("handle_alone")), 0);
    EXPECT_EQ(s->phase, GG_PHASE_DIPLOMACY);
    EXPECT_EQ(gg_end_diplomacy(s), 0);
    return leg;
}

/* Fuel subsidies buy legitimacy once, not the next year again; a year
 * without them (or a failed order) makes the next one count again. */
static void test_subsidies_repeat(void)
{
    gg_state s = at_orders("belt-and-road", 5);
    EXPECT(!done_last(&s, GG_KAZAKHSTAN, GG_ACT_KZ_SUBSIDIES)); /* turn 1: nothing before */
    EXPECT_EQ(subsidise(&s, 1), 1);
    EXPECT(done_last(&s, GG_KAZAKHSTAN, GG_ACT_KZ_SUBSIDIES));
    EXPECT(!done_last(&s, GG_KAZAKHSTAN, GG_ACT_KZ_MULTI_VECTOR));
    EXPECT(!done_last(&s, GG_CHINA, GG_ACT_KZ_SUBSIDIES)); /* per seat */
    EXPECT_EQ(subsidise(&s, 1), 0); /* the repeat: stability still, no legitimacy */
    EXPECT_EQ(subsidise(&s, 0), 0); /* failed: not carried out ... */
    EXPECT(!done_last(&s, GG_KAZAKHSTAN, GG_ACT_KZ_SUBSIDIES));
    EXPECT_EQ(subsidise(&s, 1), 1); /* ... so the next one buys legitimacy again */
}

/* West's sanctions bite Russia's capital by 2, by 1 the year after
 * sanctions; done_last is in the hash and public in every view. */
static void test_done_last_condition(void)
{
    gg_state s = at_orders("belt-and-road", 6);
    for (int turn = 0; turn < 2; turn++) {
        s.global[GG_SANCTIONS] = 0;
        s.res[GG_WEST][GG_POLITICS] = 10;
        s.res[GG_RUSSIA][GG_MONEY] = 10;
        submit(&s, GG_WEST, GG_ACT_WE_SANCTIONS, 0);
        EXPECT_EQ(gg_resolve(&s), 0);
        EXPECT_EQ(s.report.outcome[GG_WEST][0], GG_OUT_DONE);
        EXPECT_EQ(changed(&s, GG_WEST, GG_CHG_RESOURCE, RU_CAPITAL), turn == 0 ? -2 : -1);
        if (s.phase == GG_PHASE_CRISIS)
            EXPECT_EQ(gg_crisis_react(&s, gg_response_find("handle_alone")), 0);
        EXPECT(done_last(&s, GG_WEST, GG_ACT_WE_SANCTIONS));
        EXPECT_EQ(gg_end_diplomacy(&s), 0);
    }
    uint64_t h = gg_state_hash(&s);
    gg_state other = s;
    other.done_last[GG_WEST][0] ^= 1;
    EXPECT(gg_state_hash(&other) != h);
    gg_state v;
    gg_view(&s, GG_RUSSIA, &v); /* public: every seat sees it */
    EXPECT(memcmp(v.done_last, s.done_last, sizeof s.done_last) == 0);
}

/* Russia pushes China's trainers out at escalation `esc`: a raise by an
 * order, at the brink. Returns the state after resolution. */
static gg_state raise_at(int esc, uint64_t seed)
{
    gg_state s = at_orders("belt-and-road", seed);
    s.global[GG_ESCALATION] = (uint8_t)esc;
    s.influence[GG_CHINA][GG_SECURITY] = 2;
    s.res[GG_RUSSIA][GG_FORCE] = 5;
    s.res[GG_RUSSIA][GG_POLITICS] = 5;
    submit(&s, GG_RUSSIA, GG_ACT_RU_SECURITY_PRIMACY, 0);
    EXPECT_EQ(gg_resolve(&s), 0);
    return s;
}

static void test_brink_roll(void)
{
    /* from 8 to 9: a (9 - GG_RISK_FROM + 1) x GG_RISK_STEP % chance, over seeds */
    int ended = 0, runs = 60;
    for (int seed = 1; seed <= runs; seed++) {
        gg_state s = raise_at(8, (uint64_t)seed);
        EXPECT_EQ(s.raised_by, GG_RUSSIA);
        gg_state again = raise_at(8, (uint64_t)seed); /* deterministic given the seed */
        EXPECT_EQ(again.end_reason, s.end_reason);
        if (s.end_reason != GG_END_ESCALATION)
            continue;
        ended++;
        EXPECT_EQ(s.phase, GG_PHASE_OVER);
        EXPECT_EQ(s.tipped_by, GG_RUSSIA);                  /* blamed as the tipper */
        EXPECT_EQ(s.global[GG_ESCALATION], 9 - GG_COOLING); /* it cools as usual */
        gg_result r;
        EXPECT_EQ(gg_result_get(&s, &r), 0);
        EXPECT_EQ(r.vp[GG_RUSSIA], 0);
        EXPECT(r.winner != GG_RUSSIA);
    }
    int chance = (9 - GG_RISK_FROM + 1) * GG_RISK_STEP; /* 35% */
    EXPECT(ended > runs * chance / 100 / 3);            /* it bites ... */
    EXPECT(ended < runs * chance * 2 / 100 + 3);        /* ... sometimes */

    /* below GG_RISK_FROM an order's raise never ends the game */
    for (int seed = 1; seed <= runs; seed++) {
        gg_state s = raise_at(GG_RISK_FROM - 2, (uint64_t)seed);
        EXPECT_EQ(s.end_reason, GG_END_NONE);
        EXPECT_EQ(s.raised_by, GG_RUSSIA);
    }

    /* high escalation that no order raised this year: no roll, no draw */
    for (int seed = 1; seed <= 20; seed++) {
        gg_state s = at_orders("belt-and-road", (uint64_t)seed);
        s.global[GG_ESCALATION] = 9;
        gg_pcg32 before = s.rng_events;
        EXPECT_EQ(gg_resolve(&s), 0);
        EXPECT_EQ(s.end_reason, GG_END_NONE);
        EXPECT_EQ(s.raised_by, GG_NONE);
        EXPECT(s.rng_events.state == before.state);
    }
}

#define WE_ELITE (GG_WEST << 4 | GG_ELITE)

/* The West's sanctions cushion: Kazakhstan's budget +3 every time, the
 * West's elite +1 only when it did not cushion the turn before. */
static void test_cushion_repeat(void)
{
    gg_state s = at_orders("belt-and-road", 7);
    static const int elite[3] = {1, 0, 1};
    for (int turn = 0; turn < 3; turn++) {
        s.track[GG_REFORM] = 3;
        s.track[GG_STABILITY] = 6;
        s.res[GG_WEST][GG_MONEY] = 10;
        s.res[GG_KAZAKHSTAN][GG_MONEY] = 0;
        s.influence[GG_WEST][GG_ELITE] = 2;
        if (turn < 2)
            submit(&s, GG_WEST, GG_ACT_WE_SANCTIONS_CUSHION, 0);
        EXPECT_EQ(gg_resolve(&s), 0);
        if (turn < 2) {
            EXPECT_EQ(s.report.outcome[GG_WEST][0], GG_OUT_DONE);
            EXPECT_EQ(changed(&s, GG_WEST, GG_CHG_INFLUENCE, WE_ELITE), elite[turn]);
            EXPECT(done_last(&s, GG_WEST, GG_ACT_WE_SANCTIONS_CUSHION));
        } else {
            EXPECT(!done_last(&s, GG_WEST, GG_ACT_WE_SANCTIONS_CUSHION));
        }
        if (s.phase == GG_PHASE_CRISIS)
            EXPECT_EQ(gg_crisis_react(&s, gg_response_find("handle_alone")), 0);
        EXPECT_EQ(gg_end_diplomacy(&s), 0);
    }
    /* after a year without it, the cushion buys elite again */
    s.res[GG_WEST][GG_MONEY] = 10;
    s.track[GG_REFORM] = 3;
    submit(&s, GG_WEST, GG_ACT_WE_SANCTIONS_CUSHION, 0);
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(changed(&s, GG_WEST, GG_CHG_INFLUENCE, WE_ELITE), 1);
}

/* A year in which China raises escalation with arms sales and, when
 * `sco`, an SCO exercise too (+2), and the West with a partnership exercise
 * (+1), which resolves after China's in the security step. */
static gg_state exercises(int sco, uint64_t seed)
{
    gg_state s = at_orders("belt-and-road", seed);
    s.global[GG_ESCALATION] = 3;
    s.asymmetry = GG_ASYM_JUNIOR;
    s.res[GG_CHINA][GG_MONEY] = 5;
    s.res[GG_CHINA][GG_FORCE] = 5;
    s.res[GG_WEST][GG_MONEY] = 5;
    s.res[GG_WEST][GG_FORCE] = 5;
    gg_orders cn = {1, {{GG_ACT_CN_ARMS_SALES, 0, 0}, {GG_ACT_CN_SCO_EXERCISE, 0, 0}}};
    cn.count = (uint8_t)(sco ? 2 : 1);
    EXPECT_EQ(gg_submit_orders(&s, GG_CHINA, &cn), 0);
    submit(&s, GG_WEST, GG_ACT_WE_PARTNERSHIP_EXERCISE, 0);
    submit(&s, GG_KAZAKHSTAN, GG_ACT_KZ_CONSENT, GG_WEST);
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.report.outcome[GG_CHINA][0], GG_OUT_DONE); /* no consent needed */
    EXPECT_EQ(s.report.outcome[GG_WEST][0], GG_OUT_DONE);
    return s;
}

/* The brink's blame does not follow the seat order within a step: the
 * larger raise is blamed; equal raises blame no one (every seat loses a
 * quarter of its VP, none scores 0). */
static void test_brink_blame(void)
{
    int ended[2] = {0, 0};
    for (int seed = 1; seed <= 60; seed++)
        for (int sco = 0; sco < 2; sco++) {
            gg_state s = exercises(sco, (uint64_t)seed);
            EXPECT_EQ(s.raised_by, sco ? GG_CHINA : GG_NONE);
            if (s.end_reason != GG_END_ESCALATION)
                continue;
            ended[sco]++;
            EXPECT_EQ(s.tipped_by, sco ? GG_CHINA : GG_NONE);
            gg_result r;
            EXPECT_EQ(gg_result_get(&s, &r), 0);
            for (int seat = 0; seat < GG_SEATS; seat++)
                if (seat == GG_CHINA && sco)
                    EXPECT_EQ(r.vp[seat], 0);
                else
                    EXPECT(r.vp[seat] > 0);
            if (sco)
                EXPECT(r.winner != GG_CHINA);
        }
    EXPECT(ended[0] > 0 && ended[1] > 0); /* both cases were rolled into a crisis */

    /* arms sales need a junior Russia (HB20 L18) */
    gg_state s = at_orders("belt-and-road", 3);
    s.asymmetry = GG_ASYM_BALANCED;
    s.res[GG_CHINA][GG_MONEY] = 5;
    s.res[GG_CHINA][GG_FORCE] = 5;
    gg_orders o = {1, {{GG_ACT_CN_ARMS_SALES, 0, 0}}};
    EXPECT(gg_submit_orders(&s, GG_CHINA, &o) != 0);
}

int main(void)
{
    RUN(test_subsidies_repeat);
    RUN(test_done_last_condition);
    RUN(test_brink_roll);
    RUN(test_cushion_repeat);
    RUN(test_brink_blame);
    TEST_END();
}
