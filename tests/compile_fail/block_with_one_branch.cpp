// expect: block_has_two_branches<nnstatic::layer_index<1>, nnstatic::add<nnstatic::branch<nnstatic::dense<4> ?> ?>, 1(UL)?>
// An add of a single branch adds nothing to it: a block needs two branches at least (the identity, branch<>,
// counts as one). Twin: block_with_one_branch_ok.cpp.
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
using net = ns::sequential<ns::input<4>, ns::dense<4>, ns::add<ns::branch<ns::dense<4>>>, ns::relu, ns::dense<2>>;
static_assert(net::layer_count > 0);
