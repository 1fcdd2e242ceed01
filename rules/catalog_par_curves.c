/* catalog_par_curves.c — the par curves (gg_scenario_def.par_curve): for
 * each turn and seat, per mille of the par, the VP "as if scored now" a
 * seat on course to end on its par holds at the start of the turn (the
 * mean over self-play of vp_now / the final VP). Written by
 * scripts/fit-par-curves.sh; do not edit by hand. */
#include "catalog.h"

/* belt-and-road, fitted by
 * gg-arena --scenario belt-and-road --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_belt_and_road[12][GG_SEATS] = {
    {128, 213, 64, 107},   /* 2013 */
    {136, 237, 106, 175},  /* 2014 */
    {196, 243, 128, 205},  /* 2015 */
    {420, 529, 293, 411},  /* 2016 */
    {435, 531, 326, 428},  /* 2017 */
    {440, 533, 341, 433},  /* 2018 */
    {687, 789, 608, 678},  /* 2019 */
    {696, 789, 612, 687},  /* 2020 */
    {698, 794, 635, 693},  /* 2021 */
    {973, 1016, 979, 926}, /* 2022 */
    {977, 1017, 987, 974}, /* 2023 */
    {988, 1015, 991, 984}, /* 2024 */
};

/* after-ukraine, fitted by
 * gg-arena --scenario after-ukraine --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_after_ukraine[9][GG_SEATS] = {
    {164, 252, 145, 141},  /* 2022 */
    {215, 275, 168, 255},  /* 2023 */
    {197, 309, 206, 271},  /* 2024 */
    {612, 643, 500, 565},  /* 2025 */
    {625, 661, 507, 590},  /* 2026 */
    {632, 674, 552, 608},  /* 2027 */
    {979, 1029, 907, 956}, /* 2028 */
    {987, 1022, 938, 976}, /* 2029 */
    {990, 1022, 987, 989}, /* 2030 */
};

/* classroom, fitted by
 * gg-arena --scenario classroom --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_classroom[6][GG_SEATS] = {
    {247, 436, 186, 238},  /* 2013 */
    {289, 484, 325, 348},  /* 2014 */
    {422, 465, 371, 453},  /* 2015 */
    {917, 1012, 745, 915}, /* 2016 */
    {953, 1015, 910, 952}, /* 2017 */
    {974, 1008, 909, 968}, /* 2018 */
};
