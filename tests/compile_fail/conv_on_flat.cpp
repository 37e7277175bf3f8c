// expect: (conv2d needs an image input of shape <height, width, channels> .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*input_is_image<nnstatic::layer_index<0>, nnstatic::conv2d<4, nnstatic::size2d.3, 3.>, nnstatic::shape<16> ?>|input_is_image<nnstatic::layer_index<0>, nnstatic::conv2d<4, nnstatic::size2d.3, 3.>, nnstatic::shape<16> ?>.*conv2d needs an image input of shape <height, width, channels> .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// conv2d on a flat input. Twin: conv_on_flat_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>

using net = nnstatic::sequential<nnstatic::input<16>, nnstatic::conv2d<4, 3>>;
static_assert(net::layer_count > 0);
