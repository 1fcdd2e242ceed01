#!/bin/sh
# mcts_vs_greedy.sh — the flat Monte Carlo bot against greedy, seat by seat.
# For each seat: greedy in every seat (baseline) and mcts in that seat with
# greedy elsewhere, on the same seeds; prints the seat's win rate and mean VP
# in both. Win rates are ranked with pars = the greedy self-play mean VP of
# each seat (--pars), since the scenario pars are not tuned yet.
#
# usage: bench/arena/mcts_vs_greedy.sh [ARENA] [SCENARIO] [GAMES] [MCTS]
#   ARENA    path to gg-arena (default build-bots/bin/gg-arena)
#   SCENARIO belt-and-road (default), after-ukraine, classroom
#   GAMES    games per line-up (default 200)
#   MCTS     strategy string (default mcts = mcts:4:8)
set -eu
ARENA=${1:-build-bots/bin/gg-arena}
SC=${2:-belt-and-road}
N=${3:-200}
M=${4:-mcts}
SEED=${SEED:-1}
base=$("$ARENA" --scenario "$SC" --games 1000 --seed "$SEED" --bots greedy --json --no-progress)
pars=$(printf '%s' "$base" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(",".join(str(round(d["mean_vp"][s])) for s in ["china","russia","west","kazakhstan"]))')
echo "scenario $SC, $N games per line-up, seed $SEED, $M vs greedy, pars $pars (greedy mean VP)"
printf '%-11s %14s %14s %12s %12s %10s\n' seat "greedy win%" "$M win%" "greedy VP" "$M VP" "mcts g/s"
seats="china russia west kazakhstan"
i=0
for s in $seats; do
  lineup=""
  j=0
  for t in $seats; do
    if [ $j -eq $i ]; then b=$M; else b=greedy; fi
    lineup="${lineup:+$lineup,}$b"
    j=$((j+1))
  done
  g=$("$ARENA" --scenario "$SC" --games "$N" --seed "$SEED" --bots greedy --pars "$pars" --json --no-progress)
  m=$("$ARENA" --scenario "$SC" --games "$N" --seed "$SEED" --bots "$lineup" --pars "$pars" --json --no-progress)
  python3 - "$s" "$g" "$m" <<'PY'
import json, sys
s, g, m = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
print("%-11s %13.1f%% %13.1f%% %12.2f %12.2f %10.1f" % (s, 100 * g["win_rate"][s], 100 * m["win_rate"][s],
      g["mean_vp"][s], m["mean_vp"][s], m["games_per_second"]))
PY
  i=$((i+1))
done
