/* catalog_par_curves.c — the par curves (gg_scenario_def.par_curve): for
 * each turn and seat, per mille of the par, the VP "as if scored now" a
 * seat on course to end on its par holds at the start of the turn (the
 * mean over self-play of vp_now / the final VP). Written by
 * scripts/fit-par-curves.sh; do not edit by hand. */
#include "catalog.h"

/* belt-and-road, fitted by
 * gg-arena --scenario belt-and-road --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_belt_and_road[12][GG_SEATS] = {
    {129, 216, 76, 109},    /* 2013 */
    {137, 244, 95, 179},    /* 2014 */
    {197, 247, 116, 202},   /* 2015 */
    {429, 521, 341, 427},   /* 2016 */
    {445, 527, 356, 437},   /* 2017 */
    {446, 534, 407, 444},   /* 2018 */
    {692, 799, 694, 693},   /* 2019 */
    {701, 796, 701, 700},   /* 2020 */
    {702, 801, 699, 704},   /* 2021 */
    {989, 1014, 1003, 943}, /* 2022 */
    {989, 1027, 998, 988},  /* 2023 */
    {998, 1022, 1009, 993}, /* 2024 */
};

/* after-ukraine, fitted by
 * gg-arena --scenario after-ukraine --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_after_ukraine[9][GG_SEATS] = {
    {164, 256, 161, 143},   /* 2022 */
    {216, 280, 169, 258},   /* 2023 */
    {197, 298, 216, 279},   /* 2024 */
    {615, 620, 525, 590},   /* 2025 */
    {628, 640, 521, 604},   /* 2026 */
    {635, 653, 561, 621},   /* 2027 */
    {983, 1034, 981, 968},  /* 2028 */
    {992, 1026, 993, 984},  /* 2029 */
    {995, 1028, 993, 1000}, /* 2030 */
};

/* classroom, fitted by
 * gg-arena --scenario classroom --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_classroom[6][GG_SEATS] = {
    {252, 433, 202, 242},  /* 2013 */
    {277, 481, 280, 344},  /* 2014 */
    {413, 461, 361, 439},  /* 2015 */
    {901, 1012, 940, 937}, /* 2016 */
    {938, 1016, 944, 962}, /* 2017 */
    {972, 1021, 995, 976}, /* 2018 */
};
