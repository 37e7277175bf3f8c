// Twin of pool_window_too_large.cpp: with padding::same the 3x3 window over a 2x2 image is one window.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/max_pool2d.hpp>

#include <type_traits>

using net = nnstatic::sequential<nnstatic::input<2, 2, 3>, nnstatic::max_pool2d<3, nnstatic::padding::same>>;
static_assert(std::is_same_v<net::output_shape, nnstatic::shape<1, 1, 3>>);
