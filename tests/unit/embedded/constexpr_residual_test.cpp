// A residual network evaluated by the compiler: embedded_model's forward pass (conv, batch normalization from its
// moving statistics, relu, a residual block of two of each, global average pooling, dense, softmax) runs inside a
// constant expression, and static_asserts hold its outputs against a second forward pass written here from the
// layers' formulas alone, in double (Keras' weight layouts; none of the library's layer code). A wrong compile-time
// forward, a weight read from the wrong offset or a shortcut left out fails the build. At run time, the same
// outputs come from the hosted inference (the fused, vectorized plan) and from the network folded for deployment.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/embedded/inference.hpp>
#include <nnstatic/fusion/fold_batch_normalization.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/layers/add.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/global_average_pooling2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/residual.hpp>
#include <nnstatic/layers/softmax.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace ns = nnstatic;

namespace {

constexpr std::size_t side = 4, channels_in = 2, filters = 4, classes = 3;

using net = ns::sequential<ns::input<side, side, channels_in>,                                                  //
                           ns::conv2d<filters, 3, ns::same>, ns::batch_normalization<>, ns::relu,               //
                           ns::residual<ns::conv2d<filters, 3, ns::same>, ns::batch_normalization<>, ns::relu,  //
                                        ns::conv2d<filters, 3, ns::same>, ns::batch_normalization<>>,           //
                           ns::relu, ns::global_average_pooling2d, ns::dense<classes>, ns::softmax>;

constexpr std::size_t conv_params(std::size_t in) { return 3 * 3 * in * filters + filters; }
static_assert(net::param_count ==
              conv_params(channels_in) + 2 * conv_params(filters) + 3 * 2 * filters + filters * classes + classes);
static_assert(net::state_count == 3 * 2 * filters);

/// A fixed pseudo-random sequence in [-1, 1) (a 64-bit linear congruential generator's top bits).
struct sequence {
  std::uint64_t state;
  constexpr double next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / static_cast<double>(std::uint64_t{1} << 52) - 1.0;
  }
};

/// Weights as training would leave them: kernels and biases of either sign, gamma near 1, beta near 0, moving means
/// of either sign and moving variances between 0.5 and 1.5. The state is two arrays per batch normalization, its
/// means then its variances, which is where the variances are told apart.
constexpr ns::parameters<net> weights = [] {
  ns::parameters<net> p{};
  sequence random{7};
  for (float& value : p.values) value = static_cast<float>(0.4 * random.next());
  for (std::size_t at : {net::param_offset<1>, net::param_offset<3> + conv_params(filters),
                         net::param_offset<3> + 2 * conv_params(filters) + 2 * filters})
    for (std::size_t c = 0; c < filters; ++c) p.values[at + c] = static_cast<float>(1.0 + 0.3 * random.next());
  for (std::size_t b = 0; b < 3; ++b)
    for (std::size_t c = 0; c < filters; ++c) {
      p.state[b * 2 * filters + c] = static_cast<float>(0.2 * random.next());
      p.state[b * 2 * filters + filters + c] = static_cast<float>(1.0 + 0.5 * random.next());
    }
  return p;
}();

constexpr std::array<float, side* side* channels_in> image = [] {
  std::array<float, side * side * channels_in> x{};
  sequence random{11};
  for (float& value : x) value = static_cast<float>(random.next());
  return x;
}();

// The second forward pass, in double, from the formulas (Keras' layouts: a conv kernel [kh][kw][in][out] then its
// bias, batch normalization's gamma, beta and its moving mean, variance, a dense kernel [in][out] then its bias).

constexpr double square_root(double v) {
  double r = v > 1 ? v : 1;
  for (int i = 0; i < 60; ++i) r = (r + v / r) / 2;  // Newton's iteration, from above
  return r;
}

constexpr double exponential(double v) {  // e^v = (e^(v / 1024))^1024, the series converging fast near 0
  double small = v / 1024, term = 1, sum = 1;
  for (int k = 1; k < 20; ++k) sum += term *= small / k;
  for (int i = 0; i < 10; ++i) sum *= sum;
  return sum;
}

template <std::size_t Channels>
using image_of = std::array<double, side * side * Channels>;

/// Reads the weights in the order the network stores them.
struct reader {
  const float* values;
  const float* state;
  constexpr double parameter() { return static_cast<double>(*values++); }
  constexpr double statistic() { return static_cast<double>(*state++); }
};

// y[i][j][o] = b[o] + sum over ki, kj in [0, 3), c of x[i + ki - 1][j + kj - 1][c] w[ki][kj][c][o], zero outside.
template <std::size_t In>
constexpr image_of<filters> convolve(const image_of<In>& x, reader& w) {
  std::array<double, 3 * 3 * In * filters> kernel{};
  for (double& value : kernel) value = w.parameter();
  image_of<filters> y{};
  for (std::size_t o = 0; o < filters; ++o) {
    const double bias = w.parameter();
    for (std::size_t i = 0; i < side; ++i)
      for (std::size_t j = 0; j < side; ++j) y[(i * side + j) * filters + o] = bias;
  }
  for (std::size_t i = 0; i < side; ++i)
    for (std::size_t j = 0; j < side; ++j)
      for (std::size_t ki = 0; ki < 3; ++ki)
        for (std::size_t kj = 0; kj < 3; ++kj) {
          if (i + ki < 1 || i + ki > side || j + kj < 1 || j + kj > side) continue;
          const std::size_t at = ((i + ki - 1) * side + (j + kj - 1)) * In;
          for (std::size_t c = 0; c < In; ++c)
            for (std::size_t o = 0; o < filters; ++o)
              y[(i * side + j) * filters + o] += x[at + c] * kernel[((ki * 3 + kj) * In + c) * filters + o];
        }
  return y;
}

// y = gamma (x - moving mean) / sqrt(moving variance + 1e-3) + beta, per channel.
constexpr image_of<filters> normalize(image_of<filters> x, reader& w) {
  std::array<double, filters> gamma{}, beta{}, mean{}, variance{};
  for (double& value : gamma) value = w.parameter();
  for (double& value : beta) value = w.parameter();
  for (double& value : mean) value = w.statistic();
  for (double& value : variance) value = w.statistic();
  for (std::size_t p = 0; p < side * side; ++p)
    for (std::size_t c = 0; c < filters; ++c)
      x[p * filters + c] = gamma[c] * (x[p * filters + c] - mean[c]) / square_root(variance[c] + 1e-3) + beta[c];
  return x;
}

constexpr image_of<filters> rectify(image_of<filters> x) {
  for (double& value : x) value = value > 0 ? value : 0;
  return x;
}

constexpr std::array<double, classes> reference_forward() {
  reader w{weights.values.data(), weights.state.data()};
  image_of<channels_in> x{};
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(image[i]);
  const image_of<filters> stem = rectify(normalize(convolve<channels_in>(x, w), w));
  const image_of<filters> main_path =
      normalize(convolve<filters>(rectify(normalize(convolve<filters>(stem, w), w)), w), w);
  image_of<filters> block{};
  for (std::size_t i = 0; i < block.size(); ++i) block[i] = main_path[i] + stem[i];  // the identity shortcut
  block = rectify(block);
  std::array<double, filters> pooled{};
  for (std::size_t p = 0; p < side * side; ++p)
    for (std::size_t c = 0; c < filters; ++c) pooled[c] += block[p * filters + c] / (side * side);
  std::array<double, classes * filters> kernel{};
  for (double& value : kernel) value = w.parameter();
  std::array<double, classes> logits{};
  for (std::size_t k = 0; k < classes; ++k) {
    logits[k] = w.parameter();
    for (std::size_t c = 0; c < filters; ++c) logits[k] += pooled[c] * kernel[c * classes + k];
  }
  double largest = logits[0], sum = 0;
  for (double logit : logits) largest = logit > largest ? logit : largest;
  for (double& logit : logits) sum += logit = exponential(logit - largest);
  for (double& logit : logits) logit /= sum;
  return logits;
}

constexpr std::array<double, classes> reference = reference_forward();

// The library's forward pass, in the compiler.
constexpr std::array<float, classes> compile_time_output = [] {
  ns::embedded_model<net> model;
  std::array<float, classes> y{};
  return model.run(weights, image.data(), y.data()) == ns::inference_status::ok ? y : std::array<float, classes>{};
}();

constexpr std::size_t compile_time_label = [] {
  ns::embedded_model<net> model;
  std::size_t label = 99;
  return model.classify(weights, image.data(), label) == ns::inference_status::ok ? label : 98;
}();

constexpr std::size_t argmax(const auto& values) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < values.size(); ++i)
    if (values[i] > values[best]) best = i;
  return best;
}

constexpr bool agrees(const std::array<float, classes>& got, double bound) {
  for (std::size_t k = 0; k < classes; ++k) {
    const double difference = static_cast<double>(got[k]) - reference[k];
    if (difference > bound || difference < -bound) return false;
  }
  return true;
}

// The reference is no degenerate case: its probabilities are far enough apart that the argmax means something, and
// leaving the shortcut out or skipping a batch normalization would move them by more than the bound below.
static_assert(reference[0] + reference[1] + reference[2] > 1 - 1e-12 &&
              reference[0] + reference[1] + reference[2] < 1 + 1e-12);
static_assert(reference[argmax(reference)] > reference[(argmax(reference) + 1) % classes] + 0.02 &&
              reference[argmax(reference)] > reference[(argmax(reference) + 2) % classes] + 0.02);
static_assert(agrees(compile_time_output, 1e-5), "the compile-time forward pass gives the formulas' outputs");
static_assert(compile_time_label == argmax(reference), "the compile-time classification picks the formulas' class");

}  // namespace

TEST_CASE("the compile-time outputs are what the hosted inference computes at run time, folded or not") {
  const auto params = std::make_unique<ns::parameters<net>>(weights);
  std::array<float, classes> hosted{};
  auto workspace = std::make_unique<ns::inference_workspace<net>>();
  REQUIRE(ns::infer(*params, image.data(), hosted.data(), 1, *workspace) == ns::inference_status::ok);
  const auto deployed = std::make_unique<ns::inference_parameters<net>>(*params);
  std::array<float, classes> folded{};
  REQUIRE(ns::infer(*deployed, image.data(), folded.data(), 1, *workspace) == ns::inference_status::ok);
  for (std::size_t k = 0; k < classes; ++k) {
    CAPTURE(k);
    CHECK(std::abs(static_cast<double>(hosted[k] - compile_time_output[k])) <= 1e-5);
    CHECK(std::abs(static_cast<double>(folded[k] - compile_time_output[k])) <= 1e-5);
  }

  // And the same code, run now, gives the compile-time values, but for the last bits of the series that stand in
  // for <cmath> in constant expressions (detail/constexpr_math.hpp).
  ns::embedded_model<net> model;
  std::array<float, classes> now{};
  REQUIRE(model.run(weights, image.data(), now.data()) == ns::inference_status::ok);
  for (std::size_t k = 0; k < classes; ++k)
    CHECK(std::abs(static_cast<double>(now[k] - compile_time_output[k])) <= 1e-6);
}
