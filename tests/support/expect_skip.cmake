# Runs EXECUTABLE and fails unless it exits with the skip code of tests/support/skip.hpp (77): proves that a test
# whose data is missing reports itself as skipped rather than passing. Used by tests/CMakeLists.txt as
#   cmake -DEXECUTABLE=<test program> [-DEMULATOR=<command|its|arguments>] -P expect_skip.cmake
# (with the environment pointing at missing data); a cross build's programs run through EMULATOR.
string(REPLACE "|" ";" emulator "${EMULATOR}")
execute_process(COMMAND ${emulator} "${EXECUTABLE}" RESULT_VARIABLE result OUTPUT_VARIABLE output
                ERROR_VARIABLE output)
if(NOT result STREQUAL "77")
  message(FATAL_ERROR "${EXECUTABLE} exited with '${result}', expected the skip code 77. Its output:\n${output}")
endif()
message(STATUS "${EXECUTABLE} skipped as expected: ${output}")
