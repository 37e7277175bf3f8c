// Twin of conv_on_flat.cpp: the same 16 values as a 4x4x1 image compile.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/conv2d.hpp>

#include <type_traits>

using net = nnstatic::sequential<nnstatic::input<4, 4, 1>, nnstatic::conv2d<4, 3>>;
static_assert(std::is_same_v<net::output_shape, nnstatic::shape<2, 2, 4>>);
