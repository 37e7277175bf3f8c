#pragma once
#include <nnstatic/config/requires_cxx20.hpp>

#include <cstddef>

namespace nnstatic::detail {

/// Index of the first largest of `Count` values, the class a classifier predicts.
template <std::size_t Count, class T>
constexpr std::size_t argmax(const T* values) noexcept {
  std::size_t best = 0;
  for (std::size_t i = 1; i < Count; ++i)
    if (values[i] > values[best]) best = i;
  return best;
}

}  // namespace nnstatic::detail
