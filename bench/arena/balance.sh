#!/bin/sh
# balance.sh — the balance table of GAME_DESIGN.md §12 for every scenario:
# greedy in every seat over GAMES seeded games (default 1000): each seat's
# win rate with the scenario's pars, its VP distribution, the pars that
# would centre it (the greedy mean VP) and the win rates with those pars,
# and every action's share of its seat's turns (flagging < 1%).
#
# usage: bench/arena/balance.sh [ARENA] [GAMES] [SEED]
set -eu
ARENA=${1:-build-bots/bin/gg-arena}
N=${2:-1000}
SEED=${3:-1}
TMP=${TMPDIR:-/tmp}/gg-balance.$$
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT
for sc in belt-and-road after-ukraine classroom; do
  "$ARENA" --scenario "$sc" --games "$N" --seed "$SEED" --bots greedy --json --no-progress \
    --csv "$TMP/$sc.csv" > "$TMP/$sc.json"
  pars=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(",".join(str(round(d["mean_vp"][s])) for s in ["china","russia","west","kazakhstan"]))' "$TMP/$sc.json")
  "$ARENA" --scenario "$sc" --games "$N" --seed "$SEED" --bots greedy --json --no-progress \
    --pars "$pars" > "$TMP/$sc.pars.json"
  python3 - "$sc" "$TMP/$sc.json" "$TMP/$sc.pars.json" "$TMP/$sc.csv" "$pars" <<'PY'
import csv, json, statistics, sys
sc, a, b, c, pars = sys.argv[1:]
d, p = json.load(open(a)), json.load(open(b))
rows = list(csv.DictReader(open(c)))
seats = ["china", "russia", "west", "kazakhstan"]
print("== %s: greedy x4, %d games, seed %d, %.0f games/s" % (sc, d["games"], d["seed"], d["games_per_second"]))
print("ends: %s; unrest steps %d; deals accepted %d; accords %s" % (
    d["end_reasons"], d["unrest_steps"], d["deals_accepted"],
    {k: v for k, v in d["accords"].items() if v}))
print("%-11s %9s %9s %8s %8s %5s %5s %11s" % ("seat", "win%", "win%*", "meanVP", "sdVP", "min", "max", "par*"))
for i, s in enumerate(seats):
    v = [int(r["vp_" + s]) for r in rows]
    print("%-11s %8.1f%% %8.1f%% %8.2f %8.2f %5d %5d %11s" % (s, 100 * d["win_rate"][s], 100 * p["win_rate"][s],
          statistics.mean(v), statistics.pstdev(v), min(v), max(v), pars.split(",")[i]))
print("(win%: with the scenario's pars; win%*: with par* = greedy mean VP)")
print("action share of the seat's turns (< 1% flagged):")
rules = json.load(open(a))
for k, v in d["action_share"].items():
    print("  %-24s %6.1f%%%s" % (k, 100 * v, "  <1%" if v < 0.01 else ""))
print()
PY
done
