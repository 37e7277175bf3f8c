// Twin of batch_normalization_momentum_above_one.cpp: a momentum of 1 (statistics frozen) compiles.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/batch_normalization.hpp>

using net = nnstatic::sequential<nnstatic::input<8>, nnstatic::batch_normalization<nnstatic::momentum{{1, 1}}>>;
static_assert(net::state_count == 16);
