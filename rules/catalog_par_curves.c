/* catalog_par_curves.c — the par curves (gg_scenario_def.par_curve): for
 * each turn and seat, per mille of the par, the VP "as if scored now" a
 * seat on course to end on its par holds at the start of the turn (the
 * mean over self-play of vp_now / the final VP). Written by
 * scripts/fit-par-curves.sh; do not edit by hand. */
#include "catalog.h"

/* belt-and-road, fitted by
 * gg-arena --scenario belt-and-road --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_belt_and_road[12][GG_SEATS] = {
    {116, 234, 79, 98},       /* 2013 */
    {124, 281, 113, 157},     /* 2014 */
    {178, 270, 137, 184},     /* 2015 */
    {412, 562, 350, 399},     /* 2016 */
    {419, 566, 379, 413},     /* 2017 */
    {426, 571, 387, 419},     /* 2018 */
    {701, 843, 673, 677},     /* 2019 */
    {709, 840, 697, 691},     /* 2020 */
    {716, 838, 704, 701},     /* 2021 */
    {994, 1060, 1004, 952},   /* 2022 */
    {1001, 1065, 1007, 995},  /* 2023 */
    {1009, 1058, 1011, 1003}, /* 2024 */
};

/* after-ukraine, fitted by
 * gg-arena --scenario after-ukraine --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_after_ukraine[9][GG_SEATS] = {
    {159, 270, 163, 144},     /* 2022 */
    {189, 295, 171, 261},     /* 2023 */
    {291, 316, 219, 282},     /* 2024 */
    {617, 658, 515, 594},     /* 2025 */
    {627, 672, 533, 612},     /* 2026 */
    {637, 682, 564, 627},     /* 2027 */
    {986, 1082, 993, 980},    /* 2028 */
    {996, 1065, 1005, 995},   /* 2029 */
    {1006, 1054, 1004, 1011}, /* 2030 */
};

/* classroom, fitted by
 * gg-arena --scenario classroom --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_classroom[6][GG_SEATS] = {
    {234, 433, 202, 229},  /* 2013 */
    {256, 494, 279, 326},  /* 2014 */
    {392, 484, 361, 409},  /* 2015 */
    {919, 1009, 940, 954}, /* 2016 */
    {934, 1014, 946, 962}, /* 2017 */
    {953, 1022, 992, 969}, /* 2018 */
};
