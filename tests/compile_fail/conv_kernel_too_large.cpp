// expect: (a conv2d kernel must not be larger than its input .use padding::same or a smaller kernel. .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*window_fits_input<nnstatic::layer_index<0>, nnstatic::conv2d<8, nnstatic::size2d.5, 5.>, nnstatic::shape<4, 4, 1> ?>|window_fits_input<nnstatic::layer_index<0>, nnstatic::conv2d<8, nnstatic::size2d.5, 5.>, nnstatic::shape<4, 4, 1> ?>.*a conv2d kernel must not be larger than its input .use padding::same or a smaller kernel. .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// A 5x5 valid convolution over a 4x4 image has no output position. Both compilers name the spec with its kernel as
// written in full (conv2d<8, nnstatic::size2d{5, 5}>). Twin: conv_kernel_too_large_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>

using net = nnstatic::sequential<nnstatic::input<4, 4, 1>, nnstatic::conv2d<8, 5>>;
static_assert(net::layer_count > 0);
