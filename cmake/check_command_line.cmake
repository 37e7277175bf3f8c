# cmake -D PROGRAM=<program> -D "ARGS=<arguments>" -D EXIT_CODE=<n> -D "EXPECT_1=<regex>" [-D "EXPECT_2=<regex>" ...]
#       [-D "FORBID=<regex>"] [-D MAX_WIDTH=<columns>] -P check_command_line.cmake
#
# Runs PROGRAM with ARGS (split like a POSIX shell would) and passes only if ALL hold:
#   - it exits with EXIT_CODE (CTest's PASS_REGULAR_EXPRESSION alone would ignore the exit code, so a program that
#     printed the message and went on to train would pass);
#   - its output, standard output and error together, matches every EXPECT_<n> and does not match FORBID. Before
#     matching, every run of spaces and line breaks becomes one space, so that a regex does not depend on where
#     --help wraps its rows;
#   - no line of the output is wider than MAX_WIDTH columns, when given.
foreach(var PROGRAM EXIT_CODE EXPECT_1)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_command_line.cmake: -D ${var}=... is required")
  endif()
endforeach()

separate_arguments(arguments UNIX_COMMAND "${ARGS}")
execute_process(COMMAND "${PROGRAM}" ${arguments} OUTPUT_VARIABLE output ERROR_VARIABLE output
                RESULT_VARIABLE result TIMEOUT 60)
message("${PROGRAM} ${ARGS}\n${output}")
string(REGEX REPLACE "[ \t\r\n]+" " " flat "${output}")

if(NOT result STREQUAL "${EXIT_CODE}")
  message(FATAL_ERROR "FAIL: exit code ${result}, expected ${EXIT_CODE}")
endif()
foreach(index RANGE 1 99)
  if(NOT DEFINED EXPECT_${index})
    break()
  endif()
  if(NOT flat MATCHES "${EXPECT_${index}}")
    message(FATAL_ERROR "FAIL: the output does not match `${EXPECT_${index}}`")
  endif()
endforeach()
if(DEFINED FORBID AND flat MATCHES "${FORBID}")
  message(FATAL_ERROR "FAIL: the output matches `${FORBID}`, which it must not")
endif()
if(DEFINED MAX_WIDTH)
  math(EXPR too_wide "${MAX_WIDTH} + 1")
  string(REPEAT "[^\n]" ${too_wide} too_wide_line)  # CMake's regexes have no {n}
  if(output MATCHES "${too_wide_line}")
    message(FATAL_ERROR "FAIL: a line is wider than ${MAX_WIDTH} columns: ${CMAKE_MATCH_0}...")
  endif()
endif()
message("PASS: exit code ${result} and the output as expected")
