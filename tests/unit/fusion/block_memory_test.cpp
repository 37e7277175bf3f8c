// The memory of blocks planned by liveness (fusion/block_stage.hpp, layers/detail/block.hpp), on a small ResNet
// with batch normalization for 28x28x1 images: the figures derived by hand below, and inference through that
// memory against the plain layers, on one thread and through a trainer's evaluate on two.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/fusion/plan.hpp>
#include <nnstatic/layers/add.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/branch.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/dropout.hpp>
#include <nnstatic/layers/global_average_pooling2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/residual.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/train/trainer.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <memory>
#include <vector>

#include "reference.hpp"

namespace {

namespace nn = nnstatic;
namespace fusion = nnstatic::fusion;

using resnet = nn::sequential<
    nn::input<28, 28, 1>, nn::conv2d<16, 3, nn::same>, nn::batch_normalization<>, nn::relu,
    nn::residual<nn::conv2d<16, 3, nn::same>, nn::batch_normalization<>, nn::relu, nn::conv2d<16, 3, nn::same>,
                 nn::batch_normalization<>>,
    nn::relu,
    nn::add<nn::branch<nn::conv2d<32, 3, nn::strides{2}, nn::same>, nn::batch_normalization<>, nn::relu,
                       nn::conv2d<32, 3, nn::same>, nn::batch_normalization<>>,
            nn::branch<nn::conv2d<32, 1, nn::strides{2}>, nn::batch_normalization<>>>,
    nn::relu, nn::global_average_pooling2d, nn::dropout<nn::ratio{1, 4}>, nn::dense<10>, nn::softmax>;

using stages = fusion::plan<resnet>;
using residual_stage = stages::at<2>;
using projection_stage = stages::at<4>;

// Per sample, in floats. A 28x28x16 map is 12544 values, a 14x14x32 one 6272; a batch normalization stage
// (fusion/batch_normalization_stage.hpp) saves each channel's mean and 1 / deviation (32, 64), and its backward
// reads its input.
//
// The residual branch runs conv | bn+relu | conv | bn. In inference the first bn and the relu write over the
// first conv's output, the second conv's output goes to the other end, and the last bn writes the block's output
// itself: 2 x 12544 live; the shortcut adds x to it. Before, every inner output and everything saved was there:
// 5 x 12544 + 2 x 12560 = 87840.
static_assert(residual_stage::inference_area_size == 2 * 12544);
// In training the three inner outputs are kept (each bn's backward reads its input, the second conv's reads the
// relu's output; a conv without activation reads not its output), then each bn's saved values, then the backward's
// two gradients of 12544; the shortcut adds dy into dx, so no branch input gradient is kept apart. With the
// batch normalization layer, which saved its normalized input instead: 62752; before liveness: 125472.
static_assert(residual_stage::saved_size == 3 * 12544 + 2 * 32 + 2 * 12544);
static_assert(residual_stage::saved_size == 62784);

// The projection block: conv/2 | bn | relu | conv | bn, then conv 1x1/2 | bn beside it, added to the first.
// Inference: 2 x 6272 in the first branch, 6272 in the second (its bn in place, for the merge).
static_assert(projection_stage::inference_area_size == 2 * 6272);
// Training: the first branch's three inner outputs and the second's 1x1 convolution output (4 x 6272) and three
// bn's saved values are kept; then the gradients of the first branch (2 x 6272) and the second branch's input gradient, summed into dx after it
// (12544). With the batch normalization layer: 50272.
static_assert(projection_stage::saved_size == 4 * 6272 + 3 * 64 + 2 * 6272 + 12544);
static_assert(projection_stage::saved_size == 50368);

// inference_bytes: the arena of the network's stages (conv 12544 and the residual block's 12544 are the largest
// pair), and the largest stage scratch: the residual block's area after its convolutions' zero-bordered 30x30x16
// image (14400). Before: 602240 at batch 1 and 38543360 at batch 64.
static_assert(nn::inference_bytes<resnet, 1> == (2 * 12544 + 14400 + 2 * 12544) * sizeof(float));
static_assert(nn::inference_bytes<resnet, 1> == 258304);
static_assert(nn::inference_bytes<resnet, 64> == (64 * 2 * 12544 + 14400 + 64 * 2 * 12544) * sizeof(float));
static_assert(nn::inference_bytes<resnet, 64> == 12902656);

// training_bytes(1) at batch 64 with Adam: every stage's output and saved values for 64 samples, 11265280 floats
// (conv, bn+relu + its 32, residual + 62784, relu, each 12544; projection 6272 + 50368; relu 6272; pooling 32;
// dropout 32 + 32; dense 10; softmax 10), two gradient buffers of 64 x 12544, the parameter gradient (19850, to
// a 64-byte line: 79424 bytes), the state copy (288), Adam's m and v (each 79424 bytes, its step in v's padding),
// 2 x 64 doubles of loss and accuracy, one thread's scratch (the largest stage's, which liveness does not change;
// its size follows the kernels' register tiles, so it is the instruction set's: 144640 bytes with 16 registers,
// 145152 before the tiles became the instruction set's) and 64 bytes of alignment. With the batch normalization
// layer and an activation stage: 58109824; before liveness: 83945088.
using adam_trainer = nn::trainer<resnet, nn::categorical_crossentropy, nn::adam, 64>;
static_assert(adam_trainer::training_bytes(1) ==
              (11265280 + 2 * 64 * 12544) * sizeof(float) + 79424 + 288 * sizeof(float) + 2 * 79424 + 2 * 64 * 8 +
                  adam_trainer::scratch_bytes_per_thread + 64);
static_assert(adam_trainer::training_bytes(1) - adam_trainer::scratch_bytes_per_thread == 51724160);

/// The layers one by one through the protocol, with their state: the reference for inference.
std::vector<float> plain_inference(const nn::parameters<resnet>& params, const std::vector<float>& x,
                                   std::size_t batch) {
  std::vector<std::vector<float>> outputs(resnet::layer_count);
  std::vector<float> scratch(batch * resnet::layers::max_scratch_size + 1);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          using layer = resnet::layer<I>;
          outputs[I].assign(batch * layer::output_shape::size, 0.0f);
          nn::run_inference<layer>(nn::inference_args<float>{
              params.values.data() + resnet::param_offset<I>, params.state.data() + resnet::state_offset<I>,
              I == 0 ? x.data() : outputs[I == 0 ? 0 : I - 1].data(), outputs[I].data(), scratch.data(), batch});
        }(),
        ...);
  }(std::make_index_sequence<resnet::layer_count>{});
  return outputs.back();
}

}  // namespace

TEST_CASE("block memory: a ResNet's inference through the planned areas equals the plain layers") {
  constexpr std::size_t batch = 3;
  auto params = std::make_unique<nn::parameters<resnet>>();
  nn::glorot_uniform(*params, 31);
  // Moving statistics away from their initial values, so that inference's batch normalization does something.
  nn::random_engine rng(32);
  for (std::size_t i = 0; i < resnet::state_count; ++i)
    params->state[i] = static_cast<float>(rng.uniform(0.5, 1.5)) - (i % 2 == 0 ? 0.5f : 0.0f);
  const auto x = nn::testing::uniform<float>(batch * resnet::input_shape::size, 33);
  const std::vector<float> expected = plain_inference(*params, x, batch);

  auto workspace = std::make_unique<nn::inference_workspace<resnet, float, 4>>();
  std::vector<float> y(batch * 10);
  REQUIRE(nn::infer(*params, x.data(), y.data(), batch, *workspace) == nn::inference_status::ok);
  CHECK(nn::testing::compare(y, expected, {1e-6, 1e-5}));

  // A trainer's evaluate runs the same inference forwards on its team, the blocks' areas in their saved regions.
  const std::vector<float> targets(batch * 10, 0.1f);
  for (std::size_t threads = 1; threads <= 2; ++threads) {
    CAPTURE(threads);
    auto trainer = std::make_unique<nn::trainer<resnet, nn::categorical_crossentropy, nn::adam, 4>>(nn::adam{},
                                                                                                   threads);
    trainer->evaluate(*params, x.data(), targets.data(), batch);
    const auto outputs = trainer->outputs(batch);
    CHECK(std::vector<float>(outputs.begin(), outputs.end()) == y);
  }
}
