// expect: (leaky_relu.s negative_slope.numerator, denominator. needs a denominator of at least 1.*negative_slope_is_a_fraction<nnstatic::layer_index<1>, nnstatic::leaky_relu<(nnstatic::negative_slope)?.1, 0.>, nnstatic::shape<16> ?>|negative_slope_is_a_fraction<nnstatic::layer_index<1>, nnstatic::leaky_relu<(nnstatic::negative_slope)?.1, 0.>, nnstatic::shape<16> ?>.*leaky_relu.s negative_slope.numerator, denominator. needs a denominator of at least 1)
// A slope of 1/0. Twin: leaky_relu_zero_denominator_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/leaky_relu.hpp>

using net = nnstatic::sequential<nnstatic::input<8>, nnstatic::dense<16>,
                                 nnstatic::leaky_relu<nnstatic::negative_slope{1, 0}>, nnstatic::dense<2>>;
static_assert(net::layer_count > 0);
