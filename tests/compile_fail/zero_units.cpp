// expect: (a dense layer needs at least one unit.*layer_has_outputs<nnstatic::dense<0>, nnstatic::shape<4> ?>|layer_has_outputs<nnstatic::dense<0>, nnstatic::shape<4> ?>.*a dense layer needs at least one unit)
// dense<0>. Twin: zero_units_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<0>>;
static_assert(net::layer_count > 0);
