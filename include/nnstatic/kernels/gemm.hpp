#pragma once
/// The register-blocked GEMM that dense layers (and the transposed products of their backward pass) run on.
///
///     C (rows x Cols)  =  [C +] A (rows x depth) . B (depth x Cols)
///
/// Every size but `rows` and `depth` is a template argument, so the column tiling and its tails are decided at
/// compile time: full tiles of `Vectors` packs, then one narrower tile for the packs left, then a tile of plain
/// scalars for the columns left over. Rows go in tiles of `Rows`; the last, shorter tile dispatches once to the
/// instantiation for its height. B and C are read along rows (contiguous columns); A may have any strides, which
/// is how the same kernel computes X W, X^T dY and dY W^T.
#include <nnstatic/simd/pack.hpp>
#include <nnstatic/simd/unroll.hpp>

#include <cstddef>

namespace nnstatic::kernels {

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

/// One register tile: C[i][j] = (Accumulate ? C[i][j] : 0) + sum_k A(i, k) B[k][j] for i < Rows and
/// j < Vectors * lanes<P>.
template <class P, std::size_t Rows, std::size_t Vectors, class AStrides, std::size_t LDB, std::size_t LDC,
          bool Accumulate, class T>
inline void gemm_tile(const T* a, const T* b, T* c, std::size_t depth) noexcept {
  constexpr std::size_t w = simd::lanes<P>;
  P acc[Rows][Vectors];
  NNSTATIC_UNROLL for (std::size_t i = 0; i < Rows; ++i)
    NNSTATIC_UNROLL for (std::size_t j = 0; j < Vectors; ++j)
      acc[i][j] = Accumulate ? simd::load<P>(c + i * LDC + j * w) : P(T{});
  for (std::size_t k = 0; k < depth; ++k) {
    const T* bk = b + k * LDB;
    P bv[Vectors];
    NNSTATIC_UNROLL for (std::size_t j = 0; j < Vectors; ++j) bv[j] = simd::load<P>(bk + j * w);
    NNSTATIC_UNROLL for (std::size_t i = 0; i < Rows; ++i) {
      const P ai(a[i * AStrides::row + k * AStrides::col]);
      NNSTATIC_UNROLL for (std::size_t j = 0; j < Vectors; ++j) acc[i][j] = simd::fma(ai, bv[j], acc[i][j]);
    }
  }
  NNSTATIC_UNROLL for (std::size_t i = 0; i < Rows; ++i)
    NNSTATIC_UNROLL for (std::size_t j = 0; j < Vectors; ++j) simd::store(c + i * LDC + j * w, acc[i][j]);
}

namespace detail {

/// Calls f(std::integral_constant<size_t, r>{}) for the runtime 0 < r < Max: the one instantiation per height.
template <std::size_t Max, class F>
inline void with_height(std::size_t r, F&& f) noexcept {
  simd::unroll<Max>([&](auto h) {
    if constexpr (h.value > 0)
      if (h.value == r) f(h);
  });
}

/// Columns [Col0, Col0 + Count) of C in tiles of `Vectors` packs of P, the rest in narrower tiles, the last
/// columns (fewer than a pack) as plain scalars. `Height` rows starting at the given row.
template <class P, std::size_t Height, std::size_t Vectors, std::size_t Col0, std::size_t Count, class AStrides,
          std::size_t LDB, std::size_t LDC, bool Accumulate, class T>
inline void gemm_row_tile(const T* a, const T* b, T* c, std::size_t depth) noexcept {
  constexpr std::size_t w = simd::lanes<P>;
  constexpr std::size_t full_tiles = Count / (Vectors * w);
  constexpr std::size_t rest_vectors = (Count - full_tiles * Vectors * w) / w;
  constexpr std::size_t scalars = Count - full_tiles * Vectors * w - rest_vectors * w;
  for (std::size_t t = 0; t < full_tiles; ++t) {
    const std::size_t col = Col0 + t * Vectors * w;
    gemm_tile<P, Height, Vectors, AStrides, LDB, LDC, Accumulate>(a, b + col, c + col, depth);
  }
  if constexpr (rest_vectors > 0) {
    constexpr std::size_t col = Col0 + full_tiles * Vectors * w;
    gemm_tile<P, Height, rest_vectors, AStrides, LDB, LDC, Accumulate>(a, b + col, c + col, depth);
  }
  if constexpr (scalars > 0) {
    using scalar = simd::pack<T, simd::plain>;
    constexpr std::size_t col = Col0 + Count - scalars;
    gemm_tile<scalar, Height, scalars, AStrides, LDB, LDC, Accumulate>(a, b + col, c + col, depth);
  }
}

}  // namespace detail

/// C = [C +] A . B for `rows` rows (any count) and `Cols` columns, summing over `depth` (any count).
/// A(i, k) = a[i * AStrides::row + k * AStrides::col]; B[k][j] = b[k * LDB + j]; C[i][j] = c[i * LDC + j].
template <class P, class Tile, std::size_t Cols, class AStrides, std::size_t LDB, std::size_t LDC, bool Accumulate,
          class T>
inline void gemm(const T* a, const T* b, T* c, std::size_t rows, std::size_t depth) noexcept {
  std::size_t i = 0;
  for (; i + Tile::rows <= rows; i += Tile::rows)
    detail::gemm_row_tile<P, Tile::rows, Tile::vectors, 0, Cols, AStrides, LDB, LDC, Accumulate>(a + i * AStrides::row,
                                                                                                 b, c + i * LDC, depth);
  if (i < rows)
    detail::with_height<Tile::rows>(rows - i, [&](auto height) {
      detail::gemm_row_tile<P, height.value, Tile::vectors, 0, Cols, AStrides, LDB, LDC, Accumulate>(
          a + i * AStrides::row, b, c + i * LDC, depth);
    });
}

}  // namespace nnstatic::kernels
