#pragma once
/// Keras' default initialization: Glorot-uniform kernels and zero biases, seeded and the same on every platform.
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace nnstatic {

/// Initializes one bound layer's parameters, `Layer::param_count` values at `params`. A layer that knows its own
/// initialization declares `static void initialize(T* params, random_engine& rng)` (a block initializes the
/// layers it holds, in order, with this same function); any other layer with parameters is a kernel followed by
/// a bias: the kernel from U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)) (Glorot and Bengio, 2010), the
/// bias zero.
template <class Layer, class T>
void initialize_layer(T* params, random_engine& rng) {
  if constexpr (requires { Layer::initialize(params, rng); }) {
    Layer::initialize(params, rng);
  } else if constexpr (Layer::param_count > 0) {
    const double limit = std::sqrt(6.0 / static_cast<double>(Layer::fan_in + Layer::fan_out));
    for (std::size_t i = 0; i < Layer::kernel_size; ++i) params[i] = static_cast<T>(rng.uniform(-limit, limit));
    for (std::size_t i = Layer::kernel_size; i < Layer::param_count; ++i) params[i] = T{};
  }
}

/// Fills every kernel with Glorot-uniform values and every bias with zero (see `initialize_layer`). Layers are
/// drawn in order from one generator seeded with `seed`.
template <network Net, class T>
void glorot_uniform(parameters<Net, T>& params, std::uint64_t seed) {
  random_engine rng(seed);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (initialize_layer<typename Net::template layer<I>>(params.values.data() + Net::template param_offset<I>, rng), ...);
  }
  (std::make_index_sequence<Net::layer_count>{});
}

}  // namespace nnstatic
