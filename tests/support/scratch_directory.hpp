#pragma once
// A test's own folder for the files it writes: fresh under the system's temporary directory, and removed with
// everything in it when the test ends, pass or fail.
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <system_error>

namespace nnstatic::testing {

struct scratch_directory {
  std::filesystem::path path;

  explicit scratch_directory(std::string_view prefix = "nnstatic-test") {
    std::random_device seed;
    do path = std::filesystem::temp_directory_path() / (std::string(prefix) + "-" + std::to_string(seed()));
    while (!std::filesystem::create_directory(path));
  }
  ~scratch_directory() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  scratch_directory(const scratch_directory&) = delete;
  scratch_directory& operator=(const scratch_directory&) = delete;
};

}  // namespace nnstatic::testing
