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
. "$(dirname "$0")/bench_host_lib.sh"
run() { run_capacity --probe-rate 20 "$@"; }
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
