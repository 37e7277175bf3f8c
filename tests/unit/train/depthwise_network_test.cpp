// A depthwise-separable network trains end to end: depthwise_conv2d, a pointwise conv2d and a global pool into a
// softmax classifier learn which of two channels carries a bright blob, on 1 and 2 threads, and a step is
// reproducible bit for bit for a thread count.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>
#include <nnstatic/layers/global_average_pooling2d.hpp>
#include <nnstatic/layers/global_max_pooling2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/train/trainer.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace {

namespace nn = nnstatic;

constexpr std::size_t samples = 32;

/// 8x8 images of 2 channels: noise in both, and a bright 2x2 blob somewhere in channel `label`; one-hot labels.
template <class Net>
void blobs(std::vector<float>& x, std::vector<float>& y, std::uint64_t seed) {
  constexpr std::size_t size = Net::input_shape::size;
  nn::random_engine rng(seed);
  x.assign(samples * size, 0.0f);
  y.assign(samples * 2, 0.0f);
  for (std::size_t n = 0; n < samples; ++n) {
    const std::size_t label = n % 2;
    float* image = x.data() + n * size;
    for (std::size_t i = 0; i < size; ++i) image[i] = static_cast<float>(rng.uniform(0, 0.3));
    const std::size_t top = rng.below(7), left = rng.below(7);
    for (std::size_t dy = 0; dy < 2; ++dy)
      for (std::size_t dx = 0; dx < 2; ++dx) image[((top + dy) * 8 + left + dx) * 2 + label] += 1.0f;
    y[n * 2 + label] = 1.0f;
  }
}

template <class Net>
void learns_blobs(std::size_t threads) {
  nn::parameters<Net> params;
  nn::glorot_uniform(params, 11);
  std::vector<float> x, y;
  blobs<Net>(x, y, 5);
  nn::trainer<Net, nn::categorical_crossentropy, nn::adam, samples> trainer(nn::adam{.learning_rate = 0.02}, threads);
  const nn::batch_result first = trainer.evaluate(params, x.data(), y.data(), samples);
  for (int step = 0; step < 150; ++step) trainer.step(params, x.data(), y.data(), samples);
  const nn::batch_result last = trainer.evaluate(params, x.data(), y.data(), samples);
  INFO("loss " << first.loss_sum / samples << " -> " << last.loss_sum / samples << ", correct " << last.correct_sum);
  CHECK(last.loss_sum < 0.25 * first.loss_sum);
  CHECK(last.correct_sum >= 31.0);
}

using average_net =
    nn::sequential<nn::input<8, 8, 2>, nn::depthwise_conv2d<3, nn::same, nn::depth_multiplier{2}>, nn::relu,
                   nn::conv2d<4, 1>, nn::relu, nn::global_average_pooling2d, nn::dense<2>, nn::softmax>;
using max_net = nn::sequential<nn::input<8, 8, 2>, nn::depthwise_conv2d<2, nn::strides{2}>, nn::relu,
                               nn::global_max_pooling2d, nn::dense<2>, nn::softmax>;

}  // namespace

TEST_CASE("depthwise network: depthwise, pointwise and a global average pool learn the blobs") {
  learns_blobs<average_net>(1);
  learns_blobs<average_net>(2);
}

TEST_CASE("depthwise network: a strided depthwise and a global max pool learn the blobs") {
  learns_blobs<max_net>(1);
  learns_blobs<max_net>(2);
}

TEST_CASE("depthwise network: a step gives the same bits every time for a thread count") {
  std::vector<float> x, y;
  blobs<average_net>(x, y, 6);
  const auto run = [&](std::size_t threads) {
    auto params = std::make_unique<nn::parameters<average_net>>();
    nn::glorot_uniform(*params, 12);
    nn::trainer<average_net, nn::categorical_crossentropy, nn::adam, samples> trainer(nn::adam{}, threads);
    for (int step = 0; step < 3; ++step) trainer.step(*params, x.data(), y.data(), samples);
    return std::vector<float>(params->values.begin(), params->values.end());
  };
  CHECK(run(2) == run(2));
  CHECK(run(1) == run(1));
}
