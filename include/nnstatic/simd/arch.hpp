#pragma once
/// The instruction set nnstatic's kernels are compiled for, chosen once, at compile time.
///
/// `simd::native` is the widest xsimd architecture the compiler flags allow (with -march=native on an AVX-512
/// machine, `xsimd::avx512bw`: 16 floats a register). `simd::plain` is the scalar reference: every kernel is
/// written once over a `pack<T, Arch>` and instantiated with both, and the tests compare the two. Defining
/// NNSTATIC_SIMD_PLAIN makes the plain path the one the library runs.
///
/// Like every part of nnstatic whose code depends on the instruction set, these live in the inline namespace
/// NNSTATIC_ISA_NAMESPACE (simd/abi.hpp), which is checked below to name the same instruction set as `native`.
#include <nnstatic/config/requires_cxx20.hpp>
#include <nnstatic/simd/abi.hpp>

#include <xsimd/xsimd.hpp>

#include <string_view>
#include <type_traits>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::simd {

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

namespace detail {

/// The suffix simd/abi.hpp gives xsimd's architecture `Arch` (xsimd's own names have '+' and '.').
template <class Arch>
constexpr std::string_view isa_suffix() noexcept {
  constexpr std::string_view names[][2] = {
      {"avx512bw", "_avx512bw"},      {"avx512dq", "_avx512dq"}, {"avx512cd", "_avx512cd"}, {"avx512f", "_avx512f"},
      {"fma3+avx2", "_avx2_fma"},     {"avx2", "_avx2"},         {"fma3+avx", "_avx_fma"},  {"avx", "_avx"},
      {"fma4", "_fma4"},              {"fma3+sse4.2", "_sse4_2_fma"}, {"sse4.2", "_sse4_2"}, {"sse4.1", "_sse4_1"},
      {"ssse3", "_ssse3"},            {"sse3", "_sse3"},         {"sse2", "_sse2"},         {"arm64+neon", "_neon64"},
      {"arm32+neon", "_neon"}};
  if constexpr (Arch::supported()) {
    for (const auto& [xsimd_name, suffix] : names)
      if (xsimd_name == Arch::name()) return suffix;
    return "(an architecture simd/abi.hpp does not know)";
  } else {
    return "";
  }
}

/// Whether `ns` is `stem`, then the suffix of the target's architecture, then `extension`.
constexpr bool spells(std::string_view ns, std::string_view stem, std::string_view suffix,
                      std::string_view extension) noexcept {
  return ns.starts_with(stem) && ns.substr(stem.size()).starts_with(suffix) &&
         ns.substr(stem.size() + suffix.size()) == extension;
}

#if defined(__AVX512VNNI__)
inline constexpr bool target_has_avx512_vnni = std::is_same_v<xsimd::default_arch, xsimd::avx512bw>;
#else
inline constexpr bool target_has_avx512_vnni = false;
#endif

}  // namespace detail

/// The inline namespace's name, as `nm -C` shows it in a symbol: `isa_avx2_fma` in
/// `nnstatic::isa_avx2_fma::kernels::gemm<...>`.
inline constexpr std::string_view isa_namespace = NNSTATIC_DETAIL_STRINGIZE(NNSTATIC_ISA_NAMESPACE);

static_assert(detail::spells(isa_namespace, is_plain<native> ? "isa_plain" : "isa",
                             detail::isa_suffix<xsimd::default_arch>(), detail::target_has_avx512_vnni ? "_vnni" : ""),
              "nnstatic: NNSTATIC_ISA_NAMESPACE (simd/abi.hpp) must name the instruction set of simd::native and of "
              "xsimd::default_arch; simd/abi.hpp and xsimd's choice of architecture disagree");

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::simd
