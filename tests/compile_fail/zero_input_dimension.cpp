// expect: (input<...> needs at least one dimension, each at least 1, e.g. input<28, 28, 1>.*input_dimensions_are_positive<nnstatic::input<0, 4, 1> ?>|input_dimensions_are_positive<nnstatic::input<0, 4, 1> ?>.*input<...> needs at least one dimension, each at least 1, e.g. input<28, 28, 1>)
// An input with a dimension of 0. The input itself is reported: before, input<...>'s own check never ran (binding
// never instantiates it) and the error blamed the conv2d's kernel for not fitting shape<0, 4, 1>. Twin:
// zero_input_dimension_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>

using net = nnstatic::sequential<nnstatic::input<0, 4, 1>, nnstatic::conv2d<2, 3>>;
static_assert(net::layer_count > 0);
