// expect: (a conv2d layer needs at least one filter .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*layer_has_filters<nnstatic::layer_index<0>, nnstatic::conv2d<0, nnstatic::size2d.3, 3.>, nnstatic::shape<5, 5, 1> ?>|layer_has_filters<nnstatic::layer_index<0>, nnstatic::conv2d<0, nnstatic::size2d.3, 3.>, nnstatic::shape<5, 5, 1> ?>.*a conv2d layer needs at least one filter .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// conv2d<0, 3>. Twin: zero_filters_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>

using net = nnstatic::sequential<nnstatic::input<5, 5, 1>, nnstatic::conv2d<0, 3>>;
static_assert(net::layer_count > 0);
