#pragma once
/// `global_pool_stage`: global_average_pooling2d or global_max_pooling2d vectorized (kernels/global_pool.hpp), the
/// batch split between threads. No parameters, no scratch, nothing saved: the max's backward finds its winner
/// again from the stage's input and output.
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/kernels/global_pool.hpp>
#include <nnstatic/layers/global_max_pooling2d.hpp>
#include <nnstatic/simd/abi.hpp>

#include <cstddef>
#include <type_traits>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::fusion {

template <class Arch, class Pool, class Out>
struct global_pool_stage : memoryless_stage {
  using input_shape = typename Pool::input_shape;
  using output_shape = Out;

  static constexpr bool maximum = std::is_same_v<typename Pool::spec, global_max_pooling2d>;
  /// The average's gradient is dy spread evenly; the maximum's goes to the input that equals the output.
  static constexpr bool backward_reads_input = maximum;
  static constexpr bool backward_reads_output = maximum;
  static constexpr std::size_t in_size = input_shape::size;
  static constexpr std::size_t channels = Pool::channels;
  template <class T>
  using k = kernels::global_pool_kernels<Arch, T, Pool::pixels, channels>;

  template <std::size_t Batch, class Team, class T>
  static void forward(const T* /*params*/, const T* x, T* y, T* /*saved*/, std::size_t batch, Team& team,
                      const scratch<T>& /*s*/) noexcept {
    const auto [n0, n1] = share(batch, team.index(), team.size());
    for (std::size_t n = n0; n < n1; ++n) {
      if constexpr (maximum)
        k<T>::maximum(x + n * in_size, y + n * channels);
      else
        k<T>::average(x + n * in_size, y + n * channels);
    }
  }

  template <std::size_t Batch, bool PropagateInput, class Team, class T, class Update>
  static void backward(const T* /*params*/, T* /*grad*/, const T* x, const T* y, const T* /*saved*/, const T* dy, T* dx,
                       std::size_t batch, Team& team, const scratch<T>& /*s*/, Update& /*update*/) noexcept {
    if constexpr (PropagateInput) {
      const auto [n0, n1] = share(batch, team.index(), team.size());
      for (std::size_t n = n0; n < n1; ++n) {
        if constexpr (maximum)
          k<T>::maximum_backward(x + n * in_size, y + n * channels, dy + n * channels, dx + n * in_size);
        else
          k<T>::average_backward(dy + n * channels, dx + n * in_size);
      }
    }
  }
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::fusion
