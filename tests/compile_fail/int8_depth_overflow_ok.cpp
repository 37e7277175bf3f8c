// Twin of int8_depth_overflow.cpp: a dense layer of exactly int8_max_depth inputs, and a convolution of depth
// 3 x 3 x 7396 = 66564, are quantized and run.
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/quant/quantized_model.hpp>

using deepest_dense = nnstatic::sequential<nnstatic::input<66572>, nnstatic::dense<1>>;
static_assert(nnstatic::int8_plan<deepest_dense>::packed_size == 66572 * 16);
static_assert(sizeof(nnstatic::int8_model<deepest_dense>) > 0);

using deep_conv = nnstatic::sequential<nnstatic::input<3, 3, 7396>, nnstatic::conv2d<1, 3>>;
static_assert(nnstatic::int8_geometry<deep_conv::layer<0>>::depth == 66564);
static_assert(sizeof(nnstatic::int8_model<deep_conv>) > 0);
