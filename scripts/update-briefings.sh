#!/bin/sh
# scripts/update-briefings.sh [BIN_DIR] — regenerates the role briefings the
# browser client prints (clients/web/public/data/briefings/SCENARIO-SEAT.md)
# with gg-arena --briefing, after a rule change. The ctest web_briefings
# fails while they are stale.
set -eu
cd "$(dirname "$0")/.."
bin=${1:-build/bin}
out=clients/web/public/data/briefings
mkdir -p "$out"
for sc in classroom belt-and-road after-ukraine; do
    for s in china russia west kazakhstan; do
        "$bin/gg-arena" --briefing "$s" --scenario "$sc" > "$out/$sc-$s.md"
    done
done
echo "briefings written to $out"
