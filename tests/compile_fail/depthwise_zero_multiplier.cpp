// expect: (a depthwise_conv2d depth_multiplier must be at least 1 .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*depthwise_multiplier_is_positive<nnstatic::layer_index<0>, nnstatic::depthwise_conv2d<nnstatic::size2d.3, 3., nnstatic::depth_multiplier.0.>, nnstatic::shape<5, 5, 2> ?>|depthwise_multiplier_is_positive<nnstatic::layer_index<0>, nnstatic::depthwise_conv2d<nnstatic::size2d.3, 3., nnstatic::depth_multiplier.0.>, nnstatic::shape<5, 5, 2> ?>.*a depthwise_conv2d depth_multiplier must be at least 1 .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// depthwise_conv2d<3, depth_multiplier{0}>. Twin: depthwise_zero_multiplier_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>

using net = nnstatic::sequential<nnstatic::input<5, 5, 2>, nnstatic::depthwise_conv2d<3, nnstatic::depth_multiplier{0}>>;
static_assert(net::layer_count > 0);
