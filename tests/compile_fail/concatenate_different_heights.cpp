// expect: branches_differ_only_in_last_axis<nnstatic::layer_index<0>, nnstatic::concatenate<.*>, nnstatic::branch_output<0, nnstatic::shape<6, 6, 4> ?>, nnstatic::branch_output<1, nnstatic::shape<8, 8, 2> ?> ?>
// concatenate joins along the channels, so its branches must agree in height and width: a valid 3x3 convolution
// (6x6) beside the identity (8x8) does not. Twin: concatenate_different_heights_ok.cpp.
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
using net = ns::sequential<ns::input<8, 8, 2>, ns::concatenate<ns::branch<ns::conv2d<4, 3>>, ns::branch<>>, ns::flatten,
                           ns::dense<3>>;
static_assert(net::layer_count > 0);
