// expect: a sequential needs at least one layer after its input
// A sequential of an input alone. Only that is reported: before, g++ added an error from inside Boost.Hana, asked
// for the last of no layers. Twin: no_layers_ok.cpp.
#include <nnstatic/core/sequential.hpp>

using net = nnstatic::sequential<nnstatic::input<4>>;
static_assert(net::layer_count > 0);
