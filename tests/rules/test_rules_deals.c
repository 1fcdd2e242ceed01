/* Deals (GAME_DESIGN.md §7): proposals, answers, the ledger, binding and
 * non-binding execution, breaches, accords. */
#include <string.h>

#include "../check.h"
#include "gg/rules.h"

#define BIT(seat) (uint8_t)(1u << (seat))

static gg_state game(int binding)
{
    gg_state s;
    gg_options opt = {(uint8_t)binding, 0, 0};
    EXPECT_EQ(gg_init(&s, gg_scenario_find("belt-and-road"), 21, &opt), 0);
    return s;
}

static gg_clause clause(int kind, int a, int b, int c, int amount, int turns)
{
    gg_clause k = {(uint8_t)kind, (uint8_t)a,      (uint8_t)b,
                   (uint8_t)c,    (uint8_t)amount, (uint8_t)turns};
    return k;
}

static void test_malformed(void)
{
    gg_state s = game(1);
    gg_clause c = clause(GG_CLAUSE_TRANSFER, GG_CHINA, GG_KAZAKHSTAN, GG_MONEY, 2, 0);
    uint16_t id;
    EXPECT_EQ(gg_propose(&s, GG_CHINA, 0, &c, 1, &id), GG_EBAD_DEAL); /* no other party */
    EXPECT_EQ(gg_propose(&s, GG_CHINA, BIT(GG_KAZAKHSTAN), &c, 0, &id), GG_EBAD_DEAL);
    EXPECT_EQ(gg_propose(&s, GG_CHINA, BIT(GG_KAZAKHSTAN), &c, GG_MAX_CLAUSES + 1, &id),
              GG_EBAD_DEAL);
    EXPECT_EQ(gg_propose(&s, 7, BIT(GG_KAZAKHSTAN), &c, 1, &id), GG_EBAD_SEAT);
    EXPECT_EQ(gg_propose(&s, GG_CHINA, 0x30, &c, 1, &id), GG_EBAD_SEAT);
    gg_clause bad[] = {
        clause(GG_CLAUSE_TRANSFER, GG_WEST, GG_KAZAKHSTAN, GG_MONEY, 2, 0), /* West not a party */
        clause(GG_CLAUSE_TRANSFER, GG_CHINA, GG_CHINA, GG_MONEY, 2, 0),
        clause(GG_CLAUSE_TRANSFER, GG_CHINA, GG_KAZAKHSTAN, 3, 2, 0),
        clause(GG_CLAUSE_TRANSFER, GG_CHINA, GG_KAZAKHSTAN, GG_MONEY, 0, 0),
        clause(GG_CLAUSE_CONSENT, GG_CHINA, 0, GG_ACT_RU_EAEU_STEP, 1, 0),   /* not China's */
        clause(GG_CLAUSE_CONSENT, GG_CHINA, 0, GG_ACT_CN_ELITE_FORUM, 1, 0), /* needs none */
        clause(GG_CLAUSE_PLEDGE, GG_CHINA, 0, 0, 0, 2),                      /* no tags */
        clause(GG_CLAUSE_PLEDGE, GG_CHINA, 0, 1, 0, 9),                      /* too long */
        clause(GG_CLAUSE_ACCORD, 0, 0, GG_ACC_SPHERES, 0, 0), /* Russia must be a party */
        clause(GG_CLAUSE_ACCORD, 0, 0, GG_ACCORDS, 0, 0),
        clause(GG_CLAUSE_JOINT, GG_PRJ_TRANS_CASPIAN, GG_KAZAKHSTAN, 0, 2, 0), /* no builder */
        clause(9, 0, 0, 0, 0, 0),
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        EXPECT_EQ(gg_propose(&s, GG_CHINA, BIT(GG_KAZAKHSTAN), &bad[i], 1, &id), GG_EBAD_DEAL);
    /* Ledger untouched by all of that. */
    for (int i = 0; i < GG_MAX_DEALS; i++)
        EXPECT_EQ(s.deals[i].status, GG_DEAL_FREE);
    EXPECT_EQ(gg_end_diplomacy(&s), 0);
    EXPECT_EQ(gg_propose(&s, GG_CHINA, BIT(GG_KAZAKHSTAN), &c, 1, &id), GG_EWRONG_PHASE);
}

static void test_answers(void)
{
    gg_state s = game(1);
    gg_clause c = clause(GG_CLAUSE_CONSENT, GG_CHINA, 0, GG_CONSENT_ANY, 2, 0);
    uint16_t id;
    EXPECT_EQ(gg_propose(&s, GG_CHINA, BIT(GG_KAZAKHSTAN), &c, 1, &id), 0);
    EXPECT_EQ(gg_respond(&s, GG_WEST, id, 1), GG_ENOT_A_PARTY);
    EXPECT_EQ(gg_respond(&s, GG_CHINA, id, 1), GG_EALREADY_ANSWERED);
    EXPECT_EQ(gg_respond(&s, GG_KAZAKHSTAN, (uint16_t)(id + 50), 1), GG_EUNKNOWN_DEAL);
    EXPECT_EQ(gg_respond(&s, GG_KAZAKHSTAN, id, 0), 0);
    EXPECT_EQ(gg_respond(&s, GG_KAZAKHSTAN, id, 1), GG_EUNKNOWN_DEAL); /* closed */
    EXPECT_EQ(gg_respond(&s, GG_CHINA, id, 0), GG_EALREADY_ANSWERED);

    uint16_t id2;
    EXPECT_EQ(gg_propose(&s, GG_CHINA, BIT(GG_KAZAKHSTAN), &c, 1, &id2), 0);
    EXPECT(id2 != id);
    EXPECT_EQ(gg_end_diplomacy(&s), 0);
    int found = 0;
    for (int i = 0; i < GG_MAX_DEALS; i++)
        if (s.deals[i].id == id2) {
            found = 1;
            EXPECT_EQ(s.deals[i].status, GG_DEAL_EXPIRED);
        }
    EXPECT(found);
}

static void test_binding_consent_for_fee(void)
{
    gg_state s = game(1);
    gg_clause c = clause(GG_CLAUSE_CONSENT, GG_CHINA, 0, GG_ACT_CN_LOAN, 2, 0);
    uint16_t id;
    EXPECT_EQ(gg_propose(&s, GG_CHINA, BIT(GG_KAZAKHSTAN), &c, 1, &id), 0);
    EXPECT_EQ(gg_respond(&s, GG_KAZAKHSTAN, id, 1), 0);
    EXPECT_EQ(gg_end_diplomacy(&s), 0);
    /* The fee is reserved: China cannot spend it on orders. */
    s.res[GG_CHINA][GG_MONEY] = 4;
    gg_orders o = {1, {{GG_ACT_CN_LOAN, 0, 0}}};
    EXPECT_EQ(gg_validate_orders(&s, GG_CHINA, &o, NULL), 0); /* 2 + fee 2 = 4 */
    gg_orders two = {2, {{GG_ACT_CN_LOAN, 0, 0}, {GG_ACT_CN_BRI_PROJECT, GG_PRJ_KHORGOS, 0}}};
    EXPECT_EQ(gg_validate_orders(&s, GG_CHINA, &two, NULL), GG_ENO_RESOURCES);
    EXPECT_EQ(gg_submit_orders(&s, GG_CHINA, &o), 0);
    int kz = s.res[GG_KAZAKHSTAN][GG_MONEY], debt = s.track[GG_DEBT];
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.report.outcome[GG_CHINA][0], GG_OUT_DONE); /* consent from the deal */
    EXPECT_EQ(s.track[GG_DEBT], debt + 1);
    (void)kz;
    int status = -1;
    for (int i = 0; i < GG_MAX_DEALS; i++)
        if (s.deals[i].id == id)
            status = s.deals[i].status;
    EXPECT_EQ(status, GG_DEAL_FULFILLED);
    EXPECT_EQ(s.kept[GG_CHINA], 1);
    EXPECT_EQ(s.kept[GG_KAZAKHSTAN], 1);
    EXPECT_EQ(s.res[GG_CHINA][GG_MONEY] >= 0, 1);
}

static void test_binding_transfer_executes(void)
{
    gg_state s = game(1);
    s.res[GG_WEST][GG_MONEY] = 5;
    s.res[GG_KAZAKHSTAN][GG_MONEY] = 0;
    gg_clause c = clause(GG_CLAUSE_TRANSFER, GG_WEST, GG_KAZAKHSTAN, GG_MONEY, 3, 0);
    uint16_t id;
    EXPECT_EQ(gg_propose(&s, GG_WEST, BIT(GG_KAZAKHSTAN), &c, 1, &id), 0);
    EXPECT_EQ(gg_respond(&s, GG_KAZAKHSTAN, id, 1), 0);
    EXPECT_EQ(gg_end_diplomacy(&s), 0);
    s.res[GG_KAZAKHSTAN][GG_MONEY] = 0;
    gg_state before = s;
    EXPECT_EQ(gg_resolve(&s), 0);
    /* +3 from the deal, before the next Income (compare with a no-deal run). */
    before.deals[0].status = GG_DEAL_FREE;
    for (int i = 0; i < GG_MAX_DEALS; i++)
        before.deals[i].status = GG_DEAL_FREE;
    EXPECT_EQ(gg_resolve(&before), 0);
    EXPECT_EQ(s.res[GG_KAZAKHSTAN][GG_MONEY] - before.res[GG_KAZAKHSTAN][GG_MONEY], 3);
    EXPECT_EQ(before.res[GG_WEST][GG_MONEY] - s.res[GG_WEST][GG_MONEY], 3);
}

static void test_nonbinding_breach(void)
{
    /* A promised payment not made by a transfer order is a breach. */
    gg_state s = game(0);
    gg_clause c = clause(GG_CLAUSE_TRANSFER, GG_WEST, GG_KAZAKHSTAN, GG_MONEY, 2, 0);
    uint16_t id;
    EXPECT_EQ(gg_propose(&s, GG_WEST, BIT(GG_KAZAKHSTAN), &c, 1, &id), 0);
    EXPECT_EQ(gg_respond(&s, GG_KAZAKHSTAN, id, 1), 0);
    EXPECT_EQ(gg_end_diplomacy(&s), 0);
    gg_state paid = s;
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.broken[GG_WEST], 1);
    EXPECT(s.report.breaches & BIT(GG_WEST));
    for (int i = 0; i < GG_MAX_DEALS; i++)
        if (s.deals[i].id == id) {
            EXPECT_EQ(s.deals[i].status, GG_DEAL_BREACHED);
            EXPECT_EQ(gg_deal_visible(&s.deals[i], GG_RUSSIA), 1); /* breaches are public */
        }

    /* Paid by order: kept. The giver pays the amount once, the receiver
     * gets it (rules v15: the giver was charged twice), against the same
     * turn resolved without the order. */
    paid.res[GG_WEST][GG_MONEY] = 5;
    gg_state unpaid = paid;
    gg_orders o = {1, {{GG_ACT_ANY_TRANSFER, GG_KAZAKHSTAN, gg_transfer_arg(GG_MONEY, 2)}}};
    EXPECT_EQ(gg_submit_orders(&paid, GG_WEST, &o), 0);
    EXPECT_EQ(gg_resolve(&paid), 0);
    EXPECT_EQ(gg_resolve(&unpaid), 0);
    EXPECT_EQ(paid.report.outcome[GG_WEST][0], GG_OUT_DONE);
    EXPECT_EQ(paid.broken[GG_WEST], 0);
    EXPECT_EQ(paid.kept[GG_WEST], 1);
    EXPECT_EQ(paid.res[GG_WEST][GG_MONEY], unpaid.res[GG_WEST][GG_MONEY] - 2);
    EXPECT_EQ(paid.res[GG_KAZAKHSTAN][GG_MONEY], unpaid.res[GG_KAZAKHSTAN][GG_MONEY] + 2);
}

static void test_pledge_nonbinding(void)
{
    gg_state s = game(0);
    gg_clause c = clause(GG_CLAUSE_PLEDGE, GG_CHINA, 0, GG_TAG_SECURITY_IN_KZ, 0, 2);
    uint16_t id;
    EXPECT_EQ(gg_propose(&s, GG_CHINA, BIT(GG_RUSSIA), &c, 1, &id), 0);
    EXPECT_EQ(gg_respond(&s, GG_RUSSIA, id, 1), 0);
    EXPECT_EQ(s.pledge[GG_CHINA][0], 2);
    EXPECT_EQ(gg_end_diplomacy(&s), 0);
    s.res[GG_CHINA][GG_FORCE] = 4;
    gg_orders o = {1, {{GG_ACT_CN_SCO_EXERCISE, 0, 0}}};
    EXPECT_EQ(gg_submit_orders(&s, GG_CHINA, &o), 0); /* non-binding: allowed */
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.report.outcome[GG_CHINA][0], GG_OUT_BREACH);
    EXPECT_EQ(s.broken[GG_CHINA], 1);
    EXPECT_EQ(s.broken[GG_RUSSIA], 0);
}

static void test_accord(void)
{
    gg_state s = game(1);
    s.global[GG_ESCALATION] = 5;
    int trust = s.global[GG_TRUST];
    gg_clause c = clause(GG_CLAUSE_ACCORD, 0, 0, GG_ACC_SPHERES, 0, 0);
    uint16_t id;
    EXPECT_EQ(gg_propose(&s, GG_CHINA, BIT(GG_RUSSIA), &c, 1, &id), 0);
    EXPECT_EQ(s.accord_turns[GG_ACC_SPHERES], 0); /* nothing before acceptance */
    EXPECT_EQ(gg_respond(&s, GG_RUSSIA, id, 1), 0);
    EXPECT_EQ(s.accord_turns[GG_ACC_SPHERES], 3);
    EXPECT_EQ(s.global[GG_ESCALATION], 4);
    EXPECT_EQ(s.global[GG_TRUST], trust + 1);
    /* Arms sales do not escalate under the accord (rules v10: no consent,
     * once Russia is the junior partner). */
    EXPECT_EQ(gg_end_diplomacy(&s), 0);
    s.res[GG_CHINA][GG_FORCE] = 4;
    s.asymmetry = GG_ASYM_JUNIOR;
    gg_orders o = {2, {{GG_ACT_CN_ARMS_SALES, 0, 0}, {GG_ACT_CN_ELITE_FORUM, 0, 0}}};
    EXPECT_EQ(gg_submit_orders(&s, GG_CHINA, &o), 0);
    int esc = s.global[GG_ESCALATION];
    EXPECT_EQ(gg_resolve(&s), 0);
    EXPECT_EQ(s.report.outcome[GG_CHINA][0], GG_OUT_DONE);
    EXPECT(s.global[GG_ESCALATION] <= esc); /* no +1 (and the year's cooling) */
    /* Public once signed. */
    for (int i = 0; i < GG_MAX_DEALS; i++)
        if (s.deals[i].id == id)
            EXPECT_EQ(gg_deal_visible(&s.deals[i], GG_WEST), 1);

    /* Hedge needs a junior Russia. */
    gg_state h = game(1);
    h.asymmetry = GG_ASYM_BALANCED;
    gg_clause hedge = clause(GG_CLAUSE_ACCORD, 0, 0, GG_ACC_HEDGE, 0, 0);
    EXPECT_EQ(gg_propose(&h, GG_WEST, BIT(GG_RUSSIA), &hedge, 1, &id), GG_EBAD_DEAL);
    h.asymmetry = GG_ASYM_JUNIOR;
    EXPECT_EQ(gg_propose(&h, GG_WEST, BIT(GG_RUSSIA), &hedge, 1, &id), 0);
}

/* Reform for engagement obeys the caps of reform support and the Central
 * Asia strategy (GAME_DESIGN.md §13 "the West is peripheral": Western reform
 * and elite gains have diminishing returns [Mo22 L416, L422; SO24 L103]):
 * signed after them it adds nothing past reform 4 or Western elite 4, so
 * the order of the West's moves does not decide how far it gets. */
static int sign_reform_accord(gg_state *s)
{
    gg_clause c = clause(GG_CLAUSE_ACCORD, 0, 0, GG_ACC_REFORM_ENGAGEMENT, 0, 0);
    uint16_t id;
    int err = gg_propose(s, GG_WEST, BIT(GG_KAZAKHSTAN), &c, 1, &id);
    return err ? err : gg_respond(s, GG_KAZAKHSTAN, id, 1);
}

static void test_reform_accord_caps(void)
{
    /* Under the caps: the accord moves reform and elite like the actions. */
    gg_state s = game(1);
    s.track[GG_REFORM] = 3;
    s.influence[GG_WEST][GG_ELITE] = 3;
    s.res[GG_WEST][GG_MONEY] = 6;
    s.res[GG_KAZAKHSTAN][GG_MONEY] = 1;
    EXPECT_EQ(sign_reform_accord(&s), 0);
    EXPECT_EQ(s.track[GG_REFORM], 4);
    EXPECT_EQ(s.influence[GG_WEST][GG_ELITE], 4);
    EXPECT_EQ(s.res[GG_KAZAKHSTAN][GG_MONEY], 3);
    EXPECT_EQ(s.res[GG_WEST][GG_MONEY], 4);
    /* At the caps (signed again the same turn, or after the actions): the
     * payment still moves, reform and elite do not. */
    EXPECT_EQ(sign_reform_accord(&s), 0);
    EXPECT_EQ(s.track[GG_REFORM], 4);
    EXPECT_EQ(s.influence[GG_WEST][GG_ELITE], 4);
    EXPECT_EQ(s.res[GG_KAZAKHSTAN][GG_MONEY], 5);
    EXPECT_EQ(s.res[GG_WEST][GG_MONEY], 2);

    /* Order independence, through the engine from the classroom's reform 2
     * and Western elite 2: two turns of reform support and the strategy,
     * then the accord, end where the accord, then the two turns end (4, 4).
     * Before the caps the accord signed last took both to 5. */
    int end[2][2];
    for (int accord_first = 0; accord_first < 2; accord_first++) {
        gg_state g;
        gg_options opt = {1, 0, 0};
        EXPECT_EQ(gg_init(&g, gg_scenario_find("classroom"), 21, &opt), 0);
        EXPECT_EQ(g.track[GG_REFORM], 2);
        EXPECT_EQ(g.influence[GG_WEST][GG_ELITE], 2);
        for (int step = 0; step < 3; step++) {
            EXPECT_EQ(g.phase, GG_PHASE_DIPLOMACY);
            g.res[GG_WEST][GG_MONEY] = 4;
            g.res[GG_WEST][GG_POLITICS] = 4;
            if (accord_first ? step == 0 : step == 2) {
                EXPECT_EQ(sign_reform_accord(&g), 0);
                if (step == 2)
                    break;
            }
            gg_orders o = {2, {{GG_ACT_WE_REFORM_SUPPORT, 0, 0}, {GG_ACT_WE_CA_STRATEGY, 0, 0}}};
            EXPECT_EQ(gg_end_diplomacy(&g), 0);
            EXPECT_EQ(gg_submit_orders(&g, GG_WEST, &o), 0);
            EXPECT_EQ(gg_resolve(&g), 0);
            EXPECT_EQ(g.report.outcome[GG_WEST][0], GG_OUT_DONE);
            EXPECT_EQ(g.report.outcome[GG_WEST][1], GG_OUT_DONE);
        }
        end[accord_first][0] = g.track[GG_REFORM];
        end[accord_first][1] = g.influence[GG_WEST][GG_ELITE];
    }
    EXPECT_EQ(end[0][0], 4);
    EXPECT_EQ(end[0][1], 4);
    EXPECT_EQ(end[1][0], end[0][0]);
    EXPECT_EQ(end[1][1], end[0][1]);
}

/* A client's view kept current by deal updates (gg_view_merge_deal) equals
 * a fresh view of the same ledger: the deals in the same slots and the
 * same next_deal_id, which a bot's look-ahead numbers its deals from. */
static void test_view_merge_deal(void)
{
    gg_state s = game(0), kept, fresh;
    gg_view(&s, GG_KAZAKHSTAN, &kept);
    gg_clause c = clause(GG_CLAUSE_TRANSFER, GG_CHINA, GG_KAZAKHSTAN, GG_MONEY, 1, 0);
    uint16_t id = 0;
    /* More deals than the ledger holds: the later ones reuse closed slots. */
    for (int i = 0; i < GG_MAX_DEALS + 3; i++) {
        EXPECT_EQ(gg_propose(&s, GG_CHINA, BIT(GG_KAZAKHSTAN), &c, 1, &id), 0);
        for (int k = 0; k < GG_MAX_DEALS; k++)
            if (s.deals[k].id == id)
                gg_view_merge_deal(&kept, &s.deals[k]);
        if (i % 2 == 0) {
            EXPECT_EQ(gg_respond(&s, GG_KAZAKHSTAN, id, 0),
                      0); /* closed: its slot is free to reuse */
            for (int k = 0; k < GG_MAX_DEALS; k++)
                if (s.deals[k].id == id)
                    gg_view_merge_deal(&kept, &s.deals[k]);
        }
    }
    gg_view(&s, GG_KAZAKHSTAN, &fresh);
    EXPECT_EQ(kept.next_deal_id, fresh.next_deal_id);
    EXPECT_EQ(kept.next_deal_id, id);
    EXPECT_EQ(memcmp(kept.deals, fresh.deals, sizeof kept.deals), 0);
    /* An update for a deal the view holds replaces it in place. */
    gg_deal d = kept.deals[0];
    d.status = GG_DEAL_REJECTED;
    gg_view_merge_deal(&kept, &d);
    EXPECT_EQ(kept.deals[0].status, GG_DEAL_REJECTED);
    EXPECT_EQ(kept.next_deal_id, fresh.next_deal_id);
}

static void test_ledger_full(void)
{
    gg_state s = game(1);
    gg_clause c = clause(GG_CLAUSE_TRANSFER, GG_CHINA, GG_RUSSIA, GG_MONEY, 1, 0);
    uint16_t id;
    for (int i = 0; i < GG_MAX_DEALS; i++)
        EXPECT_EQ(gg_propose(&s, GG_CHINA, BIT(GG_RUSSIA), &c, 1, &id), 0);
    EXPECT_EQ(gg_propose(&s, GG_CHINA, BIT(GG_RUSSIA), &c, 1, &id), GG_ELEDGER_FULL);
    /* A closed deal frees its slot for reuse (oldest first). */
    EXPECT_EQ(gg_respond(&s, GG_RUSSIA, 1, 0), 0);
    EXPECT_EQ(gg_propose(&s, GG_CHINA, BIT(GG_RUSSIA), &c, 1, &id), 0);
    EXPECT_EQ(id, GG_MAX_DEALS + 1);
}

int main(void)
{
    RUN(test_malformed);
    RUN(test_answers);
    RUN(test_binding_consent_for_fee);
    RUN(test_binding_transfer_executes);
    RUN(test_nonbinding_breach);
    RUN(test_pledge_nonbinding);
    RUN(test_accord);
    RUN(test_reform_accord_caps);
    RUN(test_ledger_full);
    RUN(test_view_merge_deal);
    TEST_END();
}
