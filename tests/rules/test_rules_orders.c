/* Orders: every validation error path, costs and discounts, legal actions,
 * and that a rejected submission stores nothing. */
#include <string.h>

#include "../check.h"
#include "gg/rules.h"

static gg_state fresh(const char *scenario, int binding)
{
    gg_state s;
    gg_options opt = {(uint8_t)binding, 0, 0};
    EXPECT_EQ(gg_init(&s, gg_scenario_find(scenario), 7, &opt), 0);
    EXPECT_EQ(gg_end_diplomacy(&s), 0);
    return s;
}

static gg_orders one(int action, int target, int arg)
{
    gg_orders o = {1, {{(uint8_t)action, (uint8_t)target, (uint8_t)arg}}};
    return o;
}

static int validate_one(const gg_state *s, int seat, int action, int target, int arg)
{
    gg_orders o = one(action, target, arg);
    return gg_validate_orders(s, seat, &o, NULL);
}

static void test_single_order_errors(void)
{
    gg_state s = fresh("belt-and-road", 0);
    EXPECT_EQ(validate_one(&s, GG_CHINA, GG_ACT_CN_ELITE_FORUM, 0, 0), 0);
    EXPECT_EQ(validate_one(&s, GG_CHINA, GG_ACTIONS, 0, 0), GG_EUNKNOWN_ACTION);
    EXPECT_EQ(validate_one(&s, GG_CHINA, 250, 0, 0), GG_EUNKNOWN_ACTION);
    EXPECT_EQ(validate_one(&s, GG_CHINA, GG_ACT_RU_MEDIA, 0, 0), GG_EWRONG_SEAT);
    EXPECT_EQ(validate_one(&s, GG_KAZAKHSTAN, GG_ACT_CN_LOAN, 0, 0), GG_EWRONG_SEAT);
    /* targets */
    EXPECT_EQ(validate_one(&s, GG_CHINA, GG_ACT_CN_ELITE_FORUM, 1, 0), GG_EBAD_TARGET);
    EXPECT_EQ(validate_one(&s, GG_CHINA, GG_ACT_CN_ELITE_FORUM, 0, 4), GG_EBAD_TARGET);
    EXPECT_EQ(validate_one(&s, GG_KAZAKHSTAN, GG_ACT_KZ_CONSENT, GG_WEST, 0), 0);
    EXPECT_EQ(validate_one(&s, GG_KAZAKHSTAN, GG_ACT_KZ_CONSENT, GG_KAZAKHSTAN, 0), GG_EBAD_TARGET);
    EXPECT_EQ(validate_one(&s, GG_CHINA, GG_ACT_CN_BRI_PROJECT, GG_PRJ_KHORGOS, 0), 0);
    EXPECT_EQ(validate_one(&s, GG_CHINA, GG_ACT_CN_BRI_PROJECT, GG_PRJ_TRANS_CASPIAN, 0),
              GG_EBAD_TARGET); /* not a Chinese project */
    EXPECT_EQ(validate_one(&s, GG_CHINA, GG_ACT_CN_BRI_PROJECT, GG_PROJECTS, 0), GG_EBAD_TARGET);
    EXPECT_EQ(
        validate_one(&s, GG_WEST, GG_ACT_ANY_TRANSFER, GG_KAZAKHSTAN, gg_transfer_arg(GG_MONEY, 2)),
        0);
    EXPECT_EQ(validate_one(&s, GG_WEST, GG_ACT_ANY_TRANSFER, GG_WEST, gg_transfer_arg(GG_MONEY, 2)),
              GG_EBAD_TARGET); /* to itself */
    EXPECT_EQ(validate_one(&s, GG_WEST, GG_ACT_ANY_TRANSFER, GG_KAZAKHSTAN, 3),
              GG_EBAD_TARGET); /* slot 3 */
    EXPECT_EQ(validate_one(&s, GG_WEST, GG_ACT_ANY_TRANSFER, GG_KAZAKHSTAN, 0),
              GG_EBAD_TARGET); /* zero amount */
    EXPECT_EQ(validate_one(&s, GG_WEST, GG_ACT_ANY_TRANSFER, GG_KAZAKHSTAN,
                           gg_transfer_arg(GG_MONEY, 40)),
              GG_ENO_RESOURCES);
    /* preconditions */
    s.gratitude = 0;
    EXPECT_EQ(validate_one(&s, GG_RUSSIA, GG_ACT_RU_CALL_IN_GRATITUDE, 0, 0), GG_EPRECONDITION);
    s.gratitude = 1;
    EXPECT_EQ(validate_one(&s, GG_RUSSIA, GG_ACT_RU_CALL_IN_GRATITUDE, 0, 0), 0);
    s.project[GG_PRJ_KHORGOS].owner = GG_CHINA;
    EXPECT_EQ(validate_one(&s, GG_CHINA, GG_ACT_CN_BRI_PROJECT, GG_PRJ_KHORGOS, 0),
              GG_EPRECONDITION); /* already started */
    /* resources */
    s.res[GG_CHINA][GG_POLITICS] = 1;
    EXPECT_EQ(validate_one(&s, GG_CHINA, GG_ACT_CN_ELITE_FORUM, 0, 0), GG_ENO_RESOURCES);
    EXPECT_EQ(validate_one(&s, 4, GG_ACT_CN_ELITE_FORUM, 0, 0), GG_EBAD_SEAT);
    EXPECT_EQ(validate_one(&s, -1, GG_ACT_CN_ELITE_FORUM, 0, 0), GG_EBAD_SEAT);
}

static void test_tier_limits_classroom(void)
{
    gg_state s = fresh("classroom", 0);
    EXPECT_EQ(validate_one(&s, GG_CHINA, GG_ACT_CN_LAND_LEASE, 0, 0), GG_EPRECONDITION);
    EXPECT_EQ(validate_one(&s, GG_CHINA, GG_ACT_CN_LOAN, 0, 0), 0);
    gg_legal legal[GG_MAX_LEGAL];
    int n = gg_legal_actions(&s, GG_CHINA, legal, GG_MAX_LEGAL);
    for (int i = 0; i < n; i++)
        EXPECT_EQ(gg_action_def_get(legal[i].action)->tier, 0);
}

static void test_list_errors(void)
{
    gg_state s = fresh("belt-and-road", 0);
    gg_orders o = {0};
    int errs[GG_MAX_ORDERS];
    o.count = GG_MAX_ORDERS + 1;
    EXPECT_EQ(gg_validate_orders(&s, GG_CHINA, &o, errs), GG_ETOO_MANY_ORDERS);

    o = (gg_orders){2, {{GG_ACT_CN_ELITE_FORUM, 0, 0}, {GG_ACT_CN_ELITE_FORUM, 0, 0}}};
    EXPECT_EQ(gg_validate_orders(&s, GG_CHINA, &o, errs), GG_EDUPLICATE_ORDER);
    EXPECT_EQ(errs[0], 0);
    EXPECT_EQ(errs[1], GG_EDUPLICATE_ORDER);

    /* Consent to two different powers is not a duplicate. */
    o = (gg_orders){2, {{GG_ACT_KZ_CONSENT, GG_CHINA, 0}, {GG_ACT_KZ_CONSENT, GG_WEST, 0}}};
    EXPECT_EQ(gg_validate_orders(&s, GG_KAZAKHSTAN, &o, errs), 0);

    /* Affordable alone, not together: the error lands on the order that tips it. */
    s.res[GG_CHINA][GG_POLITICS] = 4;
    o = (gg_orders){
        3, {{GG_ACT_CN_ELITE_FORUM, 0, 0}, {GG_ACT_CN_LOAN, 0, 0}, {GG_ACT_CN_CONFUCIUS, 0, 0}}};
    EXPECT_EQ(gg_validate_orders(&s, GG_CHINA, &o, errs), 0);
    s.res[GG_CHINA][GG_POLITICS] = 3;
    EXPECT_EQ(gg_validate_orders(&s, GG_CHINA, &o, errs), GG_ENO_RESOURCES);
    EXPECT_EQ(errs[0], 0);
    EXPECT_EQ(errs[1], 0);
    EXPECT_EQ(errs[2], GG_ENO_RESOURCES);

    /* Nothing is stored when a submission is rejected. */
    gg_orders good = one(GG_ACT_CN_ELITE_FORUM, 0, 0);
    EXPECT_EQ(gg_submit_orders(&s, GG_CHINA, &good), 0);
    EXPECT_EQ(gg_submit_orders(&s, GG_CHINA, &o), GG_ENO_RESOURCES);
    EXPECT_EQ(s.orders[GG_CHINA].count, 1);
    EXPECT_EQ(s.orders[GG_CHINA].o[0].action, GG_ACT_CN_ELITE_FORUM);
    EXPECT(s.submitted & (1u << GG_CHINA));
}

static void test_phase_errors(void)
{
    gg_state s;
    EXPECT_EQ(gg_init(&s, 0, 1, NULL), 0);
    gg_orders o = one(GG_ACT_CN_ELITE_FORUM, 0, 0);
    EXPECT_EQ(s.phase, GG_PHASE_DIPLOMACY);
    EXPECT_EQ(gg_submit_orders(&s, GG_CHINA, &o), GG_EWRONG_PHASE);
    EXPECT_EQ(gg_resolve(&s), GG_EWRONG_PHASE);
    EXPECT_EQ(gg_crisis_react(&s, GG_RSP_ALONE), GG_ENOT_IN_CRISIS);
    EXPECT_EQ(gg_end_game(&s), 0);
    EXPECT_EQ(s.phase, GG_PHASE_OVER);
    EXPECT_EQ(gg_submit_orders(&s, GG_CHINA, &o), GG_EGAME_OVER);
    EXPECT_EQ(gg_end_diplomacy(&s), GG_EGAME_OVER);
    EXPECT_EQ(gg_resolve(&s), GG_EGAME_OVER);
    EXPECT_EQ(gg_legal_actions(&s, GG_CHINA, (gg_legal[GG_MAX_LEGAL]){0}, GG_MAX_LEGAL), 0);
}

static void test_costs_and_discounts(void)
{
    gg_state s = fresh("belt-and-road", 0);
    int cost[GG_RES_KINDS];
    gg_order media = {GG_ACT_RU_MEDIA, 0, 0};
    s.influence[GG_RUSSIA][GG_PUBLIC] = 8; /* Russian widely spoken: 1 prestige off */
    gg_order_cost(&s, GG_RUSSIA, &media, cost);
    EXPECT_EQ(cost[GG_POLITICS], 1);
    s.influence[GG_RUSSIA][GG_PUBLIC] = 5;
    gg_order_cost(&s, GG_RUSSIA, &media, cost);
    EXPECT_EQ(cost[GG_POLITICS], 2);
    gg_order bri = {GG_ACT_CN_BRI_PROJECT, GG_PRJ_KHORGOS, 0};
    gg_order_cost(&s, GG_CHINA, &bri, cost);
    EXPECT_EQ(cost[GG_MONEY], gg_action_def_get(GG_ACT_CN_BRI_PROJECT)->cost[GG_MONEY] +
                                  gg_project_def_get(GG_PRJ_KHORGOS)->cost);
    gg_order tr = {GG_ACT_ANY_TRANSFER, GG_RUSSIA, gg_transfer_arg(GG_FORCE, 3)};
    gg_order_cost(&s, GG_CHINA, &tr, cost);
    EXPECT_EQ(cost[GG_FORCE], 3);
    EXPECT_EQ(cost[GG_MONEY], 0);
}

static void test_legal_actions_validate(void)
{
    /* Everything listed validates on its own, for every seat and scenario. */
    for (int sc = 0; sc < gg_scenario_count(); sc++) {
        gg_state s = fresh(gg_scenario_def_get(sc)->id, sc & 1);
        for (int seat = 0; seat < GG_SEATS; seat++) {
            gg_legal legal[GG_MAX_LEGAL];
            int n = gg_legal_actions(&s, seat, legal, GG_MAX_LEGAL);
            EXPECT(n > 0);
            for (int i = 0; i < n; i++) {
                if (legal[i].target == GG_NONE)
                    continue;
                EXPECT_EQ(validate_one(&s, seat, legal[i].action, legal[i].target, 0), 0);
                int cost[GG_RES_KINDS];
                gg_order o = {legal[i].action, legal[i].target, 0};
                gg_order_cost(&s, seat, &o, cost);
                for (int r = 0; r < GG_RES_KINDS; r++)
                    EXPECT_EQ(cost[r], legal[i].cost[r]);
            }
        }
        /* Consent-needing actions are flagged until Kazakhstan consents. */
        gg_legal legal[GG_MAX_LEGAL];
        int n = gg_legal_actions(&s, GG_CHINA, legal, GG_MAX_LEGAL), flagged = 0;
        for (int i = 0; i < n; i++)
            if (legal[i].action == GG_ACT_CN_LOAN)
                flagged = legal[i].needs_consent;
        EXPECT_EQ(flagged, 1);
    }
}

static void test_pledge_binding(void)
{
    gg_state s = fresh("belt-and-road", 1);
    s.pledge[GG_RUSSIA][0] = 2; /* security-in-kz */
    EXPECT_EQ(validate_one(&s, GG_RUSSIA, GG_ACT_RU_ARMS_TRANSFER, 0, 0), GG_EPLEDGE_BROKEN);
    EXPECT_EQ(validate_one(&s, GG_RUSSIA, GG_ACT_RU_MEDIA, 0, 0), 0);
    s.options.binding = 0; /* non-binding: the order stands (and is a breach) */
    EXPECT_EQ(validate_one(&s, GG_RUSSIA, GG_ACT_RU_ARMS_TRANSFER, 0, 0), 0);
}

int main(void)
{
    RUN(test_single_order_errors);
    RUN(test_tier_limits_classroom);
    RUN(test_list_errors);
    RUN(test_phase_errors);
    RUN(test_costs_and_discounts);
    RUN(test_legal_actions_validate);
    RUN(test_pledge_binding);
    TEST_END();
}
