// expect: (rate_is_a_probability_below_one<nnstatic::layer_index<1>, nnstatic::dropout<nnstatic::ratio\{1, 1\}>.*a dropout rate must be in .0, 1.|a dropout rate must be in .0, 1..*rate_is_a_probability_below_one<nnstatic::layer_index<1>, nnstatic::dropout<nnstatic::ratio\{1, 1\}>)
// dropout<ratio{1, 1}> would drop everything. Twin: dropout_rate_one_ok.cpp.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/dropout.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<3>, nnstatic::dropout<nnstatic::ratio{1, 1}>>;
static_assert(net::layer_count > 0);
