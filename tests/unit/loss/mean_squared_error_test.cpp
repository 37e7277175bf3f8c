// mean_squared_error (Keras: the mean over outputs of (f - y)^2, gradient 2 (f - y) / width) and half_squared_error
// (1/2 sum (f - y)^2, gradient f - y). Neither folds an activation. Accuracy as Keras resolves "accuracy":
// binary at 0.5 for one output, argmax agreement for several.
#include <nnstatic/loss/mean_squared_error.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <type_traits>

namespace {
namespace nn = nnstatic;
using mse = nn::mean_squared_error;
using half = nn::half_squared_error;
}  // namespace

TEST_CASE("mean_squared_error and half_squared_error fold nothing") {
  static_assert(std::is_void_v<mse::folded_activation>);
  static_assert(std::is_void_v<half::folded_activation>);
  CHECK(mse::name == "mean_squared_error");
  CHECK(half::name == "half_squared_error");
}

TEST_CASE("mean_squared_error: the Keras mean form, by hand") {
  // f = [1, 2, 3], y = [0, 0, 0]: (1 + 4 + 9) / 3 = 14/3; gradient 2 f / 3 = [2/3, 4/3, 2].
  const std::array<double, 3> f{1, 2, 3}, y{0, 0, 0};
  std::array<double, 3> grad{};
  CHECK(mse::sample<3>(f.data(), y.data(), grad.data(), 1.0) == doctest::Approx(14.0 / 3).epsilon(1e-14));
  CHECK(grad[0] == doctest::Approx(2.0 / 3).epsilon(1e-14));
  CHECK(grad[1] == doctest::Approx(4.0 / 3).epsilon(1e-14));
  CHECK(grad[2] == doctest::Approx(2.0).epsilon(1e-14));

  // f = [0.5, -1], y = [1, 1]: (0.25 + 4) / 2 = 2.125; gradient with grad_scale 0.5: 0.5 * 2 (f - y) / 2.
  const std::array<float, 2> f2{0.5f, -1.0f}, y2{1.0f, 1.0f};
  std::array<float, 2> g2{};
  CHECK(static_cast<double>(mse::sample<2>(f2.data(), y2.data(), g2.data(), 0.5f)) == doctest::Approx(2.125));
  CHECK(static_cast<double>(g2[0]) == doctest::Approx(-0.25));
  CHECK(static_cast<double>(g2[1]) == doctest::Approx(-1.0));
  CHECK(static_cast<double>(mse::sample<2>(f2.data(), y2.data(), static_cast<float*>(nullptr), 1.0f)) ==
        doctest::Approx(2.125));
}

TEST_CASE("half_squared_error: the textbook 1/2 sum form, by hand") {
  // f = [1, 2, 3], y = [0, 0, 0]: (1 + 4 + 9) / 2 = 7; gradient f - y = [1, 2, 3].
  const std::array<double, 3> f{1, 2, 3}, y{0, 0, 0};
  std::array<double, 3> grad{};
  CHECK(half::sample<3>(f.data(), y.data(), grad.data(), 1.0) == doctest::Approx(7.0).epsilon(1e-14));
  CHECK(grad[0] == doctest::Approx(1.0));
  CHECK(grad[1] == doctest::Approx(2.0));
  CHECK(grad[2] == doctest::Approx(3.0));
  std::array<double, 3> scaled{};
  half::sample<3>(f.data(), y.data(), scaled.data(), 0.1);
  CHECK(scaled[2] == doctest::Approx(0.3).epsilon(1e-14));
}

TEST_CASE("mean_squared_error: accuracy, binary for one output and argmax for several") {
  const std::array<float, 1> high{0.8f}, low{0.3f}, one{1.0f};
  CHECK(mse::sample_accuracy<1>(high.data(), one.data()) == 1.0f);
  CHECK(mse::sample_accuracy<1>(low.data(), one.data()) == 0.0f);
  const std::array<float, 3> out{0.1f, 0.7f, 0.2f}, hit{0, 1, 0}, miss{1, 0, 0};
  CHECK(mse::sample_accuracy<3>(out.data(), hit.data()) == 1.0f);
  CHECK(mse::sample_accuracy<3>(out.data(), miss.data()) == 0.0f);
  CHECK(half::sample_accuracy<3>(out.data(), hit.data()) == 1.0f);
}

TEST_CASE("mean_squared_error over a feature map: the loss is the mean over all outputs, accuracy is per position") {
  // Keras averages over the last axis and then over positions; with equal positions that is the mean over all
  // outputs, so the shape changes neither the value nor the gradient.
  const std::array<double, 6> f{0.9, 0.1, 0.0, 0.2, 0.7, 0.1}, y{1, 0, 0, 1, 0, 0};
  std::array<double, 6> shaped{}, flat{};
  CHECK(mse::sample<nn::shape<2, 3>>(f.data(), y.data(), shaped.data(), 0.5) ==
        mse::sample<6>(f.data(), y.data(), flat.data(), 0.5));
  CHECK(shaped == flat);
  CHECK(half::sample<nn::shape<2, 3>>(f.data(), y.data(), shaped.data(), 0.5) ==
        half::sample<6>(f.data(), y.data(), flat.data(), 0.5));
  CHECK(shaped == flat);
  // Accuracy, as Keras resolves it from the last axis: categorical at each of the two positions (the first right,
  // the second wrong), not an argmax over all six values.
  CHECK(mse::sample_accuracy<nn::shape<2, 3>>(f.data(), y.data()) == 0.5);
  CHECK(half::sample_accuracy<nn::shape<2, 3>>(f.data(), y.data()) == 0.5);
  // A last axis of one output: binary at 0.5 at each position. 0.9 and 0.1 are right, 0.0 against 1 is wrong.
  const std::array<double, 3> g{0.9, 0.1, 0.0}, t{1, 0, 1};
  CHECK(mse::sample_accuracy<nn::shape<3, 1>>(g.data(), t.data()) == doctest::Approx(2.0 / 3));
}
