// Twin of first_entry_not_input.cpp: the same layers after input<4> compile.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/dense.hpp>

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<4>, nnstatic::dense<2>>;
static_assert(net::layer_count == 2);
