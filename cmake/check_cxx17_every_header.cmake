# cmake -D CXX=<compiler> -D INCLUDE_DIR=<dir holding nnstatic/> -D WORK_DIR=<scratch dir> -P check_cxx17_every_header.cmake
#
# Compiles each header under INCLUDE_DIR/nnstatic alone as C++17 and passes only if every one stops at nnstatic's
# language check (config/requires_cxx20.hpp): the build fails, its first error is the check's #error and the only
# other one is the fatal error that stops the compilation right after it. Whichever header a program includes
# first, that is then the whole of what an older -std gets; a new header that reaches C++20 code before the check
# fails here.
foreach(var CXX INCLUDE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_cxx17_every_header.cmake: -D ${var}=... is required")
  endif()
endforeach()

file(GLOB_RECURSE headers RELATIVE "${INCLUDE_DIR}" "${INCLUDE_DIR}/nnstatic/*.hpp")
list(LENGTH headers header_count)
if(header_count EQUAL 0)
  message(FATAL_ERROR "no headers under ${INCLUDE_DIR}/nnstatic")
endif()
file(MAKE_DIRECTORY "${WORK_DIR}")
set(source "${WORK_DIR}/cxx17_header.cpp")
set(failures 0)
foreach(header IN LISTS headers)
  file(WRITE "${source}" "#include <${header}>\n")
  execute_process(COMMAND "${CXX}" -std=c++17 -fsyntax-only "-I${INCLUDE_DIR}" "${source}"
                  OUTPUT_VARIABLE output ERROR_VARIABLE output RESULT_VARIABLE result)
  # Semicolons and square brackets would read as CMake list syntax.
  string(REPLACE ";" "," output "${output}")
  string(REPLACE "[" "(" output "${output}")
  string(REPLACE "]" ")" output "${output}")
  string(REGEX MATCHALL "[^\n]*error:[^\n]*" errors "${output}")
  list(LENGTH errors error_count)
  set(stopped FALSE)
  if(NOT result EQUAL 0 AND error_count EQUAL 2)
    list(GET errors 0 first_error)
    list(GET errors 1 second_error)
    if(first_error MATCHES "error: (#error )?\"nnstatic: needs C\\+\\+20 or later"
       AND second_error MATCHES "fatal error: .*nnstatic: compilation stopped at the error above")
      set(stopped TRUE)
    endif()
  endif()
  if(NOT stopped)
    math(EXPR failures "${failures} + 1")
    list(JOIN errors "\n    " error_list)
    message("FAIL: ${header} compiled as C++17 does not stop at nnstatic's language check first "
            "(exit ${result}, ${error_count} errors):\n    ${error_list}")
  endif()
endforeach()
if(failures GREATER 0)
  message(FATAL_ERROR "${failures} of ${header_count} headers reach other code before config/requires_cxx20.hpp: "
                      "a header that includes no other nnstatic header must include it first")
endif()
message("PASS: all ${header_count} headers, compiled alone as C++17, stop at nnstatic's language check")
