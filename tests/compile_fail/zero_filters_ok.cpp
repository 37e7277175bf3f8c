// Twin of zero_filters.cpp: one filter compiles.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>

using net = nnstatic::sequential<nnstatic::input<5, 5, 1>, nnstatic::conv2d<1, 3>>;
static_assert(net::param_count == 3 * 3 * 1 * 1 + 1);
