#pragma once
/// `unroll<N>(f)`: calls f(std::integral_constant<size_t, 0>{}) ... f(<N - 1>) in order, with no loop left.
///
/// Register tiles are arrays of packs indexed by these constants, so the compiler sees every index at compile time
/// and keeps the tile in registers, without relying on its unrolling heuristics. That needs every call inlined:
/// g++ does so by itself, clang 16 does not (it calls the lambdas and keeps the tile on the stack, a third of the
/// speed), so the calls are forced inline.
#include <cstddef>
#include <type_traits>
#include <utility>

namespace nnstatic::simd {

template <std::size_t N, class F>
[[gnu::always_inline]] inline constexpr void unroll(F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) __attribute__((always_inline)) {
#if defined(__clang__)
    [[clang::always_inline]] (f(std::integral_constant<std::size_t, I>{}), ...);
#else
    (f(std::integral_constant<std::size_t, I>{}), ...);
#endif
  }(std::make_index_sequence<N>{});
}

}  // namespace nnstatic::simd
