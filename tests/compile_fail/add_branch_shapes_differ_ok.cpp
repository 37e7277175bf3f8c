// Twin of add_branch_shapes_differ.cpp: with a 1x1 convolution the branch keeps 8x8 and the block compiles.
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

#include <type_traits>

using net = ns::sequential<ns::input<8, 8, 4>, ns::conv2d<4, 1>, ns::residual<ns::conv2d<4, 1>, ns::relu>, ns::flatten,
                           ns::dense<3>>;
static_assert(std::is_same_v<net::layer<1>::output_shape, ns::shape<8, 8, 4>>);
