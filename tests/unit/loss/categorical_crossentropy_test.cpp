// categorical_crossentropy on logits (the softmax folded in): loss = logsumexp(z) sum(y) - y.z, gradient
// grad_scale (softmax(z) sum(y) - y); stable for logits of +-1e4; accuracy is argmax agreement.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <type_traits>

namespace {
namespace nn = nnstatic;
using cce = nn::categorical_crossentropy;
}  // namespace

TEST_CASE("categorical_crossentropy: folds softmax") {
  static_assert(std::is_same_v<cce::folded_activation, nn::softmax>);
  CHECK(cce::name == "categorical_crossentropy");
}

TEST_CASE("categorical_crossentropy: a hand-computed sample") {
  // Logits [0, ln 2, ln 4] give probabilities [1, 2, 4] / 7. With target class 2: loss = -ln(4/7) = ln(7/4), and the
  // gradient with respect to the logits is p - y = [1/7, 2/7, 4/7 - 1].
  const std::array<double, 3> z{0.0, std::log(2.0), std::log(4.0)};
  const std::array<double, 3> y{0, 0, 1};
  std::array<double, 3> grad{};
  const double loss = cce::sample<3>(z.data(), y.data(), grad.data(), 1.0);
  CHECK(loss == doctest::Approx(std::log(7.0 / 4.0)).epsilon(1e-14));
  CHECK(grad[0] == doctest::Approx(1.0 / 7).epsilon(1e-14));
  CHECK(grad[1] == doctest::Approx(2.0 / 7).epsilon(1e-14));
  CHECK(grad[2] == doctest::Approx(4.0 / 7 - 1).epsilon(1e-14));

  // grad_scale multiplies the gradient only (the trainer passes 1 / batch).
  std::array<double, 3> scaled{};
  CHECK(cce::sample<3>(z.data(), y.data(), scaled.data(), 0.25) == doctest::Approx(loss).epsilon(1e-14));
  for (std::size_t i = 0; i < 3; ++i) CHECK(scaled[i] == doctest::Approx(0.25 * grad[i]).epsilon(1e-14));

  // Without a gradient buffer only the loss is computed.
  CHECK(cce::sample<3>(z.data(), y.data(), static_cast<double*>(nullptr), 1.0) == doctest::Approx(loss).epsilon(1e-14));

  // In float.
  const std::array<float, 3> zf{0.0f, std::log(2.0f), std::log(4.0f)};
  const std::array<float, 3> yf{0, 0, 1};
  std::array<float, 3> gf{};
  CHECK(static_cast<double>(cce::sample<3>(zf.data(), yf.data(), gf.data(), 1.0f)) ==
        doctest::Approx(std::log(7.0 / 4.0)).epsilon(1e-6));
  CHECK(static_cast<double>(gf[2]) == doctest::Approx(4.0 / 7 - 1).epsilon(1e-6));
}

TEST_CASE("categorical_crossentropy: soft targets and a shift of every logit") {
  // Soft target [0.25, 0.75] on logits [1, 3]: loss = -(0.25 ln p0 + 0.75 ln p1), p = softmax(z).
  const std::array<double, 2> z{1, 3};
  const std::array<double, 2> y{0.25, 0.75};
  const double p0 = 1 / (1 + std::exp(2.0)), p1 = 1 - p0;
  std::array<double, 2> grad{};
  CHECK(cce::sample<2>(z.data(), y.data(), grad.data(), 1.0) ==
        doctest::Approx(-(0.25 * std::log(p0) + 0.75 * std::log(p1))).epsilon(1e-14));
  CHECK(grad[0] == doctest::Approx(p0 - 0.25).epsilon(1e-12));
  CHECK(grad[1] == doctest::Approx(p1 - 0.75).epsilon(1e-12));

  // softmax is invariant to adding a constant to every logit, so the loss is too.
  const std::array<double, 2> shifted{101, 103};
  CHECK(cce::sample<2>(shifted.data(), y.data(), static_cast<double*>(nullptr), 1.0) ==
        doctest::Approx(cce::sample<2>(z.data(), y.data(), static_cast<double*>(nullptr), 1.0)).epsilon(1e-12));
}

TEST_CASE("categorical_crossentropy: logits of +-1e4 give a finite loss and gradient") {
  // The target class has logit 0 while another has 1e4: p_target ~ e^-1e4, far below the smallest float, yet the
  // loss is exactly 1e4 computed as logsumexp - z_target.
  const std::array<float, 3> z{1e4f, 0.0f, -1e4f};
  const std::array<float, 3> y{0, 1, 0};
  std::array<float, 3> grad{};
  const float loss = cce::sample<3>(z.data(), y.data(), grad.data(), 1.0f);
  CHECK(std::isfinite(loss));
  CHECK(static_cast<double>(loss) == doctest::Approx(1e4).epsilon(1e-6));
  for (const float g : grad) CHECK(std::isfinite(g));
  CHECK(static_cast<double>(grad[0]) == doctest::Approx(1.0));
  CHECK(static_cast<double>(grad[1]) == doctest::Approx(-1.0));
  CHECK(static_cast<double>(grad[2]) == doctest::Approx(0.0));

  // A confident right answer costs nothing.
  const std::array<float, 3> right{0.0f, 1e4f, -1e4f};
  CHECK(static_cast<double>(cce::sample<3>(right.data(), y.data(), grad.data(), 1.0f)) == doctest::Approx(0.0));
}

TEST_CASE("categorical_crossentropy: accuracy is 1 when the largest output is the target's class") {
  const std::array<float, 4> out{0.1f, 0.6f, 0.2f, 0.1f};
  const std::array<float, 4> hit{0, 1, 0, 0}, miss{0, 0, 1, 0};
  CHECK(cce::sample_accuracy<4>(out.data(), hit.data()) == 1.0f);
  CHECK(cce::sample_accuracy<4>(out.data(), miss.data()) == 0.0f);
  // Ties go to the first largest output.
  const std::array<float, 2> tie{0.5f, 0.5f};
  const std::array<float, 2> first{1, 0}, second{0, 1};
  CHECK(cce::sample_accuracy<2>(tie.data(), first.data()) == 1.0f);
  CHECK(cce::sample_accuracy<2>(tie.data(), second.data()) == 0.0f);
}

TEST_CASE("categorical_crossentropy: a softmax over a feature map is one distribution per position, as in Keras") {
  // Shape (1, 2, 2): two positions of two classes. Logits [1, -1] and [2, -2] give p = [s(2), s(-2)] and
  // [s(4), s(-4)] with s the logistic function. Targets class 0 at both positions: the position losses are
  // ln(1 + e^-2) and ln(1 + e^-4), and the sample's loss is their MEAN (Keras), not the cross-entropy of the four
  // logits taken as one distribution (1.724 here). The gradient is (p - y) / 2 at each position.
  using output = nn::shape<1, 2, 2>;
  const auto s = [](double v) { return 1 / (1 + std::exp(-v)); };
  const std::array<double, 4> z{1, -1, 2, -2};
  const std::array<double, 4> y{1, 0, 1, 0};
  std::array<double, 4> grad{};
  const double loss = cce::sample<output>(z.data(), y.data(), grad.data(), 1.0);
  const double by_hand = (std::log1p(std::exp(-2.0)) + std::log1p(std::exp(-4.0))) / 2;
  CHECK(by_hand == doctest::Approx(0.072539).epsilon(1e-6));
  CHECK(loss == doctest::Approx(by_hand).epsilon(1e-14));
  CHECK(grad[0] == doctest::Approx((s(2) - 1) / 2).epsilon(1e-14));
  CHECK(grad[1] == doctest::Approx(s(-2) / 2).epsilon(1e-14));
  CHECK(grad[2] == doctest::Approx((s(4) - 1) / 2).epsilon(1e-14));
  CHECK(grad[3] == doctest::Approx(s(-4) / 2).epsilon(1e-14));

  // grad_scale multiplies, a null gradient changes nothing, and a flat shape is the flat form exactly.
  std::array<double, 4> scaled{};
  CHECK(cce::sample<output>(z.data(), y.data(), scaled.data(), 0.25) == loss);
  for (std::size_t i = 0; i < 4; ++i) CHECK(scaled[i] == doctest::Approx(0.25 * grad[i]).epsilon(1e-14));
  CHECK(cce::sample<output>(z.data(), y.data(), static_cast<double*>(nullptr), 1.0) == loss);
  std::array<double, 4> flat_grad{}, shaped_grad{};
  CHECK(cce::sample<nn::shape<4>>(z.data(), y.data(), shaped_grad.data(), 0.5) ==
        cce::sample<4>(z.data(), y.data(), flat_grad.data(), 0.5));
  CHECK(shaped_grad == flat_grad);
}

TEST_CASE("categorical_crossentropy: accuracy over a feature map is the fraction of positions classified right") {
  using output = nn::shape<2, 2, 3>;
  // Position by position: predicted 0, 1, 2, 2; targets 0, 1, 0, 2: three of four right.
  const std::array<float, 12> p{0.8f, 0.1f, 0.1f, 0.2f, 0.7f, 0.1f, 0.1f, 0.2f, 0.7f, 0.3f, 0.3f, 0.4f};
  const std::array<float, 12> y{1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1};
  CHECK(cce::sample_accuracy<output>(p.data(), y.data()) == 0.75f);
  // Taken as one distribution of 12 values, the output would score 1 or 0 for the whole sample.
  CHECK(cce::sample_accuracy<12>(p.data(), y.data()) == 1.0f);
}
