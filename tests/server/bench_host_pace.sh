#!/bin/sh
# bench-host capacity --pace-jitter and the steady window (issue 17): with a
# jitter F every think a seat draws lies in pace x [1-F, 1+F] and they differ;
# without one every think is the pace (the lockstep load); an invalid F exits
# 2 with a message naming the option. The JSON has the steady window's
# fields: a warm-up longer than the play leaves it empty (-1), a warm-up of 0
# holds no more round trips than the whole run. Only drawn values and counts
# are checked, nothing timed.
# Usage: bench_host_pace.sh BENCH_HOST GG_SERVER
set -eu
bh=$1 srv=$2
. "$(dirname "$0")/bench_host_lib.sh"
num() { # JSON KEY: its number
  printf '%s' "$1" | sed -n "s/.*\"$2\":\(-\{0,1\}[0-9.]*\).*/\1/p"
}
out=$(run_capacity --probe-rate 0 --pace 100 --pace-jitter 0.5)
want "$out" pace_jitter 0.50
want "$out" games_completed 2
has "$out" thinks
lo=$(num "$out" think_min_ms) hi=$(num "$out" think_max_ms)
[ "$lo" -ge 50 ] && [ "$hi" -le 150 ] && [ "$lo" -lt "$hi" ] ||
  { echo "--pace-jitter 0.5: thinks $lo..$hi ms, expected varied within 50..150"; exit 1; }
out=$(run_capacity --probe-rate 0 --pace 100) # the default: lockstep
want "$out" pace_jitter 0.00
want "$out" think_min_ms 100
want "$out" think_max_ms 100
out=$(run_capacity --probe-rate 20 --pace 50 --steady-warmup 86400000)
want "$out" steady_from_s 86400.0
want "$out" probe_round_trips_steady 0
want "$out" p99_ack_steady_us -1
has "$out" probe_round_trips
out=$(run_capacity --probe-rate 20 --pace 50 --steady-warmup 0)
want "$out" steady_from_s 0.0
all=$(num "$out" probe_round_trips) steady=$(num "$out" probe_round_trips_steady)
[ "$steady" -le "$all" ] || { echo "steady round trips $steady > all $all"; exit 1; }
printf '%s' "$out" | grep -qE '"p99_ack_steady_us":-?[0-9]+' || { echo "no p99_ack_steady_us in: $out"; exit 1; }
printf '%s' "$out" | grep -qE '"ack_p99_ms_per_10s":"[-0-9.,]+"' || { echo "no ack_p99_ms_per_10s in: $out"; exit 1; }
for bad in 1 -0.1 x 0.5x; do
  rc=0
  err=$("$bh" capacity --server-bin "$srv" --pace-jitter "$bad" 2>&1 >/dev/null) || rc=$?
  [ "$rc" = 2 ] || { echo "--pace-jitter $bad: exit $rc, expected 2"; exit 1; }
  case $err in *--pace-jitter*) ;; *) echo "--pace-jitter $bad: message '$err' does not name it"; exit 1 ;; esac
done
echo ok
