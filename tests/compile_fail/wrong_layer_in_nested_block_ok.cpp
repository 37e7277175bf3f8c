// Twin of wrong_layer_in_nested_block.cpp: a 1x1 convolution in the inner block, and the nesting compiles.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/add.hpp>
#include <nnstatic/layers/branch.hpp>
#include <nnstatic/layers/concatenate.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/residual.hpp>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<8, 8, 4>, ns::residual<ns::conv2d<4, 1>, ns::residual<ns::conv2d<4, 1>>>,
                           ns::flatten, ns::dense<3>>;
static_assert(net::param_count == 20 + 20 + 256 * 3 + 3);
