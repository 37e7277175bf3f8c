// expect: input_is_flat<nnstatic::layer_in_branch<nnstatic::layer_in_branch<nnstatic::layer_index<0>, 0, 1>, 0, 0>, nnstatic::dense<3>, nnstatic::shape<8, 8, 4> ?>
// A residual block inside a residual block, whose inner branch starts with dense on an image: the path prints
// block by block, outermost first. Twin: wrong_layer_in_nested_block_ok.cpp.
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
using net = ns::sequential<ns::input<8, 8, 4>, ns::residual<ns::conv2d<4, 1>, ns::residual<ns::dense<3>>>, ns::flatten,
                           ns::dense<3>>;
static_assert(net::layer_count > 0);
