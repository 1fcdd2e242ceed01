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
    {121, 227, 77, 111},     /* 2013 */
    {130, 267, 96, 155},     /* 2014 */
    {171, 267, 119, 174},    /* 2015 */
    {409, 541, 352, 400},    /* 2016 */
    {418, 550, 371, 410},    /* 2017 */
    {426, 557, 409, 419},    /* 2018 */
    {715, 819, 697, 676},    /* 2019 */
    {719, 819, 704, 687},    /* 2020 */
    {727, 819, 704, 696},    /* 2021 */
    {1000, 1000, 1000, 947}, /* 2022 */
    {1000, 1000, 1000, 982}, /* 2023 */
    {1000, 1000, 1000, 995}, /* 2024 */
};

/* after-ukraine, fitted by
 * gg-arena --scenario after-ukraine --games 1000 --seed 1 --bots greedy:plain --par-curve */
const int16_t gg__par_curve_after_ukraine[9][GG_SEATS] = {
    {172, 258, 169, 159},    /* 2022 */
    {195, 282, 187, 248},    /* 2023 */
    {298, 300, 211, 279},    /* 2024 */
    {640, 640, 526, 586},    /* 2025 */
    {648, 650, 543, 600},    /* 2026 */
    {656, 684, 606, 619},    /* 2027 */
    {1000, 1000, 982, 965},  /* 2028 */
    {1000, 1000, 999, 985},  /* 2029 */
    {1000, 1000, 1000, 999}, /* 2030 */
};

/* classroom, fitted by
 * gg-arena --scenario classroom --games 1000 --seed 1 --bots greedy:plain --par-curve */
const int16_t gg__par_curve_classroom[6][GG_SEATS] = {
    {237, 432, 202, 256},  /* 2013 */
    {261, 488, 280, 330},  /* 2014 */
    {386, 488, 361, 408},  /* 2015 */
    {915, 1000, 941, 949}, /* 2016 */
    {930, 1000, 997, 961}, /* 2017 */
    {950, 1000, 997, 977}, /* 2018 */
};
