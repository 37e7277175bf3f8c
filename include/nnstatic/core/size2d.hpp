#pragma once
/// `size2d`: a height and a width, what Keras takes as a tuple for kernel sizes, strides and pool windows.
#include <nnstatic/config/requires_cxx20.hpp>

#include <cstddef>

namespace nnstatic {

/// Written as one number for a square (`.kernel = 3`) or as `{height, width}` (`.strides = {2, 1}`). A structural
/// type, so that a layer's options can be a template parameter.
struct size2d {
  std::size_t height = 0;
  std::size_t width = 0;

  constexpr size2d() = default;
  constexpr size2d(std::size_t square) noexcept : height(square), width(square) {}  // NOLINT: 3 reads as 3x3
  constexpr size2d(std::size_t h, std::size_t w) noexcept : height(h), width(w) {}

  constexpr bool operator==(const size2d&) const = default;
};

}  // namespace nnstatic
