// Twin of depthwise_kernel_too_large.cpp: with same padding the kernel may be larger than the input.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>

using net =
    nnstatic::sequential<nnstatic::input<4, 6, 1>, nnstatic::depthwise_conv2d<nnstatic::size2d{5, 3}, nnstatic::same>>;
static_assert(net::param_count == 5 * 3 * 1 + 1);
