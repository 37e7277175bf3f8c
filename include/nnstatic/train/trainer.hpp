#pragma once
/// `trainer<Net, Loss, Optimizer, BatchCapacity>`: one training step is forward, loss, backward, update.
///
/// The step runs the network's execution plan (fusion/plan.hpp: convolution, relu and pooling fused; dense and
/// relu fused; softmax folded into the loss) on a persistent pool of threads. Every thread runs the whole step
/// on its share of each stage: the convolution splits the batch, the large dense layer splits its weights,
/// small layers split the batch again. Partial results are summed in thread order, so a step gives the same
/// bits every time for a given thread count. The optimizer is applied slice by slice, by the thread that computed
/// the slice, as soon as the slice of the gradient is final: there is no separate pass over the whole buffer.
///
/// All memory a step touches is planned from the network type and allocated once, when the trainer is made:
/// the activations of every stage for a full batch and what backward keeps (pooling argmax), two ping-pong
/// gradient buffers, the flat parameter gradient, the optimizer's state and each thread's scratch. A step itself
/// allocates nothing and dispatches nothing.
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/thread_pool.hpp>
#include <nnstatic/fusion/plan.hpp>
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/simd/arch.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace nnstatic {

/// Facts about a loss and the layer a network ends in; variable templates so that a failing check prints them.
template <class Loss, class OutputLayer, class OutputShape>
inline constexpr bool loss_accepts_output =
    std::is_void_v<typename Loss::folded_activation> || std::is_same_v<typename Loss::folded_activation, OutputLayer>;

/// The sums over a batch from which an epoch's mean loss and accuracy are made.
struct batch_result {
  double loss_sum = 0;     ///< the sum over samples of each sample's loss
  double correct_sum = 0;  ///< the sum over samples of each sample's accuracy (0 or 1 for one categorical output)
  std::size_t samples = 0;
};

/// An optimizer that can update a slice of the parameter buffer at a time (`adam`, `sgd`); others are applied
/// with `update` once the whole gradient is ready.
template <class Optimizer, class T, std::size_t Size>
concept slice_optimizer = requires(const Optimizer& o, typename Optimizer::template state<T, Size>& s, T* p,
                                   const T* g) {
  o.update_range(o.begin_step(s), s, std::size_t{}, std::size_t{}, p, g);
};

}  // namespace nnstatic

// The trainer runs the kernels, so it is compiled into the instruction set's namespace (simd/abi.hpp); what it
// returns and checks above does not depend on the instruction set, so translation units of all of them share it.
namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE {

template <network Net, class Loss, class Optimizer, std::size_t BatchCapacity, class T = float>
class trainer {
  using last_layer = typename Net::template layer<Net::layer_count - 1>;
  static_assert(BatchCapacity > 0, "nnstatic: a trainer's batch capacity must be at least 1");
  // A rejected network's binding has reported its one error; its last layer is a stand-in, so a loss check on it
  // would be a second.
  static_assert(!Net::accepted ||
                    loss_accepts_output<Loss, typename last_layer::spec, typename last_layer::output_shape>,
                "nnstatic: this loss folds an activation into itself, so the network must end in it "
                "(categorical_crossentropy: softmax; binary_crossentropy: sigmoid)");

 public:
  using network = Net;
  using loss = Loss;
  using optimizer_type = Optimizer;
  using scalar = T;
  static constexpr std::size_t batch_capacity = BatchCapacity;
  static constexpr std::size_t input_size = Net::input_shape::size;
  static constexpr std::size_t output_size = Net::output_shape::size;

 private:
  using stages = fusion::training_plan<Net, simd::native, !std::is_void_v<typename Loss::folded_activation>>;
  template <std::size_t I>
  using stage = typename stages::template at<I>;
  static constexpr std::size_t stage_count = stages::size;
  static constexpr bool folds_activation = !std::is_void_v<typename Loss::folded_activation>;
  // Checked only once the network ends in that activation, so that a wrong last layer gives one error, not two.
  static_assert(!Net::accepted || !folds_activation ||
                    !loss_accepts_output<Loss, typename last_layer::spec, typename last_layer::output_shape> ||
                    stage<stage_count - 1>::layer_span == 1,
                "nnstatic: the activation a loss folds must be the network's last layer");
  /// Stages [0, backward_stages) run backward; a folded activation is differentiated by the loss instead.
  static constexpr std::size_t backward_stages = folds_activation ? stage_count - 1 : stage_count;
  static constexpr bool fused_update = slice_optimizer<Optimizer, T, Net::param_count>;

  /// Where stage i's outputs (and after them, what it saves for backward) start in the arena.
  static constexpr std::array<std::size_t, stage_count + 1> output_offsets = [] {
    std::array<std::size_t, stage_count + 1> offsets{};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((offsets[I + 1] = offsets[I] + fusion::whole_lines(BatchCapacity * stage<I>::output_shape::size) +
                         fusion::whole_lines(BatchCapacity * stage<I>::saved_size)),
       ...);
    }
    (std::make_index_sequence<stage_count>{});
    return offsets;
  }();
  /// The gradients flowing back between stages: dL/d(output) of each stage and dL/d(input) of every stage but the
  /// first (the fused stages' insides, such as an unpooled convolution output, are their own scratch).
  static constexpr std::size_t gradient_buffer_size = [] {
    std::size_t largest = 1;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((largest =
            std::max({largest, stage<I>::output_shape::size, I == 0 ? std::size_t{0} : stage<I>::input_shape::size})),
       ...);
    }
    (std::make_index_sequence<stage_count>{});
    return BatchCapacity * largest;
  }();

  struct workspace {
    alignas(64) std::array<T, output_offsets[stage_count]> activations{};
    alignas(64) std::array<T, gradient_buffer_size> gradient_a{};
    alignas(64) std::array<T, gradient_buffer_size> gradient_b{};
    alignas(64) std::array<T, Net::param_count> param_grad{};
    // compute_gradient's training forward moves the statistics of this copy, not the caller's.
    alignas(64) std::array<T, Net::state_count> state_copy{};
    typename Optimizer::template state<T, Net::param_count> optimizer_state{};
    std::array<double, BatchCapacity> sample_loss{};
    std::array<double, BatchCapacity> sample_correct{};
  };

 public:
  /// Bytes the trainer allocates, once, at construction, besides each thread's scratch.
  static constexpr std::size_t workspace_bytes = sizeof(workspace);
  /// Bytes of scratch per thread, allocated at construction too.
  static constexpr std::size_t scratch_bytes_per_thread = stages::template scratch_size<BatchCapacity> * sizeof(T);
  /// All the memory training takes besides the parameters, on `threads` threads: what a device must hold to train.
  /// Every stage's output is live from its forward to its backward, so each has its place; the gradients flowing
  /// back live from one stage's backward to the next, so two buffers take turns.
  static constexpr std::size_t training_bytes(std::size_t threads = 1) noexcept {
    return workspace_bytes + threads * scratch_bytes_per_thread + 64;
  }

  /// A trainer whose steps run on `threads` threads (this one and threads - 1 started here, kept until it dies).
  explicit trainer(Optimizer optimizer = {}, std::size_t threads = thread_pool::default_size())
      : optimizer_(optimizer),
        workspace_(std::make_unique<workspace>()),
        pool_(std::make_unique<thread_pool>(threads)),
        scratch_stride_(stages::template scratch_size<BatchCapacity>),
        scratch_storage_(std::make_unique<T[]>(pool_->size() * scratch_stride_ + 64 / sizeof(T))) {}

  const Optimizer& optimizer() const noexcept { return optimizer_; }
  Optimizer& optimizer() noexcept { return optimizer_; }

  /// The number of threads a step runs on.
  std::size_t threads() const noexcept { return pool_->size(); }

  /// The instruction set the trainer's kernels run: xsimd's name of `simd::native` ("fma3+avx2", "avx512bw"), or
  /// "plain". A member rather than a constant, so that a trainer that chooses among compiled instruction sets when it
  /// is made can say which it chose.
  std::string_view instruction_set() const noexcept { return simd::native::name(); }

  /// One step on `batch` samples (1 <= batch <= BatchCapacity): x (batch, input_size), targets (batch, output_size).
  /// Throws `nnstatic::error` for any other batch, before touching anything.
  batch_result step(parameters<Net, T>& params, const T* x, const T* targets, std::size_t batch) {
    check_batch("step", batch);
    workspace& w = *workspace_;
    if constexpr (fused_update) {
      const auto constants = optimizer_.begin_step(w.optimizer_state);
      auto update = [&](std::size_t first, std::size_t count) noexcept {
        optimizer_.update_range(constants, w.optimizer_state, first, count, params.values.data(), w.param_grad.data());
      };
      run(params.values.data(), params.state.data(), x, targets, batch, true, update);
    } else {
      run(params.values.data(), params.state.data(), x, targets, batch, true, no_update);
      optimizer_.update(w.optimizer_state, params.all(), std::span<const T, Net::param_count>(w.param_grad));
    }
    ++steps_;
    return result(batch);
  }

  /// Forward and loss only, in inference mode as Keras' evaluate (moving statistics, no dropout): no gradient,
  /// no update.
  batch_result evaluate(const parameters<Net, T>& params, const T* x, const T* targets, std::size_t batch) {
    check_batch("evaluate", batch);
    const fusion::scratch<T> s = scratch();
    auto job = [&](thread_pool::member& team) noexcept {
      forward_inference(params.values.data(), params.state.data(), x, batch, team, s);
      losses(x, targets, batch, team, false);
    };
    pool_->run(job);
    return result(batch);
  }

  /// Forward and gradient without the update, leaving the parameter gradient in `param_grad()`; for gradient
  /// checks and for users who combine gradients themselves.
  /// It runs the training forward (batch statistics, dropout) on a copy of the state, which it leaves unchanged.
  batch_result compute_gradient(const parameters<Net, T>& params, const T* x, const T* targets, std::size_t batch) {
    check_batch("compute_gradient", batch);
    workspace& w = *workspace_;
    std::copy(params.state.begin(), params.state.end(), w.state_copy.begin());
    run(params.values.data(), w.state_copy.data(), x, targets, batch, true, no_update);
    return result(batch);
  }

  /// Forward and gradient as compute_gradient, and also the gradient of the mean batch loss with respect to the
  /// network's input, written into `input_gradient` (batch, input_size): for saliency maps, adversarial examples,
  /// or a network trained through another.
  batch_result compute_input_gradient(const parameters<Net, T>& params, const T* x, const T* targets, std::size_t batch,
                                      T* input_gradient) {
    check_batch("compute_input_gradient", batch);
    if (input_gradient == nullptr) throw error("nnstatic: trainer::compute_input_gradient: input_gradient is null");
    workspace& w = *workspace_;
    std::copy(params.state.begin(), params.state.end(), w.state_copy.begin());
    run<true>(params.values.data(), w.state_copy.data(), x, targets, batch, true, no_update, input_gradient);
    if constexpr (backward_stages == 0)  // the network is the folded activation alone: the loss's gradient is it
      std::copy(w.gradient_a.begin(), w.gradient_a.begin() + static_cast<std::ptrdiff_t>(batch * input_size),
                input_gradient);
    return result(batch);
  }

  /// Seeds the trainer's random choices (dropout masks): each step's are a function of the seed, the number of
  /// steps taken before it, the layer and the sample, never of the thread count.
  void seed(std::uint64_t noise_seed) noexcept {
    noise_seed_ = noise_seed;
    steps_ = 0;
  }

  /// The network outputs of the last forward pass: (batch, output_size), batch at most BatchCapacity.
  std::span<const T> outputs(std::size_t batch) const {
    if (batch > BatchCapacity) throw_bad_batch("outputs", batch);
    return {output(stage_count - 1), batch * output_size};
  }

  /// The gradient of the mean batch loss with respect to every parameter, as of the last step.
  std::span<const T, Net::param_count> param_grad() const noexcept { return workspace_->param_grad; }

  /// The optimizer's state (moments, velocities), for saving and inspection.
  const auto& optimizer_state() const noexcept { return workspace_->optimizer_state; }

 private:
  static constexpr auto no_update = [](std::size_t, std::size_t) noexcept {};

  /// The workspace holds BatchCapacity samples: more would write past it, so this is checked in every build, before
  /// the noexcept job starts. A batch of 0 has no mean loss.
  static void check_batch(const char* entry, std::size_t batch) {
    if (batch == 0 || batch > BatchCapacity) throw_bad_batch(entry, batch);
  }
  [[noreturn]] static void throw_bad_batch(const char* entry, std::size_t batch) {
    throw error(std::string("nnstatic: trainer::") + entry + ": a batch of " + std::to_string(batch) +
                " samples; expected 1 to the trainer's batch capacity " + std::to_string(BatchCapacity));
  }

  T* output(std::size_t i) noexcept { return workspace_->activations.data() + output_offsets[i]; }
  const T* output(std::size_t i) const noexcept { return workspace_->activations.data() + output_offsets[i]; }
  template <std::size_t I>
  T* saved() noexcept {
    return output(I) + fusion::whole_lines(BatchCapacity * stage<I>::output_shape::size);
  }

  fusion::scratch<T> scratch() noexcept {
    // The storage is over-allocated by one line so that every thread's scratch can start 64-byte aligned.
    void* base = scratch_storage_.get();
    std::size_t space = (pool_->size() * scratch_stride_ + 64 / sizeof(T)) * sizeof(T);
    return {static_cast<T*>(std::align(64, sizeof(T), base, space)), scratch_stride_};
  }

  /// The whole step as one job on the pool: forward, loss (and its gradient), backward with the optimizer.
  template <bool InputGradient = false, class Update>
  void run(const T* params, T* state, const T* x, const T* targets, std::size_t batch, bool gradient, Update& update,
           T* input_gradient = nullptr) noexcept {
    const fusion::scratch<T> s = scratch();
    const std::uint64_t step_key = mix_bits(noise_seed_, steps_);
    auto job = [&](thread_pool::member& team) noexcept {
      forward_training(params, state, step_key, x, batch, team, s);
      losses(x, targets, batch, team, gradient);
      if (gradient) {
        team.sync();
        backward<InputGradient>(params, state, step_key, x, batch, team, s, update, input_gradient);
      }
    };
    pool_->run(job);
  }

  /// Stage I's context in training: its layers' state and the step's key mixed with its position.
  template <std::size_t I>
  static fusion::training_context<T> training_context_of(T* state, std::uint64_t step_key) noexcept {
    return {state + Net::template state_offset<stage<I>::first_layer>, mix_bits(step_key, stage<I>::first_layer)};
  }

  void forward_training(const T* params, T* state, std::uint64_t step_key, const T* x, std::size_t batch,
                        thread_pool::member& team, const fusion::scratch<T>& s) noexcept {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            const T* in = I == 0 ? x : output(I == 0 ? 0 : I - 1);
            const T* p = params + Net::template param_offset<stage<I>::first_layer>;
            if constexpr (fusion::contextual_stage<stage<I>>)
              stage<I>::template forward<BatchCapacity>(p, in, output(I), saved<I>(), batch, team, s,
                                                        training_context_of<I>(state, step_key));
            else
              stage<I>::template forward<BatchCapacity>(p, in, output(I), saved<I>(), batch, team, s);
            team.sync();
          }(),
          ...);
    }
    (std::make_index_sequence<stage_count>{});
  }

  void forward_inference(const T* params, const T* state, const T* x, std::size_t batch, thread_pool::member& team,
                         const fusion::scratch<T>& s) noexcept {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            const T* in = I == 0 ? x : output(I == 0 ? 0 : I - 1);
            const T* p = params + Net::template param_offset<stage<I>::first_layer>;
            if constexpr (fusion::contextual_stage<stage<I>>)
              stage<I>::template forward<BatchCapacity>(
                  p, in, output(I), saved<I>(), batch, team, s,
                  fusion::inference_context<T>{state + Net::template state_offset<stage<I>::first_layer>});
            else
              stage<I>::template forward<BatchCapacity>(p, in, output(I), saved<I>(), batch, team, s);
            team.sync();
          }(),
          ...);
    }
    (std::make_index_sequence<stage_count>{});
  }

  /// Each thread computes the loss of its share of the samples from the logits (with a folded activation) or the
  /// outputs, and writes grad_scale * dL/d(input of the loss) into gradient_a. The loss is given the output's
  /// shape: categorical cross-entropy scores each position of a feature map on its own.
  void losses(const T* x, const T* targets, std::size_t batch, thread_pool::member& team, bool gradient) noexcept {
    using output_shape = typename Net::output_shape;
    workspace& w = *workspace_;
    // A network that is only the folded activation hands the loss its input.
    const T* loss_input = backward_stages == 0 ? x : output(backward_stages == 0 ? 0 : backward_stages - 1);
    const T* outputs = output(stage_count - 1);
    const T grad_scale = T{1} / static_cast<T>(batch);
    const auto [n0, n1] = fusion::share(batch, team.index(), team.size());
    for (std::size_t n = n0; n < n1; ++n) {
      const std::size_t at = n * output_size;
      w.sample_loss[n] = static_cast<double>(Loss::template sample<output_shape>(
          loss_input + at, targets + at, gradient ? w.gradient_a.data() + at : nullptr, grad_scale));
      w.sample_correct[n] =
          static_cast<double>(Loss::template sample_accuracy<output_shape>(outputs + at, targets + at));
    }
  }

  /// Sums in sample order, whatever the thread count.
  batch_result result(std::size_t batch) const noexcept {
    batch_result r{0, 0, batch};
    for (std::size_t n = 0; n < batch; ++n) {
      r.loss_sum += workspace_->sample_loss[n];
      r.correct_sum += workspace_->sample_correct[n];
    }
    return r;
  }

  /// The reverse fold over the stages: stage I gets dL/d(output) in one gradient buffer and writes dL/d(input)
  /// into the other; stage 0 computes no input gradient, unless asked to write it into `input_gradient`.
  template <bool InputGradient, class Update>
  void backward(const T* params, T* state, std::uint64_t step_key, const T* x, std::size_t batch,
                thread_pool::member& team, const fusion::scratch<T>& s, Update& update, T* input_gradient) noexcept {
    workspace& w = *workspace_;
    T* gradients[2] = {w.gradient_a.data(), w.gradient_b.data()};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            constexpr std::size_t index = backward_stages - 1 - I;
            constexpr std::size_t offset = Net::template param_offset<stage<index>::first_layer>;
            auto stage_update = [&](std::size_t first, std::size_t count) noexcept { update(offset + first, count); };
            constexpr bool propagate = index > 0 || InputGradient;
            const T* in = index == 0 ? x : output(index == 0 ? 0 : index - 1);
            T* dx = index == 0 ? input_gradient : gradients[1 - I % 2];
            if constexpr (fusion::contextual_stage<stage<index>>)
              stage<index>::template backward<BatchCapacity, propagate>(
                  params + offset, w.param_grad.data() + offset, in, output(index), saved<index>(), gradients[I % 2],
                  dx, batch, team, s, stage_update, training_context_of<index>(state, step_key));
            else
              stage<index>::template backward<BatchCapacity, propagate>(
                  params + offset, w.param_grad.data() + offset, in, output(index), saved<index>(), gradients[I % 2],
                  dx, batch, team, s, stage_update);
            if (index > 0) team.sync();
          }(),
          ...);
    }
    (std::make_index_sequence<backward_stages>{});
  }

  Optimizer optimizer_;
  std::uint64_t noise_seed_ = 0;
  std::uint64_t steps_ = 0;
  std::unique_ptr<workspace> workspace_;
  std::unique_ptr<thread_pool> pool_;
  std::size_t scratch_stride_;
  std::unique_ptr<T[]> scratch_storage_;
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE
