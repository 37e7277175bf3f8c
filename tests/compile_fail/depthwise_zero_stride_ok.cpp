// Twin of depthwise_zero_stride.cpp: strides of 1 x 2 compile.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>

#include <type_traits>

using net = nnstatic::sequential<nnstatic::input<5, 5, 2>, nnstatic::depthwise_conv2d<3, nnstatic::strides{1, 2}>>;
static_assert(std::is_same_v<net::output_shape, nnstatic::shape<3, 2, 2>>);
