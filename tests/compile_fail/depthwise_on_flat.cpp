// expect: (depthwise_conv2d needs an image input of shape <height, width, channels> .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*input_is_image<nnstatic::layer_index<0>, nnstatic::depthwise_conv2d<nnstatic::size2d.3, 3.>, nnstatic::shape<16> ?>|input_is_image<nnstatic::layer_index<0>, nnstatic::depthwise_conv2d<nnstatic::size2d.3, 3.>, nnstatic::shape<16> ?>.*depthwise_conv2d needs an image input of shape <height, width, channels> .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// depthwise_conv2d on a flat input. Twin: depthwise_on_flat_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>

using net = nnstatic::sequential<nnstatic::input<16>, nnstatic::depthwise_conv2d<3>>;
static_assert(net::layer_count > 0);
