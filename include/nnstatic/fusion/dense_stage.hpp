#pragma once
/// `dense_stage`: a dense layer with its activation (any element-wise one, or none) in the GEMM's epilogue, forward
/// and backward, across a team of threads.
///
/// A large layer (the reference network's 5408 x 128) is split by W's rows: each thread owns a contiguous run of
/// 32-row blocks, so it reads only its share of the weights, computes that share's gradient with no reduction at
/// all, and then runs the optimizer over its rows in one streaming pass. Its forward products are partial sums over
/// the thread's inputs, added in thread order in the epilogue. A small layer is split by samples instead, and its
/// per-thread weight gradients are summed in thread order.
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/kernels/dense.hpp>
#include <nnstatic/kernels/elementwise.hpp>
#include <nnstatic/kernels/transpose.hpp>
#include <nnstatic/simd/abi.hpp>

#include <algorithm>
#include <cstddef>
#include <type_traits>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::fusion {

template <class Arch, class Dense, class Activation, class Out>
struct dense_stage {
  static_assert(kernels::fusable_activation<Activation>,
                "nnstatic: dense_stage fuses an element-wise activation (core/elementwise_activation.hpp) or none");

  static constexpr std::size_t inputs = Dense::inputs;
  static constexpr std::size_t units = Dense::output_shape::size;
  using input_shape = typename Dense::input_shape;
  using output_shape = Out;
  static constexpr std::size_t param_count = Dense::param_count;
  static constexpr std::size_t kernel_size = Dense::kernel_size;
  static constexpr std::size_t saved_size = 0;
  /// The activation's derivative is read from y; without one, backward needs x alone.
  static constexpr bool backward_reads_output = !std::is_void_v<Activation>;

  using k = kernels::dense_kernels<Arch, inputs, units>;

  /// Split by W's rows when the weights are large (their traffic dominates) and there are blocks to share.
  static constexpr bool split_weights = kernel_size >= 16384 && k::blocks >= 4;

 private:
  // Per-thread scratch layout.
  template <std::size_t Batch>
  static constexpr std::size_t activation_part = whole_lines(Batch * units);              // partial Y, or masked dY
  static constexpr std::size_t transposed_rows = split_weights ? k::block_rows : inputs;  // W^T: units x this
  template <std::size_t Batch>
  static constexpr std::size_t wt_offset = 2 * activation_part<Batch>;
  template <std::size_t Batch>
  static constexpr std::size_t grad_offset = wt_offset<Batch> + whole_lines(units * transposed_rows);

 public:
  template <std::size_t Batch>
  static constexpr std::size_t scratch_size = grad_offset<Batch> + (split_weights ? 0 : whole_lines(param_count));
  /// A team of one writes its products straight into y.
  template <std::size_t Batch>
  static constexpr std::size_t inference_scratch_size = 0;

  // y = act(x W + b)      x: (batch, inputs)  W: (inputs, units)  y: (batch, units)
  template <std::size_t Batch, class Team, class T>
  static void forward(const T* params, const T* x, T* y, T* /*saved*/, std::size_t batch, Team& team,
                      const scratch<T>& s) noexcept {
    const T* w = params;
    const T* bias = params + kernel_size;
    const std::size_t t = team.index(), threads = team.size();
    if constexpr (split_weights) {
      const auto [b0, b1] = share(k::blocks, t, threads);
      T* part = threads == 1 ? y : s.of(t);
      k::forward_partial(x, w, part, batch, k::block_begin(b0), b0 == b1 ? k::block_begin(b0) : k::block_end(b1 - 1));
      team.sync();
      const auto [r0, r1] = share(batch, t, threads);
      const T* parts = (threads == 1 ? y : s.of(0)) + r0 * units;
      kernels::bias_activation<Arch, Activation, units>(y + r0 * units, bias, parts, s.stride, threads, r1 - r0);
    } else {
      const auto [r0, r1] = share(batch, t, threads);
      k::forward_partial(x + r0 * inputs, w, y + r0 * units, r1 - r0, 0, inputs);
      kernels::bias_activation<Arch, Activation, units>(y + r0 * units, bias, y + r0 * units, 0, 1, r1 - r0);
    }
  }

  // dz = dy act'(z);  dW = x^T dz;  db = sum dz;  dx = dz W^T
  template <std::size_t Batch, bool PropagateInput, class Team, class T, class Update>
  static void backward(const T* params, T* grad, const T* x, const T* y, const T* /*saved*/, const T* dy, T* dx,
                       std::size_t batch, Team& team, const scratch<T>& s, Update& update) noexcept {
    const T* w = params;
    const std::size_t t = team.index(), threads = team.size();
    T* dz = s.of(t) + activation_part<Batch>;
    T* wt = s.of(t) + wt_offset<Batch>;
    if constexpr (split_weights) {
      // Every thread needs all of dz; making its own copy is cheaper than a barrier.
      kernels::activation_gradient<Arch, Activation, units>(dz, y, dy, batch);
      const auto [b0, b1] = share(k::blocks, t, threads);
      for (std::size_t b = b0; b < b1; ++b)
        k::template backward_block<PropagateInput>(b, x, w, dz, dx, grad, wt, batch);
      // The optimizer then streams over this thread's rows in one pass. Updating each block right after its GEMMs,
      // while it is in L1, measured slower: the update's traffic then stalls the GEMMs instead of streaming.
      if (b1 > b0) update(k::block_begin(b0) * units, (k::block_end(b1 - 1) - k::block_begin(b0)) * units);
      if (t == threads - 1) {
        kernels::column_sums<Arch, units>(grad + kernel_size, dz, batch);
        update(kernel_size, units);
      }
    } else {
      const auto [r0, r1] = share(batch, t, threads);
      const std::size_t rows = r1 - r0;
      kernels::activation_gradient<Arch, Activation, units>(dz, y + r0 * units, dy + r0 * units, rows);
      T* part = threads == 1 ? grad : s.of(t) + grad_offset<Batch>;
      // dx is null when the input gradient is not propagated: no offset may be applied to it.
      T* const dx_rows = PropagateInput ? dx + r0 * inputs : nullptr;
      k::template backward_rows<inputs, PropagateInput>(x + r0 * inputs, w, dz, dx_rows, part, wt, rows, 0);
      kernels::column_sums<Arch, units>(part + kernel_size, dz, rows);
      if (threads == 1) {
        update(0, param_count);
        return;
      }
      team.sync();
      const auto [p0, p1] = share(param_count, t, threads);
      kernels::sum_parts<Arch>(grad, s.of(0) + grad_offset<Batch>, s.stride, threads, p0, p1 - p0);
      update(p0, p1 - p0);
    }
  }
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::fusion
