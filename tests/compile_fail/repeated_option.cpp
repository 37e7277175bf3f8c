// expect: (nnstatic: a layer option must be given at most once .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*option_given_once<nnstatic::layer_index<0>, nnstatic::avg_pool2d<nnstatic::size2d.2, 2., nnstatic::strides.(nnstatic::size2d)?.1, 1.., nnstatic::padding::same, nnstatic::strides.(nnstatic::size2d)?.2, 2..>, nnstatic::strides.(nnstatic::size2d)?.1, 1.. ?>|option_given_once<nnstatic::layer_index<0>, nnstatic::avg_pool2d<nnstatic::size2d.2, 2., nnstatic::strides.(nnstatic::size2d)?.1, 1.., nnstatic::padding::same, nnstatic::strides.(nnstatic::size2d)?.2, 2..>, nnstatic::strides.(nnstatic::size2d)?.1, 1.. ?>.*nnstatic: a layer option must be given at most once .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// A pool given two strides: which one was meant? Twin: repeated_option_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>

using net = nnstatic::sequential<nnstatic::input<9, 9, 1>,
                                 nnstatic::avg_pool2d<2, nnstatic::strides{1}, nnstatic::same, nnstatic::strides{2}>>;
static_assert(net::layer_count > 0);
