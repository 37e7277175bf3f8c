// Twin of concatenate_different_heights.cpp: with a 1x1 convolution both branches are 8x8; the channels add up,
// and an empty branch<> (the identity) is a branch like any other.
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

using net = ns::sequential<ns::input<8, 8, 2>, ns::concatenate<ns::branch<ns::conv2d<4, 1>>, ns::branch<>>, ns::flatten,
                           ns::dense<3>>;
static_assert(std::is_same_v<net::layer<0>::output_shape, ns::shape<8, 8, 6>>);
