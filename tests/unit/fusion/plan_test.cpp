// fusion::plan: which stages a network becomes (static checks), and whole networks run by the trainer and by
// infer() against the plain layers: the gradient of the mean batch loss, the loss and the outputs, for float and
// double, on 1 and 2 threads, with losses that fold an activation and losses that do not.
#include <nnstatic/nnstatic.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <memory>
#include <string_view>
#include <type_traits>
#include <vector>

#include "reference.hpp"

namespace {

namespace nn = nnstatic;
namespace fusion = nnstatic::fusion;

template <class Plan, std::size_t I>
using stage_of = typename Plan::template at<I>;

template <class S>
inline constexpr bool is_conv = false;
template <class A, class C, class Act, class Pool, class Out>
inline constexpr bool is_conv<fusion::conv_stage<A, C, Act, Pool, Out>> = true;
template <class S>
inline constexpr bool is_pointwise = false;
template <class A, class C, class Act, class Out>
inline constexpr bool is_pointwise<fusion::pointwise_stage<A, C, Act, Out>> = true;
template <class S>
inline constexpr bool is_dense = false;
template <class A, class D, class Act, class Out>
inline constexpr bool is_dense<fusion::dense_stage<A, D, Act, Out>> = true;
template <class S>
inline constexpr bool is_pool = false;
template <class A, class P, class Out>
inline constexpr bool is_pool<fusion::pool_stage<A, P, Out>> = true;
template <class S>
inline constexpr bool is_layer = false;
template <class A, class L, class Out>
inline constexpr bool is_layer<fusion::layer_stage<A, L, Out>> = true;
template <class S>
inline constexpr bool is_batch_normalization = false;
template <class A, class N, class Act, class Out>
inline constexpr bool is_batch_normalization<fusion::batch_normalization_stage<A, N, Act, Out>> = true;
template <class S>
inline constexpr bool is_activation = false;
template <class A, class F, class In, class Out>
inline constexpr bool is_activation<fusion::activation_stage<A, F, In, Out>> = true;

using reference_net = nn::sequential<nn::input<28, 28, 1>, nn::conv2d<32, 3>, nn::relu, nn::max_pool2d<2>, nn::flatten,
                                     nn::dense<128>, nn::relu, nn::dense<10>, nn::softmax>;
using cifar_net = nn::sequential<nn::input<32, 32, 3>, nn::conv2d<16, 3, nn::padding::same>, nn::relu,
                                 nn::max_pool2d<2>, nn::conv2d<32, 3, nn::padding::same>, nn::relu,
                                 nn::max_pool2d<2>, nn::flatten, nn::dense<64>, nn::relu, nn::dense<10>, nn::softmax>;
using mlp =
    nn::sequential<nn::input<196>, nn::dense<48>, nn::relu, nn::dense<24>, nn::sigmoid, nn::dense<10>, nn::softmax>;
using odd_convs = nn::sequential<nn::input<13, 11, 2>, nn::conv2d<5, nn::size2d{3, 2}, nn::strides{2}>, nn::relu,
                                 nn::conv2d<20, 2>, nn::max_pool2d<3, nn::strides{2}>, nn::conv2d<17, 1>, nn::tanh,
                                 nn::avg_pool2d<2, nn::padding::same>, nn::flatten, nn::dense<7>, nn::softmax>;

// The reference network: conv+relu+pool+flatten, dense+relu, dense, softmax.
using reference_plan = fusion::plan<reference_net>;
static_assert(reference_plan::size == 4);
static_assert(is_conv<stage_of<reference_plan, 0>::stage> && stage_of<reference_plan, 0>::layer_span == 4);
static_assert(is_dense<stage_of<reference_plan, 1>::stage> && stage_of<reference_plan, 1>::first_layer == 4 &&
              stage_of<reference_plan, 1>::layer_span == 2);
static_assert(is_dense<stage_of<reference_plan, 2>::stage> && stage_of<reference_plan, 2>::layer_span == 1);
static_assert(is_layer<stage_of<reference_plan, 3>::stage> && stage_of<reference_plan, 3>::first_layer == 7);
static_assert(std::is_same_v<stage_of<reference_plan, 0>::output_shape, nn::shape<5408>>);
static_assert(stage_of<reference_plan, 1>::split_weights && !stage_of<reference_plan, 2>::split_weights);

// A pool that overlaps is not absorbed: conv (no activation) and then the pool as a pool_stage of its own.
using odd_plan = fusion::plan<odd_convs>;
static_assert(odd_plan::size == 7);
static_assert(is_conv<stage_of<odd_plan, 0>::stage> && stage_of<odd_plan, 0>::layer_span == 2);
static_assert(is_conv<stage_of<odd_plan, 1>::stage> && stage_of<odd_plan, 1>::layer_span == 1);
static_assert(is_pool<stage_of<odd_plan, 2>::stage> && stage_of<odd_plan, 2>::first_layer == 3);
// conv2d<17, 1> + tanh: a 1x1 convolution of stride 1, the GEMM of pointwise_stage.
static_assert(is_pointwise<stage_of<odd_plan, 3>::stage> && stage_of<odd_plan, 3>::layer_span == 2);
static_assert(is_pool<stage_of<odd_plan, 4>::stage> && stage_of<odd_plan, 4>::layer_span == 2);  // avg pool + flatten

// Which max pools a convolution absorbs: any window and strides whose windows neither overlap nor need padding.
template <class Pool, std::size_t... Dims>
inline constexpr bool absorbed = fusion::absorbable_pool<typename Pool::template bind<nn::shape<Dims...>>>;
static_assert(absorbed<nn::max_pool2d<2>, 6, 6, 4> && absorbed<nn::max_pool2d<2>, 7, 7, 4>);  // the last row dropped
static_assert(absorbed<nn::max_pool2d<nn::size2d{2, 3}>, 6, 6, 4>);
static_assert(absorbed<nn::max_pool2d<2, nn::strides{3}>, 8, 8, 1>);
static_assert(absorbed<nn::max_pool2d<nn::size2d{1, 2}, nn::strides{2, 3}>, 4, 3, 1>);
static_assert(absorbed<nn::max_pool2d<2, nn::padding::same>, 8, 4, 1>);  // 'same' that pads nothing
static_assert(!absorbed<nn::max_pool2d<2, nn::padding::same>, 7, 7, 1>);
static_assert(!absorbed<nn::max_pool2d<3, nn::strides{2}>, 7, 7, 1>);              // overlapping
static_assert(!absorbed<nn::max_pool2d<nn::size2d{1, 2}, nn::strides{1}>, 7, 7, 1>);  // overlapping across
static_assert(!absorbed<nn::avg_pool2d<2>, 6, 6, 1>);
using resnet_shortcut = nn::sequential<nn::input<12, 12, 4>, nn::conv2d<8, 1, nn::strides{2}>, nn::relu,
                                       nn::max_pool2d<2, nn::strides{3}>, nn::flatten, nn::dense<3>, nn::softmax>;
static_assert(fusion::plan<resnet_shortcut>::size == 3);
static_assert(is_conv<stage_of<fusion::plan<resnet_shortcut>, 0>::stage> &&
              stage_of<fusion::plan<resnet_shortcut>, 0>::layer_span == 4);

// An activation no layer before it takes in (after a dropout) runs as an activation_stage, with a flatten after it;
// a batch normalization takes in the activation after it (and a flatten), as in DS-CNN and ResNet-8.
using dropped = nn::sequential<nn::input<5, 4, 3>, nn::conv2d<8, 3>, nn::dropout<nn::ratio{1, 4}>, nn::relu,
                               nn::flatten, nn::dense<3>, nn::softmax>;
using dropped_plan = fusion::plan<dropped>;
static_assert(dropped_plan::size == 5 && is_layer<stage_of<dropped_plan, 1>::stage>);
static_assert(is_activation<stage_of<dropped_plan, 2>::stage> && stage_of<dropped_plan, 2>::first_layer == 2 &&
              stage_of<dropped_plan, 2>::layer_span == 2);
using normalized = nn::sequential<nn::input<5, 4, 3>, nn::conv2d<8, 3>, nn::batch_normalization<>, nn::relu,
                                  nn::flatten, nn::dense<3>, nn::softmax>;
using normalized_plan = fusion::plan<normalized>;
static_assert(normalized_plan::size == 4 && is_batch_normalization<stage_of<normalized_plan, 1>::stage> &&
              stage_of<normalized_plan, 1>::first_layer == 1 && stage_of<normalized_plan, 1>::layer_span == 3);

static_assert(fusion::plan<cifar_net>::size == 5);
static_assert(fusion::plan<mlp>::size == 4);  // dense + relu, dense + sigmoid, dense, softmax

// Any element-wise activation fuses, by the same rules as relu: conv2d + relu6 + max_pool2d + flatten, dense +
// leaky_relu, dense + tanh, dense, softmax.
using activations_net =
    nn::sequential<nn::input<10, 10, 2>, nn::conv2d<12, 3>, nn::relu6, nn::max_pool2d<2>, nn::flatten, nn::dense<20>,
                   nn::leaky_relu<nn::negative_slope{1, 5}>, nn::dense<16>, nn::tanh, nn::dense<6>, nn::softmax>;
using activations_plan = fusion::plan<activations_net>;
static_assert(activations_plan::size == 5);
static_assert(is_conv<stage_of<activations_plan, 0>::stage> && stage_of<activations_plan, 0>::layer_span == 4);
static_assert(is_dense<stage_of<activations_plan, 1>::stage> && stage_of<activations_plan, 1>::layer_span == 2);
static_assert(is_dense<stage_of<activations_plan, 2>::stage> && stage_of<activations_plan, 2>::layer_span == 2);
static_assert(is_dense<stage_of<activations_plan, 3>::stage> && stage_of<activations_plan, 3>::layer_span == 1);

// An element-wise layer without the pack forms of core/elementwise_activation.hpp runs as a layer of its own.
struct scalar_only_square {
  static constexpr std::string_view name = "square";
  [[maybe_unused]] static constexpr std::string_view type_name = "Square";
  static constexpr void write_signature(nn::text& out) { out.append("square"); }
  static constexpr void write_type(nn::text& out) { out.append("square"); }
  template <class In>
  using bind = nn::detail::bound_elementwise<scalar_only_square, In>;
  template <class T>
  static constexpr T value(T x) noexcept {
    return x * x;
  }
  template <class T>
  static constexpr T derivative(T y) noexcept {
    return y;
  }  // not the real one; never run here
};
static_assert(!nn::elementwise_activation<scalar_only_square> && nn::elementwise_activation<nn::relu6>);
using scalar_only_plan = fusion::plan<nn::sequential<nn::input<8>, nn::dense<4>, scalar_only_square>>;
static_assert(scalar_only_plan::size == 2 && is_dense<stage_of<scalar_only_plan, 0>::stage> &&
              is_layer<stage_of<scalar_only_plan, 1>::stage>);

template <class Net, class Loss, class T>
void check_network(std::size_t threads, std::size_t batch) {
  constexpr std::size_t capacity = 16;
  constexpr std::size_t classes = Net::output_shape::size;
  auto params = std::make_unique<nn::parameters<Net, T>>();
  nn::glorot_uniform(*params, 3);
  for (T& p : params->values) p += T(0.01);  // non-zero biases
  std::vector<T> x(batch * Net::input_shape::size), targets(batch * classes);
  nn::testing::random_batch(x, targets, classes, 7);
  const nn::testing::reference_pass<Net, Loss, T> reference(*params, x.data(), targets.data(), batch);

  auto trainer = std::make_unique<nn::trainer<Net, Loss, nn::sgd, capacity, T>>(nn::sgd{}, threads);
  const nn::batch_result result = trainer->compute_gradient(*params, x.data(), targets.data(), batch);
  const double loss_epsilon = std::is_same_v<T, float> ? 2e-5 : 1e-12;
  // The gradient of the mean batch loss is small (1e-5 to 1), so atol is small too. rtol allows for a logit that
  // carries the rounding of a 5408-term sum into every softmax probability (2e-5 relative is the worst seen), and
  // atol for a gradient near zero that sums products of such rounded values (1.1e-8 off at 7e-5 is the worst seen).
  constexpr nn::testing::tolerance tolerance =
      std::is_same_v<T, float> ? nn::testing::tolerance{2e-8, 5e-5} : nn::testing::tolerance{5e-16, 1e-13};
  CHECK(result.samples == batch);
  CHECK(result.loss_sum == doctest::Approx(reference.loss_sum).epsilon(loss_epsilon));
  // Both are of the mean batch loss: the reference's loss gradient is already scaled by 1 / batch.
  CHECK(nn::testing::compare(trainer->param_grad(), reference.param_grad, tolerance));
  CHECK(nn::testing::compare(trainer->outputs(batch), reference.activations.back(), tolerance));

  auto workspace = std::make_unique<nn::inference_workspace<Net, T, capacity>>();
  std::vector<T> y(batch * classes);
  nn::infer(*params, x.data(), y.data(), batch, *workspace);
  CHECK(nn::testing::compare(y, reference.activations.back(), tolerance));
}

}  // namespace

TEST_CASE_TEMPLATE("plan: the reference network, fused, equals the plain layers", T, float, double) {
  check_network<reference_net, nn::categorical_crossentropy, T>(1, 16);
  check_network<reference_net, nn::categorical_crossentropy, T>(2, 5);
}

TEST_CASE_TEMPLATE("plan: 'same' convolutions that need the input gradient (the CIFAR example)", T, float, double) {
  check_network<cifar_net, nn::categorical_crossentropy, T>(2, 9);
}

TEST_CASE_TEMPLATE("plan: dense-only networks, sigmoid in between, losses with and without a folded activation", T,
                   float, double) {
  check_network<mlp, nn::categorical_crossentropy, T>(2, 13);
  check_network<mlp, nn::mean_squared_error, T>(1, 11);
}

TEST_CASE_TEMPLATE("plan: relu6, leaky_relu and tanh fused into conv2d and dense", T, float, double) {
  check_network<activations_net, nn::categorical_crossentropy, T>(2, 9);
  check_network<activations_net, nn::categorical_crossentropy, T>(1, 4);
}

TEST_CASE_TEMPLATE("plan: a 1x1 stride-2 convolution and a pool moved past its window, fused", T, float, double) {
  check_network<resnet_shortcut, nn::categorical_crossentropy, T>(2, 7);
}

TEST_CASE_TEMPLATE("plan: strides, an overlapping pool, tanh, a padded average pool", T, float, double) {
  check_network<odd_convs, nn::categorical_crossentropy, T>(2, 16);
  check_network<odd_convs, nn::half_squared_error, T>(1, 3);
}

// A final activation fuses for inference; a trainer whose loss folds it (binary cross-entropy, from the logits)
// plans it as a stage of its own.
namespace {
using sigmoid_output = nn::sequential<nn::input<12>, nn::dense<4>, nn::relu, nn::dense<3>, nn::sigmoid>;
static_assert(fusion::plan<sigmoid_output>::size == 2 &&
              is_dense<typename fusion::plan<sigmoid_output>::template at<1>::stage>);
using apart = fusion::training_plan<sigmoid_output, nnstatic::simd::native, true>;
static_assert(apart::size == 3 && is_dense<typename apart::template at<1>::stage> &&
              apart::template at<1>::layer_span == 1 && is_layer<typename apart::template at<2>::stage> &&
              apart::template at<2>::first_layer == 3);
static_assert(std::is_same_v<fusion::training_plan<sigmoid_output>, fusion::plan<sigmoid_output>>);
}  // namespace
