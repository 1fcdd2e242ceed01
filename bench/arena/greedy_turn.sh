#!/bin/sh
# greedy_turn.sh — CPU cost of a turn of greedy bots (four seats deciding:
# proposals, answers, orders, crisis, with the lookahead resolves and the
# rollouts of costly accords they run), per scenario, for one or more
# gg-arena binaries run interleaved (so a shared machine's load falls on
# each alike). Prints microseconds per turn (CPU time over the turns
# played, the best of REPS runs) and per seat-decision (a quarter
# of it), and the games' digest: binaries that play the same games print
# the same digest. The time is the process's CPU time (user + system, from
# /usr/bin/time), not the wall clock, so waiting for a busy machine's cores
# does not count; a sibling hyperthread's load still may.
#
# usage: bench/arena/greedy_turn.sh ARENA [ARENA...]
#   environment: GAMES (default 200), REPS (default 3), BOTS (default greedy),
#   SEED (default 1), NICE (default 10)
set -eu
GAMES=${GAMES:-200}
REPS=${REPS:-3}
BOTS=${BOTS:-greedy}
SEED=${SEED:-1}
NICE=${NICE:-10}
tmp=$(mktemp)
cpu=$(mktemp)
trap 'rm -f "$tmp" "$cpu"' EXIT
printf '%-14s %-40s %8s %12s %12s %18s\n' scenario arena games us/turn us/seat digest
for sc in belt-and-road after-ukraine classroom; do
  : >"$tmp"
  r=0
  while [ "$r" -lt "$REPS" ]; do
    for a in "$@"; do
      /usr/bin/time -f '%U %S' -o "$cpu" nice -n "$NICE" "$a" --scenario "$sc" --games "$GAMES" \
        --seed "$SEED" --bots "$BOTS" --json --no-progress |
        python3 -c 'import json,sys
d=json.load(sys.stdin)
u,s=open(sys.argv[2]).read().split()[-2:]
turns=sum(d["seat_turns"].values())/4
print(sys.argv[1], "%.1f" % ((float(u)+float(s))*1e6/turns), d["digest"])' "$a" "$cpu" >>"$tmp"
    done
    r=$((r + 1))
  done
  for a in "$@"; do
    awk -v a="$a" -v sc="$sc" -v g="$GAMES" '$1 == a { if (best == "" || $2 + 0 < best + 0) best = $2; dg = $3 }
      END { printf "%-14s %-40s %8s %12.1f %12.1f %18s\n", sc, a, g, best, best / 4, dg }' "$tmp"
  done
done
