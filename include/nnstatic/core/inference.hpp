#pragma once
/// Inference: the forward fold over a network's layers through two ping-pong buffers.
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>

#include <array>
#include <cstddef>
#include <utility>

namespace nnstatic {

/// The activation memory of inference for up to `BatchCapacity` samples: two buffers the size of the largest
/// layer output. Its `sizeof` is all the memory inference needs besides the parameters.
template <network Net, class T = float, std::size_t BatchCapacity = 1>
struct inference_workspace {
  static constexpr std::size_t batch_capacity = BatchCapacity;
  static constexpr std::size_t buffer_size = BatchCapacity * Net::layers::max_output_size;

  alignas(64) std::array<T, buffer_size> ping{};
  alignas(64) std::array<T, buffer_size> pong{};
};

/// Runs `batch` samples (at most the workspace's capacity) from `x` through the network into `y`.
/// x: (batch, Net::input_shape::size), y: (batch, Net::output_shape::size). No allocation, no dispatch: layer I
/// reads the buffer layer I-1 wrote and writes the other one; the first reads `x`, the last writes `y`.
template <network Net, class T, std::size_t BatchCapacity>
constexpr void infer(const parameters<Net, T>& params, const T* x, T* y, std::size_t batch,
                     inference_workspace<Net, T, BatchCapacity>& workspace) noexcept {
  constexpr std::size_t last = Net::layer_count - 1;
  T* buffers[2] = {workspace.ping.data(), workspace.pong.data()};
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (Net::template layer<I>::forward(params.values.data() + Net::template param_offset<I>,
                                     I == 0 ? x : buffers[(I + 1) % 2], I == last ? y : buffers[I % 2], batch),
     ...);
  }(std::make_index_sequence<Net::layer_count>{});
}

}  // namespace nnstatic
