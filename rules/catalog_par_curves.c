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
    {124, 278, 120, 156},     /* 2014 */
    {178, 269, 144, 185},     /* 2015 */
    {411, 563, 349, 398},     /* 2016 */
    {419, 568, 381, 414},     /* 2017 */
    {426, 571, 381, 419},     /* 2018 */
    {700, 842, 666, 676},     /* 2019 */
    {708, 840, 695, 691},     /* 2020 */
    {716, 839, 702, 701},     /* 2021 */
    {993, 1060, 1003, 951},   /* 2022 */
    {1001, 1064, 1006, 994},  /* 2023 */
    {1008, 1058, 1009, 1002}, /* 2024 */
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
