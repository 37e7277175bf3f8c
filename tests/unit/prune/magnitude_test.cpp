// prune/magnitude.hpp: which weights go, the mask, and that fine-tuning with keep_pruned keeps them at zero.
#include <nnstatic/prune/magnitude.hpp>

#include <nnstatic/core/initializers.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/train/model.hpp>
#include <nnstatic/train/trainer.hpp>  // before fit.hpp, which uses batch_result without including it
#include <nnstatic/train/fit.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

namespace ns = nnstatic;

namespace {
using net = ns::sequential<ns::input<6, 6, 1>, ns::conv2d<4, 3>, ns::relu, ns::flatten, ns::dense<8>, ns::relu,
                           ns::dense<3>, ns::softmax>;
}  // namespace

TEST_CASE("each kernel loses its smallest weights, biases are kept") {
  ns::parameters<net> params;
  ns::glorot_uniform(params, 4);
  for (float& b : params.bias<3>()) b = 1e-9f;  // tiny biases would be pruned first if biases were pruned
  const ns::parameters<net> original = params;
  const auto mask = ns::prune_by_magnitude(params, 0.75);
  CHECK(mask.sparsity() == doctest::Approx(0.75).epsilon(0.01));

  const auto kernel = params.kernel<3>();
  const auto before = original.kernel<3>();
  std::size_t zeros = 0;
  float largest_pruned = 0, smallest_kept = 1e9f;
  for (std::size_t i = 0; i < kernel.size(); ++i) {
    if (kernel[i] == 0.0f) {
      ++zeros;
      largest_pruned = std::max(largest_pruned, std::abs(before[i]));
    } else {
      CHECK(kernel[i] == before[i]);
      smallest_kept = std::min(smallest_kept, std::abs(before[i]));
    }
  }
  CHECK(zeros == kernel.size() * 3 / 4);
  CHECK(largest_pruned <= smallest_kept);
  for (float b : params.bias<3>()) CHECK(b == 1e-9f);
  // Every layer with parameters is pruned to the same sparsity: conv 36 -> 27 zeros.
  std::size_t conv_zeros = 0;
  for (float w : params.kernel<0>()) conv_zeros += w == 0.0f ? 1u : 0u;
  CHECK(conv_zeros == 27);
}

TEST_CASE("a sparsity outside [0, 1] is refused") {
  ns::parameters<net> params;
  CHECK_THROWS_WITH_AS(ns::prune_by_magnitude(params, 1.5), doctest::Contains("between 0 and 1, found 1.5"), ns::error);
  CHECK_THROWS_AS(ns::prune_by_magnitude(params, -0.1), ns::error);
}

TEST_CASE("fine-tuning with keep_pruned leaves pruned weights at zero, without it they come back") {
  ns::data::dataset data;
  data.height = 6, data.width = 6, data.channels = 1, data.classes = 3;
  ns::random_engine random(3);
  for (std::size_t n = 0; n < 64; ++n) {
    data.labels.push_back(static_cast<std::uint8_t>(n % 3));
    for (std::size_t i = 0; i < 36; ++i)
      data.images.push_back(static_cast<float>(random.uniform01()) + (i % 3 == n % 3 ? 0.5f : 0.0f));
  }
  ns::model<net> model(5);
  const auto mask = ns::prune_by_magnitude(model.params(), 0.8);
  std::ostringstream quiet;
  const ns::fit_options options{.epochs = 2, .display = ns::progress_mode::quiet, .out = &quiet};

  ns::model<net> unguarded = model;
  ns::trainer<net, ns::categorical_crossentropy, ns::adam, 16> trainer, other;
  ns::keep_pruned keep{mask};
  ns::fit(trainer, model, data, options, keep);
  ns::fit(other, unguarded, data, options);

  std::size_t revived = 0;
  for (std::size_t i = 0; i < net::param_count; ++i)
    if (mask.keep[i] == 0) {
      CHECK(model.params().values[i] == 0.0f);
      if (unguarded.params().values[i] != 0.0f) ++revived;
    }
  CHECK(revived > 0);  // the callback is what keeps them at zero
}
