// Twin of pool_stride_too_large.cpp: overlapping windows (stride 1 < window 2) compile.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>

#include <type_traits>

using net = nnstatic::sequential<nnstatic::input<9, 9, 1>, nnstatic::avg_pool2d<2, 1>>;
static_assert(std::is_same_v<net::output_shape, nnstatic::shape<8, 8, 1>>);
