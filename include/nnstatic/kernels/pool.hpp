#pragma once
/// Max and average pooling over windows of any size, strides and padding, one image at a time, forward and
/// backward, vectorized along the channels (NHWC keeps them contiguous).
///
/// Each kernel does what the plain layer does (layers/detail/pool2d.hpp with layers/max_pool2d.hpp or
/// avg_pool2d.hpp) in the same order: a window's pixels row by row, padded ones left out (an average divides by the
/// pixels inside the input), and backward adds each window's share into the input gradient window by window, so
/// that overlapping windows sum in the layer's order. No operation is fused: the results equal the plain layer's
/// bit for bit. The max's backward routes each gradient to the first pixel that holds the maximum by carrying the
/// gradient not yet routed along the window and dropping it at the first hit. `Pool` is the bound layer, read for
/// its geometry only.
#include <nnstatic/simd/loop.hpp>
#include <nnstatic/simd/pack.hpp>

#include <algorithm>
#include <cstddef>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::kernels {

enum class pooling { maximum, average };

template <class Arch, class T, class Pool, pooling Reduction>
struct pool_kernels {
  static constexpr std::size_t channels = Pool::channels;
  static constexpr std::size_t out_height = Pool::out_height;
  static constexpr std::size_t out_width = Pool::out_width;
  static constexpr std::size_t in_size = Pool::input_shape::size;

  // y[oy][ox][c] = max (or mean) of x[iy][ix][c] over the pixels of window (oy, ox) inside the input
  static void forward_image(const T* x, T* y) noexcept {
    for (std::size_t oy = 0; oy < out_height; ++oy)
      for (std::size_t ox = 0; ox < out_width; ++ox) {
        T* out = y + (oy * out_width + ox) * channels;
        if constexpr (Reduction == pooling::maximum)
          simd::for_each_pack<T, Arch, channels>([&]<class P>(std::size_t c) {
            bool first = true;
            P best(T{});
            Pool::for_each_pixel(oy, ox, [&](std::size_t pixel) {
              const P v = simd::load<P>(x + pixel * channels + c);
              best = first ? v : simd::select(v > best, v, best);
              first = false;
            });
            simd::store(out + c, best);
          });
        else {
          const T count = pixels_in(oy, ox);
          simd::for_each_pack<T, Arch, channels>([&]<class P>(std::size_t c) {
            P sum(T{});
            Pool::for_each_pixel(oy, ox,
                                 [&](std::size_t pixel) { sum = sum + simd::load<P>(x + pixel * channels + c); });
            simd::store(out + c, simd::divide(sum, P(count)));
          });
        }
      }
  }

  // max: dx[p][c] = sum over the windows whose first maximum is p of dy[window][c]
  // average: dx[p][c] = sum over the windows holding p of dy[window][c] / (the window's pixels inside the input)
  static void backward_image(const T* x, const T* y, const T* dy, T* dx) noexcept {
    std::fill(dx, dx + in_size, T{});
    for (std::size_t oy = 0; oy < out_height; ++oy)
      for (std::size_t ox = 0; ox < out_width; ++ox) {
        const std::size_t at = (oy * out_width + ox) * channels;
        if constexpr (Reduction == pooling::maximum)
          simd::for_each_pack<T, Arch, channels>([&]<class P>(std::size_t c) {
            const P max = simd::load<P>(y + at + c);
            P unrouted = simd::load<P>(dy + at + c);
            Pool::for_each_pixel(oy, ox, [&](std::size_t pixel) {
              T* to = dx + pixel * channels + c;
              const auto hit = simd::load<P>(x + pixel * channels + c) == max;
              simd::store(to, simd::load<P>(to) + simd::select(hit, unrouted, P(T{})));
              unrouted = simd::select(hit, P(T{}), unrouted);
            });
          });
        else {
          const T count = pixels_in(oy, ox);
          simd::for_each_pack<T, Arch, channels>([&]<class P>(std::size_t c) {
            const P share = simd::divide(simd::load<P>(dy + at + c), P(count));
            Pool::for_each_pixel(oy, ox, [&](std::size_t pixel) {
              T* to = dx + pixel * channels + c;
              simd::store(to, simd::load<P>(to) + share);
            });
          });
        }
      }
  }

 private:
  // The divisor of window (oy, ox)'s mean, counted as the layer counts it.
  static T pixels_in(std::size_t oy, std::size_t ox) noexcept {
    std::size_t count = 0;
    Pool::for_each_pixel(oy, ox, [&](std::size_t) { ++count; });
    return static_cast<T>(count);
  }
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::kernels
