#pragma once
// What Keras' model.summary() reports for a model: its trainable and non-trainable parameter counts. Each zoo model
// states the figures of its reference Keras code next to its type, and a static_assert holds the type to them;
// benchmarks/peers/zoo_models.py builds the same models in PyTorch and checks the same figures there.
#include <nnstatic/core/sequential.hpp>

#include <cstddef>

namespace zoo {

struct keras_summary {
  std::size_t trainable = 0;
  std::size_t non_trainable = 0;
};

/// True when `Net` has exactly the trainable parameters and non-trainable state Keras counts.
template <nnstatic::network Net>
constexpr bool summary_matches(keras_summary keras) noexcept {
  return Net::param_count == keras.trainable && Net::state_count == keras.non_trainable;
}

}  // namespace zoo
