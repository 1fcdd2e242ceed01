#!/bin/sh
# run_net_bench.sh — runs the transport benchmarks (raw ENet floor, then
# gg_net over ENet and TCP) from one build and prints their tables.
# Usage: bench/server/run_net_bench.sh [BUILD_DIR] [bench options...]
#   BUILD_DIR defaults to build-net-rel (configured and built as Release if
#   missing). Options (e.g. --seconds 5 --size 1024) go to both programs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case "${1:-}" in
  -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
esac
build=${1:-$root/build-net-rel}
[ $# -gt 0 ] && shift
if [ ! -x "$build/bin/bench-net-echo" ] || [ ! -x "$build/bin/bench-enet-echo" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j2 --target bench-enet-echo bench-net-echo >/dev/null
fi
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(uname -srm), $(nproc) cores, $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "## raw ENet server + raw ENet clients (the floor)"
"$build/bin/bench-enet-echo" "$@"
echo
echo "## gg_net server (libuv loop thread): raw ENet clients, gg_transport ENet and TCP clients"
"$build/bin/bench-net-echo" "$@"
