# Regenerates the rulebook with `gg-arena --rulebook` and fails if it differs
# from the committed RULES.md. Usage:
#   cmake -DARENA=<gg-arena> -DRULES=<RULES.md> -DOUT=<scratch file> -P check_rulebook.cmake
execute_process(COMMAND ${ARENA} --rulebook OUTPUT_FILE ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gg-arena --rulebook failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${RULES} RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  message(FATAL_ERROR "RULES.md is out of date with the rule tables; regenerate it:\n"
                      "  ${ARENA} --rulebook > ${RULES}")
endif()
