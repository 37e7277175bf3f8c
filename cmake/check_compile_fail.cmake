# cmake -D BUILD_DIR=<dir> -D TARGET=<target> -D SOURCE=<case.cpp> -P check_compile_fail.cmake
#
# Builds one must-not-compile target and passes only if ALL hold:
#   - the build fails (non-zero exit),
#   - the compiler reports exactly one error (lines with `error:`; notes do not count) and it is an nnstatic
#     static_assert (`static assertion failed` and `nnstatic: `): a wrong network must give one clear error, not
#     that error followed by a cascade of others from inside the library; or else, for a case compiled as an older
#     C++, the errors are exactly nnstatic's language check (config/requires_cxx20.hpp): its #error, then the
#     fatal error that stops the compilation there, and
#   - the compiler's diagnostics match the regex on the case's first line, `// expect: <regex>`.
# CTest's PASS_REGULAR_EXPRESSION alone would ignore the exit code, so a case that compiled but happened to
# print the text (a #pragma message, a warning, a file name) would pass; this script closes that hole.
# Before matching, build-tool noise is removed so the regex cannot match by accident: progress lines, the
# compiler command line (its -W flags), "FAILED:" lines, absolute paths and the case's own name.
foreach(var BUILD_DIR TARGET SOURCE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_compile_fail.cmake: -D ${var}=... is required")
  endif()
endforeach()

file(STRINGS "${SOURCE}" first_line LIMIT_COUNT 1)
if(NOT first_line MATCHES "^// expect: (.+)$")
  message(FATAL_ERROR "${SOURCE}: the first line must be `// expect: <regex>`, found `${first_line}`")
endif()
string(STRIP "${CMAKE_MATCH_1}" expect)

execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target "${TARGET}"
                OUTPUT_VARIABLE output ERROR_VARIABLE output RESULT_VARIABLE result)

set(diagnostics "\n${output}")
string(REGEX REPLACE "\n\\[[0-9]+/[0-9]+\\][^\n]*" "" diagnostics "${diagnostics}")  # Ninja progress
string(REGEX REPLACE "\nFAILED:[^\n]*" "" diagnostics "${diagnostics}")               # Ninja's failed output
string(REGEX REPLACE "\nninja:[^\n]*" "" diagnostics "${diagnostics}")                # Ninja's summary
string(REGEX REPLACE "\n[^\n]* -o [^\n]* -c [^\n]*" "" diagnostics "${diagnostics}")  # compiler command line
string(REGEX REPLACE "/[^ \n:'\"]+" "<path>" diagnostics "${diagnostics}")
get_filename_component(case_name "${SOURCE}" NAME_WE)
string(REPLACE "${case_name}" "<case>" diagnostics "${diagnostics}")

message("${output}")
# The verdict is printed as it is (message(FATAL_ERROR) would wrap it), so that the self-check can match it.
function(fail reason)
  message("FAIL: ${TARGET} ${reason}")
  message(FATAL_ERROR "${TARGET} did not fail to compile as a compile-fail case must (see the FAIL line above)")
endfunction()

if(result EQUAL 0)
  fail("compiled, but it must not (expected a diagnostic matching `${expect}`)")
endif()
# Counted on a copy without semicolons and square brackets, which CMake would read as list syntax.
string(REPLACE ";" "," error_text "${diagnostics}")
string(REPLACE "[" "(" error_text "${error_text}")
string(REPLACE "]" ")" error_text "${error_text}")
string(REGEX MATCHALL "[^\n]*error:[^\n]*" errors "${error_text}")
list(LENGTH errors error_count)
set(language_check_error "error: (#error )?\"nnstatic: needs C\\+\\+20 or later")
set(language_check_stop "fatal error: .*nnstatic: compilation stopped at the error above")
if(error_count EQUAL 2)
  list(GET errors 0 first_error)
  list(GET errors 1 second_error)
  if(first_error MATCHES "${language_check_error}" AND second_error MATCHES "${language_check_stop}")
    if(NOT diagnostics MATCHES "${expect}")
      fail("stopped at nnstatic's language check as it should, but no diagnostic matches `${expect}`")
    endif()
    message("PASS: ${TARGET} stopped at nnstatic's language check matching `${expect}`")
    return()
  endif()
endif()
if(NOT error_count EQUAL 1)
  list(JOIN errors "\n  " error_list)
  fail("must fail with exactly one error, the nnstatic static_assert, but the compiler reported ${error_count}:\n"
       "  ${error_list}")
endif()
if(NOT errors MATCHES "static assertion failed.*nnstatic: ")
  fail("failed with one error, but not an nnstatic static_assert: ${errors}")
endif()
if(NOT diagnostics MATCHES "${expect}")
  fail("failed to compile as it should, but no diagnostic matches `${expect}`")
endif()
message("PASS: ${TARGET} failed to compile with one error, an nnstatic static_assert matching `${expect}`")
