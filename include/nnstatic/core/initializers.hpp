#pragma once
/// Keras' default initialization: Glorot-uniform kernels and zero biases, seeded and the same on every platform.
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace nnstatic {

/// Fills every kernel with U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)) (Glorot and Bengio, 2010), and
/// every bias with zero. Layers are drawn in order from one generator seeded with `seed`.
template <network Net, class T>
void glorot_uniform(parameters<Net, T>& params, std::uint64_t seed) {
  random_engine rng(seed);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          using layer = typename Net::template layer<I>;
          if constexpr (layer::param_count > 0) {
            const double limit = std::sqrt(6.0 / static_cast<double>(layer::fan_in + layer::fan_out));
            for (T& w : params.template kernel<I>()) w = static_cast<T>(rng.uniform(-limit, limit));
            for (T& b : params.template bias<I>()) b = T{};
          }
        }(),
        ...);
  }(std::make_index_sequence<Net::layer_count>{});
}

}  // namespace nnstatic
