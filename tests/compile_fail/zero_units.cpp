// expect: (a dense layer needs at least one unit .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*layer_has_outputs<nnstatic::layer_index<0>, nnstatic::dense<0>, nnstatic::shape<4> ?>|layer_has_outputs<nnstatic::layer_index<0>, nnstatic::dense<0>, nnstatic::shape<4> ?>.*a dense layer needs at least one unit .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// dense<0>. Twin: zero_units_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<0>>;
static_assert(net::layer_count > 0);
