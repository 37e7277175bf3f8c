// Twin of kernel_too_large_in_the_middle.cpp: with a 5x5 kernel the second convolution fits its 13x13 input.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>

#include <type_traits>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<8, 3>, ns::relu, ns::max_pool2d<2>, ns::conv2d<16, 5>,
                           ns::relu, ns::max_pool2d<2>, ns::flatten, ns::dense<10>, ns::softmax>;
static_assert(std::is_same_v<net::layer<3>::output_shape, ns::shape<9, 9, 16>>);
static_assert(std::is_same_v<net::layer<5>::output_shape, ns::shape<4, 4, 16>>);
