// expect: (depthwise_conv2d strides must be at least 1 along both axes .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*stride_is_positive<nnstatic::layer_index<0>, nnstatic::depthwise_conv2d<nnstatic::size2d.3, 3., nnstatic::strides.(nnstatic::size2d)?.1, 0..>, nnstatic::shape<5, 5, 2> ?>|stride_is_positive<nnstatic::layer_index<0>, nnstatic::depthwise_conv2d<nnstatic::size2d.3, 3., nnstatic::strides.(nnstatic::size2d)?.1, 0..>, nnstatic::shape<5, 5, 2> ?>.*depthwise_conv2d strides must be at least 1 along both axes .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// depthwise_conv2d<3, strides{1, 0}>: a zero stride along the width. Twin: depthwise_zero_stride_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>

using net = nnstatic::sequential<nnstatic::input<5, 5, 2>, nnstatic::depthwise_conv2d<3, nnstatic::strides{1, 0}>>;
static_assert(net::layer_count > 0);
