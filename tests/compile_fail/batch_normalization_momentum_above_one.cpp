// expect: (momentum_is_in_0_1<nnstatic::layer_index<0>, nnstatic::batch_normalization<.*momentum must be in .0, 1.|momentum must be in .0, 1..*momentum_is_in_0_1<nnstatic::layer_index<0>, nnstatic::batch_normalization<)
// A momentum of 3/2 would push the moving statistics away from the data. Twin: batch_normalization_momentum_above_one_ok.cpp.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/batch_normalization.hpp>

using net = nnstatic::sequential<nnstatic::input<8>, nnstatic::batch_normalization<nnstatic::momentum{{3, 2}}>>;
static_assert(net::layer_count > 0);
