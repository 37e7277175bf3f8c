// expect: (the first entry of a sequential must be input<...>, the shape of one sample.*is_input<nnstatic::dense<4> ?>|is_input<nnstatic::dense<4> ?>.*the first entry of a sequential must be input<...>, the shape of one sample)
// A sequential that starts with a layer instead of input<...>. Twin: first_entry_not_input_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>

using net = nnstatic::sequential<nnstatic::dense<4>, nnstatic::dense<2>>;
static_assert(net::layer_count > 0);
