#!/bin/sh
# negotiation_pays.sh — "negotiation pays" (issue 18), seat by seat: the plain
# bot in every seat (baseline), then the negotiator of the same search in one
# seat against three plain bots, on the same seeds; prints that seat's win
# rate in both, the difference (target: at least +5 points) and the
# negotiator's deals (proposed, accepted, broken).
#
# usage: bench/arena/negotiation_pays.sh [ARENA] [SEED] [GAMES] [SEARCH] [SCENARIO]
#   ARENA    path to gg-arena (default build/bin/gg-arena)
#   SEED     run seed (default 1: the seed the valuation was tuned on; 2 is held out)
#   GAMES    games per line-up (default 500)
#   SEARCH   greedy (default) or mcts:K:R (negotiator:mcts:K:R against mcts:K:R)
#   SCENARIO classroom (default), belt-and-road, after-ukraine
set -eu
ARENA=${1:-build/bin/gg-arena}
SEED=${2:-1}
N=${3:-500}
B=${4:-greedy}
SC=${5:-classroom}
if [ "$B" = greedy ]; then NB=negotiator; else NB=negotiator:$B; fi
base=$("$ARENA" --scenario "$SC" --games "$N" --seed "$SEED" --bots "$B" --json --no-progress)
echo "scenario $SC, $N games per line-up, seed $SEED: $NB in one seat against three $B"
printf '%-11s %12s %12s %8s %24s\n' seat "$B win%" "$NB win%" diff "proposed/accepted/broken"
i=0
for s in china russia west kazakhstan; do
  lineup=""
  j=0
  for t in china russia west kazakhstan; do
    if [ $j -eq $i ]; then b=$NB; else b=$B; fi
    lineup="${lineup:+$lineup,}$b"
    j=$((j + 1))
  done
  "$ARENA" --scenario "$SC" --games "$N" --seed "$SEED" --bots "$lineup" --json --no-progress |
    python3 -c '
import json, sys
seat, base = sys.argv[1], json.loads(sys.argv[2])
d = json.load(sys.stdin)
n = d["games"]
a, b = 100.0 * base["wins"][seat] / n, 100.0 * d["wins"][seat] / n
k = d["deals"][seat]
print("%-11s %11.1f%% %11.1f%% %+8.1f %24s" % (seat, a, b, b - a,
      "%d/%d/%d" % (k["proposed"], k["accepted"], k["broken"])))' "$s" "$base"
  i=$((i + 1))
done
