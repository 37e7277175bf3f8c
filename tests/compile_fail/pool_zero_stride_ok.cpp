// Twin of pool_zero_stride.cpp: stride 1 compiles.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/max_pool2d.hpp>

#include <type_traits>

using net = nnstatic::sequential<nnstatic::input<9, 9, 1>, nnstatic::max_pool2d<2, nnstatic::strides{1}>>;
static_assert(std::is_same_v<net::output_shape, nnstatic::shape<8, 8, 1>>);
