# gg_warnings: the project's warning set (ENGINEERING.md), plus sanitizer flags
# when GG_SANITIZE is on. Every target links it.
add_library(gg_warnings INTERFACE)
target_compile_options(gg_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wstrict-prototypes
  -Wmissing-prototypes -Wvla)
if(GG_WERROR)
  target_compile_options(gg_warnings INTERFACE -Werror)
endif()
if(GG_FUZZ)
  # Coverage instrumentation for every library, so the fuzzers see the code
  # they drive; harness executables add -fsanitize=fuzzer at link time.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
if(GG_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  # GG_CROSS_CHECK: shortcuts check themselves against the rule they stand
  # for (e.g. bots/greedy.c's fits() against gg_validate_orders), so the
  # sanitizer pass of the suite also proves them.
  add_compile_definitions(GG_CROSS_CHECK)
  add_link_options(-fsanitize=address,undefined)
endif()
