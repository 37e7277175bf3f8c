#pragma once
/// `NNSTATIC_ISA_NAMESPACE`: the name of the inline namespace that holds every part of nnstatic whose code depends
/// on the instruction set it is compiled for (docs/instruction-sets.md), e.g. `isa_avx2_fma` under -march=native on
/// this project's Zen 3 machine, `isa_sse2` under a compiler's defaults on x86-64, `isa_plain_avx2_fma` for the
/// plain kernels (NNSTATIC_SIMD_PLAIN) compiled for AVX2 and FMA.
///
/// Two translation units built with different flags then define different entities (`nnstatic::isa_avx2_fma::
/// trainer<...>` and `nnstatic::isa_sse2::trainer<...>`), so the linker can never keep one translation unit's
/// kernels for the other's calls, while source code keeps spelling `nnstatic::trainer<...>`.
///
/// The name is read from the macros xsimd 8.1 chooses `xsimd::default_arch` by, in xsimd's order of preference
/// (xsimd/config/xsimd_arch.hpp, `all_x86_architectures`, then the ARM ones), so it cannot name another instruction
/// set than the kernels use; simd/arch.hpp checks the two against each other. AVX-512 VNNI, which xsimd does not
/// know, adds `_vnni`: the int8 kernel (quant/int8_gemv.hpp) is chosen by it.
#include <nnstatic/config/requires_cxx20.hpp>

#include <xsimd/config/xsimd_config.hpp>

#define NNSTATIC_DETAIL_CONCAT_TOKENS(a, b) a##b
#define NNSTATIC_DETAIL_CONCAT(a, b) NNSTATIC_DETAIL_CONCAT_TOKENS(a, b)
#define NNSTATIC_DETAIL_STRINGIZE_TOKENS(a) #a
#define NNSTATIC_DETAIL_STRINGIZE(a) NNSTATIC_DETAIL_STRINGIZE_TOKENS(a)

// The instruction set of the compile target as xsimd sees it, as the namespace's suffix; none where xsimd knows none.
#if XSIMD_WITH_AVX512BW && defined(__AVX512VNNI__)
#define NNSTATIC_DETAIL_ISA_SUFFIX _avx512bw_vnni
#elif XSIMD_WITH_AVX512BW
#define NNSTATIC_DETAIL_ISA_SUFFIX _avx512bw
#elif XSIMD_WITH_AVX512DQ
#define NNSTATIC_DETAIL_ISA_SUFFIX _avx512dq
#elif XSIMD_WITH_AVX512CD
#define NNSTATIC_DETAIL_ISA_SUFFIX _avx512cd
#elif XSIMD_WITH_AVX512F
#define NNSTATIC_DETAIL_ISA_SUFFIX _avx512f
#elif XSIMD_WITH_FMA3_AVX2
#define NNSTATIC_DETAIL_ISA_SUFFIX _avx2_fma
#elif XSIMD_WITH_AVX2
#define NNSTATIC_DETAIL_ISA_SUFFIX _avx2
#elif XSIMD_WITH_FMA3_AVX
#define NNSTATIC_DETAIL_ISA_SUFFIX _avx_fma
#elif XSIMD_WITH_AVX
#define NNSTATIC_DETAIL_ISA_SUFFIX _avx
#elif XSIMD_WITH_FMA4
#define NNSTATIC_DETAIL_ISA_SUFFIX _fma4
#elif XSIMD_WITH_FMA3_SSE
#define NNSTATIC_DETAIL_ISA_SUFFIX _sse4_2_fma
#elif XSIMD_WITH_SSE4_2
#define NNSTATIC_DETAIL_ISA_SUFFIX _sse4_2
#elif XSIMD_WITH_SSE4_1
#define NNSTATIC_DETAIL_ISA_SUFFIX _sse4_1
#elif XSIMD_WITH_SSSE3
#define NNSTATIC_DETAIL_ISA_SUFFIX _ssse3
#elif XSIMD_WITH_SSE3
#define NNSTATIC_DETAIL_ISA_SUFFIX _sse3
#elif XSIMD_WITH_SSE2
#define NNSTATIC_DETAIL_ISA_SUFFIX _sse2
#elif XSIMD_WITH_NEON64
#define NNSTATIC_DETAIL_ISA_SUFFIX _neon64
#elif XSIMD_WITH_NEON
#define NNSTATIC_DETAIL_ISA_SUFFIX _neon
#endif

// The plain kernels keep the target in their name too: the compiler vectorizes and contracts plain loops for it,
// so plain code built for AVX2 must not stand in for plain code built for SSE2 either.
#if defined(NNSTATIC_SIMD_PLAIN)
#define NNSTATIC_DETAIL_ISA_PREFIX isa_plain
#else
#define NNSTATIC_DETAIL_ISA_PREFIX isa
#endif

/// The namespace of the instruction set whose suffix is given (`NNSTATIC_ISA_NAMESPACE_FOR(_avx2_fma)`), as a
/// translation unit compiled for it names it: dispatch/ names the namespaces of the other translation units so.
#define NNSTATIC_ISA_NAMESPACE_FOR(suffix) NNSTATIC_DETAIL_CONCAT(NNSTATIC_DETAIL_ISA_PREFIX, suffix)

#if !defined(NNSTATIC_DETAIL_ISA_SUFFIX)
#define NNSTATIC_ISA_NAMESPACE isa_plain
#else
#define NNSTATIC_ISA_NAMESPACE NNSTATIC_ISA_NAMESPACE_FOR(NNSTATIC_DETAIL_ISA_SUFFIX)
#endif
