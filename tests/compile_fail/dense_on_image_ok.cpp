// Twin of dense_on_image.cpp: the same network with flatten before dense compiles.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/relu.hpp>

using net = nnstatic::sequential<nnstatic::input<28, 28, 1>, nnstatic::conv2d<32, 3>, nnstatic::relu, nnstatic::flatten,
                                 nnstatic::dense<128>>;
static_assert(net::param_count == 320 + 26 * 26 * 32 * 128 + 128);
