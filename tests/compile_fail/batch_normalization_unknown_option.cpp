// expect: (options_are_batch_normalization_options<nnstatic::layer_index<1>, nnstatic::batch_normalization<.*batch_normalization takes momentum|batch_normalization takes momentum.*options_are_batch_normalization_options<nnstatic::layer_index<1>, nnstatic::batch_normalization<)
// strides{2} means nothing to batch normalization. Twin: batch_normalization_unknown_option_ok.cpp.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/conv2d.hpp>

using net = nnstatic::sequential<nnstatic::input<6, 6, 1>, nnstatic::conv2d<4, 3>,
                                 nnstatic::batch_normalization<nnstatic::strides{2}>>;
static_assert(net::layer_count > 0);
