#!/bin/sh
# run_capacity_ab.sh — issue 17's capacity A/B: two gg-server binaries, the
# same bench-host, runs interleaved (A, B, A, B, ...) so both see the same
# machine load, then one table of medians per binary.
# Usage: bench/server/run_capacity_ab.sh BASELINE_BIN NEW_BIN [--reps N]
#        [--games N] [--networked K] [--pace MS] [--bench-host PATH] [--data-root DIR]
#        [--seat-bot NAME] [--bench-host-a PATH --bench-host-b PATH] (more below)
#   BASELINE_BIN, NEW_BIN: gg-server executables (e.g. the baseline
#   /work/baseline/gg-server-5ec1f30 and build/bin/gg-server).
#   --reps N: runs of each binary (default 2). --games N: games, each with 1
#   networked TCP seat and 3 server bots (default 10000). --networked K:
#   networked seats per game instead (4: the 1,000-game all-networked run,
#   no server bots). --pace MS: the
#   networked seats' pace (default: bench-host's, 200). --bench-host: the
#   bench-host to use (default build/bin/bench-host of this checkout; it
#   reports the loop figures only for a server that exports them).
#   --data-root DIR: where journals go (default /var/tmp; a real disk).
#   --durability-a MODE, --durability-b MODE: run that side's server with
#   --durability MODE (machine or process; default: not passed). With the
#   same binary twice this compares the modes:
#     run_capacity_ab.sh build/bin/gg-server build/bin/gg-server \
#       --durability-a machine --durability-b process --pace 3000
#   --load-sched idle|normal: bench-host's --load-sched (the seats' thread in
#   SCHED_IDLE or not; default: not passed, bench-host's default, idle);
#   --load-sched-a MODE, --load-sched-b MODE: for one side (same server
#   twice: compares a load that competes with the server with one that
#   does not).
#   --server-nice N: bench-host's --server-nice (the servers under test at
#   nice +N; default: not passed, 0). On a shared machine lower the servers
#   with it, not by nicing this script: bench-host's probe thread should run
#   at the normal priority (since session 13 this script no longer nices
#   bench-host, which niced the server it starts and the probe as well).
#   --seat-bot NAME: bench-host's --seat-bot (the reference bot playing the
#   networked seats: greedy, bench-host's default, or random, ...; default:
#   not passed); --seat-bot-a NAME, --seat-bot-b NAME: for one side.
#   --bench-host-a PATH, --bench-host-b PATH: a bench-host per side (same
#   server twice: compares two load generators; an older bench-host does
#   not know --seat-bot, so give that side none).
#   --pace-jitter F: bench-host's --pace-jitter (each think uniform in pace x
#   [1-F, 1+F]; default: not passed, bench-host's 0, lockstep);
#   --pace-jitter-a F, --pace-jitter-b F: for one side (same server twice:
#   compares a lockstep load with a varied one; an older bench-host does not
#   know it). The table's steady rows are the probe's round trips from
#   steady_from_s into the play until a tenth of the seats had finished
#   (bench-host --help).
# Each run: bench-host capacity --games N --networked K --json
# --server-bin BIN; its JSON line is kept in the raw file printed at the end.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case "${1:-}" in
  -h|--help|"") sed -n '2,/^set -eu/p' "$0" | sed '$d'; exit 0 ;;
esac
[ $# -ge 2 ] || { echo "run_capacity_ab.sh: needs BASELINE_BIN NEW_BIN (see --help)" >&2; exit 2; }
A=$1 B=$2
shift 2
reps=2 games=10000 networked=1 pace="" bh=$root/build/bin/bench-host droot=/var/tmp
dur_a="" dur_b="" ls_a="" ls_b="" snice="" sb_a="" sb_b="" bh_a="" bh_b="" pj_a="" pj_b=""
while [ $# -gt 0 ]; do
  case $1 in
    --reps) reps=$2; shift 2 ;;
    --games) games=$2; shift 2 ;;
    --networked) networked=$2; shift 2 ;;
    --pace) pace="--pace $2"; shift 2 ;;
    --bench-host) bh=$2; shift 2 ;;
    --data-root) droot=$2; shift 2 ;;
    --durability-a) dur_a="--durability $2"; shift 2 ;;
    --durability-b) dur_b="--durability $2"; shift 2 ;;
    --load-sched) ls_a="--load-sched $2" ls_b="--load-sched $2"; shift 2 ;;
    --load-sched-a) ls_a="--load-sched $2"; shift 2 ;;
    --load-sched-b) ls_b="--load-sched $2"; shift 2 ;;
    --server-nice) snice="--server-nice $2"; shift 2 ;;
    --seat-bot) sb_a="--seat-bot $2" sb_b="--seat-bot $2"; shift 2 ;;
    --seat-bot-a) sb_a="--seat-bot $2"; shift 2 ;;
    --seat-bot-b) sb_b="--seat-bot $2"; shift 2 ;;
    --pace-jitter) pj_a="--pace-jitter $2" pj_b="--pace-jitter $2"; shift 2 ;;
    --pace-jitter-a) pj_a="--pace-jitter $2"; shift 2 ;;
    --pace-jitter-b) pj_b="--pace-jitter $2"; shift 2 ;;
    --bench-host-a) bh_a=$2; shift 2 ;;
    --bench-host-b) bh_b=$2; shift 2 ;;
    *) echo "run_capacity_ab.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
bh_a=${bh_a:-$bh} bh_b=${bh_b:-$bh}
for f in "$A" "$B" "$bh_a" "$bh_b"; do
  [ -x "$f" ] || { echo "run_capacity_ab.sh: $f is not an executable (build it first)" >&2; exit 2; }
done
raw=$(mktemp /tmp/capacity-ab-XXXXXX.jsonl)
echo "raw results: $raw" >&2
i=1
while [ "$i" -le "$reps" ]; do
  for side in A B; do
    if [ $side = A ]; then bin=$A dur=$dur_a ls=$ls_a sb=$sb_a bhx=$bh_a pj=$pj_a
    else bin=$B dur=$dur_b ls=$ls_b sb=$sb_b bhx=$bh_b pj=$pj_b; fi
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    echo "run $i $side: $bhx $bin $dur $ls $sb $pj $snice (load $load)" >&2
    # shellcheck disable=SC2086 # $pace, $dur, $ls, $sb, $pj and $snice are empty or two words
    line=$("$bhx" capacity --games "$games" --networked "$networked" --json --timeout 900 $pace \
      $dur $ls $sb $pj $snice --data-root "$droot" --server-bin "$bin" 2>/dev/null | tail -n 1) || true
    printf '{"side":"%s","run":%d,"load_start":"%s","r":%s}\n' "$side" "$i" "$load" \
      "${line:-null}" >>"$raw"
  done
  i=$((i + 1))
done
python3 - "$raw" "$bh_a $A $dur_a $ls_a $sb_a $pj_a" "$bh_b $B $dur_b $ls_b $sb_b $pj_b" "$snice" <<'EOF'
import json, statistics, sys
raw, a, b, opts = sys.argv[1:5]
rows = [json.loads(l) for l in open(raw) if l.strip()]
keys = [("games_completed", "games completed"), ("play_s", "play time s"),
        ("server_cpu_play_pct_of_core", "server CPU % of a core"),
        ("loop_cpu_share", "loop thread CPU (cores)"),
        ("workers_cpu_share", "other threads CPU (cores)"),
        ("loop_busy_share", "loop busy share (server's count)"),
        ("loop_cpu_us_per_turn", "loop CPU per turn resolved us"),
        ("workers_cpu_us_per_turn", "other threads CPU per turn resolved us"),
        ("bot_thread_nice", "bots' threads nice value"),
        ("loop_iter_p50_us", "loop iteration p50 us (bucket bound)"),
        ("loop_iter_p99_us", "loop iteration p99 us (bucket bound)"),
        ("loop_iter_max_us", "loop iteration max us"),
        ("loop_slow_iterations", "slow iterations (>= 20 ms busy)"),
        ("loop_slow_share_before_poll", "slow: share before the poll (timers)"),
        ("loop_slow_share_network", "slow: share in the poll's callbacks (network)"),
        ("loop_slow_share_input", "slow: share in the input slice"),
        ("loop_slow_share_settle", "slow: share in the settle slice"),
        ("loop_slow_share_bot_submit", "slow: share submitting bot jobs"),
        ("loop_slow_share_commit_send", "slow: share in the commit and sends"),
        ("loop_slow_offcpu_share", "slow: share off a CPU"),
        ("loop_slow_vol_switches", "slow: voluntary switches each"),
        ("loop_slow_invol_switches", "slow: involuntary switches each"),
        ("seat_commands_per_game_s", "seat commands per game per s"),
        ("turns_per_s", "turns resolved per s"),
        ("p50_ack_us", "probe orders->ack p50 us"),
        ("p99_ack_us", "probe orders->ack p99 us"),
        ("p99_ack_service_us", "probe ack p99 us from the send"),
        ("pace_jitter", "bench-host: pace jitter (think uniform in pace x [1-F, 1+F])"),
        ("steady_from_s", "steady window from s (into the play)"),
        ("steady_to_s", "steady window to s (a tenth of the seats done)"),
        ("probe_round_trips_steady", "probe round trips in the steady window"),
        ("p50_ack_steady_us", "probe orders->ack p50 us, steady window"),
        ("p99_ack_steady_us", "probe orders->ack p99 us, steady window"),
        ("ack_p99_ms_per_10s", "probe ack p99 ms per 10 s of play"),
        ("server_reply_wait_p50_us", "server reply wait p50 us (queued->sent, bucket bound)"),
        ("server_reply_wait_p99_us", "server reply wait p99 us (queued->sent, bucket bound)"),
        ("input_wait_p99_us", "message's wait for the input budget p99 us (bucket bound)"),
        ("input_waits", "messages that waited for the input budget"),
        ("game_wait_p99_us", "message's wait behind its game's bots p99 us (bucket bound)"),
        ("game_waits", "messages that waited behind their game's bots"),
        ("outbox_sync_flushes", "outbox syncs on the loop (mid-iteration)"),
        ("durability_process", "durability process (1) / machine (0)"),
        ("sent_unsynced", "messages sent before their sync"),
        ("unsynced_limited", "groups held for their sync (window full)"),
        ("acked_unsynced_p99_us", "early-acked group's commit->sync p99 us (bucket bound)"),
        ("bench_host_cpu_share", "bench-host CPU (cores)"),
        ("others_cpu_share", "other programs' CPU in the play (cores)"),
        ("seat_sends_per_100ms_steady_mean", "seat commands per 100 ms, steady: mean"),
        ("seat_sends_per_100ms_steady_p99", "seat commands per 100 ms, steady: p99"),
        ("seat_sends_per_100ms_steady_max", "seat commands per 100 ms, steady: max"),
        ("load_thread_cpu_share", "bench-host: seats' (load) thread CPU (cores)"),
        ("probe_thread_cpu_share", "bench-host: probe thread CPU (cores)"),
        ("load_cpu_us_per_seat_command", "bench-host: load CPU per seat command us"),
        ("server_nice", "server's nice value"),
        ("p99_resolve_us", "resolution p99 us"),
        ("rss_per_game_kib", "RSS per game KiB"),
        ("journal_ckpt_stalls", "loop stalls at the WAL limit"),
        ("journal_ckpt_stall_max_ms", "longest such stall ms"),
        ("journal_checkpoints", "checkpoints on the thread"),
        ("journal_ckpt_ms_mean", "one checkpoint on the thread, mean ms"),
        ("journal_wal_pages_max", "WAL pages max"),
        ("journal_wal_restarts", "WAL restarts"),
        ("journal_wal_pages_per_commit", "WAL pages per commit"),
        ("journal_wal_mib_per_s", "WAL MiB written per s"),
        ("journal_sync_p50_us", "fdatasync p50 us (bucket bound)"),
        ("journal_sync_p99_us", "fdatasync p99 us (bucket bound)"),
        ("input_backlog_max", "games waiting for the input budget, max"),
        ("probe_errors", "probe errors"),
        ("load_sched_policy", "bench-host: seats' (load) thread policy"),
        ("probe_sched_policy", "bench-host: probe thread policy"),
        ("seat_bot", "bench-host: seats' bot")]
def col(side, k):
    v = [r["r"][k] for r in rows if r["side"] == side and r["r"] and k in r["r"]]
    if not v:
        return "-"
    if isinstance(v[0], str):
        return " ".join(v)
    f = lambda x: "%.0f" % x if abs(x) >= 100 else "%.3g" % x
    return "%s (%s)" % (f(statistics.median(v)), " ".join(f(x) for x in v))
r0 = rows[0]["r"] if rows and rows[0]["r"] else None
print("capacity A/B, %s games x (%s TCP seats + %s bots); median (each run)" % (
      r0["games"], r0.get("networked_seats_per_game", "?"), r0.get("server_bot_seats_per_game", "?"))
      if r0 else "capacity A/B: no result")
print("A = %s\nB = %s" % (a, b))
print("(bench-host not niced; %s)" % (opts.strip() or "server at bench-host's nice value"))
print("| measure | A | B |\n|---|---:|---:|")
for k, name in keys:
    print("| %s | %s | %s |" % (name, col("A", k), col("B", k)))
print("| load average at start (1 5 15 min) | %s | %s |" % tuple(
    "; ".join(r["load_start"] for r in rows if r["side"] == s) for s in "AB"))
EOF
