// Twin of two_wrong_layers.cpp: with flatten before the first dense and one unit in the second, it compiles.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>

#include <type_traits>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<8, 3>, ns::relu, ns::flatten, ns::dense<32>, ns::relu,
                           ns::dense<1>, ns::softmax>;
static_assert(std::is_same_v<net::output_shape, ns::shape<1>>);
