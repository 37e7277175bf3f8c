// expect: (nnstatic: a conv2d stride must be at least 1 in both axes .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*stride_is_positive<nnstatic::layer_index<0>, nnstatic::conv2d<8, nnstatic::size2d.3, 3., nnstatic::strides.(nnstatic::size2d)?.2, 0..>, nnstatic::shape<9, 9, 1> ?>|stride_is_positive<nnstatic::layer_index<0>, nnstatic::conv2d<8, nnstatic::size2d.3, 3., nnstatic::strides.(nnstatic::size2d)?.2, 0..>, nnstatic::shape<9, 9, 1> ?>.*nnstatic: a conv2d stride must be at least 1 in both axes .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// A convolution that never moves across. Twin: zero_stride_width_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>

using net = nnstatic::sequential<nnstatic::input<9, 9, 1>, nnstatic::conv2d<8, 3, nnstatic::strides{2, 0}>>;
static_assert(net::layer_count > 0);
