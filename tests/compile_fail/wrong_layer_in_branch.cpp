// expect: input_is_flat<nnstatic::layer_in_branch<nnstatic::layer_index<1>, 1, 1>, nnstatic::dense<3>, nnstatic::shape<6, 6, 4> ?>
// dense on an image inside a block: the second layer (1) of the second branch (1) of net::layer<1>. The one error
// is dense's own, at that position; the branches are not compared after it. Twin: wrong_layer_in_branch_ok.cpp.
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
using net = ns::sequential<ns::input<8, 8, 4>, ns::conv2d<4, 1>,
                           ns::add<ns::branch<ns::conv2d<4, 3>, ns::relu>, ns::branch<ns::conv2d<4, 3>, ns::dense<3>>>,
                           ns::flatten, ns::dense<3>>;
static_assert(net::layer_count > 0);
