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
    {115, 229, 78, 97},       /* 2013 */
    {123, 270, 106, 157},     /* 2014 */
    {177, 270, 130, 182},     /* 2015 */
    {415, 551, 354, 399},     /* 2016 */
    {421, 559, 376, 413},     /* 2017 */
    {428, 565, 394, 417},     /* 2018 */
    {699, 830, 683, 675},     /* 2019 */
    {706, 830, 698, 688},     /* 2020 */
    {714, 830, 701, 699},     /* 2021 */
    {990, 1000, 1000, 948},   /* 2022 */
    {997, 1000, 1000, 992},   /* 2023 */
    {1000, 1000, 1000, 1000}, /* 2024 */
};

/* after-ukraine, fitted by
 * gg-arena --scenario after-ukraine --games 1000 --seed 1 --bots greedy:plain --par-curve */
const int16_t gg__par_curve_after_ukraine[9][GG_SEATS] = {
    {163, 257, 169, 144},     /* 2022 */
    {183, 281, 186, 252},     /* 2023 */
    {288, 316, 206, 280},     /* 2024 */
    {616, 666, 540, 592},     /* 2025 */
    {626, 693, 549, 607},     /* 2026 */
    {636, 705, 616, 623},     /* 2027 */
    {984, 1000, 996, 979},    /* 2028 */
    {994, 1000, 1000, 994},   /* 2029 */
    {1000, 1000, 1000, 1000}, /* 2030 */
};

/* classroom, fitted by
 * gg-arena --scenario classroom --games 1000 --seed 1 --bots greedy:plain --par-curve */
const int16_t gg__par_curve_classroom[6][GG_SEATS] = {
    {234, 432, 202, 230},  /* 2013 */
    {256, 488, 280, 328},  /* 2014 */
    {392, 488, 361, 412},  /* 2015 */
    {919, 1000, 941, 954}, /* 2016 */
    {934, 1000, 997, 962}, /* 2017 */
    {953, 1000, 997, 971}, /* 2018 */
};
