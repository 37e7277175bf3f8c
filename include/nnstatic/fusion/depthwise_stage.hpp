#pragma once
/// `depthwise_stage`: depthwise_conv2d with its activation (any element-wise one, or none) fused
/// (kernels/depthwise.hpp), the batch split between threads.
///
/// Each thread convolves its own images. Backward, each adds its images' parameter gradient into its own scratch;
/// after a barrier the per-thread gradients are summed in thread order and handed to the optimizer. The activation's
/// derivative is read from the stage's output, so nothing is saved for backward.
#include <nnstatic/fusion/padded_image.hpp>
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/kernels/depthwise.hpp>
#include <nnstatic/kernels/elementwise.hpp>
#include <nnstatic/simd/abi.hpp>

#include <algorithm>
#include <cstddef>
#include <type_traits>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::fusion {

template <class Arch, class Depthwise, kernels::fusable_activation Activation, class Out>
struct depthwise_stage {
  using input_shape = typename Depthwise::input_shape;
  using output_shape = Out;
  static constexpr std::size_t param_count = Depthwise::param_count;
  static constexpr std::size_t kernel_size = Depthwise::kernel_size;
  static constexpr std::size_t in_size = input_shape::size;
  static constexpr std::size_t out_size = Out::size;
  static constexpr std::size_t saved_size = 0;
  /// The activation's derivative is read from y; without one, backward needs x alone.
  static constexpr bool backward_reads_output = !std::is_void_v<Activation>;

  template <class T>
  using k = kernels::depthwise_kernels<Arch, T, Depthwise, Activation>;
  template <class T>
  using image = padded_image<T, in_size, k<T>::expands ? k<T>::buffer_size : 0, k<T>::expand, k<T>::collapse>;
  static_assert(k<float>::out_size == out_size, "nnstatic: depthwise_stage's output must be the convolution's");

 private:
  // Per-thread scratch: the expanded image (first, all that inference needs), its gradient, the partial parameter
  // gradient.
  static constexpr std::size_t buffer = k<float>::expands ? whole_lines(k<float>::buffer_size) : 0;
  static constexpr std::size_t din_offset = buffer;
  static constexpr std::size_t grad_offset = din_offset + buffer;

 public:
  template <std::size_t Batch>
  static constexpr std::size_t scratch_size = grad_offset + whole_lines(param_count);
  template <std::size_t Batch>
  static constexpr std::size_t inference_scratch_size = buffer;

  template <std::size_t Batch, class Team, class T>
  static void forward(const T* params, const T* x, T* y, T* /*saved*/, std::size_t batch, Team& team,
                      const scratch<T>& s) noexcept {
    using kk = k<T>;
    const auto [n0, n1] = share(batch, team.index(), team.size());
    const image<T> images(s.of(team.index()));
    for (std::size_t n = n0; n < n1; ++n)
      kk::forward_image(images.read(x + n * in_size), params, params + kernel_size, y + n * out_size);
  }

  template <std::size_t Batch, bool PropagateInput, class Team, class T, class Update>
  static void backward(const T* params, T* grad, const T* x, const T* y, const T* /*saved*/, const T* dy, T* dx,
                       std::size_t batch, Team& team, const scratch<T>& s, Update& update) noexcept {
    using kk = k<T>;
    const std::size_t t = team.index(), threads = team.size();
    const auto [n0, n1] = share(batch, t, threads);
    T* part = threads == 1 ? grad : s.of(t) + grad_offset;
    std::fill(part, part + param_count, T{});
    const image<T> images(s.of(t), s.of(t) + din_offset);
    for (std::size_t n = n0; n < n1; ++n) {
      T* din = nullptr;
      if constexpr (PropagateInput) din = kk::writes_dx ? dx + n * in_size : images.written_gradient(dx + n * in_size);
      kk::backward_image(images.read(x + n * in_size), y + n * out_size, dy + n * out_size, params, part,
                         part + kernel_size, din);
      if constexpr (PropagateInput && !kk::writes_dx) images.fold_gradient(dx + n * in_size);
    }
    if (threads == 1) {
      update(0, param_count);
      return;
    }
    team.sync();
    const auto [p0, p1] = share(param_count, t, threads);
    kernels::sum_parts<Arch>(grad, s.of(0) + grad_offset, s.stride, threads, p0, p1 - p0);
    update(p0, p1 - p0);
  }
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::fusion
