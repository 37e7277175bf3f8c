// Twin of depthwise_zero_multiplier.cpp: a multiplier of 1 compiles.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>

using net =
    nnstatic::sequential<nnstatic::input<5, 5, 2>, nnstatic::depthwise_conv2d<3, nnstatic::depth_multiplier{1}>>;
static_assert(net::param_count == 3 * 3 * 2 * 1 + 2);
