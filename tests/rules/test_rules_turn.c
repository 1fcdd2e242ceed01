/* Turn resolution: consent, projects and bids, routes and income, events,
 * crisis, escalation and sovereignty ends, scoring. */
#include <string.h>

#include "../check.h"
#include "gg/rules.h"

static gg_state at_orders(const char *scenario)
{
    gg_state s;
    EXPECT_EQ(gg_init(&s, gg_scenario_find(scenario), 11, NULL), 0);
    EXPECT_EQ(gg_end_diplomacy(&s), 0);
    return s;
}

static void submit(gg_state *s, int seat, int action, int target)
{
    gg_orders o = {1, {{(uint8_t)action, (uint8_t)target, 0}}};
    EXPECT_EQ(gg_submit_orders(s, seat, &o), 0);
}

static void test_init_values(void)
{
    gg_state s;
    EXPECT_EQ(gg_init(&s, gg_scenario_find("belt-and-road"), 1, NULL), 0);
    EXPECT_EQ(s.year, 2013);
    EXPECT_EQ(s.last_turn, 12);
    EXPECT_EQ(s.phase, GG_PHASE_DIPLOMACY);
    EXPECT_EQ(s.influence[GG_RUSSIA][GG_SECURITY], 8); /* Mo22 L300 */
    EXPECT(s.influence[GG_CHINA][GG_ECONOMY] >= 7);    /* 7, +1 from the BRI announcement */
    EXPECT(s.institutions & GG_INST_BRI);              /* scripted 2013 event fired */
    EXPECT_EQ(s.report.nnews >= 1, 1);
    EXPECT(s.res[GG_KAZAKHSTAN][GG_MONEY] > 4); /* oil income arrived */

    EXPECT_EQ(gg_init(&s, 99, 1, NULL), GG_EBAD_SCENARIO);
    EXPECT_EQ(gg_init(&s, -1, 1, NULL), GG_EBAD_SCENARIO);
    gg_options too_long = {0, 0, 13};
    EXPECT_EQ(gg_init(&s, gg_scenario_find("belt-and-road"), 1, &too_long), GG_EBAD_OPTION);
    gg_options short_game = {0, 0, 4};
    EXPECT_EQ(gg_init(&s, gg_scenario_find("belt-and-road"), 1, &short_game), 0);
    EXPECT_EQ(s.last_turn, 4);

    EXPECT_EQ(gg_init(&s, gg_scenario_find("after-ukraine"), 1, NULL), 0);
    EXPECT_EQ(s.year, 2022);
    EXPECT(s.project[GG_PRJ_KHORGOS].done);
    int invaded = 0;
    for (int i = 0; i < s.report.nnews; i++)
        invaded |= s.report.news[i] == gg_event_find("ukraine_invasion");
    EXPECT(invaded);                     /* scripted at 2022 */
    EXPECT(s.global[GG_SANCTIONS] >= 2); /* 1 at start, +2 (a drawn thaw may take 1) */
    EXPECT_EQ(gg_scenario_find("nope"), GG_EBAD_SCENARIO);
}

static void test_consent_needed(void)
{
    gg_state s = at_orders("belt-and-road");
    int money = s.res[GG_CHINA][GG_MONEY];
    int debt = s.track[GG_DEBT];
    submit(&s, GG_CHINA, GG_ACT_CN_LOAN, 0);
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.report.outcome[GG_CHINA][0], GG_OUT_NO_CONSENT);
    EXPECT_EQ(s.track[GG_DEBT], debt);          /* no effect */
    EXPECT(s.res[GG_CHINA][GG_MONEY] >= money); /* no cost (income only adds) */

    s = at_orders("belt-and-road");
    money = s.res[GG_CHINA][GG_MONEY];
    submit(&s, GG_CHINA, GG_ACT_CN_LOAN, 0);
    submit(&s, GG_KAZAKHSTAN, GG_ACT_KZ_CONSENT, GG_CHINA);
    gg_state before = s;
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.report.outcome[GG_CHINA][0], GG_OUT_DONE);
    EXPECT_EQ(s.track[GG_DEBT], before.track[GG_DEBT] + 1);
    EXPECT_EQ(s.report.orders[GG_CHINA].o[0].action, GG_ACT_CN_LOAN); /* public after */
    (void)money;
}

/* The sum of the report's changes of `kind`/`what` for order `slot`. */
static int changed(const gg_report *r, int slot, int kind, int a, int b)
{
    int sum = 0;
    for (int i = 0; i < r->nchanges; i++)
        if (r->changes[i].order == slot && r->changes[i].kind == kind &&
            r->changes[i].what == ((a << 4) | b))
            sum += r->changes[i].delta;
    return sum;
}

/* "What each order changed" (GAME_DESIGN.md §13): the report lists every
 * board value an order moved, its cost included, by order; orders that did
 * not resolve list nothing; hidden resources stay hidden in views. */
static void test_report_changes(void)
{
    gg_options hide = {0, 1, 0};
    gg_state s;
    EXPECT_EQ(gg_init(&s, gg_scenario_find("belt-and-road"), 11, &hide), 0);
    EXPECT_EQ(gg_end_diplomacy(&s), 0);
    s.res[GG_CHINA][GG_MONEY] = 10;
    s.track[GG_SINOPHOBIA] = 3;
    s.influence[GG_CHINA][GG_ECONOMY] = 6;
    gg_orders cn = {2, {{GG_ACT_CN_BRI_PROJECT, GG_PRJ_CHINA_PIPELINE, 0}, {GG_ACT_CN_LOAN, 0, 0}}};
    EXPECT_EQ(gg_submit_orders(&s, GG_CHINA, &cn), 0);
    gg_orders kz = {1, {{GG_ACT_KZ_CONSENT, GG_CHINA, 0}}};
    EXPECT_EQ(gg_submit_orders(&s, GG_KAZAKHSTAN, &kz), 0);
    int cost[GG_RES_KINDS];
    gg_order_cost(&s, GG_CHINA, &cn.o[0], cost);
    EXPECT_EQ(gg_resolve(&s), 0);
    const gg_report *r = &s.report;
    EXPECT_EQ(r->outcome[GG_CHINA][0], GG_OUT_DONE);
    int bri = GG_CHINA * GG_MAX_ORDERS + 0, consent = GG_KAZAKHSTAN * GG_MAX_ORDERS + 0;
    EXPECT_EQ(changed(r, bri, GG_CHG_RESOURCE, GG_CHINA, GG_MONEY), -cost[GG_MONEY]);
    EXPECT_EQ(changed(r, bri, GG_CHG_PROJECT, GG_PRJ_CHINA_PIPELINE, 0), 1);
    EXPECT_EQ(changed(r, bri, GG_CHG_INFLUENCE, GG_CHINA, GG_ECONOMY), 1);
    EXPECT_EQ(changed(r, bri, GG_CHG_TRACK, GG_SINOPHOBIA, 0), 1);
    EXPECT_EQ(changed(r, consent, GG_CHG_CONSENT, GG_CHINA, 0), 1);
    /* the loan resolved too (consent covers all of China's actions): its
     * changes are listed under it, not under the project */
    int loan = GG_CHINA * GG_MAX_ORDERS + 1;
    EXPECT_EQ(r->outcome[GG_CHINA][1], GG_OUT_DONE);
    EXPECT(changed(r, loan, GG_CHG_TRACK, GG_DEBT, 0) > 0);
    EXPECT_EQ(changed(r, loan, GG_CHG_PROJECT, GG_PRJ_CHINA_PIPELINE, 0), 0);
    for (int i = 1; i < r->nchanges; i++) /* canonical order: by order slot */
        EXPECT(r->changes[i - 1].order <= r->changes[i].order);
    EXPECT_EQ(r->changes_lost, 0);

    /* no consent: the order fails and lists nothing */
    gg_state t = at_orders("belt-and-road");
    submit(&t, GG_CHINA, GG_ACT_CN_LOAN, 0);
    EXPECT_EQ(gg_resolve(&t), 0);
    EXPECT_EQ(t.report.outcome[GG_CHINA][0], GG_OUT_NO_CONSENT);
    for (int i = 0; i < t.report.nchanges; i++)
        EXPECT(t.report.changes[i].order != GG_CHINA * GG_MAX_ORDERS);

    /* hidden resources: Russia sees no Chinese resource change, China its
     * own, an observer none; the other changes stay */
    gg_state v;
    gg_view(&s, GG_RUSSIA, &v);
    EXPECT_EQ(changed(&v.report, bri, GG_CHG_RESOURCE, GG_CHINA, GG_MONEY), 0);
    EXPECT_EQ(changed(&v.report, bri, GG_CHG_PROJECT, GG_PRJ_CHINA_PIPELINE, 0), 1);
    gg_view(&s, GG_CHINA, &v);
    EXPECT_EQ(changed(&v.report, bri, GG_CHG_RESOURCE, GG_CHINA, GG_MONEY), -cost[GG_MONEY]);
    gg_view(&s, GG_VIEW_OBSERVER, &v);
    for (int i = 0; i < v.report.nchanges; i++)
        EXPECT(v.report.changes[i].kind != GG_CHG_RESOURCE);
    EXPECT(v.report.nchanges > 0);

    /* the next resolution starts a fresh list */
    while (s.phase != GG_PHASE_ORDERS && s.phase != GG_PHASE_OVER) {
        if (s.phase == GG_PHASE_DIPLOMACY)
            EXPECT_EQ(gg_end_diplomacy(&s), 0);
        else if (s.phase == GG_PHASE_CRISIS)
            EXPECT_EQ(gg_crisis_react(&s, GG_RSP_ALONE), 0);
    }
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.report.nchanges, 0); /* nobody ordered anything */
}

static void test_project_lifecycle(void)
{
    gg_state s = at_orders("belt-and-road");
    s.res[GG_CHINA][GG_MONEY] = 10;
    submit(&s, GG_CHINA, GG_ACT_CN_BRI_PROJECT, GG_PRJ_CHINA_PIPELINE);
    submit(&s, GG_KAZAKHSTAN, GG_ACT_KZ_CONSENT, GG_CHINA);
    int east = s.route[GG_EAST];
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.report.outcome[GG_CHINA][0], GG_OUT_DONE);
    EXPECT_EQ(s.project[GG_PRJ_CHINA_PIPELINE].owner, GG_CHINA);
    EXPECT_EQ(s.project[GG_PRJ_CHINA_PIPELINE].done, 0);
    int guard = 0;
    while (!s.project[GG_PRJ_CHINA_PIPELINE].done && s.phase != GG_PHASE_OVER && guard++ < 5) {
        if (s.phase == GG_PHASE_DIPLOMACY)
            EXPECT_EQ(gg_end_diplomacy(&s), 0);
        if (s.phase == GG_PHASE_CRISIS)
            EXPECT_EQ(gg_crisis_react(&s, GG_RSP_ALONE), 0);
        else if (s.phase == GG_PHASE_ORDERS)
            EXPECT_EQ(gg_resolve(&s), 0);
    }
    EXPECT(s.project[GG_PRJ_CHINA_PIPELINE].done);
    EXPECT_EQ(s.route[GG_EAST], east + 3);
}

static void test_project_bid(void)
{
    /* Russia and the West both start CPC; only the West has consent. */
    gg_state s = at_orders("belt-and-road");
    s.res[GG_RUSSIA][GG_MONEY] = 10;
    s.res[GG_WEST][GG_MONEY] = 10;
    submit(&s, GG_RUSSIA, GG_ACT_RU_CPC_INVESTMENT, GG_PRJ_CPC_EXPANSION);
    submit(&s, GG_WEST, GG_ACT_WE_CORRIDOR, GG_PRJ_CPC_EXPANSION);
    submit(&s, GG_KAZAKHSTAN, GG_ACT_KZ_CONSENT, GG_WEST);
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.report.outcome[GG_RUSSIA][0], GG_OUT_LOST_BID);
    EXPECT_EQ(s.report.outcome[GG_WEST][0], GG_OUT_DONE);
    EXPECT_EQ(s.project[GG_PRJ_CPC_EXPANSION].owner, GG_WEST);

    /* Both have consent: a seeded draw, the same for the same seed. */
    int winner[2];
    for (int run = 0; run < 2; run++) {
        s = at_orders("belt-and-road");
        s.res[GG_RUSSIA][GG_MONEY] = 10;
        s.res[GG_WEST][GG_MONEY] = 10;
        submit(&s, GG_RUSSIA, GG_ACT_RU_CPC_INVESTMENT, GG_PRJ_CPC_EXPANSION);
        submit(&s, GG_WEST, GG_ACT_WE_CORRIDOR, GG_PRJ_CPC_EXPANSION);
        gg_orders both = {2, {{GG_ACT_KZ_CONSENT, GG_RUSSIA, 0}, {GG_ACT_KZ_CONSENT, GG_WEST, 0}}};
        EXPECT_EQ(gg_submit_orders(&s, GG_KAZAKHSTAN, &both), 0);
        EXPECT_EQ(gg_resolve(&s), 0);
        winner[run] = s.project[GG_PRJ_CPC_EXPANSION].owner;
        EXPECT(winner[run] == GG_RUSSIA || winner[run] == GG_WEST);
        EXPECT((s.report.outcome[GG_RUSSIA][0] == GG_OUT_LOST_BID) !=
               (s.report.outcome[GG_WEST][0] == GG_OUT_LOST_BID));
    }
    EXPECT_EQ(winner[0], winner[1]);
}

static void test_transit_squeeze_income(void)
{
    gg_state s = at_orders("belt-and-road");
    submit(&s, GG_RUSSIA, GG_ACT_RU_TRANSIT_SQUEEZE, 0);
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.report.outcome[GG_RUSSIA][0], GG_OUT_DONE);
    /* Next turn's income was computed with the north route shut. */
    gg_state open = at_orders("belt-and-road");
    EXPECT_EQ(gg_resolve(&open), 0);
    EXPECT_EQ(s.global[GG_TRUST], open.global[GG_TRUST] - 1); /* same news, one squeeze */
    if (s.phase == GG_PHASE_DIPLOMACY && open.phase == GG_PHASE_DIPLOMACY) {
        EXPECT(s.income[GG_KAZAKHSTAN][GG_MONEY] < open.income[GG_KAZAKHSTAN][GG_MONEY]);
        EXPECT_EQ(s.route_closed[GG_NORTH], 0); /* reopened after one Income */
    }
}

/* Rules v17: Kazakhstan has no force income; it buys its force
 * (military_modernisation) as it imports its arms [Mo22 L257, L265]. With
 * 1 force a year it sat at the force cap in 22-27% of its belt-and-road
 * turns (BALANCE.md section 0i). */
static void test_kz_force_bought(void)
{
    const char *names[] = {"belt-and-road", "after-ukraine", "classroom"};
    for (int i = 0; i < 3; i++) {
        gg_state s = at_orders(names[i]);
        EXPECT_EQ(s.income[GG_KAZAKHSTAN][GG_FORCE], 0);
        int force = s.res[GG_KAZAKHSTAN][GG_FORCE];
        gg_state bought = s;
        EXPECT_EQ(gg_resolve(&s), 0);
        if (s.phase == GG_PHASE_DIPLOMACY)
            EXPECT_EQ(s.res[GG_KAZAKHSTAN][GG_FORCE], force); /* no orders: no new force */
        submit(&bought, GG_KAZAKHSTAN, GG_ACT_KZ_MODERNISATION, 0);
        EXPECT_EQ(gg_resolve(&bought), 0);
        EXPECT_EQ(bought.report.outcome[GG_KAZAKHSTAN][0], GG_OUT_DONE);
        if (bought.phase == GG_PHASE_DIPLOMACY)
            EXPECT_EQ(bought.res[GG_KAZAKHSTAN][GG_FORCE], force + 2);
    }
}

static void test_crisis_step(void)
{
    gg_state s = at_orders("belt-and-road");
    s.track[GG_STABILITY] = 1;
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.phase, GG_PHASE_CRISIS);
    EXPECT_EQ(s.report.crisis, 1);
    int turn = s.turn;
    s.res[GG_RUSSIA][GG_FORCE] = 0;
    EXPECT_EQ(gg_check_response(&s, GG_RSP_CSTO), GG_EPRECONDITION); /* Russia can't send troops */
    EXPECT_EQ(gg_crisis_react(&s, GG_RESPONSES), GG_EBAD_TARGET);
    s.res[GG_RUSSIA][GG_FORCE] = 4;
    int stab = s.track[GG_STABILITY];
    EXPECT_EQ(gg_crisis_react(&s, GG_RSP_CSTO), 0);
    EXPECT_EQ(s.turn, turn + 1);
    EXPECT_EQ(s.gratitude, 1);
    EXPECT(s.track[GG_STABILITY] >= stab + 3 - 1); /* +3, then the new year's news */
    EXPECT_EQ(s.phase, GG_PHASE_DIPLOMACY);

    /* Gratitude called in, unless Kazakhstan refuses the same turn. */
    EXPECT_EQ(gg_end_diplomacy(&s), 0);
    gg_state refused = s;
    int sov = s.track[GG_SOVEREIGNTY], elite = s.influence[GG_RUSSIA][GG_ELITE];
    submit(&s, GG_RUSSIA, GG_ACT_RU_CALL_IN_GRATITUDE, 0);
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.gratitude, 0);
    EXPECT_EQ(s.influence[GG_RUSSIA][GG_ELITE], elite + 2);
    EXPECT(s.track[GG_SOVEREIGNTY] <= sov - 1 + 1);

    refused.res[GG_KAZAKHSTAN][GG_POLITICS] = 5;
    submit(&refused, GG_RUSSIA, GG_ACT_RU_CALL_IN_GRATITUDE, 0);
    submit(&refused, GG_KAZAKHSTAN, GG_ACT_KZ_REFUSE_DEMAND, 0);
    EXPECT_EQ(gg_resolve(&refused), 0);
    EXPECT_EQ(refused.influence[GG_RUSSIA][GG_ELITE], elite - 1);
}

static void test_event_crisis_and_inject(void)
{
    gg_state s;
    EXPECT_EQ(gg_init(&s, gg_scenario_find("classroom"), 3, NULL), 0);
    int ev = gg_event_find("january_unrest");
    EXPECT(ev >= 0);
    EXPECT_EQ(gg_inject_event(&s, 999), GG_EBAD_EVENT);
    int stab = s.track[GG_STABILITY];
    EXPECT_EQ(gg_inject_event(&s, ev), 0);
    EXPECT_EQ(s.track[GG_STABILITY], stab - 4 < 0 ? 0 : stab - 4);
    EXPECT_EQ(s.report.news[s.report.nnews - 1], ev);
    EXPECT_EQ(gg_end_diplomacy(&s), 0);
    s.track[GG_STABILITY] = 8; /* even if stability recovered, the event forces the step */
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.phase, GG_PHASE_CRISIS);
    EXPECT_EQ(gg_inject_event(&s, ev), GG_EWRONG_PHASE);
}

static void test_escalation_end(void)
{
    /* At the brink only the security leader (Russia) may still act in
     * security: pushing China out tips the region over. */
    gg_state s = at_orders("belt-and-road");
    s.global[GG_ESCALATION] = 9;
    s.influence[GG_CHINA][GG_SECURITY] = 2;
    s.res[GG_RUSSIA][GG_FORCE] = 5;
    s.res[GG_RUSSIA][GG_POLITICS] = 5;
    submit(&s, GG_RUSSIA, GG_ACT_RU_SECURITY_PRIMACY, 0);
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.phase, GG_PHASE_OVER);
    EXPECT_EQ(s.end_reason, GG_END_ESCALATION);
    EXPECT_EQ(s.tipped_by, GG_RUSSIA);
    gg_result r;
    EXPECT_EQ(gg_result_get(&s, &r), 0);
    EXPECT_EQ(r.vp[GG_RUSSIA], 0);
    EXPECT(r.winner != GG_RUSSIA);
}

/* The escalation ladder takes moves off the table as escalation rises. */
static void test_escalation_ladder(void)
{
    gg_state s = at_orders("belt-and-road");
    s.res[GG_WEST][GG_FORCE] = 5;
    s.res[GG_WEST][GG_POLITICS] = 5;
    s.res[GG_RUSSIA][GG_FORCE] = 5;
    gg_orders exercise = {1, {{GG_ACT_WE_PARTNERSHIP_EXERCISE, 0, 0}}};
    gg_orders squeeze = {1, {{GG_ACT_RU_TRANSIT_SQUEEZE, 0, 0}}};
    gg_orders sanction = {1, {{GG_ACT_WE_SANCTIONS, 0, 0}}};
    gg_orders csto = {1, {{GG_ACT_RU_CSTO_EXERCISE, 0, 0}}};
    s.global[GG_ESCALATION] = 4; /* calm: all allowed */
    EXPECT_EQ(gg_validate_orders(&s, GG_RUSSIA, &squeeze, NULL), 0);
    EXPECT_EQ(gg_validate_orders(&s, GG_WEST, &exercise, NULL), 0);
    s.global[GG_ESCALATION] = 5; /* tension: no coercion */
    EXPECT_EQ(gg_validate_orders(&s, GG_RUSSIA, &squeeze, NULL), GG_EESCALATION);
    EXPECT_EQ(gg_validate_orders(&s, GG_WEST, &sanction, NULL), GG_EESCALATION);
    EXPECT_EQ(gg_validate_orders(&s, GG_WEST, &exercise, NULL), 0);
    s.global[GG_ESCALATION] = 7; /* brink: security only for the leader */
    EXPECT_EQ(gg_validate_orders(&s, GG_WEST, &exercise, NULL), GG_EESCALATION);
    EXPECT_EQ(gg_leader(&s, GG_SECURITY), GG_RUSSIA);
    EXPECT_EQ(gg_validate_orders(&s, GG_RUSSIA, &csto, NULL), 0);
    /* Kazakhstan is never restricted on its own soil */
    EXPECT_EQ(gg_escalation_check(&s, GG_KAZAKHSTAN, GG_ACT_KZ_CRACKDOWN), 0);
    /* legal actions follow the ladder */
    gg_legal l[GG_MAX_LEGAL];
    int n = gg_legal_actions(&s, GG_WEST, l, GG_MAX_LEGAL);
    for (int i = 0; i < n; i++)
        EXPECT(l[i].action != GG_ACT_WE_PARTNERSHIP_EXERCISE && l[i].action != GG_ACT_WE_SANCTIONS);
    /* an order valid when given fails if escalation rose before it resolves */
    s.global[GG_ESCALATION] = 6;
    s.res[GG_CHINA][GG_FORCE] = 5;
    submit(&s, GG_WEST, GG_ACT_WE_PARTNERSHIP_EXERCISE, 0);
    submit(&s, GG_KAZAKHSTAN, GG_ACT_KZ_CONSENT, GG_WEST);
    s.global[GG_ESCALATION] = 7;
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.report.outcome[GG_WEST][0], GG_OUT_FAILED);
    EXPECT(gg_escalation_step_get(0) && gg_escalation_step_get(gg_escalation_step_count()) == NULL);
}

static void test_sovereignty_end(void)
{
    gg_state s = at_orders("belt-and-road");
    s.track[GG_SOVEREIGNTY] = 1;
    submit(&s, GG_RUSSIA, GG_ACT_RU_COMPATRIOT, 0);
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.phase, GG_PHASE_OVER);
    EXPECT_EQ(s.end_reason, GG_END_SOVEREIGNTY);
    gg_result r;
    EXPECT_EQ(gg_result_get(&s, &r), 0);
    EXPECT_EQ(r.rank[GG_SEATS - 1], GG_KAZAKHSTAN);
}

static void test_scoring_and_full_game(void)
{
    gg_state s;
    EXPECT_EQ(gg_init(&s, gg_scenario_find("classroom"), 5, NULL), 0);
    gg_result r;
    EXPECT_EQ(gg_result_get(&s, &r), GG_EWRONG_PHASE);
    int scored_at_3 = 0;
    while (s.phase != GG_PHASE_OVER) {
        if (s.phase == GG_PHASE_DIPLOMACY)
            EXPECT_EQ(gg_end_diplomacy(&s), 0);
        else if (s.phase == GG_PHASE_ORDERS)
            EXPECT_EQ(gg_resolve(&s), 0);
        else
            EXPECT_EQ(gg_crisis_react(&s, GG_RSP_ALONE), 0);
        if (s.turn == 4 && !scored_at_3) {
            scored_at_3 = 1;
            int16_t now[GG_SEATS];
            gg_score_now(&s, now);
            EXPECT(s.vp[GG_KAZAKHSTAN] != 0); /* turn 3 was a scoring turn */
        }
    }
    EXPECT_EQ(s.end_reason, GG_END_LAST_TURN);
    EXPECT_EQ(s.turn, 6);
    EXPECT_EQ(gg_result_get(&s, &r), 0);
    int seen = 0;
    for (int i = 0; i < GG_SEATS; i++)
        seen |= 1 << r.rank[i];
    EXPECT_EQ(seen, 0xf);
    EXPECT_EQ(r.winner, r.rank[0]);
    for (int i = 1; i < GG_SEATS; i++)
        EXPECT(r.relative[r.rank[i - 1]] >= r.relative[r.rank[i]]);
}

static void test_formulas(void)
{
    gg_state s;
    EXPECT_EQ(gg_init(&s, gg_scenario_find("belt-and-road"), 1, NULL), 0);
    int16_t a[GG_SEATS], b[GG_SEATS];
    gg_score_now(&s, a);
    s.track[GG_SINOPHOBIA] = 7;              /* China's penalty */
    s.influence[GG_RUSSIA][GG_SECURITY] = 1; /* Russia loses the security lead */
    s.track[GG_REFORM] += 2;
    s.track[GG_SOVEREIGNTY] += 1;
    gg_score_now(&s, b);
    /* v4's finer scale: every weight doubled */
    EXPECT_EQ(b[GG_CHINA], a[GG_CHINA] - 6);
    EXPECT(b[GG_RUSSIA] <= a[GG_RUSSIA] - 10);
    EXPECT_EQ(b[GG_WEST], a[GG_WEST] + 4);
    EXPECT(b[GG_KAZAKHSTAN] >= a[GG_KAZAKHSTAN] + 2 + 2); /* sovereignty 2, reform 1 each */
}

int main(void)
{
    RUN(test_init_values);
    RUN(test_consent_needed);
    RUN(test_report_changes);
    RUN(test_project_lifecycle);
    RUN(test_project_bid);
    RUN(test_transit_squeeze_income);
    RUN(test_kz_force_bought);
    RUN(test_crisis_step);
    RUN(test_event_crisis_and_inject);
    RUN(test_escalation_end);
    RUN(test_escalation_ladder);
    RUN(test_sovereignty_end);
    RUN(test_scoring_and_full_game);
    RUN(test_formulas);
    TEST_END();
}
