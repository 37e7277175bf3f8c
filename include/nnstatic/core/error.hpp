#pragma once
/// Exceptions thrown by the hosted (non-embedded) parts of nnstatic.
/// Every message says what went wrong, where (file, byte offset, layer), what was expected and what was found.
#include <nnstatic/config/requires_cxx20.hpp>

#include <stdexcept>
#include <string>

namespace nnstatic {

/// Base of every error nnstatic throws.
struct error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A data set that is malformed: bad header, wrong counts, labels out of range, a file that ends early.
struct data_error : error {
  using error::error;
};

/// A file that cannot be opened, read, written or renamed.
struct file_error : error {
  using error::error;
};

/// A model file that is foreign, corrupted, of another version or of another network topology.
struct model_error : error {
  using error::error;
};

}  // namespace nnstatic
