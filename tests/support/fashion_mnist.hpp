#pragma once
// Where the tests find the real Fashion-MNIST: the folder named by NNSTATIC_FASHION_MNIST_DIR, or Debian's
// dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), which tools/install-deps installs.
#include <nnstatic/data/idx.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "skip.hpp"

namespace nnstatic::testing {

/// The Fashion-MNIST folder, or a skip of the whole program when it does not exist. A folder that exists but lacks
/// a file is not skipped: the loader's error then fails the test, since that is a broken installation.
inline std::filesystem::path fashion_mnist_folder_or_skip() {
  const char* named = std::getenv("NNSTATIC_FASHION_MNIST_DIR");
  const std::filesystem::path folder =
      named != nullptr && *named != '\0' ? std::filesystem::path(named)
                                         : std::filesystem::path(std::string(data::default_fashion_mnist_folder));
  skip_unless_file_exists(folder, "apt-get install dataset-fashion-mnist, or set NNSTATIC_FASHION_MNIST_DIR");
  return folder;
}

}  // namespace nnstatic::testing
