// expect: (a pooling window must not be larger than its input .use padding::same or a smaller window. .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*window_fits_input<nnstatic::layer_index<0>, nnstatic::max_pool2d<nnstatic::size2d.3, 3.>, nnstatic::shape<2, 2, 3> ?>|window_fits_input<nnstatic::layer_index<0>, nnstatic::max_pool2d<nnstatic::size2d.3, 3.>, nnstatic::shape<2, 2, 3> ?>.*a pooling window must not be larger than its input .use padding::same or a smaller window. .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// A 3x3 valid pooling window over a 2x2 image. Twin: pool_window_too_large_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/max_pool2d.hpp>

using net = nnstatic::sequential<nnstatic::input<2, 2, 3>, nnstatic::max_pool2d<3>>;
static_assert(net::layer_count > 0);
