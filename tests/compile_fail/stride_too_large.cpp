// expect: (a conv2d stride must not exceed its kernel, or input pixels between windows are never read .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*stride_fits_window<nnstatic::layer_index<0>, nnstatic::conv2d<8, 2, 2, 3(, nnstatic::padding::valid)?>, nnstatic::shape<9, 9, 1> ?>|stride_fits_window<nnstatic::layer_index<0>, nnstatic::conv2d<8, 2, 2, 3(, nnstatic::padding::valid)?>, nnstatic::shape<9, 9, 1> ?>.*a conv2d stride must not exceed its kernel, or input pixels between windows are never read .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// A 2x2 kernel moved by 3 skips every third row and column. Twin: stride_too_large_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>

using net = nnstatic::sequential<nnstatic::input<9, 9, 1>, nnstatic::conv2d<8, 2, 2, 3>>;
static_assert(net::layer_count > 0);
