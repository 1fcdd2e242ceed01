# tests/server/bench_host_lib.sh — sourced by the bench.host.* shell tests:
# a small capacity run and checks on its JSON line. Needs $bh (bench-host)
# and $srv (gg-server) set.

# run_capacity [ARGS...]: 2 classroom games, 1 networked seat each, no
# journal, no pace; prints the JSON line.
run_capacity() {
  "$bh" capacity --server-bin "$srv" --games 2 --networked 1 --no-journal --json --pace 0 \
    --scenario classroom --timeout 120 "$@" | tail -n 1
}
want() { # JSON KEY VALUE (a string value as "x", a number as x)
  printf '%s' "$1" | grep -qF "\"$2\":$3" || { echo "expected \"$2\":$3 in: $1"; exit 1; }
}
has() { # JSON KEY: present with a number > 0
  printf '%s' "$1" | grep -qE "\"$2\":[0-9]*[1-9][0-9.]*[,}]" || { echo "expected \"$2\" > 0 in: $1"; exit 1; }
}
