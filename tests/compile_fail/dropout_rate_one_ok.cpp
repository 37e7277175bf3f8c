// Twin of dropout_rate_one.cpp: a rate just below 1 compiles.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/dropout.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<3>, nnstatic::dropout<nnstatic::ratio{99, 100}>>;
static_assert(net::layer_count == 2);
