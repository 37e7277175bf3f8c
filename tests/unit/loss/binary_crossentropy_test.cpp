// binary_crossentropy on logits (the sigmoid folded in): per output max(z, 0) - z y + log(1 + e^-|z|), the mean
// over outputs; gradient grad_scale (sigmoid(z) - y) / width; accuracy at the 0.5 threshold, averaged over outputs.
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/loss/binary_crossentropy.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <type_traits>

namespace {
namespace nn = nnstatic;
using bce = nn::binary_crossentropy;
}  // namespace

TEST_CASE("binary_crossentropy: folds sigmoid") {
  static_assert(std::is_same_v<bce::folded_activation, nn::sigmoid>);
  CHECK(bce::name == "binary_crossentropy");
}

TEST_CASE("binary_crossentropy: hand-computed samples") {
  // z = 0 is p = 0.5: loss ln 2 whatever the target; gradient (0.5 - y).
  const std::array<double, 1> zero{0};
  const std::array<double, 1> one{1};
  std::array<double, 1> grad{};
  CHECK(bce::sample<1>(zero.data(), one.data(), grad.data(), 1.0) == doctest::Approx(std::log(2.0)).epsilon(1e-14));
  CHECK(grad[0] == doctest::Approx(-0.5).epsilon(1e-14));

  // z = ln 3 is p = 3/4. Target 1: -ln(3/4); target 0: -ln(1/4). Two outputs: the mean of the two, and each
  // gradient is divided by the width 2: [(3/4 - 1) / 2, (3/4 - 0) / 2].
  const std::array<double, 2> z{std::log(3.0), std::log(3.0)};
  const std::array<double, 2> y{1, 0};
  std::array<double, 2> g2{};
  CHECK(bce::sample<2>(z.data(), y.data(), g2.data(), 1.0) ==
        doctest::Approx((-std::log(0.75) - std::log(0.25)) / 2).epsilon(1e-14));
  CHECK(g2[0] == doctest::Approx(-0.125).epsilon(1e-14));
  CHECK(g2[1] == doctest::Approx(0.375).epsilon(1e-14));

  // grad_scale multiplies the gradient, not the loss.
  std::array<double, 2> g_half{};
  CHECK(bce::sample<2>(z.data(), y.data(), g_half.data(), 0.5) ==
        doctest::Approx((-std::log(0.75) - std::log(0.25)) / 2).epsilon(1e-14));
  CHECK(g_half[1] == doctest::Approx(0.1875).epsilon(1e-14));

  // A soft target of 0.3 on z = -1: -(0.3 ln s + 0.7 ln(1 - s)), s = sigmoid(-1).
  const double s = 1 / (1 + std::exp(1.0));
  const std::array<double, 1> zm{-1}, soft{0.3};
  CHECK(bce::sample<1>(zm.data(), soft.data(), grad.data(), 1.0) ==
        doctest::Approx(-(0.3 * std::log(s) + 0.7 * std::log(1 - s))).epsilon(1e-12));
  CHECK(grad[0] == doctest::Approx(s - 0.3).epsilon(1e-12));
}

TEST_CASE("binary_crossentropy: logits of +-1000 stay finite") {
  const std::array<float, 4> z{1000.0f, -1000.0f, 1000.0f, -1000.0f};
  const std::array<float, 4> y{0, 1, 1, 0};
  std::array<float, 4> grad{};
  // Wrong by 1000 twice, right twice: (1000 + 1000 + 0 + 0) / 4.
  const float loss = bce::sample<4>(z.data(), y.data(), grad.data(), 1.0f);
  CHECK(std::isfinite(loss));
  CHECK(static_cast<double>(loss) == doctest::Approx(500.0).epsilon(1e-6));
  const std::array<double, 4> expected{0.25, -0.25, 0.0, 0.0};
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(std::isfinite(grad[i]));
    CHECK(static_cast<double>(grad[i]) == doctest::Approx(expected[i]));
  }
}

TEST_CASE("binary_crossentropy: accuracy thresholds the outputs at 0.5, averaged over outputs") {
  const std::array<float, 4> out{0.9f, 0.2f, 0.6f, 0.4f};
  const std::array<float, 4> y{1, 0, 0, 0};
  CHECK(static_cast<double>(bce::sample_accuracy<4>(out.data(), y.data())) == doctest::Approx(0.75));
  const std::array<float, 1> p{0.7f}, t1{1}, t0{0};
  CHECK(bce::sample_accuracy<1>(p.data(), t1.data()) == 1.0f);
  CHECK(bce::sample_accuracy<1>(p.data(), t0.data()) == 0.0f);
}

TEST_CASE("binary_crossentropy over a feature map: the mean over all outputs, as Keras' mean of means") {
  const std::array<double, 6> z{0.5, -1.0, 2.0, 0.0, -0.3, 1.2}, y{1, 0, 1, 1, 0, 0};
  std::array<double, 6> shaped{}, flat{};
  CHECK(bce::sample<nn::shape<3, 2>>(z.data(), y.data(), shaped.data(), 0.5) ==
        bce::sample<6>(z.data(), y.data(), flat.data(), 0.5));
  CHECK(shaped == flat);
  const std::array<double, 6> p{0.9, 0.2, 0.7, 0.4, 0.6, 0.1};
  CHECK(bce::sample_accuracy<nn::shape<3, 2>>(p.data(), y.data()) == bce::sample_accuracy<6>(p.data(), y.data()));
}
