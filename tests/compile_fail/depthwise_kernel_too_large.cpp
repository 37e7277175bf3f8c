// expect: (a depthwise_conv2d kernel must be at least 1x1 and not larger than its input .use padding same or a smaller kernel. .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*window_fits_input<nnstatic::layer_index<0>, nnstatic::depthwise_conv2d<nnstatic::size2d.5, 3.>, nnstatic::shape<4, 6, 1> ?>|window_fits_input<nnstatic::layer_index<0>, nnstatic::depthwise_conv2d<nnstatic::size2d.5, 3.>, nnstatic::shape<4, 6, 1> ?>.*a depthwise_conv2d kernel must be at least 1x1 and not larger than its input .use padding same or a smaller kernel. .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// a 5x3 depthwise kernel on a 4-row image with valid padding. Twin: depthwise_kernel_too_large_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>

using net = nnstatic::sequential<nnstatic::input<4, 6, 1>, nnstatic::depthwise_conv2d<nnstatic::size2d{5, 3}>>;
static_assert(net::layer_count > 0);
