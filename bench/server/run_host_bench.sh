#!/bin/sh
# run_host_bench.sh — server-level benchmarks (bench-host) beside the raw ENet
# echo floor (bench-enet-echo), in one run, repetitions interleaved, medians
# printed at the end. Every gg-server is started and stopped by bench-host.
# Usage: bench/server/run_host_bench.sh [BUILD_DIR] [--reps N] [--only PARTS]
#        [--games N] [--data-root DIR]
#   BUILD_DIR defaults to build-bench (configured and built as Release if
#   missing). PARTS: comma list of rtt,tput,capacity,recovery (default all).
#   --reps N: repetitions of rtt, tput and recovery (default 3; capacity runs
#   once per setting). --games N: capacity and recovery size (1000; the
#   one-networked-seat capacity run uses 10 times as many games).
#   --data-root DIR: where journals go (default /var/tmp; a real disk).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case "${1:-}" in
  -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
esac
build=$root/build-bench
case "${1:-}" in -*|"") ;; *) build=$1; shift ;; esac
reps=3 only=rtt,tput,capacity,recovery games=1000 droot=/var/tmp
while [ $# -gt 0 ]; do
  case $1 in
    --reps) reps=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --games) games=$2; shift 2 ;;
    --data-root) droot=$2; shift 2 ;;
    *) echo "run_host_bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ ! -x "$build/bin/bench-host" ] || [ ! -x "$build/bin/bench-enet-echo" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j2 --target bench-host gg-server bench-enet-echo >/dev/null
fi
bin=$build/bin
want() { case ",$only," in *",$1,"*) return 0 ;; esac; return 1; }
rows=$(mktemp)
trap 'rm -f "$rows"' EXIT
H="$bin/bench-host --data-root $droot"
SIZE=84 # mean orders message size printed by `bench-host rtt`

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(uname -srm), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "# reps=$reps games=$games data-root=$droot ($(df -T "$droot" | awk 'NR==2{print $2}'))"

if want rtt; then
  echo "## orders->ok round trips (10000 timed, 1000 warm-up), raw ENet echo ${SIZE}B beside"
  for r in $(seq "$reps"); do
    "$bin/bench-enet-echo" --count 10000 --size $SIZE --seconds 3 | tee -a "$rows"
    for t in --enet --tcp; do
      $H rtt $t --no-journal | tee -a "$rows"
      $H rtt $t --journal | tee -a "$rows"
    done
  done
fi

if want tput; then
  echo "## throughput: 16x8 and 256x1 in flight, 3 s; raw ENet echo beside"
  for r in $(seq "$reps"); do
    "$bin/bench-enet-echo" --count 1000 --size $SIZE --clients 256 --inflight 1 | grep tput | tee -a "$rows"
    for t in --enet --tcp; do
      $H tput $t --clients 16 --inflight 8 --kind ping | tee -a "$rows"
      $H tput $t --clients 16 --inflight 8 --kind orders --no-journal | tee -a "$rows"
      $H tput $t --clients 16 --inflight 8 --kind orders --journal | tee -a "$rows"
      $H tput $t --clients 256 --inflight 1 --kind ping --rate 490 | tee -a "$rows"
      $H tput $t --clients 256 --inflight 1 --kind orders --no-journal --rate 490 | tee -a "$rows"
      $H tput $t --clients 256 --inflight 1 --kind orders --journal --rate 490 | tee -a "$rows"
    done
  done
fi

if [ -s "$rows" ]; then
  echo "## medians over $reps repetitions (p50_us, p99_us, msgs/s; errors summed)"
  /usr/bin/python3 - "$rows" <<'EOF'
import sys, statistics
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    # rows only: "host-*" (bench-host) and "raw-*" (bench-enet-echo); any
    # other line (a header, a note, a server's message) is not a row
    if not f or not (f[0].startswith("host-") or f[0].startswith("raw-")):
        continue
    k = 6 if f[0].startswith("raw") else 7
    key = " ".join(f[:len(f) - k])
    try:
        nums = [float(x) for x in f[len(f) - k:]]
    except ValueError:
        print("run_host_bench.sh: not a row, skipped: " + line.strip(), file=sys.stderr)
        continue
    rows.setdefault(key, []).append(nums)
print("%-44s %4s %9s %9s %11s %7s" % ("row", "reps", "p50_us", "p99_us", "msgs/s", "errors"))
for key, v in rows.items():
    med = lambda i: statistics.median(x[i] for x in v)
    err = sum(x[6] for x in v) if len(v[0]) == 7 else 0
    print("%-44s %4d %9.1f %9.1f %11.0f %7d" % (key, len(v), med(1), med(2), med(5), err))
EOF
fi

if want capacity; then
  echo "## capacity: $games games, 4 networked greedy seats each (TCP), pace 200 ms"
  $H capacity --games "$games" --pace 200 --journal --json
  $H capacity --games "$games" --pace 200 --no-journal --json
  echo "## capacity: $((games * 10)) games, 1 networked seat + 3 server bots each, pace 200 ms"
  $H capacity --games $((games * 10)) --networked 1 --pace 200 --journal --json
fi

if want recovery; then
  echo "## recovery: $games unfinished games (3 server bots + 1 networked seat, 3 turns)"
  for r in $(seq "$reps"); do
    $H recovery --games "$games" --turns 3 | grep -E 'start_to_listening|game_recovered|baseline|journal_bytes|games_live|setup_s|rss'
  done
fi
