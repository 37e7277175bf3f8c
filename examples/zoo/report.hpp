#pragma once
// What each zoo example shows about its model: the summary against Keras' figures, the memory that inference and
// training take (compile-time constants), a few training steps on one synthetic batch (the loss must fall), and
// float and int8 inference of one sample. Synthetic data: the point is that the type trains and runs, not what it
// learns.
#include "../common/command_line.hpp"
#include "keras_summary.hpp"

#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/quant/quantized_model.hpp>
#include <nnstatic/train/trainer.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zoo {

/// Targets for a batch of inputs `x`: a random one-hot class per sample, or, for an autoencoder (whose output is
/// its input's shape), the inputs themselves.
template <nnstatic::network Net>
std::vector<float> synthetic_targets(const std::vector<float>& x, std::size_t batch, nnstatic::random_engine& rng) {
  constexpr std::size_t outputs = Net::output_shape::size;
  if constexpr (outputs == Net::input_shape::size) {
    return x;
  } else {
    std::vector<float> targets(batch * outputs);
    for (std::size_t n = 0; n < batch; ++n)
      targets[n * outputs + static_cast<std::size_t>(rng.uniform(0, static_cast<double>(outputs))) % outputs] = 1;
    return targets;
  }
}

/// Prints the report for `Net` trained with `Loss` and Adam at batch `Batch`; returns the exit code: 1 if the loss
/// is not finite or does not fall over `steps` steps on the same batch.
template <nnstatic::network Net, class Loss, std::size_t Batch>
int report(std::string_view name, keras_summary keras, std::size_t steps) {
  namespace ns = nnstatic;
  using trainer_type = ns::trainer<Net, Loss, ns::adam, Batch>;

  std::printf("%s\n%s\n", std::string(name).c_str(), Net::summary().c_str());
  std::printf("Keras' model.summary(): %zu trainable, %zu non-trainable: %s\n\n", keras.trainable,
              keras.non_trainable, summary_matches<Net>(keras) ? "the same" : "DIFFERENT");
  std::printf("inference_bytes<net, 1>     %12zu\n", ns::inference_bytes<Net>);
  std::printf("inference_bytes<net, %3zu>   %12zu\n", Batch, ns::inference_bytes<Net, Batch>);
  std::printf("training_bytes(1), batch %3zu %12zu  (all but the parameters: gradients and Adam's moments too)\n\n",
              Batch, trainer_type::training_bytes(1));

  auto params = std::make_unique<ns::parameters<Net>>();
  ns::glorot_uniform(*params, 1);
  ns::random_engine rng(2);
  std::vector<float> x(Batch * Net::input_shape::size);
  for (float& value : x) value = static_cast<float>(rng.uniform(-1, 1));
  const std::vector<float> targets = synthetic_targets<Net>(x, Batch, rng);

  auto trainer = std::make_unique<trainer_type>();
  double first = 0, last = 0;
  for (std::size_t step = 0; step < steps; ++step) {
    const ns::batch_result result = trainer->step(*params, x.data(), targets.data(), Batch);
    last = result.loss_sum / static_cast<double>(result.samples);
    if (step == 0) first = last;
    std::printf("step %zu: loss %.6f\n", step + 1, last);
  }

  // As deployed: each batch normalization folded into the layer before it, once (fusion/inference.hpp).
  const auto deployed = std::make_unique<ns::inference_parameters<Net>>(*params);
  auto workspace = std::make_unique<ns::inference_workspace<Net>>();
  std::vector<float> y(Net::output_shape::size);
  const ns::inference_status status = ns::infer(*deployed, x.data(), y.data(), 1, *workspace);
  std::printf("inference of one sample: %s, first output %.6f\n", ns::describe(status).data(),
              static_cast<double>(y[0]));

  // int8, calibrated on the training batch: its output against float inference's, as a fraction of their range.
  const auto quantized = ns::quantize(*params, std::span<const float>(x));
  auto int8 = std::make_unique<ns::int8_model<Net>>();
  std::vector<float> y8(Net::output_shape::size);
  const ns::inference_status int8_status = int8->run(*quantized, x.data(), y8.data(), 1);
  double largest_difference = 0, range = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    largest_difference = std::max(largest_difference, std::abs(static_cast<double>(y8[i] - y[i])));
    range = std::max(range, std::abs(static_cast<double>(y[i])));
  }
  std::printf("int8 inference of that sample: %s, largest difference from float %.4f (outputs up to %.4f); "
              "%zu bytes of activations, %zu of weights\n",
              ns::describe(int8_status).data(), largest_difference, range, ns::int8_model<Net>::inference_bytes,
              ns::int8_model<Net>::weight_bytes);

  const bool trained = std::isfinite(last) && (steps < 2 || last < first);
  if (!trained) std::printf("FAILED: the loss did not fall from %.6f over %zu steps\n", first, steps);
  return trained && status == ns::inference_status::ok && int8_status == ns::inference_status::ok ? 0 : 1;
}

/// The whole of a zoo example: `--steps N` from the command line, then the report.
template <nnstatic::network Net, class Loss, std::size_t Batch>
int example_main(int argc, char** argv, std::string_view name, keras_summary keras) {
  std::size_t steps = 3;
  examples::command_line cli(std::string(name) + " as an nnstatic type: summary, memory, training and inference.");
  cli.add("--steps", steps, "Adam steps on one synthetic batch of " + std::to_string(Batch), {.min = 1, .max = 1000});
  if (const auto exit_code = cli.parse(argc, argv)) return *exit_code;
  return report<Net, Loss, Batch>(name, keras, steps);
}

}  // namespace zoo
