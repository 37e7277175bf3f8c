#pragma once
/// The dense layer's three products on compile-time shapes, single-threaded; the fused stage
/// (fusion/dense_stage.hpp) splits them across threads.
///
///     forward          Y  (rows x Units)   = X (rows x Inputs) . W (Inputs x Units)       over a range of Inputs
///     weight gradient  dW (block x Units)  = X[:, block]^T . dY                            per block of W's rows
///     input gradient   dX[:, block]        = dY . W[block, :]^T                            per block of W's rows
///
/// The backward pass walks W in blocks of `block_rows` rows: each block is transposed once (16 x 16 tiles in
/// registers) into a 16 KB scratch, and the input-gradient GEMM reads it from L1; then the block's weight gradient.
#include <nnstatic/kernels/gemm.hpp>
#include <nnstatic/kernels/register_tiles.hpp>
#include <nnstatic/kernels/transpose.hpp>
#include <nnstatic/simd/pack.hpp>

#include <algorithm>
#include <cstddef>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::kernels {

template <class Arch, std::size_t Inputs, std::size_t Units>
struct dense_kernels {
  /// Rows of W per backward block: a multiple of 16 (the in-register transpose), 16 KB of W^T in floats.
  static constexpr std::size_t block_rows = 32;
  static constexpr std::size_t full_blocks = Inputs / block_rows;
  static constexpr std::size_t tail_rows = Inputs % block_rows;
  static constexpr std::size_t blocks = full_blocks + (tail_rows != 0 ? 1 : 0);
  /// Inputs per pass of the forward GEMM: a 128 KB slab of W for 128 units, which stays in L2 while every row
  /// tile of X runs over it.
  static constexpr std::size_t depth_chunk = 256;
  /// Rows of x and dy per pass of a weight-gradient GEMM over `Rows` of W's rows: about 128 KB of their columns, so
  /// that every tile of dW runs over them from L2. A single pass over DS-CNN's 8000 pixel rows streamed x and dy
  /// from L3 again for each of the 44 tiles of its 64 x 64 dW.
  template <std::size_t Rows>
  static constexpr std::size_t weight_depth_chunk = std::max<std::size_t>(16, 32768 / (Rows + Units));

  // Register tiles (rows x packs) for Arch's register count (kernels/register_tiles.hpp).
  using forward_tile = typename register_tiles<Arch>::dense_forward;
  using single_row_tile = typename register_tiles<Arch>::dense_single_row;
  using weight_tile = typename register_tiles<Arch>::dense_weight_gradient;
  using input_tile = typename register_tiles<Arch>::dense_input_gradient;

  /// y (rows x Units) = x[:, first:last] . W[first:last, :]   (overwrites y; y = 0 when first == last)
  template <class T>
  static void forward_partial(const T* x, const T* w, T* y, std::size_t rows, std::size_t first,
                              std::size_t last) noexcept {
    using P = simd::pack<T, Arch>;
    if (first == last) {
      std::fill(y, y + rows * Units, T{});
      return;
    }
    for (std::size_t k = first; k < last; k += depth_chunk) {
      const std::size_t depth = std::min(depth_chunk, last - k);
      // One sample streams W once with a row of packs of accumulators; a batch reuses each row of W across the
      // rows of a tile.
      if (rows == 1)
        gemm<P, single_row_tile, Units, strides<Inputs, 1>, Units, Units>(x + k, w + k * Units, y, 1, depth, k != first);
      else
        gemm<P, forward_tile, Units, strides<Inputs, 1>, Units, Units>(x + k, w + k * Units, y, rows, depth, k != first);
    }
  }

  /// For W's rows [first, first + Rows): dW[first.., :] = x[:, first..]^T dy, and with PropagateInput
  /// dx[:, first..] = dy W[first.., :]^T, using `wt` (Units x Rows) as scratch. dy: rows x Units.
  template <std::size_t Rows, bool PropagateInput, class T>
  static void backward_rows(const T* x, const T* w, const T* dy, T* dx, T* dw, T* wt, std::size_t rows,
                            std::size_t first) noexcept {
    using P = simd::pack<T, Arch>;
    if constexpr (PropagateInput) {
      transpose<Arch, Rows, Units, Units, Rows>(w + first * Units, wt);
      gemm<P, input_tile, Rows, strides<Units, 1>, Rows, Inputs>(dy, wt, dx + first, rows, Units);
    }
    // Each pass adds to the sums of the passes before it through C, in the same order as one pass: the same bits.
    constexpr std::size_t chunk = weight_depth_chunk<Rows>;
    std::size_t r = 0;
    do {
      const std::size_t depth = std::min(chunk, rows - r);
      gemm<P, weight_tile, Units, strides<1, Inputs>, Units, Units>(x + r * Inputs + first, dy + r * Units,
                                                                     dw + first * Units, Rows, depth, r != 0);
      r += depth;
    } while (r < rows);
  }

  /// Block `b` of W's rows (block_rows of them, fewer for the last when Inputs is not a multiple).
  template <bool PropagateInput, class T>
  static void backward_block(std::size_t b, const T* x, const T* w, const T* dy, T* dx, T* dw, T* wt,
                             std::size_t rows) noexcept {
    if constexpr (tail_rows != 0)
      if (b == full_blocks) {
        backward_rows<tail_rows, PropagateInput>(x, w, dy, dx, dw, wt, rows, b * block_rows);
        return;
      }
    backward_rows<block_rows, PropagateInput>(x, w, dy, dx, dw, wt, rows, b * block_rows);
  }

  /// First row of W in block b, and one past its last.
  static constexpr std::size_t block_begin(std::size_t b) noexcept { return b * block_rows; }
  static constexpr std::size_t block_end(std::size_t b) noexcept { return std::min(Inputs, (b + 1) * block_rows); }
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::kernels
