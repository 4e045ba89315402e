# Runs call_router over every scenario with its timers scaled down 100 times, in one style
# (STYLE drain or callbacks), and compares the output with EXPECTED.
# Usage: cmake -DPROGRAM=... -DSTYLE=... -DDATA=... -DEXPECTED=... -P check-call-router.cmake
foreach(var PROGRAM STYLE DATA EXPECTED)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "${var} is not set")
  endif()
endforeach()
set(args --scale 100 --data "${DATA}")
if(STYLE STREQUAL "callbacks")
  list(APPEND args --callbacks)
endif()
execute_process(COMMAND "${PROGRAM}" ${args}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "call_router exited with ${rc}:\n${err}\n${out}")
endif()
file(READ "${EXPECTED}" expected)
if(NOT "${out}" STREQUAL "${expected}")
  file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/call_router-${STYLE}.out" "${out}")
  execute_process(COMMAND diff -u "${EXPECTED}" "${CMAKE_CURRENT_BINARY_DIR}/call_router-${STYLE}.out")
  message(FATAL_ERROR "call_router output (${STYLE}) differs from ${EXPECTED}")
endif()
message(STATUS "call_router output (${STYLE}) matches ${EXPECTED}")
