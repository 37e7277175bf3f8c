// Twin of pool_on_flat.cpp: pooling before flatten compiles.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>

#include <type_traits>

using net = nnstatic::sequential<nnstatic::input<8, 8, 1>, nnstatic::max_pool2d<2>, nnstatic::flatten>;
static_assert(std::is_same_v<net::output_shape, nnstatic::shape<16>>);
