# Runs sipdump over INPUT twice (file argument, then stdin) and compares both outputs with
# EXPECTED.  Usage: cmake -DSIPDUMP=... -DINPUT=... -DEXPECTED=... -P check-sipdump.cmake
foreach(var SIPDUMP INPUT EXPECTED)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "${var} is not set")
  endif()
endforeach()
file(READ "${EXPECTED}" expected)

execute_process(COMMAND "${SIPDUMP}" "${INPUT}"
  OUTPUT_VARIABLE from_file ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sipdump ${INPUT} exited with ${rc}:\n${err}")
endif()
execute_process(COMMAND "${SIPDUMP}" INPUT_FILE "${INPUT}"
  OUTPUT_VARIABLE from_stdin ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sipdump < ${INPUT} exited with ${rc}:\n${err}")
endif()

foreach(run from_file from_stdin)
  if(NOT "${${run}}" STREQUAL "${expected}")
    file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/sipdump-${run}.out" "${${run}}")
    execute_process(COMMAND diff -u "${EXPECTED}" "${CMAKE_CURRENT_BINARY_DIR}/sipdump-${run}.out")
    message(FATAL_ERROR "sipdump output (${run}) differs from ${EXPECTED}")
  endif()
endforeach()
message(STATUS "sipdump output matches ${EXPECTED}")
