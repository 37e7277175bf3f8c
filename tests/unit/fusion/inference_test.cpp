// infer(): the forward fold through two ping-pong buffers. It must equal (up to rounding: it runs the fused kernels)
// the plain layers run one by one, the trainer's forward outputs and each sample run alone; and it must work with a
// workspace larger than the batch.
#include <nnstatic/core/inference_status.hpp>
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/train/trainer.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace {

namespace nn = nnstatic;

using reference = nn::sequential<nn::input<28, 28, 1>, nn::conv2d<32, 3>, nn::relu, nn::max_pool2d<2>, nn::flatten,
                                 nn::dense<128>, nn::relu, nn::dense<10>, nn::softmax>;
using small = nn::sequential<nn::input<7, 7, 2>, nn::conv2d<3, 3, nn::strides{2}, nn::padding::same>, nn::tanh,
                             nn::avg_pool2d<2, nn::padding::same>, nn::flatten, nn::dense<5>, nn::sigmoid>;

template <class Net>
std::vector<float> random_inputs(std::size_t batch, std::uint64_t seed) {
  std::vector<float> x(batch * Net::input_shape::size);
  nn::random_engine rng(seed);
  for (float& v : x) v = static_cast<float>(rng.uniform(0, 1));
  return x;
}

void check_close(const float* got, const float* want, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    CAPTURE(i);
    CHECK(static_cast<double>(got[i]) == doctest::Approx(static_cast<double>(want[i])).epsilon(1e-5));
  }
}

}  // namespace

TEST_CASE("infer: equals the layers run one by one") {
  nn::parameters<small> params;
  nn::glorot_uniform(params, 1);
  for (float& b : params.bias<0>()) b = 0.1f;
  constexpr std::size_t batch = 3;
  const std::vector<float> x = random_inputs<small>(batch, 2);

  // By hand: each layer from its own buffer into the next.
  std::vector<float> a0(batch * small::layer<0>::output_shape::size), a1(a0.size()),
      a2(batch * small::layer<2>::output_shape::size), a3(a2.size()), a4(batch * 5), a5(batch * 5);
  const float* p = params.values.data();
  small::layer<0>::forward(p + small::param_offset<0>, x.data(), a0.data(), batch);
  small::layer<1>::forward(p + small::param_offset<1>, a0.data(), a1.data(), batch);
  small::layer<2>::forward(p + small::param_offset<2>, a1.data(), a2.data(), batch);
  small::layer<3>::forward(p + small::param_offset<3>, a2.data(), a3.data(), batch);
  small::layer<4>::forward(p + small::param_offset<4>, a3.data(), a4.data(), batch);
  small::layer<5>::forward(p + small::param_offset<5>, a4.data(), a5.data(), batch);

  nn::inference_workspace<small, float, batch> workspace;
  std::array<float, batch * 5> y{};
  nn::infer(params, x.data(), y.data(), batch, workspace);
  // infer runs the fused execution plan (SIMD kernels), the reference above the plain layers: equal up to rounding.
  check_close(y.data(), a5.data(), y.size());
}

TEST_CASE("infer: equals the trainer's forward outputs, for the reference network") {
  auto params = std::make_unique<nn::parameters<reference>>();
  nn::glorot_uniform(*params, 3);
  constexpr std::size_t batch = 4;
  const std::vector<float> x = random_inputs<reference>(batch, 4);
  std::vector<float> targets(batch * 10);
  for (std::size_t n = 0; n < batch; ++n) targets[n * 10 + n] = 1;

  auto workspace = std::make_unique<nn::inference_workspace<reference, float, batch>>();
  std::array<float, batch * 10> y{};
  nn::infer(*params, x.data(), y.data(), batch, *workspace);

  auto trainer = std::make_unique<nn::trainer<reference, nn::categorical_crossentropy, nn::sgd, batch>>();
  trainer->evaluate(*params, x.data(), targets.data(), batch);
  check_close(trainer->outputs(batch).data(), y.data(), y.size());

  // A step reports the outputs of its forward pass, before the update.
  trainer->step(*params, x.data(), targets.data(), batch);
  check_close(trainer->outputs(batch).data(), y.data(), y.size());

  // Each output row is a probability distribution.
  for (std::size_t n = 0; n < batch; ++n) {
    double sum = 0;
    for (std::size_t k = 0; k < 10; ++k) sum += static_cast<double>(y[n * 10 + k]);
    CHECK(sum == doctest::Approx(1.0).epsilon(1e-5));
  }
}

TEST_CASE("infer: samples are independent, and a workspace may be larger than the batch") {
  nn::parameters<small> params;
  nn::glorot_uniform(params, 5);
  constexpr std::size_t batch = 5;
  const std::vector<float> x = random_inputs<small>(batch, 6);
  nn::inference_workspace<small, float, 8> workspace;
  std::array<float, batch * 5> together{};
  nn::infer(params, x.data(), together.data(), batch, workspace);
  for (std::size_t n = 0; n < batch; ++n) {
    nn::inference_workspace<small> one;
    std::array<float, 5> alone{};
    nn::infer(params, x.data() + n * small::input_shape::size, alone.data(), 1, one);
    check_close(alone.data(), together.data() + n * 5, 5);
  }
}

TEST_CASE("infer: a one-layer network and a network of double") {
  using one = nn::sequential<nn::input<2>, nn::dense<1>>;
  nn::parameters<one, double> params;
  params.values = {2, -3, 0.5};  // y = 2 x0 - 3 x1 + 0.5
  nn::inference_workspace<one, double, 2> workspace;
  const std::array<double, 4> x{1, 1, 0.5, -1};
  std::array<double, 2> y{};
  nn::infer(params, x.data(), y.data(), 2, workspace);
  CHECK(y == std::array<double, 2>{-0.5, 4.5});
}

TEST_CASE("infer: usable in constant expressions") {
  // y = relu(x W1 + b1) W2 + b2 with W1 = [[1, -1], [2, 1]], b1 = [0, 0.5], W2 = [[3], [-2]], b2 = [1].
  // x = [1, 1]: hidden = relu([1 + 2, -1 + 1 + 0.5]) = [3, 0.5]; y = 3*3 - 2*0.5 + 1 = 9.
  using net = nn::sequential<nn::input<2>, nn::dense<2>, nn::relu, nn::dense<1>>;
  constexpr double y = [] {
    nn::parameters<net, double> params;
    params.values = {1, -1, 2, 1, 0, 0.5, 3, -2, 1};
    nn::inference_workspace<net, double> workspace;
    const std::array<double, 2> x{1, 1};
    std::array<double, 1> out{};
    nn::infer(params, x.data(), out.data(), 1, workspace);
    return out[0];
  }();
  static_assert(y == 9.0);
  CHECK(y == 9.0);
}

TEST_CASE("infer: a batch of 0 or above the workspace's capacity, or a null pointer, is a status and touches nothing") {
  nn::parameters<small> params;
  nn::glorot_uniform(params, 7);
  constexpr std::size_t capacity = 2, batch = 8 * capacity;
  const std::vector<float> x = random_inputs<small>(batch, 8);
  constexpr float untouched = 1234.5f;
  // The workspace with memory right behind it, which a batch too large would run into before it ran past the
  // heap block; the output holds every sample, so the workspace is the only memory a wrong batch could overrun.
  struct guarded {
    nn::inference_workspace<small, float, capacity> workspace;
    std::array<float, batch * small::layers::max_output_size> behind{};
  };
  auto memory = std::make_unique<guarded>();
  memory->behind.fill(untouched);
  std::vector<float> y(batch * 5, untouched);
  auto nothing_written = [&] {
    for (float v : memory->behind)
      if (v != untouched) return false;
    for (float v : y)
      if (v != untouched) return false;
    return true;
  };

  using status = nn::inference_status;
  auto& workspace = memory->workspace;
  CHECK(nn::infer(params, x.data(), y.data(), capacity + 1, workspace) == status::batch_too_large);
  CHECK(nn::infer(params, x.data(), y.data(), batch, workspace) == status::batch_too_large);
  CHECK(nn::infer(params, x.data(), y.data(), 0, workspace) == status::empty_batch);
  CHECK(nn::infer(params, static_cast<const float*>(nullptr), y.data(), 1, workspace) == status::null_input);
  CHECK(nn::infer(params, x.data(), static_cast<float*>(nullptr), 1, workspace) == status::null_output);
  CHECK(nothing_written());
  CHECK(nn::describe(nn::inference_status::empty_batch).find("no samples") != std::string_view::npos);

  CHECK(nn::infer(params, x.data(), y.data(), capacity, workspace) == status::ok);
  CHECK(y[capacity * 5 - 1] != untouched);
  CHECK(y[capacity * 5] == untouched);
}

TEST_CASE("infer: in a constant expression too, a wrong batch is a status and not undefined behaviour") {
  using net = nn::sequential<nn::input<2>, nn::dense<1>>;
  constexpr auto status = [](std::size_t batch) {
    nn::parameters<net, double> params;
    nn::inference_workspace<net, double, 1> workspace;
    const std::array<double, 4> x{1, 1, 1, 1};
    std::array<double, 2> y{};
    return nn::infer(params, x.data(), y.data(), batch, workspace);
  };
  static_assert(status(1) == nn::inference_status::ok);
  static_assert(status(2) == nn::inference_status::batch_too_large);
  static_assert(status(0) == nn::inference_status::empty_batch);
  CHECK(status(2) == nn::inference_status::batch_too_large);
}
