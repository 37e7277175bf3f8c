// expect: (depthwise_conv2d takes its kernel size, then only the options strides....., padding .valid or same. and depth_multiplier....., each at most once .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*depthwise_options_are_known<nnstatic::layer_index<0>, nnstatic::depthwise_conv2d<nnstatic::size2d.3, 3., nnstatic::padding::same, nnstatic::padding::valid>, nnstatic::shape<5, 5, 2> ?>|depthwise_options_are_known<nnstatic::layer_index<0>, nnstatic::depthwise_conv2d<nnstatic::size2d.3, 3., nnstatic::padding::same, nnstatic::padding::valid>, nnstatic::shape<5, 5, 2> ?>.*depthwise_conv2d takes its kernel size, then only the options strides....., padding .valid or same. and depth_multiplier....., each at most once .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// depthwise_conv2d with padding given twice. Twin: depthwise_repeated_option_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>

using net = nnstatic::sequential<nnstatic::input<5, 5, 2>, nnstatic::depthwise_conv2d<3, nnstatic::same, nnstatic::valid>>;
static_assert(net::layer_count > 0);
