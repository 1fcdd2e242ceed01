#!/bin/sh
# throughput.sh — games per second on one core for each bot line-up and
# scenario (single-threaded gg-arena; wall clock of the run loop only).
#
# usage: bench/arena/throughput.sh [ARENA] [RANDOM_GAMES] [GREEDY_GAMES] [MCTS_GAMES]
set -eu
ARENA=${1:-build-bots/bin/gg-arena}
NR=${2:-200000}
NG=${3:-20000}
NM=${4:-40}
printf '%-14s %-36s %9s %12s\n' scenario bots games games/s
for sc in belt-and-road after-ukraine classroom; do
  for spec in "random:$NR" "greedy:$NG" "mcts,greedy,greedy,greedy:$NM" "mcts:$((NM / 4))"; do
    bots=${spec%:*}
    n=${spec##*:}
    gps=$("$ARENA" --scenario "$sc" --games "$n" --seed 1 --bots "$bots" --json --no-progress |
      python3 -c 'import json,sys; print("%.1f" % json.load(sys.stdin)["games_per_second"])')
    printf '%-14s %-36s %9s %12s\n' "$sc" "$bots" "$n" "$gps"
  done
done
