#pragma once
/// Gradient checks in double precision, shared by every tests/gradcheck/*_test.cpp: a bound layer's, a loss's or a
/// whole network's analytic gradient against central finite differences of its own forward computation.
///
/// The numbers. Central differences (f(x+h) - f(x-h)) / 2h err by a truncation term h^2/6 f''' and a round-off
/// term ~ eps |f| / h. With h = 1e-6, eps = 2.2e-16 and the O(1) values and derivatives of these small cases, the
/// first is ~1e-13 and the second ~1e-10 absolute: the functional is summed in long double and the step is taken as
/// the difference of the two perturbed values, so neither adds rounding of its own, and what is left is the
/// rounding inside the forward pass. The error is relative to the larger of the two gradients, floored at 1e-2
/// (smaller components are judged absolutely, so an exact 0 against a numeric 1e-11 is no failure). Measured worst
/// over every case in this directory: 5e-8 (a conv2d component near the floor); most are 1e-9 or below. A real
/// mistake (a missing term, a wrong index or factor, a sample mixed up) moves some component by a sizable fraction
/// of itself: checker_test plants flaws of 1e-4 and 1e-3 and they are caught. The tolerance 1e-6 sits between,
/// 20x above the noise and 100x below the smallest planted flaw.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/train/trainer.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <numeric>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace gradcheck {

/// The finite-difference step.
inline constexpr double step = 1e-6;
/// The largest relative error accepted (see the header comment for why).
inline constexpr double tolerance = 1e-6;
/// Gradient components smaller than this are compared absolutely.
inline constexpr double magnitude_floor = 1e-2;

/// |a - b| relative to the larger of the two, floored at `magnitude_floor`.
inline double relative_error(double a, double b) {
  const double scale = std::max({std::abs(a), std::abs(b), magnitude_floor});
  const double error = std::abs(a - b) / scale;
  return std::isnan(error) ? std::numeric_limits<double>::infinity() : error;
}

/// The worst disagreement found when comparing one gradient with its reference, component by component.
struct mismatch {
  double error = 0;       ///< the worst relative error
  std::size_t index = 0;  ///< the component where it occurred
  double actual = 0;      ///< what the code under test gave there
  double expected = 0;    ///< what the reference gave there
  std::size_t compared = 0;

  void record(std::size_t i, double actual_value, double expected_value) {
    const double e = relative_error(actual_value, expected_value);
    if (compared == 0 || e > error) *this = {e, i, actual_value, expected_value, compared};
    ++compared;
  }

  bool ok() const noexcept { return error <= tolerance; }

  std::string describe(const char* what) const {
    std::ostringstream out;
    out.precision(10);
    out << "  " << what << ": worst relative error " << error << " at [" << index << "] (got " << actual
        << ", expected " << expected << ") over " << compared << " components\n";
    return out.str();
  }
};

/// Worst relative error of `actual` against `expected`, element by element.
inline mismatch compare(const std::vector<double>& actual, const std::vector<double>& expected) {
  mismatch m;
  for (std::size_t i = 0; i < actual.size(); ++i) m.record(i, actual[i], expected[i]);
  return m;
}

/// The central difference of `f()` in `v`, a value `f` reads: (f(v + h) - f(v - h)) divided by the step actually
/// taken, (v + h) - (v - h) as rounded, so that the rounding of v +- h does not count as an error. Restores `v`.
template <class F>
double central_difference(double& v, F&& f) {
  const double saved = v;
  v = saved + step;
  const double plus_at = v;
  const auto plus = static_cast<long double>(f());
  v = saved - step;
  const double minus_at = v;
  const auto minus = static_cast<long double>(f());
  v = saved;
  return static_cast<double>((plus - minus) / static_cast<long double>(plus_at - minus_at));
}

/// How a layer test draws the layer's input.
enum class input_kind {
  uniform,         ///< U(-1, 1)
  away_from_zero,  ///< |x| in [0.1, 1], random sign: no input is within a step of ReLU's kink
  distinct,        ///< a random permutation of an evenly spaced grid in (-1, 1): all values differ by >= 2/N
};

/// One layer case: how many samples, which seed, how the input is drawn, then scaled, then shifted.
struct layer_case {
  std::size_t batch = 3;
  std::uint64_t seed = 1;
  input_kind input = input_kind::uniform;
  double input_scale = 1;
  double input_shift = 0;
};

inline std::vector<double> uniform(std::size_t count, nnstatic::random_engine& rng, double low = -1, double high = 1) {
  std::vector<double> v(count);
  for (double& e : v) e = rng.uniform(low, high);
  return v;
}

inline std::vector<double> draw_input(const layer_case& c, std::size_t count, nnstatic::random_engine& rng) {
  std::vector<double> x(count);
  switch (c.input) {
    case input_kind::uniform: x = uniform(count, rng); break;
    case input_kind::away_from_zero:
      for (double& e : x) e = (rng.below(2) == 0 ? -1.0 : 1.0) * rng.uniform(0.1, 1.0);
      break;
    case input_kind::distinct: {
      std::vector<std::size_t> rank(count);
      std::iota(rank.begin(), rank.end(), std::size_t{0});
      nnstatic::shuffle(rank.begin(), rank.end(), rng);
      const double n = static_cast<double>(count);
      for (std::size_t i = 0; i < count; ++i) x[i] = -1.0 + (2.0 * static_cast<double>(rank[i]) + 1.0) / n;
      break;
    }
  }
  for (double& e : x) e = e * c.input_scale + c.input_shift;
  return x;
}

/// "dense<3> on (None, 5)": a bound layer's signature and input shape, to name it in a failure.
template <class Layer>
std::string layer_name() {
  nnstatic::text out;
  Layer::spec::write_signature(out);
  out.append(" on ");
  Layer::input_shape::write(out);
  return std::string(out.view());
}

/// What `check_layer` found; each part is a `mismatch` that must stay within `tolerance`.
struct layer_report {
  std::string subject;
  mismatch input;           ///< dx against finite differences in x
  mismatch params;          ///< param_grad against finite differences in the parameters
  mismatch accumulation;    ///< param_grad after two calls against twice the first call's (backward ADDS)
  mismatch overwrite;       ///< dx after a second call into the first call's dx against the first (backward OVERWRITES)
  mismatch no_propagation;  ///< backward<false>'s param_grad against backward<true>'s
  mismatch dx_untouched;    ///< backward<false> must leave dx as it found it

  bool ok() const noexcept {
    return input.ok() && params.ok() && accumulation.ok() && overwrite.ok() && no_propagation.ok() && dx_untouched.ok();
  }

  std::string describe() const {
    return subject + "\n" + input.describe("dx vs finite differences") +
           params.describe("param_grad vs finite differences") +
           accumulation.describe("param_grad after 2 calls vs 2x one call") +
           overwrite.describe("dx after 2 calls vs after 1") +
           no_propagation.describe("backward<false> param_grad vs backward<true>") +
           dx_untouched.describe("dx after backward<false> vs untouched");
  }
};

/// Checks a layer's backward (through the layer protocol, core/layer_protocol.hpp) on a random input of `c.batch`
/// samples against central differences of the linear functional loss = sum_i r_i y_i of its training forward's
/// output, whose gradient with respect to y is r (so dy = r).
template <class Layer>
layer_report check_layer(const layer_case& c = {}) {
  constexpr std::size_t in_size = Layer::input_shape::size;
  constexpr std::size_t out_size = Layer::output_shape::size;
  constexpr std::size_t param_count = Layer::param_count;
  const std::size_t batch = c.batch;
  // A value no correct backward leaves in dx: an entry a layer forgets to write, or adds to, shows.
  constexpr double sentinel = 1e3;

  nnstatic::random_engine rng(c.seed);
  const std::vector<double> params = uniform(param_count, rng);
  const std::vector<double> x = draw_input(c, batch * in_size, rng);
  const std::vector<double> r = uniform(batch * out_size, rng);
  // The layer's own initial state (a training forward may move it; its output does not depend on it).
  std::vector<double> state(nnstatic::state_count_of<Layer>), discarded(param_count);
  nnstatic::random_engine init_rng(c.seed);
  nnstatic::initialize_layer<Layer>(discarded.data(), state.data(), init_rng);
  std::vector<double> saved(batch * nnstatic::saved_size_of<Layer>), scratch(batch * nnstatic::scratch_size_of<Layer>);
  constexpr std::uint64_t noise_key = 0x5eed;

  const auto forward = [&](const std::vector<double>& p, const std::vector<double>& input, std::vector<double>& y) {
    nnstatic::run_training_forward<Layer>(nnstatic::training_args<double>{
        p.data(), state.data(), input.data(), y.data(), saved.data(), scratch.data(), batch, 0, noise_key});
  };
  const auto functional = [&](const std::vector<double>& p, const std::vector<double>& input) {
    std::vector<double> y(batch * out_size);
    forward(p, input, y);
    long double sum = 0;
    for (std::size_t i = 0; i < y.size(); ++i) sum += static_cast<long double>(r[i]) * static_cast<long double>(y[i]);
    return sum;
  };
  const auto backward = [&]<bool Propagate>(std::vector<double>& grad, std::vector<double>& dx,
                                             const std::vector<double>& y) {
    nnstatic::run_backward<Layer, Propagate>(nnstatic::backward_args<double>{params.data(), state.data(), grad.data(),
                                                                             x.data(), y.data(), saved.data(), r.data(),
                                                                             dx.data(), scratch.data(), batch});
  };

  std::vector<double> y(batch * out_size);
  forward(params, x, y);

  layer_report report;
  report.subject = layer_name<Layer>() + ", batch " + std::to_string(batch) + ", seed " + std::to_string(c.seed);

  std::vector<double> grad(param_count, 0.0), dx(batch * in_size, sentinel);
  backward.template operator()<true>(grad, dx, y);
  const std::vector<double> grad_once = grad, dx_once = dx;
  backward.template operator()<true>(grad, dx, y);
  std::vector<double> twice(param_count);
  for (std::size_t k = 0; k < param_count; ++k) twice[k] = 2 * grad_once[k];
  report.accumulation = compare(grad, twice);
  report.overwrite = compare(dx, dx_once);

  std::vector<double> grad_alone(param_count, 0.0), dx_alone(batch * in_size, sentinel);
  backward.template operator()<false>(grad_alone, dx_alone, y);
  report.no_propagation = compare(grad_alone, grad_once);
  report.dx_untouched = compare(dx_alone, std::vector<double>(batch * in_size, sentinel));

  // The saved values are those of the forward at (params, x); the differences below overwrite them, last.
  std::vector<double> probe = x, tweaked = params;
  for (std::size_t j = 0; j < probe.size(); ++j)
    report.input.record(j, dx_once[j], central_difference(probe[j], [&] { return functional(params, probe); }));
  for (std::size_t k = 0; k < param_count; ++k)
    report.params.record(k, grad_once[k], central_difference(tweaked[k], [&] { return functional(tweaked, x); }));
  return report;
}

/// Fails the current test case, naming the layer and the part, unless every part of `report` is within tolerance.
inline void expect_correct(const layer_report& report) {
  INFO(report.describe());
  CHECK(report.input.ok());
  CHECK(report.params.ok());
  CHECK(report.accumulation.ok());
  CHECK(report.overwrite.ok());
  CHECK(report.no_propagation.ok());
  CHECK(report.dx_untouched.ok());
}

/// What `check_loss` found.
struct loss_report {
  std::string subject;
  double value = 0;             ///< the loss of the sample
  mismatch gradient;            ///< the gradient `sample` writes (grad_scale 1) against finite differences of the value
  mismatch scaling;             ///< the gradient written with grad_scale s against s times the one with grad_scale 1
  mismatch value_without_grad;  ///< the value returned with a null gradient against the value with one

  bool ok() const noexcept { return gradient.ok() && scaling.ok() && value_without_grad.ok(); }

  std::string describe() const {
    std::ostringstream out;
    out.precision(17);
    out << subject << ", loss " << value << "\n";
    return out.str() + gradient.describe("gradient vs finite differences") +
           scaling.describe("gradient at grad_scale 0.25 vs 0.25x at grad_scale 1") +
           value_without_grad.describe("value with null gradient vs with gradient");
  }
};

/// A null gradient pointer for `Loss::sample`, typed: a bare nullptr does not deduce its T.
inline constexpr double* no_gradient = nullptr;

/// Checks `Loss::sample<Width>` at `input` (logits for a loss that folds an activation, outputs otherwise).
template <class Loss, std::size_t Width>
loss_report check_loss(const std::array<double, Width>& input, const std::array<double, Width>& target) {
  constexpr double scale = 0.25;  // like the trainer's 1 / batch for a batch of 4
  loss_report report;
  report.subject = std::string(Loss::name) + " on " + std::to_string(Width) + " outputs";
  std::array<double, Width> grad{}, scaled{};
  report.value = Loss::template sample<Width>(input.data(), target.data(), grad.data(), 1.0);
  const double value_scaled = Loss::template sample<Width>(input.data(), target.data(), scaled.data(), scale);
  const double value_alone = Loss::template sample<Width>(input.data(), target.data(), no_gradient, 1.0);
  report.value_without_grad.record(0, value_alone, report.value);
  report.value_without_grad.record(1, value_scaled, report.value);
  for (std::size_t i = 0; i < Width; ++i) report.scaling.record(i, scaled[i], scale * grad[i]);

  std::array<double, Width> probe = input;
  for (std::size_t i = 0; i < Width; ++i)
    report.gradient.record(i, grad[i], central_difference(probe[i], [&] {
                             return Loss::template sample<Width>(probe.data(), target.data(), no_gradient, 1.0);
                           }));
  return report;
}

inline void expect_correct(const loss_report& report) {
  INFO(report.describe());
  CHECK(std::isfinite(report.value));
  CHECK(report.gradient.ok());
  CHECK(report.scaling.ok());
  CHECK(report.value_without_grad.ok());
}

template <class Spec>
inline constexpr bool is_max_pool = false;
template <nnstatic::size2d PoolSize, auto... Options>
inline constexpr bool is_max_pool<nnstatic::max_pool2d<PoolSize, Options...>> = true;

template <class Branch, std::size_t... I>
void branch_margin(const double* params, const std::vector<double>& in, std::size_t batch, bool after_relu,
                   double& margin, std::index_sequence<I...>);
template <class Branch, std::size_t... I>
void randomize_branch_biases(double* params, nnstatic::random_engine& rng, std::index_sequence<I...>);

/// Runs `Layer` forward from `in` into `out` and lowers `margin` to its distance from a kink (see `kink_margin`);
/// `after_relu` says whether its input comes straight out of a ReLU. A block (add, concatenate) is walked inside,
/// branch by branch, layer by layer.
template <class Layer>
void layer_margin(const double* params, const std::vector<double>& in, std::vector<double>& out, std::size_t batch,
                  bool after_relu, double& margin) {
  out.assign(batch * Layer::output_shape::size, 0.0);
  // The training forward, as the trainer runs it (batch statistics); it does not read the state it moves.
  std::vector<double> state(nnstatic::state_count_of<Layer>), saved(batch * nnstatic::saved_size_of<Layer>),
      scratch(batch * nnstatic::scratch_size_of<Layer>);
  nnstatic::run_training_forward<Layer>(nnstatic::training_args<double>{
      params, state.data(), in.data(), out.data(), saved.data(), scratch.data(), batch, 0, 0});
  if constexpr (std::is_same_v<typename Layer::spec, nnstatic::relu>) {
    for (double v : in) margin = std::min(margin, std::abs(v));
  } else if constexpr (is_max_pool<typename Layer::spec>) {
    for (std::size_t n = 0; n < batch; ++n)
      for (std::size_t oy = 0; oy < Layer::out_height; ++oy)
        for (std::size_t ox = 0; ox < Layer::out_width; ++ox)
          for (std::size_t c = 0; c < Layer::channels; ++c) {
            double first = -std::numeric_limits<double>::infinity(), second = first;
            Layer::for_each_pixel(oy, ox, [&](std::size_t pixel) {
              const double v = in[n * Layer::input_shape::size + pixel * Layer::channels + c];
              if (v > first) {
                second = first;
                first = v;
              } else if (v > second) {
                second = v;
              }
            });
            const bool one_pixel = second == -std::numeric_limits<double>::infinity();
            const bool relu_zeros = after_relu && first == 0;
            if (!one_pixel && !relu_zeros) margin = std::min(margin, first - second);
          }
  } else if constexpr (requires { Layer::branch_count; }) {
    [&]<std::size_t... B>(std::index_sequence<B...>) {
      (branch_margin<typename Layer::template branch_at<B>>(
           params + Layer::template param_offset<B>, in, batch, after_relu, margin,
           std::make_index_sequence<Layer::template branch_at<B>::length>{}),
       ...);
    }
    (std::make_index_sequence<Layer::branch_count>{});
  }
}

/// `layer_margin` along a block's branch, from the block's input.
template <class Branch, std::size_t... I>
void branch_margin(const double* params, const std::vector<double>& in, std::size_t batch, bool after_relu,
                   double& margin, std::index_sequence<I...>) {
  std::vector<double> branch_in = in, branch_out;
  bool relu_before = after_relu;
  [[maybe_unused]] const auto step_through = [&](auto layer_type, std::size_t offset) {
    using inner = typename decltype(layer_type)::type;
    layer_margin<inner>(params + offset, branch_in, branch_out, batch, relu_before, margin);
    relu_before = std::is_same_v<typename inner::spec, nnstatic::relu>;
    branch_in.swap(branch_out);
  };
  (step_through(std::type_identity<typename Branch::template layer<I>>{}, Branch::chain::param_offsets[I]), ...);
}

/// How far the network's forward pass on `x` stays from its kinks: the smallest |input| of any ReLU and the
/// smallest gap between the largest and the second largest value of any max-pooling window, inside blocks too.
/// Central differences are meaningful only if a parameter step of `step` moves no value across a kink, i.e. when
/// this margin is much larger than `step` times the (O(1)) sensitivity of those values to a parameter. A window
/// whose largest values are exact zeros out of a ReLU is no kink: those zeros come from inputs below the ReLU's
/// kink (whose own margin is counted) and stay zero under a step, so the tie never resolves differently.
template <nnstatic::network Net>
double kink_margin(const nnstatic::parameters<Net, double>& params, const std::vector<double>& x, std::size_t batch) {
  double margin = std::numeric_limits<double>::infinity();
  std::vector<double> in = x, out;
  bool after_relu = false;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          using layer = typename Net::template layer<I>;
          layer_margin<layer>(params.values.data() + Net::template param_offset<I>, in, out, batch, after_relu, margin);
          after_relu = std::is_same_v<typename layer::spec, nnstatic::relu>;
          in.swap(out);
        }(),
        ...);
  }
  (std::make_index_sequence<Net::layer_count>{});
  return margin;
}

/// Draws every bias of `Layer` from U(-0.1, 0.1), inside blocks too.
template <class Layer>
void randomize_biases(double* params, nnstatic::random_engine& rng) {
  if constexpr (requires { Layer::bias_size; }) {
    for (std::size_t i = 0; i < Layer::bias_size; ++i) params[Layer::kernel_size + i] = rng.uniform(-0.1, 0.1);
  } else if constexpr (requires { Layer::branch_count; }) {
    [&]<std::size_t... B>(std::index_sequence<B...>) {
      (randomize_branch_biases<typename Layer::template branch_at<B>>(
           params + Layer::template param_offset<B>, rng,
           std::make_index_sequence<Layer::template branch_at<B>::length>{}),
       ...);
    }
    (std::make_index_sequence<Layer::branch_count>{});
  }
}

template <class Branch, std::size_t... I>
void randomize_branch_biases([[maybe_unused]] double* params, [[maybe_unused]] nnstatic::random_engine& rng,
                             std::index_sequence<I...>) {
  (randomize_biases<typename Branch::template layer<I>>(params + Branch::chain::param_offsets[I], rng), ...);
}

/// Glorot-uniform kernels (the library's own initializer) and biases drawn from U(-0.1, 0.1), so that bias
/// gradients are not taken at a special point, and no ReLU inside a block gets an exact zero from a zero input. On
/// the heap, as parameters should be.
template <nnstatic::network Net>
std::unique_ptr<nnstatic::parameters<Net, double>> random_parameters(std::uint64_t seed) {
  auto params = std::make_unique<nnstatic::parameters<Net, double>>();
  nnstatic::glorot_uniform(*params, seed);
  nnstatic::random_engine rng(seed + 1000);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (randomize_biases<typename Net::template layer<I>>(params->values.data() + Net::template param_offset<I>, rng),
     ...);
  }
  (std::make_index_sequence<Net::layer_count>{});
  return params;
}

/// What `check_network` found.
struct network_report {
  std::string subject;
  double loss = 0;         ///< the mean batch loss
  double margin = 0;       ///< `kink_margin` at the checked point
  mismatch params;         ///< trainer::compute_gradient against finite differences of trainer::evaluate
  mismatch repeat;         ///< a second compute_gradient against the first (the gradient is reset, not accumulated)
  mismatch reported_loss;  ///< compute_gradient's loss against evaluate's, for a network that trains as it infers

  bool ok() const noexcept { return params.ok() && repeat.ok() && reported_loss.ok(); }

  std::string describe() const {
    std::ostringstream out;
    out.precision(10);
    out << subject << ", mean loss " << loss << ", kink margin " << margin << "\n";
    return out.str() + params.describe("param_grad vs finite differences of the mean batch loss") +
           repeat.describe("second compute_gradient vs first") +
           reported_loss.describe("compute_gradient's loss vs evaluate's");
  }
};

/// Checks every parameter's gradient of the mean batch loss that `trainer<Net, Loss, sgd, BatchCapacity,
/// double>::compute_gradient` gives, against central differences of the mean loss it reports. A network that
/// trains as it infers (no batch statistics, no dropout) must also report evaluate's loss.
template <nnstatic::network Net, class Loss, std::size_t BatchCapacity, bool TrainsAsItInfers = true>
network_report check_network(nnstatic::parameters<Net, double>& params, const std::vector<double>& x,
                             const std::vector<double>& targets, std::size_t batch) {
  nnstatic::trainer<Net, Loss, nnstatic::sgd, BatchCapacity, double> trainer;
  network_report report;
  report.subject = std::string(Net::signature) + " with " + std::string(Loss::name) + ", batch " +
                   std::to_string(batch) + " of capacity " + std::to_string(BatchCapacity);
  report.margin = kink_margin(params, x, batch);

  // The gradient is of the training forward's loss (batch statistics, dropout's mask for this step), which
  // compute_gradient reports; without either, evaluate's inference forward gives the same loss.
  const auto mean_loss = [&] {
    const nnstatic::batch_result result = trainer.compute_gradient(params, x.data(), targets.data(), batch);
    return result.loss_sum / static_cast<double>(result.samples);
  };
  report.loss = mean_loss();

  const nnstatic::batch_result first = trainer.compute_gradient(params, x.data(), targets.data(), batch);
  const std::vector<double> analytic(trainer.param_grad().begin(), trainer.param_grad().end());
  if constexpr (TrainsAsItInfers) {
    const nnstatic::batch_result inferred = trainer.evaluate(params, x.data(), targets.data(), batch);
    report.reported_loss.record(0, first.loss_sum / static_cast<double>(first.samples),
                                inferred.loss_sum / static_cast<double>(inferred.samples));
  }
  trainer.compute_gradient(params, x.data(), targets.data(), batch);
  report.repeat = compare(std::vector<double>(trainer.param_grad().begin(), trainer.param_grad().end()), analytic);

  for (std::size_t k = 0; k < Net::param_count; ++k)
    report.params.record(k, analytic[k], central_difference(params.values[k], mean_loss));
  return report;
}

inline void expect_correct(const network_report& report) {
  INFO(report.describe());
  // A margin of 1e-4 is 100 steps: no ReLU input or max-pool runner-up can be crossed by a parameter step.
  REQUIRE(report.margin > 1e-4);
  CHECK(std::isfinite(report.loss));
  CHECK(report.params.ok());
  CHECK(report.repeat.ok());
  CHECK(report.reported_loss.ok());
}

/// A random one-hot target per sample.
inline std::vector<double> one_hot_targets(std::size_t classes, std::size_t batch, nnstatic::random_engine& rng) {
  std::vector<double> t(classes * batch, 0.0);
  for (std::size_t n = 0; n < batch; ++n) t[n * classes + rng.below(classes)] = 1.0;
  return t;
}

}  // namespace gradcheck
