#pragma once
/// `conv_stage`: conv2d with its activation and max pool fused (kernels/conv_pool.hpp), the batch split between
/// threads.
///
/// Each thread convolves its own images. Backward, each adds its images' weight gradient into its own scratch;
/// after a barrier the per-thread gradients are summed in thread order and handed to the optimizer.
#include <nnstatic/core/size2d.hpp>
#include <nnstatic/fusion/padded_image.hpp>
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/kernels/conv_pool.hpp>
#include <nnstatic/kernels/elementwise.hpp>
#include <nnstatic/layers/detail/pool2d.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/simd/abi.hpp>

#include <algorithm>
#include <cstddef>
#include <type_traits>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::fusion {

/// A max pool that the convolution before it absorbs: any window and any strides, rectangular or not, as long as
/// its windows lie inside the convolution's output (no padding, or 'same' where none is needed) and do not
/// overlap. The kernels would compute overlapping windows right, but each shared convolution output once per
/// window: such a pool runs as its own stage after the convolution.
template <class Pool>
inline constexpr bool absorbable_pool = false;
template <size2d PoolSize, auto... Options, class In>
inline constexpr bool absorbable_pool<nnstatic::detail::bound_pool2d<max_pool2d<PoolSize, Options...>, In>> = [] {
  using pool = nnstatic::detail::bound_pool2d<max_pool2d<PoolSize, Options...>, In>;
  using spec = max_pool2d<PoolSize, Options...>;
  return pool::rows::pad_total == 0 && pool::cols::pad_total == 0 && spec::stride_height >= spec::window_height &&
         spec::stride_width >= spec::window_width;
}();

namespace detail {
/// What the kernels are told of an absorbed pool (`void`: none).
template <class Pool>
struct kernel_pool {
  using type = void;
};
template <class Spec, class In>
struct kernel_pool<nnstatic::detail::bound_pool2d<Spec, In>> {
  using type = kernels::max_pool_window<size2d{Spec::window_height, Spec::window_width}, Spec::stride_size>;
};
}  // namespace detail

template <class Arch, class Conv, class Activation, class Pool, class Out>
struct conv_stage {
  using input_shape = typename Conv::input_shape;
  using output_shape = Out;
  static constexpr std::size_t param_count = Conv::param_count;
  static constexpr std::size_t in_size = input_shape::size;
  static constexpr std::size_t out_size = Out::size;
  /// Backward needs each pooled value's winning window position; the activation's derivative is read from y.
  static constexpr std::size_t saved_size = std::is_void_v<Pool> ? 0 : out_size;
  static constexpr bool backward_reads_output = !std::is_void_v<Activation>;

  template <class T>
  using k = kernels::conv_pool_kernels<Arch, T, Conv, Activation, typename detail::kernel_pool<Pool>::type>;
  template <class T>
  using image = padded_image<T, in_size, k<T>::padded ? k<T>::buffer_size : 0, k<T>::pad, k<T>::crop>;
  static_assert(std::is_void_v<Pool> || absorbable_pool<Pool>, "nnstatic: this max pool cannot be fused");
  static_assert(k<float>::out_size == out_size, "nnstatic: conv_stage's output must be the pooled convolution");

 private:
  // Per-thread scratch: padded image (first, all that inference needs), padded input gradient, transposed
  // kernel, routed gradients, partial parameter gradient.
  static constexpr std::size_t buffer = k<float>::padded ? whole_lines(k<float>::buffer_size) : 0;
  static constexpr std::size_t din_offset = buffer;
  static constexpr std::size_t kernel_t_offset = din_offset + buffer;
  static constexpr std::size_t routed_offset = kernel_t_offset + whole_lines(Conv::kernel_size);
  static constexpr std::size_t grad_offset =
      routed_offset + whole_lines(std::max(k<float>::routed_size, k<double>::routed_size));

 public:
  template <std::size_t Batch>
  static constexpr std::size_t scratch_size = grad_offset + whole_lines(param_count);
  template <std::size_t Batch>
  static constexpr std::size_t inference_scratch_size = buffer;

  template <std::size_t Batch, class Team, class T>
  static void forward(const T* params, const T* x, T* y, T* saved, std::size_t batch, Team& team,
                      const scratch<T>& s) noexcept {
    using kk = k<T>;
    const auto [n0, n1] = share(batch, team.index(), team.size());
    const image<T> images(s.of(team.index()));
    for (std::size_t n = n0; n < n1; ++n)
      kk::forward_image(images.read(x + n * in_size), params, params + Conv::kernel_size, y + n * out_size,
                        saved == nullptr || saved_size == 0 ? nullptr : saved + n * saved_size);
  }

  template <std::size_t Batch, bool PropagateInput, class Team, class T, class Update>
  static void backward(const T* params, T* grad, const T* x, const T* y, const T* saved, const T* dy, T* dx,
                       std::size_t batch, Team& team, const scratch<T>& s, Update& update) noexcept {
    using kk = k<T>;
    const std::size_t t = team.index(), threads = team.size();
    const auto [n0, n1] = share(batch, t, threads);
    T* part = threads == 1 ? grad : s.of(t) + grad_offset;
    std::fill(part, part + param_count, T{});
    const image<T> images(s.of(t), s.of(t) + din_offset);
    T* kernel_t = s.of(t) + kernel_t_offset;
    if constexpr (PropagateInput) kk::transpose_kernel(params, kernel_t);
    for (std::size_t n = n0; n < n1; ++n) {
      T* din = nullptr;
      if constexpr (PropagateInput) din = images.gradient(dx + n * in_size);
      kk::backward_image(images.read(x + n * in_size), y + n * out_size,
                         saved_size == 0 ? nullptr : saved + n * saved_size, dy + n * out_size, part,
                         part + Conv::kernel_size, kernel_t, s.of(t) + routed_offset, din);
      if constexpr (PropagateInput) images.fold_gradient(dx + n * in_size);
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
