#pragma once
/// The register-blocked GEMM that dense layers (and the transposed products of their backward pass) run on.
///
///     C (rows x Cols)  =  [C +] A (rows x depth) . B (depth x Cols)
///
/// Every size but `rows` and `depth` is a template argument, so the column tiling and its tails are decided at
/// compile time: full tiles of `Vectors` packs, then one narrower tile for the packs left, then a tile of plain
/// scalars for the columns left over. Rows go in tiles of `Rows`; the rows left over in tiles of halving height. B and
/// C are read along rows (contiguous columns); A may have any strides, which is how the same kernel computes X W, X^T
/// dY and dY W^T.
#include <nnstatic/simd/pack.hpp>
#include <nnstatic/simd/unroll.hpp>  // NNSTATIC_UNROLL

#include <cstddef>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::kernels {

/// The layout of the A operand: element (i, k) is at `a[i * Row + k * Col]`.
template <std::size_t Row, std::size_t Col>
struct strides {
  static constexpr std::size_t row = Row;
  static constexpr std::size_t col = Col;
};

/// The shape of a register tile: `Rows` rows of A broadcast against `Vectors` packs of B.
template <std::size_t Rows, std::size_t Vectors>
struct tile {
  static constexpr std::size_t rows = Rows;
  static constexpr std::size_t vectors = Vectors;
};

/// One register tile: C[i][j] = (accumulate ? C[i][j] : 0) + sum_k A(i, k) B[k][j] for i < Rows and
/// j < Vectors * lanes<P>. Whether to accumulate is a run-time flag: it is read once per tile, and as a template
/// argument it would double the instantiations of every GEMM that uses both.
template <class P, std::size_t Rows, std::size_t Vectors, class AStrides, std::size_t LDB, std::size_t LDC, class T>
inline void gemm_tile(const T* a, const T* b, T* c, std::size_t depth, bool accumulate) noexcept {
  constexpr std::size_t w = simd::lanes<P>;
  P acc[Rows][Vectors];
  NNSTATIC_UNROLL
  for (std::size_t i = 0; i < Rows; ++i) {
    NNSTATIC_UNROLL
    for (std::size_t j = 0; j < Vectors; ++j) acc[i][j] = accumulate ? simd::load<P>(c + i * LDC + j * w) : P(T{});
  }
  for (std::size_t k = 0; k < depth; ++k) {
    const T* bk = b + k * LDB;
    P bv[Vectors];
    NNSTATIC_UNROLL
    for (std::size_t j = 0; j < Vectors; ++j) bv[j] = simd::load<P>(bk + j * w);
    NNSTATIC_UNROLL
    for (std::size_t i = 0; i < Rows; ++i) {
      const P ai(a[i * AStrides::row + k * AStrides::col]);
      NNSTATIC_UNROLL
      for (std::size_t j = 0; j < Vectors; ++j) acc[i][j] = simd::fma(ai, bv[j], acc[i][j]);
    }
  }
  NNSTATIC_UNROLL
  for (std::size_t i = 0; i < Rows; ++i) {
    NNSTATIC_UNROLL
    for (std::size_t j = 0; j < Vectors; ++j) simd::store(c + i * LDC + j * w, acc[i][j]);
  }
}

namespace detail {

/// The largest power of two below `n` (n >= 2), or 1.
constexpr std::size_t half_tile(std::size_t n) noexcept {
  std::size_t h = 1;
  while (2 * h < n) h *= 2;
  return h;
}

/// All `Cols` columns of C for `Height` rows: tiles of `Vectors` packs of P, then a narrower tile for the packs
/// left, then the last columns (fewer than a pack) as plain scalars.
template <class P, std::size_t Height, std::size_t Vectors, std::size_t Cols, class AStrides, std::size_t LDB,
          std::size_t LDC, class T>
inline void gemm_row_tile(const T* a, const T* b, T* c, std::size_t depth, bool accumulate) noexcept {
  constexpr std::size_t w = simd::lanes<P>;
  constexpr std::size_t full_tiles = Cols / (Vectors * w);
  constexpr std::size_t rest_vectors = (Cols - full_tiles * Vectors * w) / w;
  constexpr std::size_t scalars = Cols - full_tiles * Vectors * w - rest_vectors * w;
  for (std::size_t t = 0; t < full_tiles; ++t) {
    const std::size_t col = t * Vectors * w;
    gemm_tile<P, Height, Vectors, AStrides, LDB, LDC>(a, b + col, c + col, depth, accumulate);
  }
  if constexpr (rest_vectors > 0) {
    constexpr std::size_t col = full_tiles * Vectors * w;
    gemm_tile<P, Height, rest_vectors, AStrides, LDB, LDC>(a, b + col, c + col, depth, accumulate);
  }
  if constexpr (scalars > 0) {
    using scalar = simd::pack<T, simd::plain>;
    constexpr std::size_t col = Cols - scalars;
    gemm_tile<scalar, Height, scalars, AStrides, LDB, LDC>(a, b + col, c + col, depth, accumulate);
  }
}

}  // namespace detail

/// C = [C +] A . B for `rows` rows (any count) and `Cols` columns, summing over `depth` (any count); with
/// `accumulate`, C's values are added to, otherwise overwritten.
/// A(i, k) = a[i * AStrides::row + k * AStrides::col]; B[k][j] = b[k * LDB + j]; C[i][j] = c[i * LDC + j].
template <class P, class Tile, std::size_t Cols, class AStrides, std::size_t LDB, std::size_t LDC, class T>
inline void gemm(const T* a, const T* b, T* c, std::size_t rows, std::size_t depth, bool accumulate = false) noexcept {
  std::size_t i = 0;
  for (; i + Tile::rows <= rows; i += Tile::rows)
    detail::gemm_row_tile<P, Tile::rows, Tile::vectors, Cols, AStrides, LDB, LDC>(a + i * AStrides::row, b, c + i * LDC,
                                                                                  depth, accumulate);
  // Fewer than Tile::rows rows are left: they go in tiles of 4, 2 and 1 rows (for 8-row tiles), as the bits of
  // their count say, so the tail costs three instantiations, not seven.
  if constexpr (Tile::rows > 1) {
    constexpr std::size_t height = detail::half_tile(Tile::rows);
    if (rows - i >= height) {
      detail::gemm_row_tile<P, height, Tile::vectors, Cols, AStrides, LDB, LDC>(a + i * AStrides::row, b, c + i * LDC,
                                                                                depth, accumulate);
      i += height;
    }
    if (i < rows)
      gemm<P, tile<height, Tile::vectors>, Cols, AStrides, LDB, LDC>(a + i * AStrides::row, b, c + i * LDC, rows - i,
                                                                     depth, accumulate);
  }
}

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::kernels
