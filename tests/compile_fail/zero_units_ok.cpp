// Twin of zero_units.cpp: dense<1> compiles.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<1>>;
static_assert(net::param_count == 4 + 1);
