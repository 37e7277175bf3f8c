// expect: branches_have_equal_shapes<nnstatic::layer_index<1>, nnstatic::add<.*>, nnstatic::branch_output<0, nnstatic::shape<6, 6, 4> ?>, nnstatic::branch_output<1, nnstatic::shape<8, 8, 4> ?> ?>
// A residual block whose valid 3x3 convolution shrinks the image: its branch 0 gives 6x6, the identity 8x8. The one
// error names the block's position, both branches and both shapes. Twin: add_branch_shapes_differ_ok.cpp.
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
using net = ns::sequential<ns::input<8, 8, 4>, ns::conv2d<4, 1>, ns::residual<ns::conv2d<4, 3>, ns::relu>, ns::flatten,
                           ns::dense<3>>;
static_assert(net::layer_count > 0);
