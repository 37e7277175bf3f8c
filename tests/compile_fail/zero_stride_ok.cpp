// Twin of zero_stride.cpp: a stride of at least 1 in both axes compiles.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/conv2d.hpp>

#include <type_traits>

using net = nnstatic::sequential<nnstatic::input<9, 9, 1>, nnstatic::conv2d<8, 3, nnstatic::strides{1, 2}>>;
static_assert(std::is_same_v<net::output_shape, nnstatic::shape<7, 4, 8>>);
