#pragma once
/// Inference: the forward fold over a network's execution plan through one arena planned by liveness
/// (core/activation_plan.hpp).
///
/// A network with batch normalization runs fastest folded: each batch normalization that follows a dense, conv2d
/// or depthwise_conv2d becomes part of that layer's kernel and bias (fusion/fold_batch_normalization.hpp), so
/// conv2d, batch_normalization, relu is one fused convolution stage. `inference_parameters<Net>` holds the folded
/// parameters, folded once when it is given the trained ones; `infer` on it runs `folded_network<Net>`'s plan in the
/// same workspace as `infer` on the `parameters<Net>` themselves, which runs every layer as written:
///
///     auto weights = std::make_unique<inference_parameters<net>>(trained);   // folds, once
///     infer(*weights, x, y, batch, workspace);                               // no batch normalization left
#include <nnstatic/core/activation_plan.hpp>
#include <nnstatic/core/inference_status.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/fold_batch_normalization.hpp>
#include <nnstatic/fusion/plan.hpp>
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/simd/abi.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace nnstatic::detail::inline NNSTATIC_ISA_NAMESPACE {

template <class Stage>
constexpr bool stage_runs_in_place() {
  if constexpr (requires { Stage::runs_in_place; })
    return Stage::runs_in_place;
  else
    return false;
}

/// The arena plans of a network's inference: over its fused stages (at run time) and over its plain layers (in a
/// constant expression), each for `Batch` samples.
template <network Net, std::size_t Batch>
struct inference_plans {
  using stages = fusion::plan<Net>;
  static constexpr auto fused = []<std::size_t... I>(std::index_sequence<I...>) {
    return plan_activations<stages::size>({Batch * stages::template at<I>::output_shape::size...},
                                          {stage_runs_in_place<typename stages::template at<I>>()...});
  }
  (std::make_index_sequence<stages::size>{});
  static constexpr auto plain = []<std::size_t... I>(std::index_sequence<I...>) {
    return plan_activations<Net::layer_count>({Batch * Net::template layer<I>::output_shape::size...},
                                              {runs_in_place<typename Net::template layer<I>>...});
  }
  (std::make_index_sequence<Net::layer_count>{});
  /// The scratch of the fused kernels (the plain layers that run in a constant expression allocate theirs).
  static constexpr std::size_t scratch_size = stages::template inference_scratch_size<Batch>;
};

}  // namespace nnstatic::detail::NNSTATIC_ISA_NAMESPACE

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE {

/// The activation memory of inference for up to `BatchCapacity` samples: one arena for the activations, planned by
/// liveness (core/activation_plan.hpp), and the scratch of the kernels (a zero-bordered image for 'same'
/// convolutions). Its `sizeof` is all the memory inference needs besides the parameters. It runs `Net` as written
/// and folded (`inference_parameters<Net>`): each buffer is the larger of the two plans' (the folded plan's is
/// rarely larger, having fewer stages).
template <network Net, class T = float, std::size_t BatchCapacity = 1>
struct inference_workspace {
  static constexpr std::size_t batch_capacity = BatchCapacity;
  using plans = detail::inference_plans<Net, BatchCapacity>;
  using folded_plans = detail::inference_plans<folded_network<Net>, BatchCapacity>;
  static constexpr std::size_t arena_size = std::max({std::size_t{1}, plans::fused.size, folded_plans::fused.size});
  /// The scratch of the fused kernels.
  static constexpr std::size_t scratch_size =
      std::max({std::size_t{1}, plans::scratch_size, folded_plans::scratch_size});

  alignas(64) std::array<T, arena_size> arena{};
  alignas(64) std::array<T, scratch_size> scratch{};
};

/// A network's parameters as inference runs them: those of `folded_network<Net>`, each batch normalization that
/// follows a dense, conv2d or depthwise_conv2d folded into that layer. The fold is done when the trained parameters
/// are given (the constructor, `assign`), never by `infer`. Like `parameters`, it is large: keep it on the heap or
/// in static storage.
template <network Net, class T = float>
struct inference_parameters {
  /// The network `infer` runs on these parameters.
  using network = folded_network<Net>;

  parameters<network, T> folded{};

  inference_parameters() = default;
  explicit inference_parameters(const parameters<Net, T>& trained) { assign(trained); }

  /// Folds `trained` (parameters and moving statistics) into `folded`; call it again after they change.
  void assign(const parameters<Net, T>& trained) { fold_batch_normalization(trained, folded); }
};

/// The bytes of inference's memory for `BatchCapacity` samples besides the parameters, for a budget's
/// `static_assert`.
template <network Net, std::size_t BatchCapacity = 1, class T = float>
inline constexpr std::size_t inference_bytes = sizeof(inference_workspace<Net, T, BatchCapacity>);

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE

namespace nnstatic::detail::inline NNSTATIC_ISA_NAMESPACE {

/// The forward fold over `Net`'s plan, through `arena` and `scratch` (an inference_workspace's, large enough for it).
template <network Net, std::size_t BatchCapacity, class T>
constexpr inference_status run_plan(const parameters<Net, T>& params, const T* x, T* y, std::size_t batch, T* arena,
                                    T* scratch) noexcept {
  using plans = inference_plans<Net, BatchCapacity>;
  if (std::is_constant_evaluated()) {
    // The plain layers' plan, whose arena (the convolution's whole output, before pooling) and scratch (a block's
    // backward buffers count in it) need not be paid for at run time: a constant expression may allocate, if it
    // frees what it allocates.
    T* const plain_arena = new T[std::max(std::size_t{1}, plans::plain.size)]{};
    T* const plain_scratch = new T[std::max(std::size_t{1}, batch * Net::layers::max_scratch_size)]{};
    constexpr std::size_t last = Net::layer_count - 1;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (run_inference<typename Net::template layer<I>>(inference_args<T>{
           params.values.data() + Net::template param_offset<I>, params.state.data() + Net::template state_offset<I>,
           I == 0 ? x : plain_arena + plans::plain.offset[I == 0 ? 0 : I - 1],
           I == last ? y : plain_arena + plans::plain.offset[I], plain_scratch, batch}),
       ...);
    }
    (std::make_index_sequence<Net::layer_count>{});
    delete[] plain_scratch;
    delete[] plain_arena;
    return inference_status::ok;
  }
  using stages = fusion::plan<Net>;
  constexpr std::size_t last = stages::size - 1;
  fusion::solo_team team;
  const fusion::scratch<T> s{scratch, 0};
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          using stage = typename stages::template at<I>;
          const T* p = params.values.data() + Net::template param_offset<stage::first_layer>;
          const T* in = I == 0 ? x : arena + plans::fused.offset[I == 0 ? 0 : I - 1];
          T* out = I == last ? y : arena + plans::fused.offset[I];
          if constexpr (fusion::contextual_stage<stage>)
            stage::template forward<BatchCapacity>(
                p, in, out, static_cast<T*>(nullptr), batch, team, s,
                fusion::inference_context<T>{params.state.data() + Net::template state_offset<stage::first_layer>});
          else
            stage::template forward<BatchCapacity>(p, in, out, static_cast<T*>(nullptr), batch, team, s);
        }(),
        ...);
  }
  (std::make_index_sequence<stages::size>{});
  return inference_status::ok;
}

template <std::size_t BatchCapacity>
constexpr inference_status check_call(const void* x, const void* y, std::size_t batch) noexcept {
  if (batch == 0) return inference_status::empty_batch;
  if (batch > BatchCapacity) return inference_status::batch_too_large;
  if (x == nullptr) return inference_status::null_input;
  if (y == nullptr) return inference_status::null_output;
  return inference_status::ok;
}

}  // namespace nnstatic::detail::NNSTATIC_ISA_NAMESPACE

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE {

/// Runs `batch` samples (1 to the workspace's capacity) from `x` through the network into `y`, every layer as
/// written (batch normalization as a stage of its own; see `inference_parameters` for the folded network).
/// x: (batch, Net::input_shape::size), y: (batch, Net::output_shape::size). No allocation, no dispatch: stage I
/// reads what stage I-1 wrote in the arena and writes where the plan says; the first reads `x`, the last writes `y`.
/// In a constant expression it folds over the plain layers instead (the fused kernels use SIMD intrinsics).
/// Usable without exceptions: a batch the workspace cannot hold, an empty one or a null pointer is reported, in
/// every build, as a status other than `ok`, and then nothing has been read or written.
template <network Net, class T, std::size_t BatchCapacity>
constexpr inference_status infer(const parameters<Net, T>& params, const T* x, T* y, std::size_t batch,
                                 inference_workspace<Net, T, BatchCapacity>& workspace) noexcept {
  if (const inference_status status = detail::check_call<BatchCapacity>(x, y, batch); status != inference_status::ok)
    return status;
  return detail::run_plan<Net, BatchCapacity>(params, x, y, batch, workspace.arena.data(), workspace.scratch.data());
}

/// The same on the folded parameters: `folded_network<Net>`'s plan, in the workspace of `Net`. The outputs are
/// those of `infer` on the trained parameters, up to float rounding.
template <network Net, class T, std::size_t BatchCapacity>
constexpr inference_status infer(const inference_parameters<Net, T>& params, const T* x, T* y, std::size_t batch,
                                 inference_workspace<Net, T, BatchCapacity>& workspace) noexcept {
  if (const inference_status status = detail::check_call<BatchCapacity>(x, y, batch); status != inference_status::ok)
    return status;
  return detail::run_plan<folded_network<Net>, BatchCapacity>(params.folded, x, y, batch, workspace.arena.data(),
                                                              workspace.scratch.data());
}

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE
