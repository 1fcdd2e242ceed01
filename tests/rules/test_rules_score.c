/* The running score (vp_now, par_now, margin in every state and view) and
 * the ranking criteria that settle equal margins before any draw
 * (GAME_DESIGN.md §13). */
#include <string.h>

#include "../check.h"
#include "gg/rules.h"

static int scenario_par(int scenario, int seat)
{
    const gg_scenario_def *sc = gg_scenario_def_get(scenario);
    for (const gg_setting *p = sc->pars; p && p->kind != GG_SET_END; p++)
        if (p->kind == GG_SET_PAR && p->a == seat)
            return p->value;
    return -9999;
}

/* vp_now = banked + the position now; par_now = the par so far: par x
 * the scenario's par curve at this turn (per mille), or, with
 * scorings_total > 0 (a game without its curve), the par share of the
 * scorings so far. */
static void check_standing(const gg_state *s, int scorings_banked, int scorings_total)
{
    int16_t now[GG_SEATS];
    gg_score_now(s, now);
    const gg_scenario_def *sc = gg_scenario_def_get(s->scenario);
    for (int seat = 0; seat < GG_SEATS; seat++) {
        int par = scenario_par(s->scenario, seat);
        EXPECT_EQ(s->par[seat], par);
        EXPECT_EQ(s->vp_now[seat], s->vp[seat] + now[seat]);
        if (scorings_total)
            EXPECT_EQ(s->par_now[seat],
                      (par * (scorings_banked + 1) + scorings_total / 2) / scorings_total);
        else
            EXPECT_EQ(s->par_now[seat], (par * sc->par_curve[s->turn - 1][seat] + 500) / 1000);
        EXPECT_EQ(gg_margin(s, seat), s->vp_now[seat] - s->par_now[seat]);
    }
}

static void advance(gg_state *s);

/* Every scenario's par curve: a row per turn, rising to about the whole
 * par (VP come in at each scoring, so the curve climbs and never falls by
 * much), and never the whole par before the end (par_now is the whole
 * par only once the game is over). */
static void test_par_curves(void)
{
    for (int i = 0; i < gg_scenario_count(); i++) {
        const gg_scenario_def *sc = gg_scenario_def_get(i);
        EXPECT(sc->par_curve != NULL);
        if (!sc->par_curve)
            continue;
        for (int t = 0; t < sc->turns; t++)
            for (int seat = 0; seat < GG_SEATS; seat++) {
                int v = sc->par_curve[t][seat];
                EXPECT(v > 0 && v < 1100);
                if (t)
                    EXPECT(v >= sc->par_curve[t - 1][seat] - 50);
            }
        for (int seat = 0; seat < GG_SEATS; seat++) {
            EXPECT(sc->par_curve[0][seat] < 700);
            EXPECT(sc->par_curve[sc->turns - 1][seat] > 800);
        }
    }
}

/* Turns in scoring period k of a game of `len` turns (the last may be
 * shorter). */
static int period_turns(int k, int len)
{
    int periods = (len - 1) / GG_SCORING_EVERY + 1;
    return k < periods - 1 ? GG_SCORING_EVERY : len - GG_SCORING_EVERY * k;
}

/* The curve's share, per mille, at the start of `turn` of a game of `len`
 * turns (the contract of gg_par_so_far, computed here in doubles): the
 * share of the game's scoring periods played, mapped onto the scenario's
 * periods; linear between the curve's points, towards 1000 past the last. */
static double curve_at(const gg_scenario_def *sc, int seat, int turn, int len)
{
    int n_s = (len - 1) / GG_SCORING_EVERY + 1;
    int big_s = (sc->turns - 1) / GG_SCORING_EVERY + 1;
    int k = (turn - 1) / GG_SCORING_EVERY, j = (turn - 1) % GG_SCORING_EVERY;
    double periods = (k + (double)j / period_turns(k, len)) * big_s / n_s;
    int kk = (int)(periods + 1e-9);
    double x = GG_SCORING_EVERY * kk + (periods - kk) * period_turns(kk, sc->turns);
    int at = (int)(x + 1e-9);
    double lo = sc->par_curve[at][seat];
    double hi = at + 1 < sc->turns ? sc->par_curve[at + 1][seat] : 1000.0;
    return lo + (hi - lo) * (x - at);
}

/* The curve's highest point for `seat`, per mille: a running par never
 * exceeds the par times it (a point may pass 1000 where the seats' VP as
 * if scored now run above their final VP in the last years). */
static int curve_max(const gg_scenario_def *sc, int seat)
{
    int hi = 1000;
    for (int t = 0; t < sc->turns; t++)
        if (sc->par_curve[t][seat] > hi)
            hi = sc->par_curve[t][seat];
    return hi;
}

/* A game shortened by gg_options.turns reads its scenario's curve by the
 * share of its scorings played: belt-and-road in 6 turns (2 scorings of
 * 4) reads every other point of the 12-turn curve; in 4 turns (scorings at
 * 3 and 4) its first period reads the curve's first half and its last turn
 * the second half's start; never below the curve's start nor above its
 * highest point (times the par) before the end, and the whole par once over, so the final
 * margin is vp - par, the result's. */
static void test_short_game_scales_curve(void)
{
    int sc_id = gg_scenario_find("belt-and-road");
    const gg_scenario_def *sc = gg_scenario_def_get(sc_id);
    for (int len = 1; len < sc->turns; len++) {
        gg_state s;
        gg_options opt = {.turns = (uint8_t)len};
        EXPECT_EQ(gg_init(&s, sc_id, 7, &opt), 0);
        int16_t last[GG_SEATS] = {0};
        while (s.phase != GG_PHASE_OVER) {
            for (int seat = 0; seat < GG_SEATS; seat++) {
                double want = s.par[seat] * curve_at(sc, seat, s.turn, len) / 1000.0;
                EXPECT(s.par_now[seat] >= want - 0.5 && s.par_now[seat] <= want + 0.5);
                if (len == 4 && s.turn == 4) /* the second of two periods: 2 of 4 in */
                    EXPECT_EQ(s.par_now[seat], (s.par[seat] * sc->par_curve[6][seat] + 500) / 1000);
                if (len == 6) /* every other point, exactly */
                    EXPECT_EQ(s.par_now[seat],
                              (s.par[seat] * sc->par_curve[2 * (s.turn - 1)][seat] + 500) / 1000);
                EXPECT(s.par_now[seat] >= (s.par[seat] * sc->par_curve[0][seat]) / 1000 - 1);
                EXPECT(s.par_now[seat] <= (s.par[seat] * curve_max(sc, seat) + 999) / 1000);
                EXPECT(s.par_now[seat] >= last[seat] - s.par[seat] / 20); /* rises, give or take */
                EXPECT_EQ(gg_margin(&s, seat), s.vp_now[seat] - s.par_now[seat]);
                last[seat] = s.par_now[seat];
            }
            advance(&s);
        }
        gg_result r;
        EXPECT_EQ(gg_result_get(&s, &r), 0);
        for (int seat = 0; seat < GG_SEATS; seat++) {
            EXPECT_EQ(s.par_now[seat], s.par[seat]);
            EXPECT_EQ(gg_margin(&s, seat), s.vp[seat] - s.par[seat]);
            EXPECT_EQ(gg_margin(&s, seat), r.relative[seat]);
        }
    }
}

static void advance(gg_state *s)
{
    if (s->phase == GG_PHASE_DIPLOMACY)
        EXPECT_EQ(gg_end_diplomacy(s), 0);
    else if (s->phase == GG_PHASE_ORDERS)
        EXPECT_EQ(gg_resolve(s), 0);
    else
        EXPECT_EQ(gg_crisis_react(s, GG_RSP_ALONE), 0);
}

static void test_running_score_every_turn(void)
{
    int sc = gg_scenario_find("belt-and-road"); /* 12 turns: scorings at 3, 6, 9, end */
    gg_state s;
    EXPECT_EQ(gg_init(&s, sc, 7, NULL), 0);
    EXPECT(s.vp_now[GG_RUSSIA] > 0); /* turn 1 already shows a score (Russia leads security) */
    while (s.phase != GG_PHASE_OVER) {
        check_standing(&s, 0, 0);
        /* every view carries the same running score */
        gg_state v;
        gg_view(&s, GG_WEST, &v);
        EXPECT(memcmp(v.vp_now, s.vp_now, sizeof v.vp_now) == 0);
        EXPECT(memcmp(v.par_now, s.par_now, sizeof v.par_now) == 0);
        advance(&s);
    }
    /* Once over, the running score is the result. */
    gg_result r;
    EXPECT_EQ(gg_result_get(&s, &r), 0);
    for (int seat = 0; seat < GG_SEATS; seat++) {
        EXPECT_EQ(s.vp_now[seat], r.vp[seat]);
        EXPECT_EQ(s.par_now[seat], scenario_par(sc, seat));
        EXPECT_EQ(gg_margin(&s, seat), r.relative[seat]);
    }
    uint8_t rank[GG_SEATS], by;
    gg_rank_now(&s, rank, &by);
    EXPECT(memcmp(rank, r.rank, sizeof rank) == 0);
    EXPECT_EQ(by, r.decided_by);
}

static void test_score_follows_mid_turn_changes(void)
{
    gg_state s;
    EXPECT_EQ(gg_init(&s, gg_scenario_find("classroom"), 3, NULL), 0);
    check_standing(&s, 0, 0);
    /* an injected event moves the tracks: the score follows at once */
    int16_t before = s.vp_now[GG_KAZAKHSTAN];
    EXPECT_EQ(gg_inject_event(&s, gg_event_find("january_unrest")), 0);
    check_standing(&s, 0, 0);
    EXPECT(s.vp_now[GG_KAZAKHSTAN] < before); /* stability fell */
    /* the running ranking is by margin */
    uint8_t rank[GG_SEATS];
    gg_rank_now(&s, rank, NULL);
    for (int i = 1; i < GG_SEATS; i++)
        EXPECT(gg_margin(&s, rank[i - 1]) >= gg_margin(&s, rank[i]));
}

/* A finished classroom game with China and Russia level on margin, ahead
 * of the others, and equal on every criterion: the caller then makes one
 * criterion differ. */
static gg_state level_finish(void)
{
    gg_state s;
    EXPECT_EQ(gg_init(&s, gg_scenario_find("classroom"), 5, NULL), 0);
    EXPECT_EQ(gg_end_game(&s), 0);
    s.par[GG_CHINA] = s.par[GG_RUSSIA] = 40; /* equal pars: equal "final position" too */
    for (int seat = 0; seat < GG_SEATS; seat++) {
        s.vp[seat] = (int16_t)(s.par[seat] + (seat <= GG_RUSSIA ? 10 : -10));
        s.vp_last[seat] = 0;
        s.broken[seat] = 0;
        for (int r = 0; r < GG_RES_KINDS; r++)
            s.res[seat][r] = 5;
    }
    memset(s.influence, 0, sizeof s.influence);
    s.influence[GG_CHINA][GG_ECONOMY] = 5; /* one domain each */
    s.influence[GG_RUSSIA][GG_SECURITY] = 5;
    s.tiebreak[GG_CHINA] = 0;
    s.tiebreak[GG_RUSSIA] = 3;
    s.tiebreak[GG_WEST] = 1;
    s.tiebreak[GG_KAZAKHSTAN] = 2;
    return s;
}

static void expect(const gg_state *poked, int winner, int decided_by)
{
    /* Once over, the engine keeps the running score at the result (vp_now
     * = vp, par_now = par); the margin criterion reads it. */
    gg_state st = *poked, *s = &st;
    memcpy(st.vp_now, st.vp, sizeof st.vp_now);
    memcpy(st.par_now, st.par, sizeof st.par_now);
    gg_result r;
    EXPECT_EQ(gg_result_get(s, &r), 0);
    EXPECT_EQ(r.winner, winner);
    EXPECT_EQ(r.decided_by, decided_by);
    EXPECT_EQ(r.rank[1], winner == GG_CHINA ? GG_RUSSIA : GG_CHINA);
}

static void test_tiebreak_chain(void)
{
    gg_state s = level_finish();
    expect(&s, GG_RUSSIA, GG_TB_DRAW); /* all level: only then the seeded draw */

    s = level_finish();
    s.vp[GG_CHINA]++;
    expect(&s, GG_CHINA, GG_TB_MARGIN);

    s = level_finish();
    s.influence[GG_CHINA][GG_ELITE] = 2; /* China leads two domains */
    expect(&s, GG_CHINA, GG_TB_DOMAINS);

    s = level_finish();
    s.broken[GG_RUSSIA] = 1;
    s.kept[GG_RUSSIA] = 4;
    expect(&s, GG_CHINA, GG_TB_PROMISES);

    s = level_finish();
    s.vp_last[GG_CHINA] = 1;
    expect(&s, GG_CHINA, GG_TB_POSITION);

    s = level_finish();
    s.res[GG_CHINA][GG_FORCE] = 6;
    expect(&s, GG_CHINA, GG_TB_RESERVES);

    /* Kazakhstan's "domains led" are the domains no power leads. */
    s = level_finish();
    EXPECT_EQ(gg_tiebreak_value(&s, GG_TB_DOMAINS, GG_KAZAKHSTAN), 2);
    EXPECT_EQ(gg_tiebreak_value(&s, GG_TB_DOMAINS, GG_CHINA), 1);
    EXPECT_EQ(gg_tiebreak_value(&s, GG_TB_PROMISES, GG_CHINA), 0);
    EXPECT_EQ(gg_tiebreak_value(&s, GG_TB_MARGIN, 9), 0); /* bad seat */

    /* Sovereignty 0 puts Kazakhstan last whatever its margin. */
    s = level_finish();
    s.end_reason = GG_END_SOVEREIGNTY;
    s.vp[GG_KAZAKHSTAN] = 500;
    gg_result r;
    EXPECT_EQ(gg_result_get(&s, &r), 0);
    EXPECT_EQ(r.rank[GG_SEATS - 1], GG_KAZAKHSTAN);
}

static void test_tiebreak_table(void)
{
    for (int k = 0; k < GG_TIEBREAKS; k++) {
        const gg_tiebreak_def *d = gg_tiebreak_def_get(k);
        EXPECT(d && d->id && d->name && d->text && d->source);
    }
    EXPECT(gg_tiebreak_def_get(GG_TIEBREAKS) == NULL);
    EXPECT(gg_tiebreak_def_get(-1) == NULL);
    EXPECT(strcmp(gg_tiebreak_def_get(GG_TB_DRAW)->id, "draw") == 0);
}

int main(void)
{
    RUN(test_running_score_every_turn);
    RUN(test_score_follows_mid_turn_changes);
    RUN(test_par_curves);
    RUN(test_short_game_scales_curve);
    RUN(test_tiebreak_chain);
    RUN(test_tiebreak_table);
    TEST_END();
}
