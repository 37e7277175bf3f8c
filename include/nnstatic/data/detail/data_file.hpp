#pragma once
/// Private: the reader the data loaders open their files with (plain or gzip), throwing nnstatic's errors.
#include <nnstatic/core/error.hpp>
#include <nnstatic/detail/gzip.hpp>

namespace nnstatic::data::detail {

/// What `gzip_reader` throws for the loaders.
struct loader_errors {
  using file = file_error;
  using data = data_error;
};

using data_file = nnstatic::detail::gzip_reader<loader_errors>;

}  // namespace nnstatic::data::detail
