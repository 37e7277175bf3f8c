// Twin of instruction_set_unit_mismatch.cpp: the unit named for the instruction set this build's flags give (the
// common ones; a build for another set names none, and nothing is checked).
#include <nnstatic/simd/abi.hpp>

#if defined(NNSTATIC_SIMD_PLAIN)
#elif XSIMD_WITH_AVX512BW && defined(__AVX512VNNI__)
#define NNSTATIC_INSTRUCTION_SET_UNIT avx512bw_vnni
#elif XSIMD_WITH_AVX512F
#elif XSIMD_WITH_FMA3_AVX2
#define NNSTATIC_INSTRUCTION_SET_UNIT avx2_fma
#elif XSIMD_WITH_AVX
#elif XSIMD_WITH_SSE3
#elif XSIMD_WITH_SSE2
#define NNSTATIC_INSTRUCTION_SET_UNIT sse2
#elif XSIMD_WITH_NEON64
#define NNSTATIC_INSTRUCTION_SET_UNIT neon64
#endif
#include <nnstatic/dispatch/compile.hpp>

int main() { return 0; }
