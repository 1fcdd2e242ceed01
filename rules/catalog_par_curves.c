/* catalog_par_curves.c — the par curves (gg_scenario_def.par_curve): for
 * each turn and seat, per mille of the par, the VP "as if scored now" a
 * seat on course to end on its par holds at the start of the turn (the
 * mean over self-play of vp_now / the final VP). Written by
 * scripts/fit-par-curves.sh; do not edit by hand. */
#include "catalog.h"

/* belt-and-road, fitted by
 * gg-arena --scenario belt-and-road --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_belt_and_road[12][GG_SEATS] = {
    {129, 215, 75, 111},   /* 2013 */
    {138, 239, 124, 182},  /* 2014 */
    {198, 245, 149, 215},  /* 2015 */
    {424, 534, 342, 429},  /* 2016 */
    {440, 536, 370, 448},  /* 2017 */
    {445, 538, 379, 451},  /* 2018 */
    {694, 797, 641, 694},  /* 2019 */
    {703, 797, 682, 705},  /* 2020 */
    {706, 800, 690, 706},  /* 2021 */
    {982, 1020, 993, 941}, /* 2022 */
    {984, 1026, 998, 984}, /* 2023 */
    {993, 1025, 999, 987}, /* 2024 */
};

/* after-ukraine, fitted by
 * gg-arena --scenario after-ukraine --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_after_ukraine[9][GG_SEATS] = {
    {164, 251, 159, 144},  /* 2022 */
    {216, 274, 173, 259},  /* 2023 */
    {198, 308, 216, 273},  /* 2024 */
    {615, 641, 515, 572},  /* 2025 */
    {628, 660, 510, 600},  /* 2026 */
    {636, 673, 547, 617},  /* 2027 */
    {984, 1037, 983, 969}, /* 2028 */
    {992, 1026, 994, 984}, /* 2029 */
    {995, 1027, 994, 999}, /* 2030 */
};

/* classroom, fitted by
 * gg-arena --scenario classroom --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_classroom[6][GG_SEATS] = {
    {247, 436, 204, 247},  /* 2013 */
    {289, 484, 357, 361},  /* 2014 */
    {422, 465, 407, 455},  /* 2015 */
    {917, 1014, 818, 928}, /* 2016 */
    {953, 1017, 949, 961}, /* 2017 */
    {974, 1009, 949, 976}, /* 2018 */
};
