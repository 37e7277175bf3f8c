// expect: (a conv2d stride must be at least 1 .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*stride_is_positive<nnstatic::layer_index<0>, nnstatic::conv2d<8, 3, 3, 0(, nnstatic::padding::valid)?>, nnstatic::shape<9, 9, 1> ?>|stride_is_positive<nnstatic::layer_index<0>, nnstatic::conv2d<8, 3, 3, 0(, nnstatic::padding::valid)?>, nnstatic::shape<9, 9, 1> ?>.*a conv2d stride must be at least 1 .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// A convolution that never moves. Twin: zero_stride_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>

using net = nnstatic::sequential<nnstatic::input<9, 9, 1>, nnstatic::conv2d<8, 3, 3, 0>>;
static_assert(net::layer_count > 0);
