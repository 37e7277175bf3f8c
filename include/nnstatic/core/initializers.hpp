#pragma once
/// Keras' default initialization: Glorot-uniform kernels and zero biases, seeded and the same on every platform.
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/random.hpp>

#include <cstddef>
#include <cstdint>
#include <utility>

namespace nnstatic {

/// Sets every layer's parameters and state to their initial values: Keras' defaults, Glorot-uniform kernels
/// (limit = sqrt(6 / (fan_in + fan_out)), Glorot and Bengio, 2010) and zero biases, or what a layer's own
/// `initialize` sets (core/layer_protocol.hpp). Layers are drawn in order from one generator seeded with `seed`.
template <network Net, class T>
void glorot_uniform(parameters<Net, T>& params, std::uint64_t seed) {
  random_engine rng(seed);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (initialize_layer<typename Net::template layer<I>>(params.values.data() + Net::template param_offset<I>,
                                                       params.state.data() + Net::template state_offset<I>, rng),
     ...);
  }(std::make_index_sequence<Net::layer_count>{});
}

}  // namespace nnstatic
