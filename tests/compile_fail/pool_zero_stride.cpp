// expect: (nnstatic: a pooling stride must be at least 1 in both axes .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*stride_is_positive<nnstatic::layer_index<0>, nnstatic::max_pool2d<nnstatic::size2d.2, 2., nnstatic::strides.(nnstatic::size2d)?.0, 0..>, nnstatic::shape<9, 9, 1> ?>|stride_is_positive<nnstatic::layer_index<0>, nnstatic::max_pool2d<nnstatic::size2d.2, 2., nnstatic::strides.(nnstatic::size2d)?.0, 0..>, nnstatic::shape<9, 9, 1> ?>.*nnstatic: a pooling stride must be at least 1 in both axes .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// A pooling window that never moves. Twin: pool_zero_stride_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/max_pool2d.hpp>

using net = nnstatic::sequential<nnstatic::input<9, 9, 1>, nnstatic::max_pool2d<2, nnstatic::strides{0}>>;
static_assert(net::layer_count > 0);
