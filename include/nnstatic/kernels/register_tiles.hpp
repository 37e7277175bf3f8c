#pragma once
/// `register_tiles<Arch>`: the shapes of the kernels' register tiles, a property of the instruction set.
///
/// A tile keeps its accumulators in vector registers and needs a few more for its operands (a pack of B per column
/// of packs, one broadcast of A); when they do not all fit, the compiler spills accumulators to the stack on every
/// step of the depth loop. AVX-512 and AArch64 have 32 vector registers, AVX, AVX2 and SSE on x86-64 have 16, so
/// the tiles tuned for AVX-512 (8 x 3 = 24 accumulators) spill there; each gets tiles that fit its own registers.
/// Fused multiply-adds have a latency of about 4 cycles at 2 a cycle, so a tile needs at least 8 independent
/// accumulators to keep the units busy: 12 on 16 registers leaves room for 3 operand packs and a broadcast.
#include <nnstatic/kernels/gemm.hpp>
#include <nnstatic/simd/arch.hpp>

#include <xsimd/xsimd.hpp>

#include <cstddef>
#include <type_traits>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::kernels {

/// Vector registers the compiler may allocate for `Arch`'s packs. The plain path counts the 16 scalar floating-point
/// registers of x86-64 (its tiles matter for its speed only: every tile shape sums in the same order).
template <class Arch>
inline constexpr std::size_t vector_registers =
    std::is_base_of_v<xsimd::avx512f, Arch> || std::is_base_of_v<xsimd::neon64, Arch> ? 32 : 16;

template <class Arch>
struct register_tiles {
  static constexpr std::size_t registers = vector_registers<Arch>;
  static constexpr bool wide = registers >= 32;

  // The dense GEMMs (kernels/dense.hpp), measured on AVX-512 (docs/performance.md): the forward and
  // weight-gradient GEMMs reach 105-110 GFLOP/s with 8 x 3, the input gradient's short depth (Units) favours 8 x 2.
  // With 16 registers, 6 x 2 (12 accumulators, 2 packs of B, a broadcast): DS-CNN's pointwise forward 80 GFLOP/s
  // with AVX2, 53 with 4 x 3 (bench_runtime_kernels_zoo_convolutions).
  using dense_forward = std::conditional_t<wide, tile<8, 3>, tile<6, 2>>;
  using dense_weight_gradient = std::conditional_t<wide, tile<8, 3>, tile<6, 2>>;
  using dense_input_gradient = std::conditional_t<wide, tile<8, 2>, tile<6, 2>>;
  /// One row streams its weights once: as many packs of accumulators as leave room for their operands.
  using dense_single_row = std::conditional_t<wide, tile<1, 8>, tile<1, 6>>;

  /// Accumulators of a direct convolution's tile (kernels/conv_pool.hpp): windows side by side x filter packs.
  static constexpr std::size_t convolution_accumulators = wide ? 16 : 12;
  /// The GEMMs of a convolution's backward (kernels/conv_pool.hpp): weight gradient (rows of input channels x
  /// packs of filters) and input gradient (output pixels x packs of input channels).
  using convolution_weight_gradient = std::conditional_t<wide, tile<8, 3>, tile<6, 2>>;
  using convolution_input_gradient = std::conditional_t<wide, tile<8, 2>, tile<6, 2>>;
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::kernels
