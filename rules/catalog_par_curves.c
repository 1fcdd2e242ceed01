/* catalog_par_curves.c — the par curves (gg_scenario_def.par_curve): for
 * each turn and seat, per mille of the par, the VP "as if scored now" a
 * seat on course to end on its par holds at the start of the turn (the
 * mean over self-play of vp_now / the final VP). Written by
 * scripts/fit-par-curves.sh; do not edit by hand. */
#include "catalog.h"

/* belt-and-road, fitted by
 * gg-arena --scenario belt-and-road --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_belt_and_road[12][GG_SEATS] = {
    {129, 216, 72, 109},    /* 2013 */
    {137, 243, 97, 184},    /* 2014 */
    {197, 247, 116, 208},   /* 2015 */
    {429, 522, 356, 425},   /* 2016 */
    {444, 527, 369, 436},   /* 2017 */
    {446, 534, 415, 443},   /* 2018 */
    {691, 798, 696, 692},   /* 2019 */
    {700, 796, 702, 699},   /* 2020 */
    {701, 798, 701, 703},   /* 2021 */
    {988, 1013, 1002, 942}, /* 2022 */
    {989, 1026, 998, 987},  /* 2023 */
    {997, 1022, 1008, 990}, /* 2024 */
};

/* after-ukraine, fitted by
 * gg-arena --scenario after-ukraine --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_after_ukraine[9][GG_SEATS] = {
    {165, 251, 159, 144},  /* 2022 */
    {216, 274, 173, 259},  /* 2023 */
    {197, 308, 215, 273},  /* 2024 */
    {615, 641, 517, 572},  /* 2025 */
    {628, 660, 511, 600},  /* 2026 */
    {636, 674, 549, 617},  /* 2027 */
    {984, 1037, 984, 969}, /* 2028 */
    {992, 1026, 994, 984}, /* 2029 */
    {995, 1027, 994, 999}, /* 2030 */
};

/* classroom, fitted by
 * gg-arena --scenario classroom --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_classroom[6][GG_SEATS] = {
    {252, 433, 181, 243},  /* 2013 */
    {277, 480, 270, 349},  /* 2014 */
    {413, 461, 349, 445},  /* 2015 */
    {901, 1012, 949, 941}, /* 2016 */
    {938, 1019, 954, 961}, /* 2017 */
    {972, 1021, 995, 975}, /* 2018 */
};
