/* Era decks and "what if" cards (GAME_DESIGN.md §13 "time runs forward"):
 * every card a year draws is from that year's era and never before its
 * historical year; a card out of its year carries the what-if flag, a card
 * in its year does not. */
#include <string.h>

#include "../check.h"
#include "gg/rules.h"

static void play_and_check(int scenario, uint64_t seed, int *what_ifs, int *historical_draws)
{
    gg_state s;
    EXPECT_EQ(gg_init(&s, scenario, seed, NULL), 0);
    const gg_scenario_def *sc = gg_scenario_def_get(scenario);
    while (s.phase != GG_PHASE_OVER) {
        if (s.phase == GG_PHASE_DIPLOMACY) {
            const gg_report *r = &s.report;
            EXPECT_EQ(r->turn, s.turn);
            EXPECT_EQ(r->what_if >> r->nnews, 0);
            for (int i = 0; i < r->nnews; i++) {
                const gg_event_def *e = gg_event_def_get(r->news[i]);
                int wi = (r->what_if >> i) & 1;
                /* time runs forward; a card out of its year is flagged, a
                 * timeless one (year 0) never; a drawn card is of this era */
                EXPECT(e->year <= s.year);
                EXPECT_EQ(wi, e->year != 0 && e->year != s.year);
                if (e->year != s.year)
                    EXPECT(e->eras & (1 << gg_era_of(s.year)));
                *what_ifs += wi;
                *historical_draws += !sc->scripted && e->year == s.year;
            }
            EXPECT_EQ(gg_end_diplomacy(&s), 0);
        } else if (s.phase == GG_PHASE_ORDERS) {
            EXPECT_EQ(gg_resolve(&s), 0);
        } else {
            EXPECT_EQ(gg_crisis_react(&s, GG_RSP_ALONE), 0);
        }
    }
}

static void test_time_runs_forward(void)
{
    for (int sc = 0; sc < gg_scenario_count(); sc++) {
        int what_ifs = 0, hist = 0;
        for (uint64_t seed = 1; seed <= 200; seed++)
            play_and_check(sc, seed, &what_ifs, &hist);
        if (gg_scenario_def_get(sc)->scripted) {
            /* history fires in its year; the deck holds only timeless cards */
            EXPECT_EQ(what_ifs, 0);
        } else {
            EXPECT(what_ifs > 100); /* the what-if cards are drawn, and flagged */
            EXPECT(hist > 0);       /* the classroom draws its era's history in its year */
        }
    }
}

static void test_eras(void)
{
    EXPECT_EQ(gg_era_of(2013), 0);
    EXPECT_EQ(gg_era_of(2017), 0);
    EXPECT_EQ(gg_era_of(2018), 1);
    EXPECT_EQ(gg_era_of(2021), 1);
    EXPECT_EQ(gg_era_of(2022), 2);
    EXPECT_EQ(gg_era_of(2030), 2);
    /* every historical card is in the deck of its year's era only */
    for (int i = 0; i < gg_event_count(); i++) {
        const gg_event_def *e = gg_event_def_get(i);
        EXPECT(e->eras != 0);
        if (e->year)
            EXPECT_EQ(e->eras, 1 << gg_era_of(e->year));
    }
}

static void test_injected_out_of_year(void)
{
    gg_state s;
    EXPECT_EQ(gg_init(&s, gg_scenario_find("classroom"), 4, NULL), 0);
    int n = s.report.nnews;
    EXPECT_EQ(gg_inject_event(&s, gg_event_find("ukraine_invasion")), 0); /* in 2013 */
    EXPECT_EQ(s.report.news[n], gg_event_find("ukraine_invasion"));
    EXPECT((s.report.what_if >> n) & 1);
    /* a timeless card belongs to every year: not a "what if" */
    EXPECT_EQ(gg_inject_event(&s, gg_event_find("quiet_year")), 0);
    EXPECT_EQ(s.report.news[n + 1], gg_event_find("quiet_year"));
    EXPECT_EQ((s.report.what_if >> (n + 1)) & 1, 0);
}

int main(void)
{
    RUN(test_eras);
    RUN(test_time_runs_forward);
    RUN(test_injected_out_of_year);
    TEST_END();
}
