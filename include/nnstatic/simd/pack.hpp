#pragma once
/// `pack<T, Arch>`: the register a kernel computes with, and the handful of operations kernels use on it.
///
/// For an xsimd architecture a pack is `xsimd::batch<T, Arch>`; for `plain` it is `scalar_pack<T>`, one value.
/// Kernels call only the free functions below (load, store, fma, max, select, ...), so one body serves both and
/// the plain instantiation is the reference the SIMD one is tested against.
#include <nnstatic/simd/arch.hpp>

#include <xsimd/xsimd.hpp>

#include <cmath>
#include <cstddef>
#include <type_traits>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::simd {

/// One value with the interface of an xsimd batch of size 1.
template <class T>
struct scalar_pack {
  using value_type = T;
  static constexpr std::size_t size = 1;

  T value{};

  constexpr scalar_pack() noexcept = default;
  constexpr scalar_pack(T v) noexcept : value(v) {}  // NOLINT: implicit, like xsimd::batch's broadcast

  friend constexpr scalar_pack operator+(scalar_pack a, scalar_pack b) noexcept { return a.value + b.value; }
  friend constexpr scalar_pack operator-(scalar_pack a, scalar_pack b) noexcept { return a.value - b.value; }
  friend constexpr scalar_pack operator*(scalar_pack a, scalar_pack b) noexcept { return a.value * b.value; }
  friend constexpr scalar_pack operator/(scalar_pack a, scalar_pack b) noexcept { return a.value / b.value; }
  friend constexpr scalar_pack operator-(scalar_pack a) noexcept { return -a.value; }
  friend constexpr bool operator>(scalar_pack a, scalar_pack b) noexcept { return a.value > b.value; }
  friend constexpr bool operator>=(scalar_pack a, scalar_pack b) noexcept { return a.value >= b.value; }
  friend constexpr bool operator<(scalar_pack a, scalar_pack b) noexcept { return a.value < b.value; }
  friend constexpr bool operator==(scalar_pack a, scalar_pack b) noexcept { return a.value == b.value; }
};

namespace detail {
template <class T, class Arch>
struct pack_of {
  using type = xsimd::batch<T, Arch>;
};
template <class T>
struct pack_of<T, plain> {
  using type = scalar_pack<T>;
};
}  // namespace detail

/// The register type of `Arch` for `T`: `xsimd::batch<T, Arch>`, or `scalar_pack<T>` for `plain`.
template <class T, class Arch = native>
using pack = typename detail::pack_of<T, Arch>::type;

/// True for the packs of every architecture: `xsimd::batch<T, Arch>` and `scalar_pack<T>`. Code that is written
/// for both scalars and packs (an activation's `value`) tells them apart with it.
template <class P>
inline constexpr bool is_pack = false;
template <class T>
inline constexpr bool is_pack<scalar_pack<T>> = true;
template <class T, class Arch>
inline constexpr bool is_pack<xsimd::batch<T, Arch>> = true;

template <class P>
concept any_pack = is_pack<P>;

/// How many `T`s a pack of `P` holds.
template <class P>
inline constexpr std::size_t lanes = P::size;

// Loads and stores take any alignment: on the CPUs nnstatic targets an unaligned access to aligned data costs
// nothing extra, and the buffers that matter are 64-byte aligned anyway.
template <class P>
inline P load(const typename P::value_type* from) noexcept {
  if constexpr (P::size == 1)
    return P(*from);
  else
    return P::load_unaligned(from);
}

template <class T>
inline void store(T* to, scalar_pack<T> value) noexcept {
  *to = value.value;
}
template <class T, class Arch>
inline void store(T* to, const xsimd::batch<T, Arch>& value) noexcept {
  value.store_unaligned(to);
}

/// a * b + c with one rounding.
template <class T>
inline scalar_pack<T> fma(scalar_pack<T> a, scalar_pack<T> b, scalar_pack<T> c) noexcept {
  return std::fma(a.value, b.value, c.value);
}
template <class T, class Arch>
inline xsimd::batch<T, Arch> fma(const xsimd::batch<T, Arch>& a, const xsimd::batch<T, Arch>& b,
                                 const xsimd::batch<T, Arch>& c) noexcept {
#if defined(__AVX512F__)
  // xsimd 8.1 has no AVX-512 fma: its generic one is a * b + c, which is fused only if the compiler contracts it
  // (g++ at -O2, not at -O1, and clang never, through xsimd's operators): half the speed and other bits.
  if constexpr (std::is_base_of_v<xsimd::avx512f, Arch> && std::is_same_v<T, float>)
    return _mm512_fmadd_ps(a, b, c);
  else if constexpr (std::is_base_of_v<xsimd::avx512f, Arch> && std::is_same_v<T, double>)
    return _mm512_fmadd_pd(a, b, c);
  else
#endif
    return xsimd::fma(a, b, c);
}

/// a / b, correctly rounded. Kernels divide packs through this rather than operator/: xsimd 8.1's float division
/// on NEON (AArch64 too) is a reciprocal estimate refined twice, a bit or two away from the plain path's quotient.
template <class T>
inline scalar_pack<T> divide(scalar_pack<T> a, scalar_pack<T> b) noexcept {
  return a.value / b.value;
}
template <class T, class Arch>
inline xsimd::batch<T, Arch> divide(const xsimd::batch<T, Arch>& a, const xsimd::batch<T, Arch>& b) noexcept {
#if XSIMD_WITH_NEON64
  if constexpr (std::is_base_of_v<xsimd::neon64, Arch> && std::is_same_v<T, float>)
    return vdivq_f32(a, b);
  else
#endif
    return a / b;
}

template <class T>
inline scalar_pack<T> max(scalar_pack<T> a, scalar_pack<T> b) noexcept {
  return a.value > b.value ? a : b;
}
template <class T, class Arch>
inline xsimd::batch<T, Arch> max(const xsimd::batch<T, Arch>& a, const xsimd::batch<T, Arch>& b) noexcept {
  // As a blend rather than xsimd::max: g++ 12 warns that _mm512_max_ps's _mm512_undefined_ps() is used
  // uninitialized (GCC bug 105593).
  return xsimd::select(a > b, a, b);
}

template <class T>
inline scalar_pack<T> min(scalar_pack<T> a, scalar_pack<T> b) noexcept {
  return a.value < b.value ? a : b;
}
template <class T, class Arch>
inline xsimd::batch<T, Arch> min(const xsimd::batch<T, Arch>& a, const xsimd::batch<T, Arch>& b) noexcept {
  return xsimd::select(a < b, a, b);  // a blend, as max
}

template <class T>
inline scalar_pack<T> abs(scalar_pack<T> a) noexcept {
  return std::abs(a.value);
}
template <class T, class Arch>
inline xsimd::batch<T, Arch> abs(const xsimd::batch<T, Arch>& a) noexcept {
  return xsimd::abs(a);
}

// e^x and tanh x: the <cmath> functions for a scalar pack, xsimd's vectorized ones otherwise. The two are different
// algorithms, so their results may differ in the last bits (tests/unit/simd/pack_test.cpp measures how far).
template <class T>
inline scalar_pack<T> exp(scalar_pack<T> a) noexcept {
  return std::exp(a.value);
}

namespace detail {

// xsimd 8.1 turns double into int64 with a scalar C++ cast where the instruction set has no such conversion (AVX2
// and below), inside exp and tanh; for an infinite or NaN input that cast is undefined behaviour (clang's UBSan
// stops on it). Such a function is called on a finite stand-in instead, clamped to [-limit, limit] where the result
// is already saturated, and a NaN input is put back afterwards. float converts with an instruction: left as it is.
template <class T, class Arch, class Function>
inline xsimd::batch<T, Arch> on_finite_stand_in(const xsimd::batch<T, Arch>& a, T limit, Function function) noexcept {
  if constexpr (std::is_same_v<T, double>) {
    const xsimd::batch_bool<T, Arch> is_nan = a != a;
    using batch = xsimd::batch<T, Arch>;
    const batch finite = xsimd::select(is_nan, batch(T{0}), xsimd::min(xsimd::max(a, batch(-limit)), batch(limit)));
    return xsimd::select(is_nan, a, function(finite));
  } else {
    return function(a);
  }
}

}  // namespace detail

template <class T, class Arch>
inline xsimd::batch<T, Arch> exp(const xsimd::batch<T, Arch>& a) noexcept {
  // Beyond +-750, e^x is 0 or infinite in double.
  return detail::on_finite_stand_in(a, T{750}, [](const auto& x) { return xsimd::exp(x); });
}

template <class T>
inline scalar_pack<T> tanh(scalar_pack<T> a) noexcept {
  return std::tanh(a.value);
}
template <class T, class Arch>
inline xsimd::batch<T, Arch> tanh(const xsimd::batch<T, Arch>& a) noexcept {
  // Beyond +-40, tanh x is +-1 in double.
  return detail::on_finite_stand_in(a, T{40}, [](const auto& x) { return xsimd::tanh(x); });
}

template <class T>
inline scalar_pack<T> sqrt(scalar_pack<T> a) noexcept {
  return std::sqrt(a.value);
}
template <class T, class Arch>
inline xsimd::batch<T, Arch> sqrt(const xsimd::batch<T, Arch>& a) noexcept {
#if defined(__AVX512F__)
  // The zero-masked form with a full mask is the same instruction; _mm512_sqrt_ps starts from
  // _mm512_undefined_ps(), which g++ 12 reports as used uninitialized (GCC bug 105593).
  if constexpr (std::is_base_of_v<xsimd::avx512f, Arch> && std::is_same_v<T, float>)
    return _mm512_maskz_sqrt_ps(0xffff, a);
  else if constexpr (std::is_base_of_v<xsimd::avx512f, Arch> && std::is_same_v<T, double>)
    return _mm512_maskz_sqrt_pd(0xff, a);
  else
#endif
#if XSIMD_WITH_NEON64
  // xsimd 8.1's float square root on NEON is a reciprocal-square-root estimate refined twice; AArch64 has the
  // correctly rounded instruction.
  if constexpr (std::is_base_of_v<xsimd::neon64, Arch> && std::is_same_v<T, float>)
    return vsqrtq_f32(a);
  else
#endif
    return xsimd::sqrt(a);
}

/// Lane by lane, `condition ? when_true : when_false`.
template <class T>
inline scalar_pack<T> select(bool condition, scalar_pack<T> when_true, scalar_pack<T> when_false) noexcept {
  return condition ? when_true : when_false;
}
template <class T, class Arch>
inline xsimd::batch<T, Arch> select(const xsimd::batch_bool<T, Arch>& condition, const xsimd::batch<T, Arch>& when_true,
                                    const xsimd::batch<T, Arch>& when_false) noexcept {
  return xsimd::select(condition, when_true, when_false);
}

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::simd
