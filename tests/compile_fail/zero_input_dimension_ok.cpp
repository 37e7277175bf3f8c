// Twin of zero_input_dimension.cpp: an input of 3x4x1 compiles.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/conv2d.hpp>

#include <type_traits>

using net = nnstatic::sequential<nnstatic::input<3, 4, 1>, nnstatic::conv2d<2, 3>>;
static_assert(std::is_same_v<net::output_shape, nnstatic::shape<1, 2, 2>>);
