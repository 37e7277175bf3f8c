#pragma once
/// `pointwise_stage`: a 1x1 convolution with stride 1 run as the GEMM it is.
///
/// Over NHWC images, a 1x1 convolution of `C` input channels into `F` filters is one dense layer applied at every
/// pixel: its kernel [1][1][C][F] is a dense kernel [C][F], and a batch of `n` images of h x w pixels is a batch
/// of n h w rows of C values. So this stage is `dense_stage` on n h w rows, with its register-blocked kernels, its
/// activation epilogue and its split between threads, and no window arithmetic at all (MobileNet's and DS-CNN's
/// pointwise layers, ResNet's projections). Strided 1x1 convolutions read a subsampled image and stay convolutions.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/fusion/dense_stage.hpp>
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/simd/abi.hpp>

#include <cstddef>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::fusion {

/// A bound conv2d whose kernel is one pixel and whose output has as many pixels as its input (stride 1).
template <class Conv>
inline constexpr bool is_pointwise_convolution =
    Conv::kernel_height == 1 && Conv::kernel_width == 1 &&
    Conv::out_height == Conv::in_height&& Conv::out_width == Conv::in_width;

template <class Arch, class Conv, class Activation, class Out>
struct pointwise_stage {
  static_assert(is_pointwise_convolution<Conv>, "nnstatic: pointwise_stage runs 1x1 convolutions of stride 1");
  static constexpr std::size_t pixels = Conv::out_height * Conv::out_width;
  using rows =
      dense_stage<Arch, bound_dense<Conv::filters, shape<Conv::in_channels>>, Activation, shape<Conv::filters>>;

  using input_shape = typename Conv::input_shape;
  using output_shape = Out;
  static constexpr std::size_t param_count = Conv::param_count;
  static_assert(param_count == rows::param_count);
  static constexpr std::size_t saved_size = rows::saved_size * pixels;
  static constexpr bool backward_reads_output = rows::backward_reads_output;
  template <std::size_t Batch>
  static constexpr std::size_t scratch_size = rows::template scratch_size<Batch * pixels>;
  template <std::size_t Batch>
  static constexpr std::size_t inference_scratch_size = rows::template inference_scratch_size<Batch * pixels>;

  template <std::size_t Batch, class Team, class T>
  static void forward(const T* params, const T* x, T* y, T* saved, std::size_t batch, Team& team,
                      const scratch<T>& s) noexcept {
    rows::template forward<Batch * pixels>(params, x, y, saved, batch * pixels, team, s);
  }

  template <std::size_t Batch, bool PropagateInput, class Team, class T, class Update>
  static void backward(const T* params, T* grad, const T* x, const T* y, const T* saved, const T* dy, T* dx,
                       std::size_t batch, Team& team, const scratch<T>& s, Update& update) noexcept {
    rows::template backward<Batch * pixels, PropagateInput>(params, grad, x, y, saved, dy, dx, batch * pixels, team, s,
                                                            update);
  }
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::fusion
