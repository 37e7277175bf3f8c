// add and residual: every branch reads the block's input and y is the sum of their outputs; backward gives each
// branch the block's dy and sums the branches' input gradients, the identity's being dy itself.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/add.hpp>
#include <nnstatic/layers/branch.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/residual.hpp>
#include <nnstatic/layers/softmax.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace {

namespace nn = nnstatic;

// y = x + (x W + b), W = [[1, 2], [3, 4]] ([input][unit]), b = [0.5, -1].
using residual_dense = nn::residual<nn::dense<2>>::bind<nn::shape<2>>;
constexpr std::array<double, 6> params{1, 2, 3, 4, 0.5, -1};

// Two branches with parameters: y = relu(x W1 + b1) + (x W2 + b2).
using two_dense = nn::add<nn::branch<nn::dense<2>, nn::relu>, nn::branch<nn::dense<2>>>::bind<nn::shape<2>>;

}  // namespace

TEST_CASE("add: constants of a residual and of a projection block") {
  static_assert(std::is_same_v<nn::residual<nn::dense<2>>, nn::add<nn::branch<nn::dense<2>>, nn::branch<>>>);
  static_assert(std::is_same_v<residual_dense::input_shape, nn::shape<2>>);
  static_assert(std::is_same_v<residual_dense::output_shape, nn::shape<2>>);
  static_assert(residual_dense::param_count == 6);
  static_assert(residual_dense::branch_count == 2);
  static_assert(residual_dense::param_offset<1> == 6);
  // Kept for backward: the dense output. Scratch: the larger of the backward's (the second branch's dx, two
  // gradient buffers) and an inference forward's, which needs none: the dense writes the block's output itself and
  // the shortcut adds x to it.
  static_assert(residual_dense::saved_size == 2);
  static_assert(residual_dense::scratch_size == 2 + 2 * 2);
  static_assert(residual_dense::inference_area_size == 0);
  static_assert(residual_dense::state_count == 0 && !residual_dense::batch_coupled);

  // A projection shortcut: conv 3x3 then relu then 1x1 on one side, a 3x3 on the other, both 6x6x3 out of 8x8x2.
  using projection = nn::add<nn::branch<nn::conv2d<3, 3>, nn::relu, nn::conv2d<3, 1>>, nn::branch<nn::conv2d<3, 3>>>;
  using bound = projection::bind<nn::shape<8, 8, 2>>;
  static_assert(std::is_same_v<bound::output_shape, nn::shape<6, 6, 3>>);
  static_assert(bound::param_count == (3 * 3 * 2 * 3 + 3) + (3 * 3 + 3) + (3 * 3 * 2 * 3 + 3));
  static_assert(bound::param_offset<1> == (3 * 3 * 2 * 3 + 3) + (3 * 3 + 3));
  static_assert(bound::saved_size == 4 * 108);  // every output inside, each 6x6x3
  // Inference: the relu writes over the first conv's output, the 1x1 writes the block's output, and the second
  // branch's output is live alone before it is added: one 6x6x3 at a time.
  static_assert(bound::inference_area_size == 108);
  CHECK(projection::name == "add");
  CHECK(projection::type_name == "Add");
}

TEST_CASE("add: forward of a residual dense block, by hand") {
  // x = [1, -1]: x W + b = [1 - 3 + 0.5, 2 - 4 - 1] = [-1.5, -3]; y = [-0.5, -4]
  // x = [2, 0.5]: x W + b = [2 + 1.5 + 0.5, 4 + 2 - 1] = [4, 5]; y = [6, 5.5]
  const std::array<double, 4> x{1, -1, 2, 0.5};
  std::array<double, 4> y{};
  residual_dense::forward(params.data(), x.data(), y.data(), 2);
  CHECK(y == std::array<double, 4>{-0.5, -4, 6, 5.5});
}

TEST_CASE("add: forward is usable in constant expressions") {
  constexpr auto y = [] {
    const std::array<double, 2> x{1, -1};
    std::array<double, 2> out{};
    residual_dense::forward(params.data(), x.data(), out.data(), 1);
    return out;
  }();
  static_assert(y[0] == -0.5 && y[1] == -4);
  CHECK(y[1] == -4);
}

TEST_CASE("add: backward sums the shortcut's dy and the branch's dx, and adds the parameter gradient") {
  // dx = dy + dy W^T;  dW = x^T dy;  db = dy
  // x = [1, -1], dy = [1, 2]: dy W^T = [1 + 4, 3 + 8] = [5, 11]; dx = [6, 13]; dW = [[1, 2], [-1, -2]]; db = [1, 2]
  const std::array<double, 2> x{1, -1}, y{}, dy{1, 2};
  std::array<double, 6> grad{10, 10, 10, 10, 10, 10};
  std::array<double, 2> dx{99, 99};
  residual_dense::backward<true>(params.data(), grad.data(), x.data(), y.data(), dy.data(), dx.data(), 1);
  CHECK(dx == std::array<double, 2>{6, 13});
  CHECK(grad == std::array<double, 6>{11, 12, 9, 8, 11, 12});

  std::array<double, 2> untouched{99, 99};
  residual_dense::backward<false>(params.data(), grad.data(), x.data(), y.data(), dy.data(), untouched.data(), 1);
  CHECK(untouched == std::array<double, 2>{99, 99});
  CHECK(grad == std::array<double, 6>{12, 14, 8, 6, 12, 14});
}

TEST_CASE("add: the full forms on a whole batch agree with the simple forms, sample by sample") {
  nn::random_engine rng(3);
  constexpr std::size_t batch = 3;
  std::vector<double> p(two_dense::param_count), x(batch * 2), dy(batch * 2);
  for (double& v : p) v = rng.uniform(-1, 1);
  for (double& v : x) v = rng.uniform(-1, 1);
  for (double& v : dy) v = rng.uniform(-1, 1);

  std::vector<double> y_simple(batch * 2), y_full(batch * 2), y_inference(batch * 2);
  std::vector<double> saved(batch * two_dense::saved_size), scratch(batch * two_dense::scratch_size);
  two_dense::forward(p.data(), x.data(), y_simple.data(), batch);
  two_dense::train_forward(
      nn::training_args<double>{p.data(), nullptr, x.data(), y_full.data(), saved.data(), scratch.data(), batch, 0, 0});
  two_dense::forward(
      nn::inference_args<double>{p.data(), nullptr, x.data(), y_inference.data(), scratch.data(), batch});
  CHECK(y_full == y_simple);
  CHECK(y_inference == y_simple);

  std::vector<double> grad_simple(p.size()), grad_full(p.size()), dx_simple(x.size()), dx_full(x.size());
  two_dense::backward<true>(p.data(), grad_simple.data(), x.data(), y_simple.data(), dy.data(), dx_simple.data(),
                            batch);
  two_dense::backward<true>(nn::backward_args<double>{p.data(), nullptr, grad_full.data(), x.data(), y_full.data(),
                                                      saved.data(), dy.data(), dx_full.data(), scratch.data(), batch});
  CHECK(dx_full == dx_simple);
  for (std::size_t i = 0; i < p.size(); ++i) CHECK(grad_full[i] == doctest::Approx(grad_simple[i]).epsilon(1e-14));
}

namespace {

using block_net =
    nn::sequential<nn::input<4, 4, 2>, nn::conv2d<3, 1>, nn::residual<nn::conv2d<3, 1>, nn::relu, nn::conv2d<3, 1>>,
                   nn::relu, nn::add<nn::branch<nn::conv2d<2, 3>>, nn::branch<nn::conv2d<2, 3>, nn::relu>>, nn::flatten,
                   nn::dense<2>, nn::softmax>;

}  // namespace

TEST_CASE("add: a network's summary lists the layers inside a block, then the block as one row") {
  const std::string text = block_net::summary();
  const std::vector<std::string> rows{" conv2d (Conv2D)             (None, 4, 4, 3)           9\n",
                                      " conv2d_1 (Conv2D)           (None, 4, 4, 3)           12\n",
                                      " re_lu (ReLU)                (None, 4, 4, 3)           0\n",
                                      " conv2d_2 (Conv2D)           (None, 4, 4, 3)           12\n",
                                      " add (Add)                   (None, 4, 4, 3)           0\n",
                                      " re_lu_1 (ReLU)              (None, 4, 4, 3)           0\n",
                                      " conv2d_3 (Conv2D)           (None, 2, 2, 2)           56\n",
                                      " conv2d_4 (Conv2D)           (None, 2, 2, 2)           56\n",
                                      " re_lu_2 (ReLU)              (None, 2, 2, 2)           0\n",
                                      " add_1 (Add)                 (None, 2, 2, 2)           0\n",
                                      " flatten (Flatten)           (None, 8)                 0\n"};
  std::size_t at = 0;
  for (const std::string& row : rows) {
    const std::size_t found = text.find(row, at);
    INFO(text, "\nmissing or out of order: ", row);
    REQUIRE(found != std::string::npos);
    at = found + row.size();
  }
  CHECK(text.find("Total params: 163\n") != std::string::npos);
  static_assert(block_net::param_count == 9 + 12 + 12 + 56 + 56 + 18);
}

TEST_CASE("add: signature and C++ spelling spell the branches") {
  const std::string signature(block_net::signature);
  CHECK(signature.find(" add<branch<conv2d<3,") != std::string::npos);
  CHECK(signature.find(">,relu,conv2d<3,") != std::string::npos);
  CHECK(signature.find(">>,branch<>> relu add<branch<conv2d<2,") != std::string::npos);
  const std::string type(block_net::cpp_type);
  CHECK(type.find("nnstatic::add<nnstatic::branch<nnstatic::conv2d<3, ") != std::string::npos);
  CHECK(type.find(">, nnstatic::branch<>>, nnstatic::relu, nnstatic::add<nnstatic::branch<") != std::string::npos);
  // The blocks change the fingerprint: the same layers without the shortcut are another network.
  using chain = nn::sequential<nn::input<4, 4, 2>, nn::conv2d<3, 1>, nn::conv2d<3, 1>, nn::relu, nn::conv2d<3, 1>,
                               nn::relu, nn::conv2d<2, 3>, nn::flatten, nn::dense<2>, nn::softmax>;
  CHECK(block_net::fingerprint != chain::fingerprint);
}

TEST_CASE("add: glorot_uniform initializes the layers inside blocks in order, from the same generator") {
  auto initialized = std::make_unique<nn::parameters<block_net, double>>();
  nn::glorot_uniform(*initialized, 7);
  // The same draws by hand: each kernel in network order, inner layers branch by branch; biases zero.
  nn::random_engine rng(7);
  struct expected_layer {
    std::size_t kernel, bias, fan_in, fan_out;
  };
  const std::vector<expected_layer> layers{{6, 3, 2, 3},    {9, 3, 3, 3},    {9, 3, 3, 3},
                                           {54, 2, 27, 18}, {54, 2, 27, 18}, {16, 2, 8, 2}};
  std::size_t at = 0;
  for (const expected_layer& l : layers) {
    const double limit = std::sqrt(6.0 / static_cast<double>(l.fan_in + l.fan_out));
    for (std::size_t i = 0; i < l.kernel; ++i) CHECK(initialized->values[at++] == rng.uniform(-limit, limit));
    for (std::size_t i = 0; i < l.bias; ++i) CHECK(initialized->values[at++] == 0);
  }
  CHECK(at == block_net::param_count);
}
