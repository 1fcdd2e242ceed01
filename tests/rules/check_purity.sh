#!/bin/sh
# check_purity.sh LIB — fails if the rules library calls anything outside a
# short allowlist: no I/O, clock, malloc, rand or other libc state
# (ENGINEERING.md "Determinism"). Symbols the library defines itself (gg_*)
# and sanitizer/stack-protector hooks are fine.
set -eu
lib=$1
[ -f "$lib" ] || { echo "check_purity: no such library: $lib" >&2; exit 2; }
allowed='^(memcpy|memset|memmove|memcmp|strcmp|strlen|__stack_chk_fail|__asan_.*|__ubsan_.*|__sanitizer_.*|__tsan_.*|__msan_.*|_GLOBAL_OFFSET_TABLE_)$'
defined=$(nm --defined-only "$lib" 2>/dev/null | awk 'NF==3 {print $3}' | sort -u)
undefined=$(nm -u "$lib" | awk 'NF>=2 {print $2}' | sort -u)
bad=0
for sym in $undefined; do
    if echo "$defined" | grep -qx "$sym"; then continue; fi
    if echo "$sym" | grep -Eq "$allowed"; then continue; fi
    echo "check_purity: rules library uses forbidden symbol: $sym" >&2
    bad=1
done
if [ $bad -ne 0 ]; then
    echo "check_purity: rules/ must stay pure (no I/O, clock, malloc, rand, globals)" >&2
    exit 1
fi
# No writable globals either: objects in .data or .bss (.data.rel.ro is
# read-only after relocation, so constant tables of pointers are fine).
globals=$(objdump -t "$lib" | awk '($4 == ".data" || $4 == ".bss") && $3 == "O" {print $NF}' \
          | grep -Ev '^(__asan|__ubsan|__sanitizer|__odr_asan)' || true)
if [ -n "$globals" ]; then
    echo "check_purity: rules library has writable globals: $globals" >&2
    exit 1
fi
echo "check_purity: ok ($(echo "$undefined" | wc -w) external symbols, all allowed)"
