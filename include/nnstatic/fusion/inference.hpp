#pragma once
/// Inference: the forward fold over a network's execution plan through two ping-pong buffers.
#include <nnstatic/core/inference_status.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/plan.hpp>
#include <nnstatic/fusion/stage.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace nnstatic {

/// The activation memory of inference for up to `BatchCapacity` samples: two buffers the size of the largest
/// layer output, and the scratch of the fused kernels (a zero-bordered image for 'same' convolutions). Its
/// `sizeof` is all the memory inference needs besides the parameters.
template <network Net, class T = float, std::size_t BatchCapacity = 1>
struct inference_workspace {
  static constexpr std::size_t batch_capacity = BatchCapacity;
  static constexpr std::size_t buffer_size = BatchCapacity * Net::layers::max_output_size;
  /// The scratch of the fused kernels, or of the plain layers that run in a constant expression, whichever is larger.
  static constexpr std::size_t scratch_size = std::max({std::size_t{1},
                                                        fusion::plan<Net>::template inference_scratch_size<BatchCapacity>,
                                                        BatchCapacity * Net::layers::max_scratch_size});

  alignas(64) std::array<T, buffer_size> ping{};
  alignas(64) std::array<T, buffer_size> pong{};
  alignas(64) std::array<T, scratch_size> scratch{};
};

/// Runs `batch` samples (1 to the workspace's capacity) from `x` through the network into `y`.
/// x: (batch, Net::input_shape::size), y: (batch, Net::output_shape::size). No allocation, no dispatch: stage I
/// reads the buffer stage I-1 wrote and writes the other one; the first reads `x`, the last writes `y`.
/// In a constant expression it folds over the plain layers instead (the fused kernels use SIMD intrinsics).
/// Usable without exceptions: a batch the workspace cannot hold, an empty one or a null pointer is reported, in
/// every build, as a status other than `ok`, and then nothing has been read or written.
template <network Net, class T, std::size_t BatchCapacity>
constexpr inference_status infer(const parameters<Net, T>& params, const T* x, T* y, std::size_t batch,
                                 inference_workspace<Net, T, BatchCapacity>& workspace) noexcept {
  if (batch == 0) return inference_status::empty_batch;
  if (batch > BatchCapacity) return inference_status::batch_too_large;
  if (x == nullptr) return inference_status::null_input;
  if (y == nullptr) return inference_status::null_output;
  T* buffers[2] = {workspace.ping.data(), workspace.pong.data()};
  if (std::is_constant_evaluated()) {
    constexpr std::size_t last = Net::layer_count - 1;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (run_inference<typename Net::template layer<I>>(inference_args<T>{
           params.values.data() + Net::template param_offset<I>, params.state.data() + Net::template state_offset<I>,
           I == 0 ? x : buffers[(I + 1) % 2], I == last ? y : buffers[I % 2], workspace.scratch.data(), batch}),
       ...);
    }(std::make_index_sequence<Net::layer_count>{});
    return inference_status::ok;
  }
  using stages = fusion::plan<Net>;
  constexpr std::size_t last = stages::size - 1;
  fusion::solo_team team;
  const fusion::scratch<T> s{workspace.scratch.data(), 0};
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          using stage = typename stages::template at<I>;
          const T* p = params.values.data() + Net::template param_offset<stage::first_layer>;
          const T* in = I == 0 ? x : buffers[(I + 1) % 2];
          T* out = I == last ? y : buffers[I % 2];
          if constexpr (fusion::contextual_stage<stage>)
            stage::template forward<BatchCapacity>(
                p, in, out, static_cast<T*>(nullptr), batch, team, s,
                fusion::inference_context<T>{params.state.data() + Net::template state_offset<stage::first_layer>});
          else
            stage::template forward<BatchCapacity>(p, in, out, static_cast<T*>(nullptr), batch, team, s);
        }(),
        ...);
  }(std::make_index_sequence<stages::size>{});
  return inference_status::ok;
}

}  // namespace nnstatic
