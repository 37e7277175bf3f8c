// expect: (global_average_pooling2d needs an image input of shape <height, width, channels> .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*input_is_image<nnstatic::layer_index<0>, nnstatic::global_average_pooling2d, nnstatic::shape<16> ?>|input_is_image<nnstatic::layer_index<0>, nnstatic::global_average_pooling2d, nnstatic::shape<16> ?>.*global_average_pooling2d needs an image input of shape <height, width, channels> .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// global_average_pooling2d on a flat input. Twin: global_pool_on_flat_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/global_average_pooling2d.hpp>
#include <nnstatic/layers/global_max_pooling2d.hpp>

using net = nnstatic::sequential<nnstatic::input<16>, nnstatic::global_average_pooling2d,
                                 nnstatic::global_max_pooling2d>;
static_assert(net::layer_count > 0);
