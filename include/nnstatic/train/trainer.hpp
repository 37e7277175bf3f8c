#pragma once
/// `trainer<Net, Loss, Optimizer, BatchCapacity>`: one training step is forward, loss, backward, update.
///
/// All memory a step touches is planned from the network type and allocated once, when the trainer is made:
/// the activations of every layer for a full batch (backward needs them), two ping-pong gradient buffers, the flat
/// parameter gradient and the optimizer's state. A step itself allocates nothing and dispatches nothing.
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>

#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <type_traits>
#include <utility>

namespace nnstatic {

/// Facts about a loss and the layer a network ends in; variable templates so that a failing check prints them.
template <class Loss, class OutputLayer, class OutputShape>
inline constexpr bool loss_accepts_output =
    std::is_void_v<typename Loss::folded_activation> || std::is_same_v<typename Loss::folded_activation, OutputLayer>;

/// The sums over a batch from which an epoch's mean loss and accuracy are made.
struct batch_result {
  double loss_sum = 0;      ///< the sum over samples of each sample's loss
  double correct_sum = 0;   ///< the sum over samples of each sample's accuracy (0 or 1 for categorical)
  std::size_t samples = 0;
};

template <network Net, class Loss, class Optimizer, std::size_t BatchCapacity, class T = float>
class trainer {
  using last_layer = typename Net::template layer<Net::layer_count - 1>;
  static_assert(BatchCapacity > 0, "nnstatic: a trainer's batch capacity must be at least 1");
  static_assert(loss_accepts_output<Loss, typename last_layer::spec, typename last_layer::output_shape>,
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
  static constexpr std::size_t layer_count = Net::layer_count;
  static constexpr bool folds_activation = !std::is_void_v<typename Loss::folded_activation>;
  /// Layers [0, backward_layers) run backward; a folded activation is differentiated by the loss instead.
  static constexpr std::size_t backward_layers = folds_activation ? layer_count - 1 : layer_count;

  /// activation_offsets[i]: where layer i's output for a full batch starts in the arena.
  static constexpr std::array<std::size_t, layer_count + 1> activation_offsets = [] {
    std::array<std::size_t, layer_count + 1> offsets{};
    for (std::size_t i = 0; i < layer_count; ++i)
      offsets[i + 1] = offsets[i] + BatchCapacity * Net::layers::output_sizes[i];
    return offsets;
  }();
  static constexpr std::size_t gradient_buffer_size = BatchCapacity * Net::layers::max_output_size;

  struct workspace {
    alignas(64) std::array<T, activation_offsets[layer_count]> activations{};
    alignas(64) std::array<T, gradient_buffer_size> gradient_a{};
    alignas(64) std::array<T, gradient_buffer_size> gradient_b{};
    alignas(64) std::array<T, Net::param_count> param_grad{};
    typename Optimizer::template state<T, Net::param_count> optimizer_state{};
  };

 public:
  /// Bytes the trainer allocates, once, at construction.
  static constexpr std::size_t workspace_bytes = sizeof(workspace);

  explicit trainer(Optimizer optimizer = {}) : optimizer_(optimizer), workspace_(std::make_unique<workspace>()) {}

  const Optimizer& optimizer() const noexcept { return optimizer_; }
  Optimizer& optimizer() noexcept { return optimizer_; }

  /// One step on `batch` samples (1 <= batch <= BatchCapacity): x (batch, input_size), targets (batch, output_size).
  batch_result step(parameters<Net, T>& params, const T* x, const T* targets, std::size_t batch) noexcept {
    forward(params, x, batch);
    workspace& w = *workspace_;
    w.param_grad.fill(T{});
    const batch_result result = loss_and_gradient(targets, batch, w.gradient_a.data());
    backward(params, x, batch);
    optimizer_.update(w.optimizer_state, params.all(), std::span<const T, Net::param_count>(w.param_grad));
    return result;
  }

  /// Forward and loss only (evaluation): no gradient, no update.
  batch_result evaluate(const parameters<Net, T>& params, const T* x, const T* targets, std::size_t batch) noexcept {
    forward(params, x, batch);
    return loss_and_gradient(targets, batch, nullptr);
  }

  /// Forward and gradient without the update, leaving the parameter gradient in `param_grad()`; for gradient
  /// checks and for users who combine gradients themselves.
  batch_result compute_gradient(const parameters<Net, T>& params, const T* x, const T* targets,
                                std::size_t batch) noexcept {
    forward(params, x, batch);
    workspace_->param_grad.fill(T{});
    const batch_result result = loss_and_gradient(targets, batch, workspace_->gradient_a.data());
    backward(params, x, batch);
    return result;
  }

  /// The network outputs of the last forward pass: (batch, output_size).
  std::span<const T> outputs(std::size_t batch) const noexcept {
    return {activation(layer_count - 1), batch * output_size};
  }

  /// The gradient of the mean batch loss with respect to every parameter, as of the last step.
  std::span<const T, Net::param_count> param_grad() const noexcept { return workspace_->param_grad; }

  /// The optimizer's state (moments, velocities), for saving and inspection.
  const auto& optimizer_state() const noexcept { return workspace_->optimizer_state; }

 private:
  T* activation(std::size_t i) noexcept { return workspace_->activations.data() + activation_offsets[i]; }
  const T* activation(std::size_t i) const noexcept { return workspace_->activations.data() + activation_offsets[i]; }

  void forward(const parameters<Net, T>& params, const T* x, std::size_t batch) noexcept {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (Net::template layer<I>::forward(params.values.data() + Net::template param_offset<I>,
                                       I == 0 ? x : activation(I == 0 ? 0 : I - 1), activation(I), batch),
       ...);
    }(std::make_index_sequence<layer_count>{});
  }

  /// The loss reads the network output, or with a folded activation the logits that enter it, and writes the
  /// gradient of the batch mean into `grad` (unless null).
  batch_result loss_and_gradient(const T* targets, std::size_t batch, T* grad) noexcept {
    const T* loss_input = activation(backward_layers - 1);
    const T* outputs = activation(layer_count - 1);
    const T grad_scale = T{1} / static_cast<T>(batch);
    batch_result result{0, 0, batch};
    for (std::size_t n = 0; n < batch; ++n) {
      const std::size_t at = n * output_size;
      result.loss_sum += static_cast<double>(Loss::template sample<output_size>(
          loss_input + at, targets + at, grad == nullptr ? nullptr : grad + at, grad_scale));
      result.correct_sum += static_cast<double>(Loss::template sample_accuracy<output_size>(outputs + at, targets + at));
    }
    return result;
  }

  /// The reverse fold: layer I gets dL/d(output) in one gradient buffer and writes dL/d(input) into the other;
  /// layer 0 computes no input gradient.
  void backward(const parameters<Net, T>& params, const T* x, std::size_t batch) noexcept {
    workspace& w = *workspace_;
    T* gradients[2] = {w.gradient_a.data(), w.gradient_b.data()};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            constexpr std::size_t layer = backward_layers - 1 - I;
            constexpr std::size_t incoming = I % 2;
            Net::template layer<layer>::template backward<(layer > 0)>(
                params.values.data() + Net::template param_offset<layer>,
                w.param_grad.data() + Net::template param_offset<layer>, layer == 0 ? x : activation(layer - 1),
                activation(layer), gradients[incoming], gradients[1 - incoming], batch);
          }(),
          ...);
    }(std::make_index_sequence<backward_layers>{});
  }

  Optimizer optimizer_;
  std::unique_ptr<workspace> workspace_;
};

}  // namespace nnstatic
