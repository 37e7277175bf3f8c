// expect: (the first entry of a sequential must be input<...>, the shape of one sample.*is_input<nnstatic::dense<4> ?>|is_input<nnstatic::dense<4> ?>.*the first entry of a sequential must be input<...>, the shape of one sample)
// A sequential that starts with a layer instead of input<...>, followed by a conv2d. Only the missing input is
// reported: before, g++ bound the conv2d to the shape<1> put in place of the missing input and added "conv2d needs an
// image input". Twin: first_entry_not_input_before_conv_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>

using net = nnstatic::sequential<nnstatic::dense<4>, nnstatic::conv2d<2, 3>>;
static_assert(net::layer_count > 0);
