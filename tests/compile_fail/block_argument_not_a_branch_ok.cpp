// Twin of block_argument_not_a_branch.cpp: the layer wrapped in a branch.
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
using net =
    ns::sequential<ns::input<4>, ns::dense<4>, ns::add<ns::branch<ns::dense<4>>, ns::branch<>>, ns::relu, ns::dense<2>>;
static_assert(net::layer_count == 4);
