#!/bin/sh
# check_purity.sh NAME LIB [EXTRA] — fails if static library LIB calls
# anything outside a short allowlist: no I/O, clock, rand or other libc
# state (ENGINEERING.md "Determinism"). Allowed: the memory and string
# primitives below, our own gg_* functions (from this library or the pure
# libraries under it), sanitizer/stack-protector hooks, and the extended
# regular expression EXTRA (e.g. malloc for the heap-owning game layer).
# It also fails on writable globals (.data/.bss objects).
set -eu
name=$1
lib=$2
extra=${3:-}
[ -f "$lib" ] || { echo "check_purity: no such library: $lib" >&2; exit 2; }
allowed='^(memcpy|memset|memmove|memcmp|strcmp|strlen|gg_.*|__stack_chk_fail|__asan_.*|__ubsan_.*|__sanitizer_.*|__tsan_.*|__msan_.*|__sancov_.*|_GLOBAL_OFFSET_TABLE_)$'
[ -n "$extra" ] && allowed="$allowed|^($extra)\$"
undefined=$(nm -u "$lib" | awk 'NF>=2 {print $2}' | sort -u)
bad=0
for sym in $undefined; do
    if echo "$sym" | grep -Eq "$allowed"; then continue; fi
    echo "check_purity: $name uses forbidden symbol: $sym" >&2
    bad=1
done
if [ $bad -ne 0 ]; then
    echo "check_purity: $name must stay pure (no I/O, clock, rand, globals; see ENGINEERING.md)" >&2
    exit 1
fi
# No writable globals either: objects in .data or .bss (.data.rel.ro is
# read-only after relocation, so constant tables of pointers are fine).
globals=$(objdump -t "$lib" | awk '($4 == ".data" || $4 == ".bss") && $3 == "O" {print $NF}' \
          | grep -Ev '^(__asan|__ubsan|__sanitizer|__odr_asan|__sancov)' || true)
if [ -n "$globals" ]; then
    echo "check_purity: $name has writable globals: $globals" >&2
    exit 1
fi
echo "check_purity: $name ok ($(echo "$undefined" | wc -w) external symbols, all allowed)"
