// expect: block_argument_is_branch<nnstatic::layer_index<1>, nnstatic::add<nnstatic::dense<4>, nnstatic::branch<> ?>, 0(UL)?, nnstatic::dense<4> ?>
// A block's arguments are branches: a layer on its own must be wrapped, branch<dense<4>>. Twin:
// block_argument_not_a_branch_ok.cpp.
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
using net = ns::sequential<ns::input<4>, ns::dense<4>, ns::add<ns::dense<4>, ns::branch<>>, ns::relu, ns::dense<2>>;
static_assert(net::layer_count > 0);
