#pragma once
/// The element-wise pieces the fused stages wrap around their GEMMs and convolutions: a bias and activation
/// epilogue that also sums per-thread partial results in a fixed order, and the activation's mask on a gradient.
#include <nnstatic/core/elementwise_activation.hpp>
#include <nnstatic/simd/loop.hpp>
#include <nnstatic/simd/pack.hpp>

#include <cstddef>
#include <type_traits>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::kernels {

/// Activations the fused kernels apply themselves: any element-wise activation, or none (`void`).
template <class Activation>
concept fusable_activation = std::is_void_v<Activation> || elementwise_activation<Activation>;

/// y[r][j] = act(bias[j] + part_0[r][j] + part_1[r][j] + ...) for r < rows, j < Width, where part_t starts at
/// partials + t * partial_stride (row stride Width). The parts are added in order, so the result depends on the
/// number of parts but never on timing. `y` may be part_0.
template <class Arch, fusable_activation Activation, std::size_t Width, class T>
inline void bias_activation(T* y, const T* bias, const T* partials, std::size_t partial_stride, std::size_t parts,
                            std::size_t rows) noexcept {
  for (std::size_t r = 0; r < rows; ++r)
    simd::for_each_pack<T, Arch, Width>([&]<class P>(std::size_t j) {
      P sum = simd::load<P>(bias + j);
      for (std::size_t t = 0; t < parts; ++t) sum = sum + simd::load<P>(partials + t * partial_stride + r * Width + j);
      if constexpr (!std::is_void_v<Activation>) sum = Activation::pack_value(sum);
      simd::store(y + r * Width + j, sum);
    });
}

/// dz = dy * act'(z), written through the activation's output y (for relu: dy where y > 0, 0 elsewhere).
template <class Arch, fusable_activation Activation, std::size_t Width, class T>
inline void activation_gradient(T* dz, const T* y, const T* dy, std::size_t rows) noexcept {
  for (std::size_t r = 0; r < rows; ++r)
    simd::for_each_pack<T, Arch, Width>([&]<class P>(std::size_t j) {
      const std::size_t at = r * Width + j;
      if constexpr (std::is_void_v<Activation>)
        simd::store(dz + at, simd::load<P>(dy + at));
      else
        simd::store(dz + at, simd::load<P>(dy + at) * Activation::pack_derivative(simd::load<P>(y + at)));
    });
}

/// sum[j] = sum over r < rows of a[r][j], rows in order (a bias gradient).
template <class Arch, std::size_t Width, class T>
inline void column_sums(T* sum, const T* a, std::size_t rows) noexcept {
  simd::for_each_pack<T, Arch, Width>([&]<class P>(std::size_t j) {
    P s(T{});
    for (std::size_t r = 0; r < rows; ++r) s = s + simd::load<P>(a + r * Width + j);
    simd::store(sum + j, s);
  });
}

/// out[i] = part_0[i] + part_1[i] + ... for i in [first, first + count): per-thread gradients summed in thread order.
template <class Arch, class T>
inline void sum_parts(T* out, const T* partials, std::size_t partial_stride, std::size_t parts, std::size_t first,
                      std::size_t count) noexcept {
  simd::for_each_pack<T, Arch>(first, count, [&]<class P>(std::size_t i) {
    P s = simd::load<P>(partials + i);
    for (std::size_t t = 1; t < parts; ++t) s = s + simd::load<P>(partials + t * partial_stride + i);
    simd::store(out + i, s);
  });
}

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::kernels
