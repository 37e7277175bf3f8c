// Output shapes of the windowed layers (conv2d, max_pool2d, avg_pool2d) under valid and same padding and strides,
// checked against Keras' rules: valid gives floor((in - window) / stride) + 1 positions, same gives
// ceil(in / stride) and pads max((out - 1) * stride + window - in, 0) in total, the smaller half before.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>

#include <cstddef>
#include <type_traits>

namespace {

namespace nn = nnstatic;
using nn::padding;
using nn::shape;

/// The output shape of `Spec` bound to an input of `Dims...`, through a sequential as a user writes it.
template <class Spec, std::size_t... Dims>
using out = typename nn::sequential<nn::input<Dims...>, Spec>::output_shape;

template <class Spec, std::size_t... Dims>
using bound = typename nn::sequential<nn::input<Dims...>, Spec>::template layer<0>;

// conv2d, valid.
static_assert(std::is_same_v<out<nn::conv2d<32, 3>, 28, 28, 1>, shape<26, 26, 32>>);
static_assert(std::is_same_v<out<nn::conv2d<8, 1>, 5, 7, 3>, shape<5, 7, 8>>);        // 1x1 kernel
static_assert(std::is_same_v<out<nn::conv2d<4, 4>, 4, 4, 2>, shape<1, 1, 4>>);        // kernel = input
static_assert(std::is_same_v<out<nn::conv2d<4, 3, nn::strides{2}>, 7, 7, 1>, shape<3, 3, 4>>);  // (7-3)/2+1
// (8-3)/2+1, the last column unread.
static_assert(std::is_same_v<out<nn::conv2d<4, 3, nn::strides{2}>, 8, 8, 1>, shape<3, 3, 4>>);
static_assert(std::is_same_v<out<nn::conv2d<4, nn::size2d{3, 2}>, 6, 4, 2>, shape<4, 3, 4>>);     // 3x2 kernel
static_assert(std::is_same_v<out<nn::conv2d<4, nn::size2d{2, 3}, nn::strides{2}>, 6, 9, 1>, shape<3, 4, 4>>);

// conv2d, same: ceil(in / stride).
static_assert(std::is_same_v<out<nn::conv2d<8, 3, padding::same>, 28, 28, 1>, shape<28, 28, 8>>);
static_assert(std::is_same_v<out<nn::conv2d<8, 3, nn::strides{2}, padding::same>, 28, 28, 1>, shape<14, 14, 8>>);
static_assert(std::is_same_v<out<nn::conv2d<8, 3, nn::strides{2}, padding::same>, 5, 5, 1>, shape<3, 3, 8>>);
static_assert(std::is_same_v<out<nn::conv2d<8, 5, nn::strides{2}, padding::same>, 5, 5, 1>, shape<3, 3, 8>>);
static_assert(std::is_same_v<out<nn::conv2d<8, 5, padding::same>, 2, 3, 1>, shape<2, 3, 8>>);  // kernel > input
static_assert(std::is_same_v<out<nn::conv2d<2, 3, nn::strides{3}, padding::same>, 10, 10, 1>, shape<4, 4, 2>>);

// Padding of same: the total and the part before (top/left); TensorFlow puts the odd one after.
using same_28_s2 = bound<nn::conv2d<8, 3, nn::strides{2}, padding::same>, 28, 28, 1>;  // (14-1)*2+3-28 = 1: 0 before
static_assert(same_28_s2::rows::pad_total == 1 && same_28_s2::rows::pad_before == 0);
using same_5_s2 = bound<nn::conv2d<8, 3, nn::strides{2}, padding::same>, 5, 5, 1>;  // (3-1)*2+3-5 = 2: 1 before
static_assert(same_5_s2::rows::pad_total == 2 && same_5_s2::rows::pad_before == 1);
using same_5_k5_s2 = bound<nn::conv2d<8, 5, nn::strides{2}, padding::same>, 5, 5, 1>;  // (3-1)*2+5-5 = 4: 2 before
static_assert(same_5_k5_s2::cols::pad_total == 4 && same_5_k5_s2::cols::pad_before == 2);
using same_k3_s1 = bound<nn::conv2d<8, 3, padding::same>, 6, 6, 1>;  // 2: 1 before, 1 after
static_assert(same_k3_s1::rows::pad_total == 2 && same_k3_s1::rows::pad_before == 1);
using same_k2 = bound<nn::conv2d<8, 2, padding::same>, 6, 6, 1>;  // 1: 0 before, 1 after
static_assert(same_k2::rows::pad_total == 1 && same_k2::rows::pad_before == 0);
using valid_k3 = bound<nn::conv2d<8, 3>, 6, 6, 1>;
static_assert(valid_k3::rows::pad_total == 0 && valid_k3::cols::pad_total == 0);

// conv2d parameter counts follow the kernel shape [kh][kw][in][out] and the bias [out].
static_assert(bound<nn::conv2d<4, nn::size2d{3, 2}>, 6, 4, 2>::param_count == 3 * 2 * 2 * 4 + 4);
static_assert(bound<nn::conv2d<4, nn::size2d{3, 2}>, 6, 4, 2>::kernel_size == 48);
static_assert(bound<nn::conv2d<4, nn::size2d{3, 2}>, 6, 4, 2>::fan_in == 12);
static_assert(bound<nn::conv2d<4, nn::size2d{3, 2}>, 6, 4, 2>::fan_out == 24);
static_assert(same_28_s2::param_count == 3 * 3 * 1 * 8 + 8);  // padding and stride change no parameter

// max_pool2d, valid.
static_assert(std::is_same_v<out<nn::max_pool2d<2>, 26, 26, 32>, shape<13, 13, 32>>);
static_assert(std::is_same_v<out<nn::max_pool2d<2>, 27, 27, 3>, shape<13, 13, 3>>);  // last row dropped
static_assert(std::is_same_v<out<nn::max_pool2d<3, nn::strides{2}>, 5, 5, 1>, shape<2, 2, 1>>);   // overlapping
static_assert(std::is_same_v<out<nn::max_pool2d<3, nn::strides{1}>, 4, 6, 2>, shape<2, 4, 2>>);
static_assert(std::is_same_v<out<nn::max_pool2d<2>, 2, 2, 5>, shape<1, 1, 5>>);  // window = input

// max_pool2d, same: ceil(in / stride), padded pixels take no part.
static_assert(std::is_same_v<out<nn::max_pool2d<2, padding::same>, 27, 27, 3>, shape<14, 14, 3>>);
static_assert(std::is_same_v<out<nn::max_pool2d<2, padding::same>, 26, 26, 3>, shape<13, 13, 3>>);
static_assert(std::is_same_v<out<nn::max_pool2d<3, nn::strides{2}, padding::same>, 5, 5, 1>, shape<3, 3, 1>>);
static_assert(std::is_same_v<out<nn::max_pool2d<3, nn::strides{1}, padding::same>, 4, 4, 2>, shape<4, 4, 2>>);
static_assert(std::is_same_v<out<nn::max_pool2d<3, padding::same>, 2, 2, 1>, shape<1, 1, 1>>);  // window > input

// avg_pool2d follows the same geometry.
static_assert(std::is_same_v<out<nn::avg_pool2d<2>, 26, 26, 32>, shape<13, 13, 32>>);
static_assert(std::is_same_v<out<nn::avg_pool2d<3, nn::strides{2}>, 7, 7, 4>, shape<3, 3, 4>>);
static_assert(std::is_same_v<out<nn::avg_pool2d<2, padding::same>, 5, 5, 1>, shape<3, 3, 1>>);
static_assert(std::is_same_v<out<nn::avg_pool2d<3, nn::strides{1}, padding::same>, 3, 3, 1>, shape<3, 3, 1>>);

// Rectangular windows and strides, and strides larger than the window: the inputs between windows are skipped.
static_assert(std::is_same_v<out<nn::conv2d<4, 3, nn::strides{2, 1}>, 7, 5, 1>, shape<3, 3, 4>>);
static_assert(std::is_same_v<out<nn::conv2d<4, nn::size2d{1, 3}, nn::strides{1, 2}, padding::same>, 3, 6, 1>,
                             shape<3, 3, 4>>);
static_assert(std::is_same_v<out<nn::conv2d<8, 1, nn::strides{2}>, 32, 32, 16>, shape<16, 16, 8>>);  // ResNet's
static_assert(std::is_same_v<out<nn::conv2d<8, 1, nn::strides{2}>, 5, 4, 2>, shape<3, 2, 8>>);       // shortcut
static_assert(std::is_same_v<out<nn::max_pool2d<2, nn::strides{3}>, 8, 8, 1>, shape<3, 3, 1>>);      // (8-2)/3+1
static_assert(std::is_same_v<out<nn::max_pool2d<2, nn::strides{3}, padding::same>, 7, 7, 1>, shape<3, 3, 1>>);
static_assert(std::is_same_v<out<nn::avg_pool2d<nn::size2d{2, 3}>, 4, 7, 2>, shape<2, 2, 2>>);  // strides = window
static_assert(std::is_same_v<out<nn::max_pool2d<nn::size2d{3, 1}, nn::strides{1, 2}>, 5, 4, 1>, shape<3, 2, 1>>);
using wide_gap = bound<nn::conv2d<2, 2, nn::strides{3}, padding::same>, 7, 7, 1>;  // (3-1)*3+2-7 = 1: 0 before
static_assert(wide_gap::rows::pad_total == 1 && wide_gap::rows::pad_before == 0);
using no_gap = bound<nn::conv2d<2, 2, nn::strides{3}, padding::same>, 6, 6, 1>;  // (2-1)*3+2 = 5 < 6: no padding
static_assert(no_gap::rows::pad_total == 0 && std::is_same_v<no_gap::output_shape, shape<2, 2, 2>>);

// Pooling has no parameters.
static_assert(bound<nn::max_pool2d<2>, 4, 4, 1>::param_count == 0);
static_assert(bound<nn::avg_pool2d<2, padding::same>, 5, 5, 1>::param_count == 0);

// A deeper stack threads the shapes through: 32x32x3 -> same conv s1 -> 32x32x16 -> pool 2 -> 16x16x16
// -> conv 3 s2 same -> 8x8x32 -> avg pool 2 -> 4x4x32 -> flatten 512.
using stack = nn::sequential<nn::input<32, 32, 3>, nn::conv2d<16, 3, padding::same>, nn::max_pool2d<2>,
                             nn::conv2d<32, 3, nn::strides{2}, padding::same>, nn::avg_pool2d<2>, nn::flatten>;
static_assert(std::is_same_v<stack::layer<0>::output_shape, shape<32, 32, 16>>);
static_assert(std::is_same_v<stack::layer<1>::output_shape, shape<16, 16, 16>>);
static_assert(std::is_same_v<stack::layer<2>::output_shape, shape<8, 8, 32>>);
static_assert(std::is_same_v<stack::layer<3>::output_shape, shape<4, 4, 32>>);
static_assert(std::is_same_v<stack::output_shape, shape<512>>);
static_assert(stack::param_count == (3 * 3 * 3 * 16 + 16) + (3 * 3 * 16 * 32 + 32));

// Signatures spell stride and padding.
static_assert(stack::signature ==
              "input<32,32,3> conv2d<16,3x3,strides 1x1,same> max_pool2d<2x2,strides 2x2,valid> "
              "conv2d<32,3x3,strides 2x2,same> avg_pool2d<2x2,strides 2x2,valid> flatten");
static_assert(
    stack::cpp_type ==
    "nnstatic::sequential<nnstatic::input<32, 32, 3>, "
    "nnstatic::conv2d<16, nnstatic::size2d{3, 3}, nnstatic::strides{1, 1}, nnstatic::padding::same>, "
    "nnstatic::max_pool2d<nnstatic::size2d{2, 2}, nnstatic::strides{2, 2}, nnstatic::padding::valid>, "
    "nnstatic::conv2d<32, nnstatic::size2d{3, 3}, nnstatic::strides{2, 2}, nnstatic::padding::same>, "
    "nnstatic::avg_pool2d<nnstatic::size2d{2, 2}, nnstatic::strides{2, 2}, nnstatic::padding::valid>, "
    "nnstatic::flatten>");

// The options in any order, and the defaults spelled out, give another type of the same layer: same shapes and
// signature. The C++ spelling (for exported headers) writes every option in the canonical order, and it compiles:
// `spelled` below is that spelling, pasted.
using mixed = nn::sequential<nn::input<9, 8, 2>, nn::conv2d<4, nn::size2d{3, 1}, nn::same, nn::strides{2, 1}>,
                             nn::max_pool2d<nn::size2d{1, 2}, nn::strides{1, 3}>>;
using spelled = nnstatic::sequential<
    nnstatic::input<9, 8, 2>,
    nnstatic::conv2d<4, nnstatic::size2d{3, 1}, nnstatic::strides{2, 1}, nnstatic::padding::same>,
    nnstatic::max_pool2d<nnstatic::size2d{1, 2}, nnstatic::strides{1, 3}, nnstatic::padding::valid>>;
static_assert(std::is_same_v<mixed::output_shape, shape<5, 3, 4>>);
static_assert(mixed::signature == "input<9,8,2> conv2d<4,3x1,strides 2x1,same> max_pool2d<1x2,strides 1x3,valid>");
static_assert(spelled::signature == mixed::signature);
static_assert(mixed::cpp_type ==
              "nnstatic::sequential<nnstatic::input<9, 8, 2>, nnstatic::conv2d<4, nnstatic::size2d{3, 1}, "
              "nnstatic::strides{2, 1}, nnstatic::padding::same>, nnstatic::max_pool2d<nnstatic::size2d{1, 2}, "
              "nnstatic::strides{1, 3}, nnstatic::padding::valid>>");
static_assert(spelled::cpp_type == mixed::cpp_type);

}  // namespace
