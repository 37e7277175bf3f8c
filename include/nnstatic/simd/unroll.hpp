#pragma once
/// Two ways to unroll a loop of compile-time length.
///
/// `NNSTATIC_UNROLL`, on its own line before a `for` whose bound is a constant, asks the compiler to unroll it
/// completely (the way CUTLASS writes `CUTLASS_PRAGMA_UNROLL`; .clang-format knows it as a statement). Register
/// tiles (arrays of packs) are indexed by such loops: once unrolled, every index is a constant and the compiler
/// keeps the tile in registers. It costs the compiler one loop, where a lambda per index would cost it one
/// function per index to instantiate, emit and inline (thousands in a GEMM with its tails: most of a training
/// program's compile time).
///
/// `unroll<N>(f)` calls f(std::integral_constant<size_t, 0>{}) ... f(<N - 1>): for the few places where the index
/// must be a constant expression (it picks a type or an instantiation), not just a constant.
#include <nnstatic/config/requires_cxx20.hpp>
#include <nnstatic/simd/abi.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

#if defined(__clang__)
#define NNSTATIC_UNROLL _Pragma("unroll")
#else
#define NNSTATIC_UNROLL _Pragma("GCC unroll 64")
#endif

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::simd {

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

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::simd
