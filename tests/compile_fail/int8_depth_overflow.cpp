// expect: int8_depth_fits_int32<nnstatic::dense<1>, 66573(UL)?, 66572(UL)?>.*int32 accumulator could overflow|int32 accumulator could overflow.*int8_depth_fits_int32<nnstatic::dense<1>, 66573(UL)?, 66572(UL)?>
// A dense layer one input deeper than int8_max_depth: 66573 x 127^2 on top of the largest bias passes int32.
// Refused on the type, before any buffer is sized. Twin: int8_depth_overflow_ok.cpp.
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/quant/quantized_model.hpp>

using too_deep = nnstatic::sequential<nnstatic::input<66573>, nnstatic::dense<1>>;
static_assert(nnstatic::int8_plan<too_deep>::packed_size > 0);
