#pragma once
/// `pool_stage`: max_pool2d or avg_pool2d of any window, strides and padding vectorized (kernels/pool.hpp), the batch
/// split between threads. It runs the pools a convolution does not absorb (overlapping or padded windows, averages,
/// a pool after a layer other than conv2d). No parameters, no scratch, nothing saved: the max's backward finds its
/// winner again from the stage's input and output, as the layer does.
#include <nnstatic/core/size2d.hpp>
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/kernels/pool.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/simd/abi.hpp>

#include <cstddef>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::fusion {

namespace detail {
template <class Spec>
inline constexpr kernels::pooling pooling_of = kernels::pooling::average;
template <size2d PoolSize, auto... Options>
inline constexpr kernels::pooling pooling_of<max_pool2d<PoolSize, Options...>> = kernels::pooling::maximum;
}  // namespace detail

template <class Arch, class Pool, class Out>
struct pool_stage : memoryless_stage {
  using input_shape = typename Pool::input_shape;
  using output_shape = Out;

  static constexpr std::size_t in_size = input_shape::size;
  static constexpr std::size_t out_size = Out::size;
  template <class T>
  using k = kernels::pool_kernels<Arch, T, Pool, detail::pooling_of<typename Pool::spec>>;

  template <std::size_t Batch, class Team, class T>
  static void forward(const T* /*params*/, const T* x, T* y, T* /*saved*/, std::size_t batch, Team& team,
                      const scratch<T>& /*s*/) noexcept {
    const auto [n0, n1] = share(batch, team.index(), team.size());
    for (std::size_t n = n0; n < n1; ++n) k<T>::forward_image(x + n * in_size, y + n * out_size);
  }

  template <std::size_t Batch, bool PropagateInput, class Team, class T, class Update>
  static void backward(const T* /*params*/, T* /*grad*/, const T* x, const T* y, const T* /*saved*/, const T* dy, T* dx,
                       std::size_t batch, Team& team, const scratch<T>& /*s*/, Update& /*update*/) noexcept {
    if constexpr (PropagateInput) {
      const auto [n0, n1] = share(batch, team.index(), team.size());
      for (std::size_t n = n0; n < n1; ++n)
        k<T>::backward_image(x + n * in_size, y + n * out_size, dy + n * out_size, dx + n * in_size);
    }
  }
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::fusion
