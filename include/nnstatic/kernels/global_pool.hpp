#pragma once
/// Global average and global max pooling, one image at a time, forward and backward, vectorized along the channels
/// (NHWC keeps them contiguous).
///
/// Each kernel does what the plain layer does (layers/global_average_pooling2d.hpp, global_max_pooling2d.hpp) in the
/// same order, pixel by pixel, with no fused operation: the results equal the plain layer's bit for bit. The max's
/// backward routes each gradient to the first pixel that holds the maximum by carrying the gradient not yet routed
/// along the pixels and dropping it at the first hit.
#include <nnstatic/simd/loop.hpp>
#include <nnstatic/simd/pack.hpp>

#include <cstddef>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::kernels {

template <class Arch, class T, std::size_t Pixels, std::size_t Channels>
struct global_pool_kernels {
  // y[c] = sum_p x[p][c] / Pixels
  static void average(const T* x, T* y) noexcept {
    simd::for_each_pack<T, Arch, Channels>([&]<class P>(std::size_t c) {
      P sum(T{});
      for (std::size_t p = 0; p < Pixels; ++p) sum = sum + simd::load<P>(x + p * Channels + c);
      simd::store(y + c, simd::divide(sum, P(static_cast<T>(Pixels))));
    });
  }

  // dx[p][c] = dy[c] / Pixels
  static void average_backward(const T* dy, T* dx) noexcept {
    simd::for_each_pack<T, Arch, Channels>([&]<class P>(std::size_t c) {
      const P share = simd::divide(simd::load<P>(dy + c), P(static_cast<T>(Pixels)));
      for (std::size_t p = 0; p < Pixels; ++p) simd::store(dx + p * Channels + c, share);
    });
  }

  // y[c] = max_p x[p][c]
  static void maximum(const T* x, T* y) noexcept {
    simd::for_each_pack<T, Arch, Channels>([&]<class P>(std::size_t c) {
      P best = simd::load<P>(x + c);
      for (std::size_t p = 1; p < Pixels; ++p) {
        const P v = simd::load<P>(x + p * Channels + c);
        best = simd::select(v > best, v, best);
      }
      simd::store(y + c, best);
    });
  }

  // dx[p][c] = dy[c] at the first p where x[p][c] == y[c], 0 elsewhere
  static void maximum_backward(const T* x, const T* y, const T* dy, T* dx) noexcept {
    simd::for_each_pack<T, Arch, Channels>([&]<class P>(std::size_t c) {
      const P max = simd::load<P>(y + c);
      P unrouted = simd::load<P>(dy + c);
      for (std::size_t p = 0; p < Pixels; ++p) {
        const auto hit = simd::load<P>(x + p * Channels + c) == max;
        simd::store(dx + p * Channels + c, simd::select(hit, unrouted, P(T{})));
        unrouted = simd::select(hit, P(T{}), unrouted);
      }
    });
  }
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::kernels
