// Depthwise-separable networks through fusion::plan: which stages they become, and the trainer's gradient of the
// mean batch loss, its loss and outputs, and infer()'s outputs against the plain layers, for float and double, on
// 1 and 2 threads.
#include <nnstatic/nnstatic.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

#include "reference.hpp"

namespace {

namespace nn = nnstatic;
namespace fusion = nnstatic::fusion;

template <class Plan, std::size_t I>
using stage_of = typename Plan::template at<I>;

template <class S>
inline constexpr bool is_depthwise = false;
template <class A, class D, class Act, class Out>
inline constexpr bool is_depthwise<fusion::depthwise_stage<A, D, Act, Out>> = true;
template <class S>
inline constexpr bool is_global_pool = false;
template <class A, class P, class Out>
inline constexpr bool is_global_pool<fusion::global_pool_stage<A, P, Out>> = true;

/// A MobileNet-style body: depthwise 3x3 + relu, pointwise 1x1 + relu, a strided depthwise with multiplier 2 +
/// relu, a global average pool and the classifier.
using separable_net =
    nn::sequential<nn::input<10, 9, 3>, nn::depthwise_conv2d<3, nn::same>, nn::relu, nn::conv2d<8, 1>, nn::relu,
                   nn::depthwise_conv2d<3, nn::strides{2}, nn::same, nn::depth_multiplier{2}>, nn::relu,
                   nn::global_average_pooling2d, nn::dense<5>, nn::softmax>;
using max_pooled_net = nn::sequential<nn::input<8, 8, 4>, nn::depthwise_conv2d<nn::size2d{3, 2}, nn::strides{1, 2}>,
                                      nn::global_max_pooling2d, nn::dense<3>, nn::softmax>;

using separable_plan = fusion::plan<separable_net>;
static_assert(separable_plan::size == 6);
static_assert(is_depthwise<stage_of<separable_plan, 0>::stage> && stage_of<separable_plan, 0>::layer_span == 2);
static_assert(is_depthwise<stage_of<separable_plan, 2>::stage> && stage_of<separable_plan, 2>::first_layer == 4 &&
              stage_of<separable_plan, 2>::layer_span == 2);
static_assert(is_global_pool<stage_of<separable_plan, 3>::stage> && stage_of<separable_plan, 3>::first_layer == 6);
using max_pooled_plan = fusion::plan<max_pooled_net>;
static_assert(max_pooled_plan::size == 4 && is_depthwise<stage_of<max_pooled_plan, 0>::stage> &&
              stage_of<max_pooled_plan, 0>::layer_span == 1 && is_global_pool<stage_of<max_pooled_plan, 1>::stage>);

template <class Net, class T>
void check_network(std::size_t threads, std::size_t batch) {
  constexpr std::size_t capacity = 16;
  constexpr std::size_t classes = Net::output_shape::size;
  auto params = std::make_unique<nn::parameters<Net, T>>();
  nn::glorot_uniform(*params, 3);
  for (T& p : params->values) p += T(0.01);  // non-zero biases
  std::vector<T> x(batch * Net::input_shape::size), targets(batch * classes);
  nn::testing::random_batch(x, targets, classes, 7);
  const nn::testing::reference_pass<Net, nn::categorical_crossentropy, T> reference(*params, x.data(), targets.data(),
                                                                                    batch);

  auto trainer =
      std::make_unique<nn::trainer<Net, nn::categorical_crossentropy, nn::sgd, capacity, T>>(nn::sgd{}, threads);
  const nn::batch_result result = trainer->compute_gradient(*params, x.data(), targets.data(), batch);
  // As plan_test's: gradients of the mean batch loss of 1e-5 to 1, sums of at most a few hundred terms.
  constexpr nn::testing::tolerance tolerance =
      std::is_same_v<T, float> ? nn::testing::tolerance{2e-8, 5e-5} : nn::testing::tolerance{5e-16, 1e-13};
  CHECK(result.samples == batch);
  CHECK(result.loss_sum == doctest::Approx(reference.loss_sum).epsilon(std::is_same_v<T, float> ? 2e-5 : 1e-12));
  CHECK(nn::testing::compare(trainer->param_grad(), reference.param_grad, tolerance));
  CHECK(nn::testing::compare(trainer->outputs(batch), reference.activations.back(), tolerance));

  auto workspace = std::make_unique<nn::inference_workspace<Net, T, capacity>>();
  std::vector<T> y(batch * classes);
  nn::infer(*params, x.data(), y.data(), batch, *workspace);
  CHECK(nn::testing::compare(y, reference.activations.back(), tolerance));
}

}  // namespace

TEST_CASE_TEMPLATE("depthwise plan: depthwise, pointwise, strided depthwise and a global average pool", T, float,
                   double) {
  check_network<separable_net, T>(1, 16);
  check_network<separable_net, T>(2, 5);
}

TEST_CASE_TEMPLATE("depthwise plan: a rectangular depthwise without relu and a global max pool", T, float, double) {
  check_network<max_pooled_net, T>(1, 6);
  check_network<max_pooled_net, T>(2, 9);
}
