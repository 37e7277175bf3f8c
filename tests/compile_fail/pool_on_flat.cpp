// expect: (a pooling layer needs an image input of shape <height, width, channels> .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*input_is_image<nnstatic::layer_index<1>, nnstatic::max_pool2d<nnstatic::size2d.2, 2.>, nnstatic::shape<64> ?>|input_is_image<nnstatic::layer_index<1>, nnstatic::max_pool2d<nnstatic::size2d.2, 2.>, nnstatic::shape<64> ?>.*a pooling layer needs an image input of shape <height, width, channels> .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// max_pool2d after flatten. Twin: pool_on_flat_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>

using net = nnstatic::sequential<nnstatic::input<8, 8, 1>, nnstatic::flatten, nnstatic::max_pool2d<2>>;
static_assert(net::layer_count > 0);
