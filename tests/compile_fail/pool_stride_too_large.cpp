// expect: (a pooling stride must not exceed its window, or input pixels between windows are never read .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*stride_fits_window<nnstatic::layer_index<0>, nnstatic::avg_pool2d<2, 3(, nnstatic::padding::valid)?>, nnstatic::shape<9, 9, 1> ?>|stride_fits_window<nnstatic::layer_index<0>, nnstatic::avg_pool2d<2, 3(, nnstatic::padding::valid)?>, nnstatic::shape<9, 9, 1> ?>.*a pooling stride must not exceed its window, or input pixels between windows are never read .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// A 2x2 average pooling window moved by 3. Twin: pool_stride_too_large_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>

using net = nnstatic::sequential<nnstatic::input<9, 9, 1>, nnstatic::avg_pool2d<2, 3>>;
static_assert(net::layer_count > 0);
