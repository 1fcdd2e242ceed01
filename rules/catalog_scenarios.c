/* catalog_scenarios.c — the scenarios and their starting values
 * (GAME_DESIGN.md §6). Every starting value is one gg_setting with its own
 * source; later settings override earlier ones. */
#include "catalog.h"

#define S_INF(p, d, v, src)                                                                        \
    {                                                                                              \
        GG_SET_INFLUENCE, p, GG_##d, v, src                                                        \
    }
#define S_RES(seat, r, v, src)                                                                     \
    {                                                                                              \
        GG_SET_RESOURCE, seat, GG_##r, v, src                                                      \
    }
#define S_INC(seat, r, v, src)                                                                     \
    {                                                                                              \
        GG_SET_INCOME, seat, GG_##r, v, src                                                        \
    }
#define S_TRK(t, v, src)                                                                           \
    {                                                                                              \
        GG_SET_TRACK, GG_##t, 0, v, src                                                            \
    }
#define S_GLB(g, v, src)                                                                           \
    {                                                                                              \
        GG_SET_GLOBAL, GG_##g, 0, v, src                                                           \
    }
#define S_RTE(r, v, src)                                                                           \
    {                                                                                              \
        GG_SET_ROUTE, GG_##r, 0, v, src                                                            \
    }
#define S_INST(bits, src)                                                                          \
    {                                                                                              \
        GG_SET_INSTITUTIONS, 0, 0, bits, src                                                       \
    }
#define S_EAEU(v, src)                                                                             \
    {                                                                                              \
        GG_SET_EAEU_LEVEL, 0, 0, v, src                                                            \
    }
#define S_DONE(prj, owner, src)                                                                    \
    {                                                                                              \
        GG_SET_PROJECT_DONE, GG_PRJ_##prj, owner, 1, src                                           \
    }
#define S_PAR(seat, v, src)                                                                        \
    {                                                                                              \
        GG_SET_PAR, seat, 0, v, src                                                                \
    }
#define S_END                                                                                      \
    {                                                                                              \
        GG_SET_END, 0, 0, 0, NULL                                                                  \
    }

/* 2013: the Belt and Road is announced in Astana. */
static const gg_setting start_2013[] = {
    S_INF(CN, ECONOMY, 7, "SO24 L55; Mo22 L221 (largest investor, >25% of oil and gas output)"),
    S_INF(CN, SECURITY, 1, "Mo22 L294 (1.1% of Kazakh arms imports)"),
    S_INF(CN, PUBLIC, 2, "Mo22 L368 (10% want Chinese culture)"),
    S_INF(CN, ELITE, 4, "Mo22 L416, L422 (Chinese money moves the elite); design"),
    S_INF(RU, ECONOMY, 5, "Mo22 L145-L159 (customs union, main trade partner); design"),
    S_INF(RU, SECURITY, 8, "Mo22 L300, L265 (~60% of arms imports, officers trained in Russia)"),
    S_INF(RU, PUBLIC, 8, "M17 L619; Mo22 L368 (95% understand Russian, 58% want its culture)"),
    S_INF(RU, ELITE, 6, "Mo22 L396; design"),
    S_INF(WE, ECONOMY, 4, "GAME_DESIGN.md §6; SO24 L101"),
    S_INF(WE, SECURITY, 1, "GAME_DESIGN.md §6"),
    S_INF(WE, PUBLIC, 3, "Mo22 L368 (19% want US culture)"),
    S_INF(WE, ELITE, 2, "GAME_DESIGN.md §6"),
    S_RES(CN, MONEY, 5, "design"),
    S_RES(CN, FORCE, 2, "design"),
    S_RES(CN, POLITICS, 3, "design"),
    S_RES(RU, MONEY, 3, "design"),
    S_RES(RU, FORCE, 5, "design"),
    S_RES(RU, POLITICS, 4, "design"),
    S_RES(WE, MONEY, 4, "design"),
    S_RES(WE, FORCE, 1, "design"),
    S_RES(WE, POLITICS, 4, "design"),
    S_RES(KZ, MONEY, 4, "design"),
    S_RES(KZ, FORCE, 2, "design"),
    S_RES(KZ, POLITICS, 3, "design"),
    S_INC(CN, MONEY, 4, "SO24 L55 (largest investor); design"),
    S_INC(CN, FORCE, 1, "Mo22 L294; design"),
    S_INC(CN, POLITICS, 2, "design"),
    S_INC(RU, MONEY, 2, "D18 L136 (asymmetrical partner); design"),
    S_INC(RU, FORCE, 3, "Mo22 L253 (Russia leads security); design"),
    S_INC(RU, POLITICS, 2, "design"),
    S_INC(WE, MONEY, 3, "design"),
    S_INC(WE, FORCE, 1, "design"),
    S_INC(WE, POLITICS, 3, "design"),
    S_INC(KZ, MONEY, 0, "budget comes from oil routes: GAME_DESIGN.md §2"),
    S_INC(KZ, FORCE, 0, "Mo22 L257, L265 (it imports its arms: its force is bought)"),
    S_INC(KZ, POLITICS, 2, "design"),
    S_TRK(STABILITY, 6, "SO24 L101 (stability a magnet for investment)"),
    S_TRK(SOVEREIGNTY, 6, "SO24 L97-L101; design"),
    S_TRK(SINOPHOBIA, 3, "M17 L697; design"),
    S_TRK(REFORM, 2, "SO24 L103-L107 (neo-patrimonial, authoritarian)"),
    S_TRK(DEVELOPMENT, 0, "design"),
    S_TRK(DEBT, 0, "design"),
    S_GLB(ESCALATION, 1, "design"),
    S_GLB(TRUST, 5, "HB20 L238; design"),
    S_GLB(SANCTIONS, 0, "before Crimea"),
    S_GLB(OIL_PRICE, 2, "Mo22 L91 (prices dropped in 2015: high before)"),
    S_RTE(NORTH, 12, "Mo22 L211 (about 85% transits Russia)"),
    S_RTE(EAST, 2, "Mo22 L227 (400,000 bbl/day to China)"),
    S_RTE(CASPIAN, 1, "SO24 L139 (its volume increased: it was not 0); design"),
    S_INST(GG_INST_CSTO | GG_INST_SCO, "Mo22 L77-L115; HB20 L152-L200"),
    S_EAEU(1, "Mo22 L145 (customs union since 2010)"),
    S_END,
};

/* 2022: after the invasion of Ukraine (applied on top of start_2013). */
static const gg_setting start_2022[] = {
    S_INF(CN, ECONOMY, 8, "SO24 L55; Mo22 L187-L197 (BRI projects built)"),
    S_INF(CN, SECURITY, 2, "HB20 L188 (growing security role)"),
    S_INF(CN, PUBLIC, 2, "Mo22 L376-L384 (sinophobia)"),
    S_INF(CN, ELITE, 5, "Mo22 L416, L422"),
    S_INF(RU, ECONOMY, 5, "Mo22 L145-L159 (EAEU)"),
    S_INF(RU, SECURITY, 8, "Mo22 L316 (CSTO intervention January 2022)"),
    S_INF(RU, PUBLIC, 6, "SO24 L151 (war sours opinion)"),
    S_INF(RU, ELITE, 5, "SO24 L133-L135"),
    S_INF(WE, ECONOMY, 5, "SO24 L101"),
    S_INF(WE, PUBLIC, 4, "SO24 L175"),
    S_INF(WE, ELITE, 3, "HB20 L22-L23 (EU strategy 2019)"),
    S_TRK(STABILITY, 5, "Mo22 L314-L316 (after January 2022)"),
    S_TRK(SINOPHOBIA, 6, "M17 L713; Mo22 L376-L384"),
    S_TRK(REFORM, 3, "Mo22 L404 (New Kazakhstan)"),
    S_TRK(DEVELOPMENT, 6, "Mo22 L187-L197 (Khorgos, Atyrau built)"),
    S_TRK(DEBT, 2, "HB20 L311-L314"),
    S_GLB(ESCALATION, 3, "SO24 L133-L155"),
    S_GLB(TRUST, 7, "D18 L178; HB20 L56"),
    S_GLB(SANCTIONS, 1, "Crimea sanctions: SO24 L141"),
    S_GLB(OIL_PRICE, 1, "design"),
    S_RTE(NORTH, 12, "Mo22 L211 (85% through Russia in 2022)"),
    S_RTE(EAST, 2, "Mo22 L227"),
    S_RTE(CASPIAN, 1, "SO24 L139 (its volume increased after the cuts: not 0); design"),
    S_INST(GG_INST_CSTO | GG_INST_SCO | GG_INST_EAEU | GG_INST_BRI | GG_INST_EU_STRATEGY,
           "Mo22 L77-L115; HB20 L152-L200"),
    S_EAEU(2, "HB20 L164"),
    S_DONE(KHORGOS, CN, "Mo22 L187"),
    S_DONE(ATYRAU_PETROCHEM, CN, "Mo22 L191 (completed December 2021)"),
    S_INC(RU, MONEY, 2, "SO24 L139-L155 (war economy); design"),
    S_END,
};

/* Par values: one set fitted on mcts (the default strength, 4:8: the strong
 * bot, GAME_DESIGN.md §13) and greedy self-play together, each seat inside
 * 15-35% under both where one set allows (BALANCE.md section 0, session 20:
 * rules v25's Kazakhstan scores the powers' elite ties, which raised its
 * pars by 36-79; the classroom's and after-ukraine's chosen on seed 1,
 * belt-and-road's moved one VP for three seats after seeds 1-4 showed its
 * West under mcts at 10-18%; all measured on seeds 1-6; the negotiator's
 * balance is issue 18's). */
#define SRC_PAR "design: fitted on mcts (4:8) and greedy self-play, seeds 1-6 (BALANCE.md)"
static const gg_setting par_belt_and_road[] = {
    S_PAR(CN, 237, SRC_PAR),
    S_PAR(RU, 174, SRC_PAR),
    S_PAR(WE, 187, SRC_PAR),
    S_PAR(KZ, 354, SRC_PAR),
    S_END,
};
static const gg_setting par_after_ukraine[] = {
    S_PAR(CN, 181, SRC_PAR),
    S_PAR(RU, 116, SRC_PAR),
    S_PAR(WE, 142, SRC_PAR),
    S_PAR(KZ, 277, SRC_PAR),
    S_END,
};
static const gg_setting par_classroom[] = {
    S_PAR(CN, 111, SRC_PAR),
    S_PAR(RU, 92, SRC_PAR),
    S_PAR(WE, 73, SRC_PAR),
    S_PAR(KZ, 151, SRC_PAR),
    S_END,
};

/* A scenario's settings are applied as: base list, then overrides, then
 * pars (see engine.c). */
const gg_scenario_def gg__scenarios[] = {
    {.id = "belt-and-road",
     .name = "Belt and Road (2013-2024)",
     .short_name = "Belt and Road",
     .start_year = 2013,
     .turns = 12,
     .tier = 1,
     .era = 1,
     .scripted = 1,
     .settings = start_2013,
     .overrides = NULL,
     .pars = par_belt_and_road,
     .par_curve = gg__par_curve_belt_and_road,
     .text = "Twelve years from the Astana speech to the war's aftermath, with the "
             "historical events at their years.",
     .source = "GAME_DESIGN.md §6"},
    {.id = "after-ukraine",
     .name = "After Ukraine (2022-2030)",
     .short_name = "After Ukraine",
     .start_year = 2022,
     .turns = 9,
     .tier = 1,
     .era = 2,
     .scripted = 1,
     .settings = start_2013,
     .overrides = start_2022,
     .pars = par_after_ukraine,
     .par_curve = gg__par_curve_after_ukraine,
     .text = "Nine years from the invasion of Ukraine: a weakened Russia, a wary "
             "Kazakhstan, an ascendant China.",
     .source = "GAME_DESIGN.md §6; SO24 L133-L155"},
    {.id = "classroom",
     .name = "Classroom (6 turns, basic actions)",
     .short_name = "Classroom",
     .start_year = 2013,
     .turns = 6,
     .tier = 0,
     .era = 1,
     .scripted = 0,
     .settings = start_2013,
     .overrides = NULL,
     .pars = par_classroom,
     .par_curve = gg__par_curve_classroom,
     .text = "One 90-minute lesson: six turns, the basic actions, historical events drawn "
             "as 'what if' cards.",
     .source = "GAME_DESIGN.md §6, §11"},
};

const int gg__scenario_count = (int)(sizeof(gg__scenarios) / sizeof(gg__scenarios[0]));
