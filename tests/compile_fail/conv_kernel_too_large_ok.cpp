// Twin of conv_kernel_too_large.cpp: the same 5x5 kernel over the 4x4 image compiles with padding::same, and so
// does a kernel exactly as large as the image.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>

using same = nnstatic::sequential<nnstatic::input<4, 4, 1>, nnstatic::conv2d<8, 5, nnstatic::padding::same>>;
static_assert(same::param_count == 5 * 5 * 1 * 8 + 8);
using exact = nnstatic::sequential<nnstatic::input<4, 4, 1>, nnstatic::conv2d<8, 4>>;
static_assert(exact::param_count == 4 * 4 * 1 * 8 + 8);
