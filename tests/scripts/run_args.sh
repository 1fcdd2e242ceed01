#!/bin/sh
# tests/scripts/run_args.sh ROOT — ./run's arguments: --help lists them, and
# a bad one stops ./run with a clear error before it installs, builds or
# starts anything (exit 1, the message on stderr).
set -u
root=$1
fail=0
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

# expect RC PATTERN ARGS...: ./run ARGS exits RC and prints PATTERN (either stream).
expect() {
    want=$1 pattern=$2
    shift 2
    "$root/run" "$@" >"$out" 2>"$err"
    rc=$?
    if [ "$rc" -ne "$want" ] || ! cat "$out" "$err" | grep -q -- "$pattern"; then
        echo "FAIL: ./run $* exited $rc (want $want), output lacks '$pattern':"
        cat "$out" "$err"
        fail=1
    fi
}

expect 0 'Usage: ./run .*--bind ADDR' --help
expect 0 '--bind 0.0.0.0' -h
expect 1 "error: unknown argument '--bogus' (try ./run --help)" --bogus
expect 1 'error: --port needs a value' --port
expect 1 "error: --port wants a number, not '77x'" --port 77x
expect 1 'error: --bind needs a value' --scenario classroom --bind
expect 1 'error: --scenario needs a value' --scenario ''
# nothing was started or built by the refusals above: the errors come first
if grep -q 'starting gg-server\|building' "$err"; then
    echo "FAIL: ./run went on after a bad argument"
    fail=1
fi
[ "$fail" -eq 0 ] && echo "ok: ./run's arguments"
exit "$fail"
