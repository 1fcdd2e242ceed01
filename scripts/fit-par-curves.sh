#!/bin/sh
# scripts/fit-par-curves.sh [BIN_DIR] [GAMES] — refits the par curves
# (gg_scenario_def.par_curve: the par so far a seat on course holds at the
# start of each turn) from greedy self-play and rewrites
# rules/catalog_par_curves.c. Run it after the pars or the scoring change
# (BALANCE.md, "The running margin"), then rebuild, regenerate RULES.md and
# the goldens (the par so far is in the state hash) and bump
# GG_RULES_VERSION. The fit plays "greedy:plain": a greedy bot races (weighs
# the rival who leads the running score, which reads these curves), the plain
# one never reads the margin, so the fit does not depend on the curve it
# replaces.
set -eu
cd "$(dirname "$0")/.."
bin=${1:-build/bin}
games=${2:-1000}
out=rules/catalog_par_curves.c
tmp=$out.tmp
{
    echo "/* catalog_par_curves.c — the par curves (gg_scenario_def.par_curve): for"
    echo " * each turn and seat, per mille of the par, the VP \"as if scored now\" a"
    echo " * seat on course to end on its par holds at the start of the turn (the"
    echo " * mean over self-play of vp_now / the final VP, made non-decreasing and"
    echo " * at most 1000: gg_arena_par_curve_fit). Written by"
    echo " * scripts/fit-par-curves.sh; do not edit by hand. */"
    echo "#include \"catalog.h\""
    for sc in belt-and-road after-ukraine classroom; do
        echo
        "$bin/gg-arena" --scenario "$sc" --games "$games" --seed 1 --bots greedy:plain --par-curve \
            --no-progress
    done
} > "$tmp"
mv "$tmp" "$out"
clang-format -i "$out" # the style test formats every C file
echo "par curves written to $out"
