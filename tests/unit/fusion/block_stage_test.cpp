// block_stage: a block whose branches run their own plans (conv2d + relu fused inside a residual branch), against
// the unfused block (its simple forms) and against its own plain instantiation, on teams of 1, 2 and 3 threads,
// with odd batches; in a whole network through the trainer and through inference.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/fusion/plan.hpp>
#include <nnstatic/layers/add.hpp>
#include <nnstatic/layers/branch.hpp>
#include <nnstatic/layers/concatenate.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/residual.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/simd/arch.hpp>
#include <nnstatic/train/trainer.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

#include "reference.hpp"
#include "stage_runner.hpp"

namespace {

namespace nn = nnstatic;
namespace fusion = nnstatic::fusion;
namespace simd = nnstatic::simd;

/// `exact`: every activation's pack form gives its scalar form's bits (all but sigmoid and tanh, as in
/// stages_test.cpp), so SIMD and plain agree bit for bit where the architecture fuses multiply-adds.
template <class Net, class T, bool exact = true>
void check_block(std::size_t batch) {
  constexpr std::size_t capacity = 8;
  const auto params = nn::testing::uniform<T>(Net::param_count, 1, -0.5, 0.5);
  const auto x = nn::testing::uniform<T>(batch * Net::input_shape::size, 2);
  const auto dy = nn::testing::uniform<T>(batch * Net::output_shape::size, 3);
  nn::testing::unfused<Net, T> reference;
  reference.forward(params.data(), x.data(), batch);
  reference.backward(params.data(), x.data(), dy.data(), batch);
  // As stages_test.cpp's: the inner stages sum their products in another order than the plain layers.
  constexpr nn::testing::tolerance tolerance =
      std::is_same_v<T, float> ? nn::testing::tolerance{5e-6, 1e-5} : nn::testing::tolerance{1e-14, 2e-14};
  for (std::size_t threads = 1; threads <= 3; ++threads) {
    CAPTURE(threads);
    const auto fused = nn::testing::run_stage<Net, simd::native, capacity>(params, x, dy, batch, threads);
    const auto plain = nn::testing::run_stage<Net, simd::plain, capacity>(params, x, dy, batch, threads);
    CHECK(nn::testing::compare(fused.y, reference.activations.back(), tolerance));
    CHECK(fused.inferred == fused.y);
    CHECK(nn::testing::compare(fused.grad, reference.param_grad, tolerance));
    CHECK(nn::testing::compare(fused.dx, reference.input_grad, tolerance));
    for (int covered : fused.updates) REQUIRE(covered == 1);
    if constexpr (exact && simd::fuses_multiply_add<simd::native>) {
      CHECK(fused.y == plain.y);
      CHECK(fused.grad == plain.grad);
      CHECK(fused.dx == plain.dx);
    } else {
      CHECK(nn::testing::compare(plain.y, reference.activations.back(), tolerance));
      CHECK(nn::testing::compare(plain.grad, reference.param_grad, tolerance));
      CHECK(nn::testing::compare(plain.dx, reference.input_grad, tolerance));
    }
  }
}

using residual_block = nn::sequential<nn::input<6, 6, 4>, nn::residual<nn::conv2d<4, 1>, nn::relu, nn::conv2d<4, 1>>>;
using projection_block =
    nn::sequential<nn::input<7, 7, 3>,
                   nn::add<nn::branch<nn::conv2d<5, 3>, nn::relu, nn::conv2d<5, 1>>, nn::branch<nn::conv2d<5, 3>>>>;
using inception_block =
    nn::sequential<nn::input<5, 5, 3>,
                   nn::concatenate<nn::branch<nn::conv2d<4, 1>, nn::relu>, nn::branch<>,
                                   nn::branch<nn::conv2d<2, 3, nn::padding::same>, nn::tanh>>>;
using dense_blocks =
    nn::sequential<nn::input<40>,
                   nn::concatenate<nn::branch<nn::residual<nn::dense<40>, nn::relu>, nn::dense<20>>, nn::branch<>>>;

}  // namespace

TEST_CASE("block plan: each branch is planned by the rules of a network") {
  using stage = fusion::plan<residual_block>::at<0>;
  // The residual branch's conv2d + relu is one stage (1x1 convolutions: pointwise_stage's GEMM), the second conv2d
  // another; the shortcut has no stage.
  using inner = stage::plan_of<0>;
  static_assert(inner::size == 2);
  static_assert(inner::at<0>::layer_span == 2 && inner::at<1>::first_layer == 2);
  static_assert(stage::plan_of<1>::size == 0);
  using conv_relu = fusion::pointwise_stage<simd::native, residual_block::layer<0>::branch_at<0>::layer<0>, nn::relu,
                                            nn::shape<6, 6, 4>>;
  static_assert(std::is_base_of_v<conv_relu, inner::at<0>>);
  // A block followed by flatten absorbs it, as any stage does; the relu after an add is a stage of its own.
  using net = nn::sequential<nn::input<6, 6, 4>, nn::residual<nn::conv2d<4, 1>>, nn::flatten, nn::dense<3>>;
  static_assert(fusion::plan<net>::size == 2 && fusion::plan<net>::at<0>::layer_span == 2);
  CHECK(fusion::plan<net>::at<1>::first_layer == 2);
}

TEST_CASE_TEMPLATE("block stage: a residual block of conv2d + relu and conv2d", T, float, double) {
  check_block<residual_block, T>(7);
  check_block<residual_block, T>(1);
}

TEST_CASE_TEMPLATE("block stage: a projection block, both branches with parameters", T, float, double) {
  check_block<projection_block, T>(5);
}

TEST_CASE_TEMPLATE("block stage: concatenate of three branches, the identity one of them", T, float, double) {
  // The tanh branch has 2 channels: fewer than a pack on AVX2 and AVX-512, so its tanh ran scalar there and agreed
  // bit for bit by chance; on AArch64 2 doubles are a whole NEON pack, and xsimd's tanh is not std::tanh.
  check_block<inception_block, T, /*exact*/ false>(6);
}

TEST_CASE_TEMPLATE("block stage: nested blocks of dense layers, one split by W's rows", T, float, double) {
  check_block<dense_blocks, T>(8);
  check_block<dense_blocks, T>(3);
}

namespace {

using residual_network =
    nn::sequential<nn::input<8, 8, 2>, nn::conv2d<4, 1>, nn::relu,
                   nn::residual<nn::conv2d<4, 1>, nn::relu, nn::conv2d<4, 1>>, nn::relu,
                   nn::add<nn::branch<nn::conv2d<6, 3>, nn::relu, nn::conv2d<6, 1>>, nn::branch<nn::conv2d<6, 3>>>,
                   nn::relu, nn::max_pool2d<2>, nn::flatten, nn::dense<3>, nn::softmax>;

}  // namespace

TEST_CASE("block stage: a residual network's trainer gives the unfused gradient, on 1 and 2 threads") {
  constexpr std::size_t capacity = 6, batch = 5;
  auto params = std::make_unique<nn::parameters<residual_network, double>>();
  nn::glorot_uniform(*params, 4);
  std::vector<double> x(batch * residual_network::input_shape::size), targets(batch * 3);
  nn::testing::random_batch(x, targets, 3, 5);
  const nn::testing::reference_pass<residual_network, nn::categorical_crossentropy, double> expected(
      *params, x.data(), targets.data(), batch);
  for (std::size_t threads = 1; threads <= 2; ++threads) {
    CAPTURE(threads);
    nn::trainer<residual_network, nn::categorical_crossentropy, nn::sgd, capacity, double> trainer({}, threads);
    const nn::batch_result r = trainer.compute_gradient(*params, x.data(), targets.data(), batch);
    CHECK(r.loss_sum == doctest::Approx(expected.loss_sum).epsilon(1e-12));
    CHECK(nn::testing::compare(trainer.param_grad(), expected.param_grad, {1e-14, 1e-12}));
  }
}

TEST_CASE("block stage: inference through the plan agrees with the plain layers") {
  constexpr std::size_t batch = 3;
  auto params = std::make_unique<nn::parameters<residual_network>>();
  nn::glorot_uniform(*params, 6);
  const auto x = nn::testing::uniform<float>(batch * residual_network::input_shape::size, 7);
  nn::testing::unfused<residual_network, float> reference;
  reference.forward(params->values.data(), x.data(), batch);
  auto workspace = std::make_unique<nn::inference_workspace<residual_network, float, 4>>();
  std::vector<float> y(batch * 3);
  REQUIRE(nn::infer(*params, x.data(), y.data(), batch, *workspace) == nn::inference_status::ok);
  CHECK(nn::testing::compare(y, reference.activations.back(), {1e-6, 1e-5}));
}
