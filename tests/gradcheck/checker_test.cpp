// The gradient checker checking itself: layers, a loss and a network with deliberately wrong backward passes must
// be flagged, each by the part of the report that names its mistake, while the same code without the flaw passes.
// Without this, a checker that compared a gradient with itself (or never compared at all) would pass everything.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/loss/mean_squared_error.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

namespace {

enum class flaw {
  none,
  input_off_by_1e_4,       ///< one dx component 1.0001 times what it should be
  param_off_by_1e_3,       ///< one param_grad component 1e-3 too large (added on every call, so it still accumulates)
  overwrites_param_grad,   ///< param_grad = instead of +=
  accumulates_dx,          ///< dx += instead of =
  uses_first_sample_only,  ///< every sample's param gradient computed from sample 0's input
  writes_dx_unasked,       ///< backward<false> writes dx anyway
  no_bias_without_input,   ///< backward<false> forgets the bias gradient
};

/// `Inner` (a correct bound layer) with the backward pass spoiled by `Flaw`; forward and shapes are Inner's.
template <class Inner, flaw Flaw>
struct flawed : Inner {
  template <bool PropagateInput, class T>
  static void backward(const T* params, T* param_grad, const T* x, const T* y, const T* dy, T* dx,
                       std::size_t batch) noexcept {
    constexpr std::size_t in = Inner::input_shape::size, out = Inner::output_shape::size;
    constexpr std::size_t count = Inner::param_count;
    if constexpr (Flaw == flaw::overwrites_param_grad) {
      std::vector<T> fresh(count, T{});
      Inner::template backward<PropagateInput>(params, fresh.data(), x, y, dy, dx, batch);
      for (std::size_t k = 0; k < count; ++k) param_grad[k] = fresh[k];
    } else if constexpr (Flaw == flaw::accumulates_dx) {
      std::vector<T> fresh(batch * in);
      Inner::template backward<PropagateInput>(params, param_grad, x, y, dy, fresh.data(), batch);
      if constexpr (PropagateInput)
        for (std::size_t i = 0; i < batch * in; ++i) dx[i] += fresh[i];
    } else if constexpr (Flaw == flaw::uses_first_sample_only) {
      for (std::size_t n = 0; n < batch; ++n)
        Inner::template backward<PropagateInput>(params, param_grad, x, y + n * out, dy + n * out,
                                                 PropagateInput ? dx + n * in : dx, 1);
    } else {
      Inner::template backward<PropagateInput>(params, param_grad, x, y, dy, dx, batch);
      if constexpr (Flaw == flaw::input_off_by_1e_4 && PropagateInput) dx[batch * in - 1] *= T{1.0001};
      if constexpr (Flaw == flaw::param_off_by_1e_3) param_grad[count - 1] += T{1e-3};
      if constexpr (Flaw == flaw::writes_dx_unasked && !PropagateInput)
        for (std::size_t i = 0; i < batch * in; ++i) dx[i] = T{};
      if constexpr (Flaw == flaw::no_bias_without_input && !PropagateInput)
        for (std::size_t k = Inner::kernel_size; k < count; ++k) param_grad[k] = T{};
    }
  }
};

using dense_layer = nnstatic::dense<3>::bind<nnstatic::shape<4>>;
using conv_layer = nnstatic::conv2d<2, 3, nnstatic::padding::same>::bind<nnstatic::shape<4, 4, 2>>;

template <flaw Flaw>
gradcheck::layer_report dense_with() {
  return gradcheck::check_layer<flawed<dense_layer, Flaw>>({.seed = 301});
}

}  // namespace

TEST_CASE("the unspoiled wrapper passes: the flaws below are what the checks see") {
  gradcheck::expect_correct(dense_with<flaw::none>());
  gradcheck::expect_correct(gradcheck::check_layer<flawed<conv_layer, flaw::none>>({.seed = 302}));
}

TEST_CASE("a dx component off by 1e-4 relative is flagged by the input check alone") {
  const gradcheck::layer_report report = dense_with<flaw::input_off_by_1e_4>();
  INFO(report.describe());
  CHECK_FALSE(report.ok());
  CHECK_FALSE(report.input.ok());
  CHECK(report.input.index == 3 * dense_layer::input_shape::size - 1);  // the last input of the last of 3 samples
  CHECK(report.params.ok());
}

TEST_CASE("a parameter gradient off by 1e-3 is flagged by the parameter check alone") {
  const gradcheck::layer_report report = dense_with<flaw::param_off_by_1e_3>();
  INFO(report.describe());
  CHECK_FALSE(report.params.ok());
  CHECK(report.params.index == dense_layer::param_count - 1);
  CHECK(report.input.ok());
  CHECK(report.accumulation.ok());
}

TEST_CASE("a backward that overwrites param_grad is flagged by the accumulation check") {
  const gradcheck::layer_report report = dense_with<flaw::overwrites_param_grad>();
  INFO(report.describe());
  CHECK_FALSE(report.accumulation.ok());
  CHECK(report.params.ok());  // the gradient itself is right: only calling twice shows the flaw
}

TEST_CASE("a backward that adds into dx is flagged by the input and overwrite checks") {
  const gradcheck::layer_report report = dense_with<flaw::accumulates_dx>();
  INFO(report.describe());
  CHECK_FALSE(report.input.ok());
  CHECK_FALSE(report.overwrite.ok());
  CHECK(report.params.ok());
}

TEST_CASE("a backward that reads only the first sample's input is flagged by the parameter check") {
  const gradcheck::layer_report dense_report = dense_with<flaw::uses_first_sample_only>();
  INFO(dense_report.describe());
  CHECK_FALSE(dense_report.params.ok());
  const auto conv_report = gradcheck::check_layer<flawed<conv_layer, flaw::uses_first_sample_only>>({.seed = 303});
  INFO(conv_report.describe());
  CHECK_FALSE(conv_report.params.ok());
}

TEST_CASE("backward<false> writing dx, or dropping the bias gradient, is flagged") {
  const gradcheck::layer_report writes = dense_with<flaw::writes_dx_unasked>();
  CHECK_FALSE(writes.dx_untouched.ok());
  CHECK(writes.input.ok());
  const gradcheck::layer_report drops = dense_with<flaw::no_bias_without_input>();
  CHECK_FALSE(drops.no_propagation.ok());
  CHECK(drops.params.ok());
}

namespace {

/// Keras' MSE value with the textbook half-sum gradient: the factor 2 / width is missing.
struct mse_with_wrong_gradient {
  static constexpr std::string_view name = "mse_with_wrong_gradient";
  using folded_activation = void;
  template <std::size_t Width, class T>
  static T sample(const T* output, const T* target, T* grad, T grad_scale) noexcept {
    nnstatic::half_squared_error::sample<Width>(output, target, grad, grad_scale);
    return nnstatic::mean_squared_error::sample<Width>(output, target, static_cast<T*>(nullptr), grad_scale);
  }
};

/// Categorical cross-entropy that ignores grad_scale.
struct cce_ignoring_scale {
  static constexpr std::string_view name = "cce_ignoring_scale";
  using folded_activation = nnstatic::softmax;
  template <std::size_t Width, class T>
  static T sample(const T* logits, const T* target, T* grad, T /*grad_scale*/) noexcept {
    return nnstatic::categorical_crossentropy::sample<Width>(logits, target, grad, T{1});
  }
};

}  // namespace

TEST_CASE("a loss gradient without its factor, or without grad_scale, is flagged") {
  const gradcheck::loss_report wrong = gradcheck::check_loss<mse_with_wrong_gradient, 3>({0.3, -1.2, 2.0}, {0, 1, 0});
  INFO(wrong.describe());
  CHECK_FALSE(wrong.gradient.ok());
  const gradcheck::loss_report unscaled = gradcheck::check_loss<cce_ignoring_scale, 3>({0.3, -1.2, 2.0}, {0, 1, 0});
  INFO(unscaled.describe());
  CHECK(unscaled.gradient.ok());
  CHECK_FALSE(unscaled.scaling.ok());
}

namespace {

/// A layer spec for `sequential` whose bound form is a spoiled dense, to plant a flaw inside a whole network. It
/// is dense<Units> (name, signature, ...) in all but its bound form.
template <std::size_t Units, flaw Flaw>
struct flawed_dense : nnstatic::dense<Units> {
  template <class In>
  using bind = flawed<nnstatic::bound_dense<Units, In>, Flaw>;
};

template <flaw Flaw>
gradcheck::network_report network_with() {
  using namespace nnstatic;
  using net = sequential<input<6, 6, 1>, conv2d<2, 3>, relu, max_pool2d<2>, flatten, flawed_dense<4, Flaw>, relu,
                         dense<3>, softmax>;
  random_engine rng(304);
  auto params = gradcheck::random_parameters<net>(305);
  const std::vector<double> x = gradcheck::uniform(3 * net::input_shape::size, rng, 0, 1);
  return gradcheck::check_network<net, categorical_crossentropy, 3>(*params, x, gradcheck::one_hot_targets(3, 3, rng),
                                                                    3);
}

}  // namespace

TEST_CASE("a flaw inside a network is flagged by the network check") {
  gradcheck::expect_correct(network_with<flaw::none>());
  // A wrong input gradient spoils the gradients of every layer below it, the conv2d's.
  const gradcheck::network_report input_flaw = network_with<flaw::input_off_by_1e_4>();
  INFO(input_flaw.describe());
  CHECK(input_flaw.margin > 1e-4);
  CHECK_FALSE(input_flaw.params.ok());
  CHECK(input_flaw.params.index < 20);  // conv2d<2, 3> on one channel: 18 kernel weights and 2 biases
  const gradcheck::network_report overwrite_flaw = network_with<flaw::overwrites_param_grad>();
  // The trainer zeroes param_grad before each backward, so overwriting goes unseen there: the layer check sees it.
  CHECK(overwrite_flaw.params.ok());
}

TEST_CASE("kink_margin sees a max-pooling tie and a ReLU input at zero") {
  using namespace nnstatic;
  using pool_net = sequential<input<2, 2, 1>, max_pool2d<2>, flatten, dense<2>, softmax>;
  auto pool_params = gradcheck::random_parameters<pool_net>(306);
  CHECK(gradcheck::kink_margin(*pool_params, {0.5, 0.5, -0.25, 0.0}, 1) == 0.0);
  CHECK(gradcheck::kink_margin(*pool_params, {0.5, 0.25, -0.25, 0.0}, 1) == 0.25);

  using relu_net = sequential<input<3>, relu, dense<2>, softmax>;
  auto relu_params = gradcheck::random_parameters<relu_net>(307);
  CHECK(gradcheck::kink_margin(*relu_params, {0.5, -1e-7, 2.0}, 1) == 1e-7);
}
