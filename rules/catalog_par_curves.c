/* catalog_par_curves.c — the par curves (gg_scenario_def.par_curve): for
 * each turn and seat, per mille of the par, the VP "as if scored now" a
 * seat on course to end on its par holds at the start of the turn (the
 * mean over self-play of vp_now / the final VP). Written by
 * scripts/fit-par-curves.sh; do not edit by hand. */
#include "catalog.h"

/* belt-and-road, fitted by
 * gg-arena --scenario belt-and-road --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_belt_and_road[12][GG_SEATS] = {
    {130, 215, 74, 111},     /* 2013 */
    {138, 239, 123, 182},    /* 2014 */
    {199, 245, 147, 213},    /* 2015 */
    {425, 534, 337, 428},    /* 2016 */
    {441, 536, 372, 447},    /* 2017 */
    {446, 538, 388, 451},    /* 2018 */
    {696, 796, 656, 698},    /* 2019 */
    {705, 796, 661, 708},    /* 2020 */
    {708, 802, 670, 710},    /* 2021 */
    {986, 1026, 1037, 948},  /* 2022 */
    {989, 1027, 1044, 992},  /* 2023 */
    {1000, 1025, 1052, 996}, /* 2024 */
};

/* after-ukraine, fitted by
 * gg-arena --scenario after-ukraine --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_after_ukraine[9][GG_SEATS] = {
    {164, 250, 155, 144},   /* 2022 */
    {216, 273, 169, 260},   /* 2023 */
    {197, 307, 211, 277},   /* 2024 */
    {615, 638, 507, 575},   /* 2025 */
    {628, 657, 505, 600},   /* 2026 */
    {635, 670, 540, 618},   /* 2027 */
    {983, 1032, 978, 970},  /* 2028 */
    {992, 1021, 990, 987},  /* 2029 */
    {995, 1023, 1007, 999}, /* 2030 */
};

/* classroom, fitted by
 * gg-arena --scenario classroom --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_classroom[6][GG_SEATS] = {
    {247, 435, 204, 244},  /* 2013 */
    {289, 482, 357, 357},  /* 2014 */
    {422, 463, 407, 453},  /* 2015 */
    {917, 1009, 818, 929}, /* 2016 */
    {953, 1012, 949, 961}, /* 2017 */
    {974, 1005, 949, 977}, /* 2018 */
};
