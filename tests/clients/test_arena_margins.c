/* test_arena_margins.c — the running margin a class reads (gg_margin =
 * vp_now - par_now on the score strip) follows the game: over held-out
 * greedy games (seed 2; the par curves are fitted on seed 1), each seat's
 * mean margin at the start of every year is close to its mean final margin,
 * so a seat on course to tie par reads about 0 all game; and the par shared out by scorings, as
 * before rules v6, reads the first year far below it. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "../check.h"

#define GAMES 60
#define TOLERANCE 8 /* VP: the largest gap allowed between a year's mean margin and the final */

static int scenario_on_course(const char *id)
{
    int sc = gg_scenario_find(id);
    const char *bots[GG_SEATS] = {"greedy", "greedy", "greedy", "greedy"};
    static gg_arena_margins m;
    memset(&m, 0, sizeof m);
    double rel[GG_SEATS] = {0};
    for (int i = 0; i < GAMES; i++) {
        gg_arena_game g;
        CHECK(gg_arena_play(sc, NULL, bots, gg_arena_game_seed(2, (uint64_t)i), &g, NULL) == 0);
        gg_arena_margins_add(&m, &g);
        for (int s = 0; s < GG_SEATS; s++)
            rel[s] += g.result.relative[s];
    }
    CHECK(m.turns == gg_scenario_def_get(sc)->turns);
    for (int t = 0; t < m.turns; t++)
        for (int s = 0; s < GG_SEATS; s++) {
            double now = m.margin[t][s] / (double)m.n[t], fin = rel[s] / GAMES;
            CHECK_MSG(now - fin < TOLERANCE && fin - now < TOLERANCE,
                      "%s year %d %s: mean margin %.1f, final %.1f", id,
                      gg_scenario_def_get(sc)->start_year + t, gg_seat_name(s), now, fin);
        }
    /* The par shared out by scorings (rules v5) read the first year far
     * below the final: the reason for the curve. */
    gg_state st;
    CHECK(gg_init(&st, sc, 1, NULL) == 0);
    int total = (m.turns - 1) / GG_SCORING_EVERY + 1;
    double old = 0, fin = 0;
    for (int s = 0; s < GG_SEATS; s++) {
        old += m.vp[0][s] / (double)m.n[0] - st.par[s] / (double)total;
        fin += rel[s] / GAMES;
    }
    CHECK_MSG(old / GG_SEATS < fin / GG_SEATS - 2 * TOLERANCE, "%s: by scorings %.1f, final %.1f",
              id, old / GG_SEATS, fin / GG_SEATS);
    return 0;
}

static int belt_and_road(void)
{
    return scenario_on_course("belt-and-road");
}
static int after_ukraine(void)
{
    return scenario_on_course("after-ukraine");
}
static int classroom(void)
{
    return scenario_on_course("classroom");
}

static const test_case cases[] = {
    {"belt_and_road", belt_and_road, "belt-and-road: mean margin by year near the final"},
    {"after_ukraine", after_ukraine, "after-ukraine: mean margin by year near the final"},
    {"classroom", classroom, "classroom: mean margin by year near the final"},
};

int main(int argc, char **argv)
{
    return run_cases(cases, (int)(sizeof cases / sizeof cases[0]), argc, argv);
}
