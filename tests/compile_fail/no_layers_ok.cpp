// Twin of no_layers.cpp: one layer after the input compiles.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<1>>;
static_assert(net::layer_count == 1);
