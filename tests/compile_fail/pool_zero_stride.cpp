// expect: (a pooling stride must be at least 1 .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*stride_is_positive<nnstatic::layer_index<0>, nnstatic::max_pool2d<2, 0(, nnstatic::padding::valid)?>, nnstatic::shape<9, 9, 1> ?>|stride_is_positive<nnstatic::layer_index<0>, nnstatic::max_pool2d<2, 0(, nnstatic::padding::valid)?>, nnstatic::shape<9, 9, 1> ?>.*a pooling stride must be at least 1 .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// A pooling window that never moves. Twin: pool_zero_stride_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/max_pool2d.hpp>

using net = nnstatic::sequential<nnstatic::input<9, 9, 1>, nnstatic::max_pool2d<2, 0>>;
static_assert(net::layer_count > 0);
