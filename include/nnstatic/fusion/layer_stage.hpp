#pragma once
/// `layer_stage`: any layer run as it is written in include/nnstatic/layers, its batch split between threads.
///
/// This is the plan's fallback (softmax, sigmoid, tanh, avg_pool2d, a max_pool2d the convolution cannot absorb,
/// a leading flatten). A layer with parameters gets per-thread gradients, summed in thread order.
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/kernels/elementwise.hpp>

#include <algorithm>
#include <cstddef>

namespace nnstatic::fusion {

template <class Arch, class Layer, class Out>
struct layer_stage {
  using input_shape = typename Layer::input_shape;
  using output_shape = Out;
  using layer = Layer;
  static constexpr std::size_t param_count = Layer::param_count;
  static constexpr std::size_t saved_size = 0;
  template <std::size_t Batch>
  static constexpr std::size_t scratch_size = whole_lines(param_count);
  template <std::size_t Batch>
  static constexpr std::size_t inference_scratch_size = 0;

  static constexpr std::size_t in = input_shape::size;
  static constexpr std::size_t out = Out::size;

  template <std::size_t Batch, class Team, class T>
  static void forward(const T* params, const T* x, T* y, T* /*saved*/, std::size_t batch, Team& team,
                      const scratch<T>& /*s*/) noexcept {
    const auto [r0, r1] = share(batch, team.index(), team.size());
    if (r1 > r0) Layer::forward(params, x + r0 * in, y + r0 * out, r1 - r0);
  }

  template <std::size_t Batch, bool PropagateInput, class Team, class T, class Update>
  static void backward(const T* params, T* grad, const T* x, const T* y, const T* /*saved*/, const T* dy, T* dx,
                       std::size_t batch, Team& team, const scratch<T>& s, Update& update) noexcept {
    const std::size_t t = team.index(), threads = team.size();
    const auto [r0, r1] = share(batch, t, threads);
    T* part = s.of(t);
    if constexpr (param_count > 0) std::fill(part, part + param_count, T{});
    if (r1 > r0)
      Layer::template backward<PropagateInput>(params, part, x + r0 * in, y + r0 * out, dy + r0 * out, dx + r0 * in,
                                               r1 - r0);
    if constexpr (param_count > 0) {
      team.sync();
      const auto [p0, p1] = share(param_count, t, threads);
      kernels::sum_parts<Arch>(grad, s.of(0), s.stride, threads, p0, p1 - p0);
      update(p0, p1 - p0);
    }
  }
};

}  // namespace nnstatic::fusion
