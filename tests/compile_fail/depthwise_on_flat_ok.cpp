// Twin of depthwise_on_flat.cpp: an image input compiles.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>

#include <type_traits>

using net = nnstatic::sequential<nnstatic::input<4, 4, 1>, nnstatic::depthwise_conv2d<3>>;
static_assert(std::is_same_v<net::output_shape, nnstatic::shape<2, 2, 1>>);
