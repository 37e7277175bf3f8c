// Blocks in double: add, residual and concatenate, one at a time, through their simple forms (which run a sample at
// a time through the full forms): dx against finite differences in x, which checks that the branches' input
// gradients are summed (the identity's being dy itself), and the parameter gradient of every layer inside.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/add.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/branch.hpp>
#include <nnstatic/layers/concatenate.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/dropout.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/residual.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/tanh.hpp>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using namespace nnstatic;

TEST_CASE("a residual dense block: dx = dy + the branch's dx") {
  using layer = residual<dense<5>, nnstatic::tanh, dense<5>>::bind<shape<5>>;
  gradcheck::expect_correct(gradcheck::check_layer<layer>({.batch = 3, .seed = 11}));
}

TEST_CASE("a residual convolution block, relu inside, on an image") {
  using layer = residual<conv2d<3, 1>, relu, conv2d<3, 1>>::bind<shape<4, 4, 3>>;
  gradcheck::expect_correct(gradcheck::check_layer<layer>({.batch = 2, .seed = 12}));
}

TEST_CASE("a projection block: both branches have parameters and the shape changes") {
  using layer = add<branch<conv2d<4, 3>, nnstatic::tanh, conv2d<4, 1>>, branch<conv2d<4, 3>>>::bind<shape<6, 6, 2>>;
  gradcheck::expect_correct(gradcheck::check_layer<layer>({.batch = 2, .seed = 13}));
}

TEST_CASE("add of three branches, one of them the identity and one with a max pool") {
  using layer = add<branch<conv2d<2, 1>, sigmoid>, branch<>,
                    branch<conv2d<2, 1>, max_pool2d<2, strides{1}, padding::same>>>::bind<shape<3, 3, 2>>;
  gradcheck::expect_correct(
      gradcheck::check_layer<layer>({.batch = 2, .seed = 14, .input = gradcheck::input_kind::distinct}));
}

TEST_CASE("concatenate of a dense branch, the identity and a two-layer branch") {
  using layer = concatenate<branch<dense<3>>, branch<>, branch<dense<4>, nnstatic::tanh, dense<2>>>::bind<shape<5>>;
  gradcheck::expect_correct(gradcheck::check_layer<layer>({.batch = 3, .seed = 15}));
}

TEST_CASE("concatenate along the channels of a feature map") {
  using layer = concatenate<branch<conv2d<2, 1>, nnstatic::tanh>, branch<>, branch<conv2d<3, 1>>>::bind<shape<3, 2, 2>>;
  gradcheck::expect_correct(gradcheck::check_layer<layer>({.batch = 2, .seed = 16}));
}

TEST_CASE("nested blocks: a residual block inside a residual block, inside a concatenate") {
  using inner = residual<dense<4>, nnstatic::tanh>;
  using layer = concatenate<branch<residual<dense<4>, inner, sigmoid>>, branch<dense<2>>>::bind<shape<4>>;
  gradcheck::expect_correct(gradcheck::check_layer<layer>({.batch = 3, .seed = 17}));
}

TEST_CASE("a residual block with batch normalization inside: batch statistics over the whole batch, its state routed") {
  using layer =
      residual<conv2d<3, 1>, batch_normalization<>, relu, conv2d<3, 1>, batch_normalization<>>::bind<shape<3, 3, 3>>;
  static_assert(layer::state_count == 2 * 2 * 3 && layer::batch_coupled);
  gradcheck::expect_correct(gradcheck::check_layer<layer>({.batch = 4, .seed = 18}));
}

TEST_CASE("concatenate with dropout in a branch: the mask it keeps for backward") {
  using layer = concatenate<branch<dense<6>, dropout<ratio{1, 4}>>, branch<>>::bind<shape<4>>;
  gradcheck::expect_correct(gradcheck::check_layer<layer>({.batch = 3, .seed = 19}));
}
