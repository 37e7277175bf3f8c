#pragma once
/// `activation_stage`: an element-wise activation that no layer before it takes in (after a batch normalization, an
/// `add`, a layer_stage), run through its pack forms along the whole batch, the samples split between threads.
///
/// The layer itself (layers/detail/elementwise.hpp) is the scalar reference, and its loops do not vectorize: relu's
/// derivative `y > 0 ? 1 : 0` stays a branch per value, and a profile of DS-CNN's training step put a quarter of
/// its time in relu's backward alone. The pack forms are those every fused epilogue runs (kernels/elementwise.hpp),
/// so this stage gives the layer's results bit for bit wherever they are exact (relu, relu6, leaky_relu), and the
/// plain instantiation is the same loop with packs of one.
#include <nnstatic/core/elementwise_activation.hpp>
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/simd/abi.hpp>
#include <nnstatic/simd/loop.hpp>
#include <nnstatic/simd/pack.hpp>

#include <cstddef>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::fusion {

template <class Arch, class Activation, class In, class Out>
struct activation_stage : memoryless_stage {
  using input_shape = In;
  using output_shape = Out;
  /// Each output reads only the input at its own index, so inference may give it one buffer as input and output.
  static constexpr bool runs_in_place = true;
  /// The derivative is written through the output, as the layer's is.
  static constexpr bool backward_reads_input = false;
  static constexpr bool backward_reads_output = true;
  static constexpr std::size_t size = In::size;

  // y = f(x)
  template <std::size_t Batch, class Team, class T>
  static void forward(const T* /*params*/, const T* x, T* y, T* /*saved*/, std::size_t batch, Team& team,
                      const scratch<T>& /*s*/) noexcept {
    const auto [n0, n1] = share(batch, team.index(), team.size());
    simd::for_each_pack<T, Arch>(n0 * size, (n1 - n0) * size, [&]<class P>(std::size_t i) {
      simd::store(y + i, Activation::pack_value(simd::load<P>(x + i)));
    });
  }

  // dx = dy f'(x), with f'(x) written through y = f(x)
  template <std::size_t Batch, bool PropagateInput, class Team, class T, class Update>
  static void backward(const T* /*params*/, T* /*grad*/, const T* /*x*/, const T* y, const T* /*saved*/, const T* dy,
                       T* dx, std::size_t batch, Team& team, const scratch<T>& /*s*/, Update& /*update*/) noexcept {
    if constexpr (PropagateInput) {
      const auto [n0, n1] = share(batch, team.index(), team.size());
      simd::for_each_pack<T, Arch>(n0 * size, (n1 - n0) * size, [&]<class P>(std::size_t i) {
        simd::store(dx + i, simd::load<P>(dy + i) * Activation::pack_derivative(simd::load<P>(y + i)));
      });
    }
  }
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::fusion
