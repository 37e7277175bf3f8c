#pragma once
/// The instruction set nnstatic's kernels are compiled for, chosen once, at compile time.
///
/// `simd::native` is the widest xsimd architecture the compiler flags allow (with -march=native on an AVX-512
/// machine, `xsimd::avx512bw`: 16 floats a register). `simd::plain` is the scalar reference: every kernel is
/// written once over a `pack<T, Arch>` and instantiated with both, and the tests compare the two. Defining
/// NNSTATIC_SIMD_PLAIN makes the plain path the one the library runs.
#include <nnstatic/config/requires_cxx20.hpp>

#include <xsimd/xsimd.hpp>

#include <string_view>
#include <type_traits>

namespace nnstatic::simd {

/// The scalar path: packs of one value, plain C++ arithmetic (with std::fma where the kernels fuse).
struct plain {
  static constexpr std::string_view name() noexcept { return "plain"; }
};

#if defined(NNSTATIC_SIMD_PLAIN)
using native = plain;
#else
/// The kernels' architecture; xsimd's `unavailable` (a target without any SIMD it knows) means plain.
using native = std::conditional_t<xsimd::default_arch::supported(), xsimd::default_arch, plain>;
#endif

template <class Arch>
inline constexpr bool is_plain = std::is_same_v<Arch, plain>;

/// True when `Arch` computes a*b+c with one rounding, as std::fma does; then a kernel instantiated with `Arch`
/// and with `plain` gives the same bits. AArch64 always has the fused vfmaq, which xsimd 8.1's neon64 uses for
/// float and double.
template <class Arch>
inline constexpr bool fuses_multiply_add =
    is_plain<Arch> || std::is_base_of_v<xsimd::fma3<xsimd::sse4_2>, Arch> ||
    std::is_base_of_v<xsimd::fma3<xsimd::avx>, Arch> || std::is_base_of_v<xsimd::fma3<xsimd::avx2>, Arch> ||
    std::is_base_of_v<xsimd::avx512f, Arch> || std::is_base_of_v<xsimd::neon64, Arch>;

}  // namespace nnstatic::simd
