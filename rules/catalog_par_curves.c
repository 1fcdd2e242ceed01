/* catalog_par_curves.c — the par curves (gg_scenario_def.par_curve): for
 * each turn and seat, per mille of the par, the VP "as if scored now" a
 * seat on course to end on its par holds at the start of the turn (the
 * mean over self-play of vp_now / the final VP, made non-decreasing and
 * at most 1000: gg_arena_par_curve_fit). Written by
 * scripts/fit-par-curves.sh; do not edit by hand. */
#include "catalog.h"

/* belt-and-road, fitted by
 * gg-arena --scenario belt-and-road --games 1000 --seed 1 --bots greedy:plain --par-curve */
const int16_t gg__par_curve_belt_and_road[12][GG_SEATS] = {
    {120, 228, 78, 97},       /* 2013 */
    {129, 268, 106, 157},     /* 2014 */
    {179, 268, 130, 182},     /* 2015 */
    {424, 548, 354, 399},     /* 2016 */
    {431, 556, 376, 413},     /* 2017 */
    {438, 562, 394, 417},     /* 2018 */
    {718, 825, 683, 674},     /* 2019 */
    {723, 825, 698, 688},     /* 2020 */
    {731, 825, 701, 699},     /* 2021 */
    {1000, 1000, 1000, 948},  /* 2022 */
    {1000, 1000, 1000, 992},  /* 2023 */
    {1000, 1000, 1000, 1000}, /* 2024 */
};

/* after-ukraine, fitted by
 * gg-arena --scenario after-ukraine --games 1000 --seed 1 --bots greedy:plain --par-curve */
const int16_t gg__par_curve_after_ukraine[9][GG_SEATS] = {
    {171, 254, 169, 144},     /* 2022 */
    {193, 277, 186, 252},     /* 2023 */
    {295, 312, 206, 280},     /* 2024 */
    {635, 658, 540, 592},     /* 2025 */
    {645, 684, 549, 607},     /* 2026 */
    {655, 696, 616, 623},     /* 2027 */
    {1000, 1000, 996, 979},   /* 2028 */
    {1000, 1000, 1000, 994},  /* 2029 */
    {1000, 1000, 1000, 1000}, /* 2030 */
};

/* classroom, fitted by
 * gg-arena --scenario classroom --games 1000 --seed 1 --bots greedy:plain --par-curve */
const int16_t gg__par_curve_classroom[6][GG_SEATS] = {
    {237, 432, 202, 230},  /* 2013 */
    {261, 488, 280, 328},  /* 2014 */
    {386, 488, 361, 412},  /* 2015 */
    {915, 1000, 941, 954}, /* 2016 */
    {930, 1000, 997, 962}, /* 2017 */
    {950, 1000, 997, 971}, /* 2018 */
};
