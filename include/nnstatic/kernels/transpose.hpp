#pragma once
/// `transpose<Arch, Rows, Cols, LDI, LDO>(in, out)`: out[j][i] = in[i][j], the sizes known at compile time.
///
/// The dense layer's input gradient dY W^T runs as a GEMM on W transposed block by block; with AVX-512 and
/// floats, 16 x 16 blocks are transposed in registers (64 shuffles for 256 values), the edges value by value.
#include <nnstatic/simd/arch.hpp>
#include <nnstatic/simd/unroll.hpp>

#include <cstddef>
#include <type_traits>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::kernels {

#if defined(__AVX512F__)
namespace detail {

/// One 16 x 16 block of floats: rows of `in` (stride ldi) become rows of `out` (stride ldo).
inline void transpose_16x16(const float* in, std::size_t ldi, float* out, std::size_t ldo) noexcept {
  // Fully unrolled so that r and t live in the 32 registers; as plain loops, g++ -O2 keeps them on the stack.
  // The zero-masked forms with a full mask compile to the plain instructions; the plain intrinsics start from
  // _mm512_undefined_ps(), which g++ 12 reports as used uninitialized (GCC bug 105593).
  constexpr __mmask16 all = 0xffff;
  __m512 r[16], t[16];
  NNSTATIC_UNROLL
  for (std::size_t i = 0; i < 16; ++i) r[i] = _mm512_loadu_ps(in + i * ldi);
  NNSTATIC_UNROLL
  for (std::size_t i = 0; i < 16; i += 2) {
    t[i] = _mm512_maskz_unpacklo_ps(all, r[i], r[i + 1]);
    t[i + 1] = _mm512_maskz_unpackhi_ps(all, r[i], r[i + 1]);
  }
  NNSTATIC_UNROLL
  for (std::size_t i = 0; i < 16; i += 4) {
    r[i] = _mm512_maskz_shuffle_ps(all, t[i], t[i + 2], 0x44);
    r[i + 1] = _mm512_maskz_shuffle_ps(all, t[i], t[i + 2], 0xee);
    r[i + 2] = _mm512_maskz_shuffle_ps(all, t[i + 1], t[i + 3], 0x44);
    r[i + 3] = _mm512_maskz_shuffle_ps(all, t[i + 1], t[i + 3], 0xee);
  }
  NNSTATIC_UNROLL
  for (std::size_t i = 0; i < 4; ++i) {
    t[i] = _mm512_maskz_shuffle_f32x4(all, r[i], r[i + 4], 0x88);
    t[i + 4] = _mm512_maskz_shuffle_f32x4(all, r[i], r[i + 4], 0xdd);
    t[i + 8] = _mm512_maskz_shuffle_f32x4(all, r[i + 8], r[i + 12], 0x88);
    t[i + 12] = _mm512_maskz_shuffle_f32x4(all, r[i + 8], r[i + 12], 0xdd);
  }
  NNSTATIC_UNROLL
  for (std::size_t i = 0; i < 8; ++i) {
    r[i] = _mm512_maskz_shuffle_f32x4(all, t[i], t[i + 8], 0x88);
    r[i + 8] = _mm512_maskz_shuffle_f32x4(all, t[i], t[i + 8], 0xdd);
  }
  NNSTATIC_UNROLL
  for (std::size_t i = 0; i < 16; ++i) _mm512_storeu_ps(out + i * ldo, r[i]);
}
}  // namespace detail
#endif

/// out[j * LDO + i] = in[i * LDI + j] for i < Rows, j < Cols.
template <class Arch, std::size_t Rows, std::size_t Cols, std::size_t LDI, std::size_t LDO, class T>
inline void transpose(const T* in, T* out) noexcept {
#if defined(__AVX512F__)
  if constexpr (std::is_same_v<T, float> && std::is_base_of_v<xsimd::avx512f, Arch>) {
    constexpr std::size_t row_blocks = Rows / 16, col_blocks = Cols / 16;
    for (std::size_t bi = 0; bi < row_blocks; ++bi)
      for (std::size_t bj = 0; bj < col_blocks; ++bj)
        detail::transpose_16x16(in + bi * 16 * LDI + bj * 16, LDI, out + bj * 16 * LDO + bi * 16, LDO);
    // The edges: columns right of the blocks in the block rows, then the rows below them.
    for (std::size_t i = 0; i < row_blocks * 16; ++i)
      for (std::size_t j = col_blocks * 16; j < Cols; ++j) out[j * LDO + i] = in[i * LDI + j];
    for (std::size_t i = row_blocks * 16; i < Rows; ++i)
      for (std::size_t j = 0; j < Cols; ++j) out[j * LDO + i] = in[i * LDI + j];
    return;
  }
#endif
  for (std::size_t i = 0; i < Rows; ++i)
    for (std::size_t j = 0; j < Cols; ++j) out[j * LDO + i] = in[i * LDI + j];
}

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::kernels
