// glorot_uniform: kernels from U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)); biases zero; seeded, layer
// by layer from one generator.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <memory>

namespace {

namespace nn = nnstatic;

using reference = nn::sequential<nn::input<28, 28, 1>, nn::conv2d<32, 3>, nn::relu, nn::max_pool2d<2>, nn::flatten,
                                 nn::dense<128>, nn::relu, nn::dense<10>, nn::softmax>;
using params_type = nn::parameters<reference>;

// fan_in + fan_out: conv 3*3*1 + 3*3*32 = 297; dense 5408 + 128 = 5536; dense 128 + 10 = 138.
const double conv_limit = std::sqrt(6.0 / 297);
const double dense_limit = std::sqrt(6.0 / 5536);
const double out_limit = std::sqrt(6.0 / 138);

template <class Span>
void check_inside(Span values, double limit) {
  double low = limit, high = -limit;
  for (const auto v : values) {
    const double d = static_cast<double>(v);
    low = d < low ? d : low;
    high = d > high ? d : high;
  }
  CHECK(low >= -limit);
  CHECK(high < limit);
  // And a large kernel uses the range: its extremes are near the limits (for 288 draws, the chance that all miss the
  // outer 10% at one end is 0.95^288 ~ 4e-7).
  if (values.size() >= 288) {
    CHECK(low < -0.9 * limit);
    CHECK(high > 0.9 * limit);
  }
}

}  // namespace

TEST_CASE("glorot_uniform: the same seed gives the same values, another seed other values") {
  auto a = std::make_unique<params_type>();
  auto b = std::make_unique<params_type>();
  auto c = std::make_unique<params_type>();
  nn::glorot_uniform(*a, 42);
  nn::glorot_uniform(*b, 42);
  nn::glorot_uniform(*c, 43);
  CHECK(a->values == b->values);
  std::size_t same = 0;
  for (std::size_t i = 0; i < params_type::size; ++i)
    if (a->values[i] == c->values[i]) ++same;
  CHECK(same < params_type::size / 100);  // the biases (170 zeros) and rare coincidences
}

TEST_CASE("glorot_uniform: kernels inside +-sqrt(6 / (fan_in + fan_out)), biases zero") {
  auto params = std::make_unique<params_type>();
  params->values.fill(7.0f);  // the initializer must overwrite everything, biases included
  nn::glorot_uniform(*params, 1);
  check_inside(params->kernel<0>(), conv_limit);
  check_inside(params->kernel<4>(), dense_limit);
  check_inside(params->kernel<6>(), out_limit);
  for (const float v : params->bias<0>()) CHECK(v == 0.0f);
  for (const float v : params->bias<4>()) CHECK(v == 0.0f);
  for (const float v : params->bias<6>()) CHECK(v == 0.0f);
}

TEST_CASE("glorot_uniform: the empirical mean is near 0 and the variance near limit^2 / 3") {
  auto params = std::make_unique<params_type>();
  nn::glorot_uniform(*params, 2);
  const auto kernel = params->kernel<4>();  // 692,224 draws
  double sum = 0, sum_squares = 0;
  for (const float v : kernel) {
    sum += static_cast<double>(v);
    sum_squares += static_cast<double>(v) * static_cast<double>(v);
  }
  const double n = static_cast<double>(kernel.size());
  const double mean = sum / n;
  const double variance = sum_squares / n - mean * mean;
  const double expected = dense_limit * dense_limit / 3;
  // The standard error of the mean is limit / sqrt(3 n) ~ 0.0007 limit, of the variance ~ 0.0011 of it: these
  // bounds are 10 and 9 standard errors wide.
  CHECK(std::abs(mean) < 0.007 * dense_limit);
  CHECK(variance == doctest::Approx(expected).epsilon(0.01));
}

TEST_CASE("glorot_uniform: layers are drawn in order from one generator seeded with the seed") {
  auto params = std::make_unique<params_type>();
  nn::glorot_uniform(*params, 9);
  nn::random_engine rng(9);
  for (const float v : params->kernel<0>()) REQUIRE(v == static_cast<float>(rng.uniform(-conv_limit, conv_limit)));
  // The dense kernel continues the same sequence (the biases draw nothing).
  CHECK(params->kernel<4>()[0] == static_cast<float>(rng.uniform(-dense_limit, dense_limit)));
}

TEST_CASE("glorot_uniform: double parameters") {
  using net = nn::sequential<nn::input<4>, nn::dense<3>, nn::relu, nn::dense<2>>;
  nn::parameters<net, double> params;
  nn::glorot_uniform(params, 5);
  check_inside(params.kernel<0>(), std::sqrt(6.0 / 7));
  check_inside(params.kernel<2>(), std::sqrt(6.0 / 5));
  for (const double v : params.bias<2>()) CHECK(v == 0.0);
}
