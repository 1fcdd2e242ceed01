/* catalog_par_curves.c — the par curves (gg_scenario_def.par_curve): for
 * each turn and seat, per mille of the par, the VP "as if scored now" a
 * seat on course to end on its par holds at the start of the turn (the
 * mean over self-play of vp_now / the final VP). Written by
 * scripts/fit-par-curves.sh; do not edit by hand. */
#include "catalog.h"

/* belt-and-road, fitted by
 * gg-arena --scenario belt-and-road --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_belt_and_road[12][GG_SEATS] = {
    {116, 232, 79, 98},       /* 2013 */
    {124, 275, 120, 157},     /* 2014 */
    {178, 267, 144, 186},     /* 2015 */
    {412, 559, 348, 399},     /* 2016 */
    {419, 564, 380, 415},     /* 2017 */
    {427, 567, 380, 420},     /* 2018 */
    {701, 836, 665, 678},     /* 2019 */
    {709, 833, 694, 692},     /* 2020 */
    {717, 832, 701, 702},     /* 2021 */
    {995, 1049, 1004, 952},   /* 2022 */
    {1002, 1054, 1007, 995},  /* 2023 */
    {1010, 1035, 1010, 1002}, /* 2024 */
};

/* after-ukraine, fitted by
 * gg-arena --scenario after-ukraine --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_after_ukraine[9][GG_SEATS] = {
    {160, 277, 164, 146},     /* 2022 */
    {190, 302, 172, 263},     /* 2023 */
    {293, 324, 220, 284},     /* 2024 */
    {622, 674, 518, 599},     /* 2025 */
    {632, 689, 536, 617},     /* 2026 */
    {642, 694, 567, 632},     /* 2027 */
    {992, 1066, 999, 987},    /* 2028 */
    {1002, 1055, 1011, 1000}, /* 2029 */
    {1012, 1038, 1010, 1015}, /* 2030 */
};

/* classroom, fitted by
 * gg-arena --scenario classroom --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_classroom[6][GG_SEATS] = {
    {234, 433, 202, 229},  /* 2013 */
    {256, 494, 279, 326},  /* 2014 */
    {392, 484, 361, 409},  /* 2015 */
    {919, 1010, 940, 953}, /* 2016 */
    {934, 1014, 946, 962}, /* 2017 */
    {953, 1022, 992, 970}, /* 2018 */
};
