#!/bin/sh
# check_format.sh CLANG_FORMAT SOURCE_DIR — fails (exit 1, naming each file
# and line) if a C source or header of the project is not formatted as
# .clang-format says. Checks every tracked .c/.h outside clients/web (or,
# without git, every one under the source folders). Fix with:
#   clang-format -i $(git ls-files '*.c' '*.h' | grep -v '^clients/web/')
cf="$1"
cd "$2" || exit 2
files=$(git ls-files '*.c' '*.h' 2>/dev/null | grep -v '^clients/web/')
[ -n "$files" ] || files=$(find util rules protocol game bots server clients tests bench include \
    \( -name '*.c' -o -name '*.h' \) 2>/dev/null | grep -v '^clients/web/')
[ -n "$files" ] || { echo "check_format: no sources found"; exit 2; }
# shellcheck disable=SC2086
"$cf" --dry-run -Werror $files || {
    echo "check_format: run clang-format -i on the files above (see tests/style/check_format.sh)"
    exit 1
}
echo "check_format: $(echo "$files" | wc -l) files formatted as .clang-format says"
