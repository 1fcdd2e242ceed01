#!/bin/sh
# bench-host capacity --seat-bot (issue 17): the networked seats are played by
# the reference bot named (greedy by default), the games complete, and the
# JSON says which bot played, what the seats sent and the load's CPU per
# command; an unknown name is refused before anything starts. Nothing timed.
# Usage: bench_host_seat_bot.sh BENCH_HOST GG_SERVER
set -eu
bh=$1 srv=$2
. "$(dirname "$0")/bench_host_lib.sh"
run() { run_capacity --probe-rate 0 "$@"; }
for bot in random greedy; do
  out=$(run --seat-bot $bot)
  want "$out" seat_bot "\"$bot\""
  want "$out" games_completed 2
  want "$out" seats_failed 0
  has "$out" seat_commands
  has "$out" load_cpu_us_per_seat_command
done
out=$(run) # the default
want "$out" seat_bot '"greedy"'
want "$out" games_completed 2
rc=0
"$bh" capacity --server-bin "$srv" --seat-bot no-such-bot >/dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || { echo "--seat-bot no-such-bot: exit $rc, expected 2"; exit 1; }
echo ok
