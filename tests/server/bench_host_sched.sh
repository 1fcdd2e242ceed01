#!/bin/sh
# bench-host capacity --load-sched (issue 17): with idle the thread that plays
# the networked seats (the load) runs in SCHED_IDLE while the probe thread and
# the server's loop thread stay normal; with normal all three are normal;
# --server-nice N lowers the server only. The policies are the ones the
# threads had as they ran (sched_getscheduler, in bench-host's JSON); nothing
# is timed.
# Usage: bench_host_sched.sh BENCH_HOST GG_SERVER
set -eu
bh=$1 srv=$2
run() {
  "$bh" capacity --server-bin "$srv" --games 2 --networked 1 --no-journal --json --pace 0 \
    --probe-rate 20 --scenario classroom --timeout 120 "$@" | tail -n 1
}
want() { # JSON KEY VALUE (a string value as "x", a number as x)
  printf '%s' "$1" | grep -qF "\"$2\":$3" || { echo "expected \"$2\":$3 in: $1"; exit 1; }
}
own=$(nice)
exp=$((own + 3 > 19 ? 19 : own + 3))
out=$(run --load-sched idle --server-nice 3)
want "$out" load_sched '"idle"'
want "$out" load_sched_policy '"idle"'
want "$out" probe_sched_policy '"normal"'
want "$out" server_sched_policy '"normal"'
want "$out" server_nice "$exp"
want "$out" games_completed 2
out=$(run --load-sched normal)
want "$out" load_sched '"normal"'
want "$out" load_sched_policy '"normal"'
want "$out" probe_sched_policy '"normal"'
want "$out" server_nice "$own"
out=$(run) # capacity's default
want "$out" load_sched_policy '"idle"'
echo ok
