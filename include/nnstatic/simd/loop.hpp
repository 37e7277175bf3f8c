#pragma once
/// `simd::for_each_pack<T, Arch>(first, count, body)`: runs body.template operator()<Pack>(i) over [first,
/// first + count) in whole packs of `simd::pack<T, Arch>`, then one scalar pack at a time for the rest.
///
/// Element-wise passes (the optimizers, the per-thread gradient sums, epilogues) use it, so their plain
/// instantiation is the same loop with packs of one.
#include <nnstatic/simd/pack.hpp>

#include <cstddef>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::simd {

template <class T, class Arch, class Body>
inline void for_each_pack(std::size_t first, std::size_t count, Body&& body) noexcept {
  using P = pack<T, Arch>;
  const std::size_t whole = count / lanes<P> * lanes<P>;
  for (std::size_t j = 0; j < whole; j += lanes<P>) body.template operator()<P>(first + j);
  for (std::size_t j = whole; j < count; ++j) body.template operator()<pack<T, plain>>(first + j);
}

/// The same over a compile-time count; the scalar tail disappears when `Count` is a whole number of packs.
template <class T, class Arch, std::size_t Count, class Body>
inline void for_each_pack(Body&& body) noexcept {
  using P = pack<T, Arch>;
  constexpr std::size_t whole = Count / lanes<P> * lanes<P>;
  for (std::size_t j = 0; j < whole; j += lanes<P>) body.template operator()<P>(j);
  if constexpr (whole < Count)
    for (std::size_t j = whole; j < Count; ++j) body.template operator()<pack<T, plain>>(j);
}

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::simd
