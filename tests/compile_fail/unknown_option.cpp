// expect: (nnstatic: conv2d, max_pool2d and avg_pool2d take, after their sizes, only the options strides..... and padding .same or valid. .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*layer_takes_option<nnstatic::layer_index<0>, nnstatic::conv2d<8, nnstatic::size2d.3, 3., 2>, 2 ?>|layer_takes_option<nnstatic::layer_index<0>, nnstatic::conv2d<8, nnstatic::size2d.3, 3., 2>, 2 ?>.*nnstatic: conv2d, max_pool2d and avg_pool2d take, after their sizes, only the options strides..... and padding .same or valid. .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// conv2d<8, 3, 2>, which a Keras user reads as Conv2D(8, 3, 2), stride 2: a stride is written strides{2}, and a
// bare number after the kernel is an option that conv2d does not know. Twin: unknown_option_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>

using net = nnstatic::sequential<nnstatic::input<9, 9, 1>, nnstatic::conv2d<8, 3, 2>>;
static_assert(net::layer_count > 0);
