/* test_bots_pledge.c — regressions from issue 13: Kazakhstan proposed
 * "pledge russia soft-power 2" in a classroom game; Russia's greedy bot
 * accepted it for nothing (a hold lookahead priced the pledge at 0) and then
 * gave no orders for the pledged turns (it valued hoarding resources the
 * cap would take). Now a bare pledge that costs the bot its best move is
 * declined; a bot held to a pledge still plays, keeps its word in
 * non-binding games, and spends before the cap eats its income. */
#include <string.h>

#include "arena.h"
#include "../check.h"

static gg_clause soft_pledge(void)
{
    return (gg_clause){GG_CLAUSE_PLEDGE, GG_RUSSIA, 0, GG_TAG_SOFT_POWER, 0, 2};
}

/* A classroom game where Kazakhstan has proposed the bare pledge. */
static int start(gg_state *s, int binding, uint16_t *id)
{
    gg_options o = {.binding = (uint8_t)binding};
    CHECK(gg_init(s, gg_scenario_find("classroom"), 5, &o) == 0);
    gg_clause cl = soft_pledge();
    CHECK(gg_propose(s, GG_KAZAKHSTAN, 1 << GG_RUSSIA, &cl, 1, id) == 0);
    return 0;
}

static int declines_bare_pledge(void)
{
    for (int binding = 0; binding < 2; binding++) {
        gg_state s, v;
        uint16_t id;
        CHECK(start(&s, binding, &id) == 0);
        gg_bot b;
        CHECK(gg_bot_init(&b, "greedy", GG_RUSSIA, 5) == 0);
        gg_view(&s, GG_RUSSIA, &v);
        const gg_deal *d = NULL;
        for (int i = 0; i < GG_MAX_DEALS; i++)
            if (v.deals[i].id == id)
                d = &v.deals[i];
        CHECK(d);
        CHECK_MSG(gg_bot_respond(&b, &v, d) == 0, "binding %d: accepted a pledge for nothing",
                  binding);
    }
    return 0;
}

/* Held to the pledge (accepted by hand), Russia still orders something in
 * the pledged turns, and never an action of the pledged tag. */
static int plays_while_pledged(void)
{
    for (int binding = 0; binding < 2; binding++) {
        gg_state s, v;
        uint16_t id;
        CHECK(start(&s, binding, &id) == 0);
        CHECK(gg_respond(&s, GG_RUSSIA, id, 1) == 0);
        gg_bot b;
        CHECK(gg_bot_init(&b, "greedy", GG_RUSSIA, 5) == 0);
        int ordered = 0;
        for (int turn = 1; turn <= 2; turn++) {
            if (s.phase == GG_PHASE_DIPLOMACY)
                CHECK(gg_end_diplomacy(&s) == 0);
            gg_view(&s, GG_RUSSIA, &v);
            gg_orders o;
            gg_bot_orders(&b, &v, &o);
            ordered += o.count;
            for (int i = 0; i < o.count; i++)
                CHECK_MSG(!(gg_action_def_get(o.o[i].action)->tags & GG_TAG_SOFT_POWER),
                          "binding %d turn %d: broke its pledge with %s", binding, turn,
                          gg_action_def_get(o.o[i].action)->id);
            CHECK(gg_submit_orders(&s, GG_RUSSIA, &o) == 0);
            CHECK(gg_resolve(&s) == 0);
            if (s.phase == GG_PHASE_CRISIS)
                CHECK(gg_crisis_react(&s, GG_RSP_ALONE) == 0);
            CHECK(s.broken[GG_RUSSIA] == 0);
        }
        CHECK_MSG(ordered > 0, "binding %d: no orders at all in the pledged turns", binding);
    }
    return 0;
}

static const test_case cases[] = {
    {"declines_bare_pledge", declines_bare_pledge, "a pledge for nothing is declined"},
    {"plays_while_pledged", plays_while_pledged, "a pledged bot still orders and keeps its word"},
};

int main(int argc, char **argv)
{
    return run_cases(cases, (int)(sizeof cases / sizeof cases[0]), argc, argv);
}
