#pragma once
// Skipping a test program whose input is missing, so that ctest reports it as "Skipped", never as passed.
//
// A skip ends the whole program with `skip_exit_code`, which tests/CMakeLists.txt gives every test as its
// SKIP_RETURN_CODE. A whole program, not one test case: a program that can skip holds only the cases that need the
// missing input, so a skip can never hide a failure of a case that could have run.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace nnstatic::testing {

/// Automake's exit code for a skipped test, which ctest knows through SKIP_RETURN_CODE.
inline constexpr int skip_exit_code = 77;

/// Ends the program as skipped, saying why on stderr (ctest shows it with --output-on-failure or -V). Call it before
/// the program checks anything: it ends the program at once, so a failure already counted would not be reported.
[[noreturn]] inline void skip(std::string_view reason) {
  std::fprintf(stderr, "skipped: %.*s\n", static_cast<int>(reason.size()), reason.data());
  std::fflush(stderr);
  std::_Exit(skip_exit_code);
}

/// Skips the program unless `path` (a file or a folder) exists; `remedy` says how to provide it.
inline void skip_unless_file_exists(const std::filesystem::path& path, std::string_view remedy) {
  std::error_code ignored;
  if (std::filesystem::exists(path, ignored)) return;
  const std::string reason = path.string() + " does not exist (" + std::string(remedy) + ")";
  skip(reason);
}

}  // namespace nnstatic::testing
