/* catalog_par_curves.c — the par curves (gg_scenario_def.par_curve): for
 * each turn and seat, per mille of the par, the VP "as if scored now" a
 * seat on course to end on its par holds at the start of the turn (the
 * mean over self-play of vp_now / the final VP). Written by
 * scripts/fit-par-curves.sh; do not edit by hand. */
#include "catalog.h"

/* belt-and-road, fitted by
 * gg-arena --scenario belt-and-road --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_belt_and_road[12][GG_SEATS] = {
    {128, 213, 70, 110},   /* 2013 */
    {136, 237, 116, 180},  /* 2014 */
    {196, 243, 139, 210},  /* 2015 */
    {420, 529, 319, 421},  /* 2016 */
    {435, 531, 352, 439},  /* 2017 */
    {440, 533, 368, 444},  /* 2018 */
    {687, 789, 622, 688},  /* 2019 */
    {696, 789, 627, 698},  /* 2020 */
    {699, 794, 634, 701},  /* 2021 */
    {973, 1016, 984, 936}, /* 2022 */
    {977, 1018, 990, 979}, /* 2023 */
    {987, 1015, 997, 988}, /* 2024 */
};

/* after-ukraine, fitted by
 * gg-arena --scenario after-ukraine --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_after_ukraine[9][GG_SEATS] = {
    {164, 250, 152, 143},  /* 2022 */
    {215, 273, 165, 259},  /* 2023 */
    {197, 307, 207, 275},  /* 2024 */
    {612, 638, 497, 572},  /* 2025 */
    {625, 656, 495, 598},  /* 2026 */
    {632, 669, 530, 615},  /* 2027 */
    {979, 1031, 959, 966}, /* 2028 */
    {987, 1020, 972, 983}, /* 2029 */
    {990, 1021, 989, 996}, /* 2030 */
};

/* classroom, fitted by
 * gg-arena --scenario classroom --games 1000 --seed 1 --bots greedy --par-curve */
const int16_t gg__par_curve_classroom[6][GG_SEATS] = {
    {247, 436, 204, 243},  /* 2013 */
    {289, 484, 357, 354},  /* 2014 */
    {422, 465, 407, 461},  /* 2015 */
    {917, 1012, 818, 932}, /* 2016 */
    {953, 1015, 949, 961}, /* 2017 */
    {974, 1008, 949, 977}, /* 2018 */
};
