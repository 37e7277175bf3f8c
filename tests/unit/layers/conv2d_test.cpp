// conv2d forward and backward on tiny hand-computed inputs: valid, same (TensorFlow's padding: the odd pixel
// after), stride 2, several channels and filters in Keras' kernel layout [kh][kw][in][out].
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/conv2d.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <type_traits>

namespace {

namespace nn = nnstatic;
using nn::padding;

/// 1, 2, 3, ... as an image of N values.
template <std::size_t N>
constexpr std::array<double, N> counting() {
  std::array<double, N> v{};
  for (std::size_t i = 0; i < N; ++i) v[i] = static_cast<double>(i + 1);
  return v;
}

}  // namespace

TEST_CASE("conv2d: valid 2x2 kernel over a 3x3 image, by hand") {
  using layer = nn::conv2d<1, 2>::bind<nn::shape<3, 3, 1>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2, 2, 1>>);
  // x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], W = [[1, 2], [3, 4]], b = 0.5.
  // y[oy][ox] = 0.5 + x[oy][ox] + 2 x[oy][ox+1] + 3 x[oy+1][ox] + 4 x[oy+1][ox+1]:
  //   y00 = 0.5 + 1 + 4 + 12 + 20 = 37.5     y01 = 0.5 + 2 + 6 + 15 + 24 = 47.5
  //   y10 = 0.5 + 4 + 10 + 21 + 32 = 67.5    y11 = 0.5 + 5 + 12 + 24 + 36 = 77.5
  const std::array<double, 5> params{1, 2, 3, 4, 0.5};
  const auto x = counting<9>();
  std::array<double, 4> y{};
  layer::forward(params.data(), x.data(), y.data(), 1);
  CHECK(y == std::array<double, 4>{37.5, 47.5, 67.5, 77.5});
}

TEST_CASE("conv2d: same padding, stride 1: a 3x3 box filter sums each neighbourhood inside the image") {
  using layer = nn::conv2d<1, 3, padding::same>::bind<nn::shape<3, 3, 1>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<3, 3, 1>>);
  std::array<double, 10> params{};
  params.fill(1);
  params[9] = 0;  // bias
  const auto x = counting<9>();
  std::array<double, 9> y{};
  layer::forward(params.data(), x.data(), y.data(), 1);
  // Corners 1+2+4+5 = 12, 2+3+5+6 = 16, 4+5+7+8 = 24, 5+6+8+9 = 28; edges 21, 27, 33, 39; centre 45.
  CHECK(y == std::array<double, 9>{12, 21, 16, 27, 45, 33, 24, 39, 28});
}

TEST_CASE("conv2d: same padding, stride 2 over a 5x5 image gives 3x3 with one pixel of padding on each side") {
  using layer = nn::conv2d<1, 3, nn::strides{2}, padding::same>::bind<nn::shape<5, 5, 1>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<3, 3, 1>>);
  std::array<double, 10> params{};
  params.fill(1);
  params[9] = 0;
  const auto x = counting<25>();  // x[r][c] = 5 r + c + 1
  std::array<double, 9> y{};
  layer::forward(params.data(), x.data(), y.data(), 1);
  // Output (oy, ox) sums rows 2oy-1 .. 2oy+1 and columns 2ox-1 .. 2ox+1 that exist:
  //   (0,0) rows 0-1, cols 0-1: 1+2+6+7 = 16        (0,1) rows 0-1, cols 1-3: 2+3+4+7+8+9 = 33
  //   (0,2) rows 0-1, cols 3-4: 4+5+9+10 = 28       (1,0) rows 1-3, cols 0-1: 6+7+11+12+16+17 = 69
  //   (1,1) rows 1-3, cols 1-3: 117                 (1,2) rows 1-3, cols 3-4: 9+10+14+15+19+20 = 87
  //   (2,0) rows 3-4, cols 0-1: 16+17+21+22 = 76    (2,1) rows 3-4, cols 1-3: 17+18+19+22+23+24 = 123
  //   (2,2) rows 3-4, cols 3-4: 19+20+24+25 = 88
  CHECK(y == std::array<double, 9>{16, 33, 28, 69, 117, 87, 76, 123, 88});
}

TEST_CASE("conv2d: same padding, stride 2 over a 4x4 image pads only after (TensorFlow)") {
  // 4x4 with a 3x3 kernel and stride 2: 2 outputs per axis, padded size (2-1)*2+3 = 5, one pixel of padding in
  // total, all of it after: the first window starts at row 0, column 0.
  using layer = nn::conv2d<1, 3, nn::strides{2}, padding::same>::bind<nn::shape<4, 4, 1>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2, 2, 1>>);
  std::array<double, 10> params{};
  params.fill(1);
  params[9] = 0;
  const auto x = counting<16>();  // x[r][c] = 4 r + c + 1
  std::array<double, 4> y{};
  layer::forward(params.data(), x.data(), y.data(), 1);
  // (0,0) rows 0-2, cols 0-2: 1+2+3+5+6+7+9+10+11 = 54   (0,1) rows 0-2, cols 2-3: 3+4+7+8+11+12 = 45
  // (1,0) rows 2-3, cols 0-2: 9+10+11+13+14+15 = 72      (1,1) rows 2-3, cols 2-3: 11+12+15+16 = 54
  CHECK(y == std::array<double, 4>{54, 45, 72, 54});
}

TEST_CASE("conv2d: valid, stride 2 skips windows") {
  using layer = nn::conv2d<1, 2, nn::strides{2}>::bind<nn::shape<4, 4, 1>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2, 2, 1>>);
  // W = [[1, 0], [0, 0]] picks the top-left pixel of each window: x[0][0], x[0][2], x[2][0], x[2][2].
  const std::array<double, 5> params{1, 0, 0, 0, 0};
  const auto x = counting<16>();
  std::array<double, 4> y{};
  layer::forward(params.data(), x.data(), y.data(), 1);
  CHECK(y == std::array<double, 4>{1, 3, 9, 11});
}

TEST_CASE("conv2d: channels and filters in Keras' kernel layout [kh][kw][in][out]") {
  // A 1x1 kernel over one pixel of 2 channels, 3 filters: y[f] = b[f] + x[0] W[0][f] + x[1] W[1][f].
  using pointwise = nn::conv2d<3, 1>::bind<nn::shape<1, 1, 2>>;
  // W = [[1, 2, 3], [10, 20, 30]] ([in][out]), b = [0.25, 0.5, 0.75]; x = [2, -1].
  const std::array<double, 9> params{1, 2, 3, 10, 20, 30, 0.25, 0.5, 0.75};
  const std::array<double, 2> x{2, -1};
  std::array<double, 3> y{};
  pointwise::forward(params.data(), x.data(), y.data(), 1);
  // y = [0.25 + 2 - 10, 0.5 + 4 - 20, 0.75 + 6 - 30]
  CHECK(y == std::array<double, 3>{-7.75, -15.5, -23.25});

  // A 2x1 kernel (2 rows, 1 column) over a 2x1 image of 2 channels, 2 filters: the kernel index of
  // [ky][kx][c][f] is ((ky * 1 + kx) * 2 + c) * 2 + f. Only W[1][0][1][0] = 1: output filter 0 reads channel 1
  // of the pixel below, filter 1 stays at its bias.
  using tall = nn::conv2d<2, nn::size2d{2, 1}>::bind<nn::shape<2, 1, 2>>;
  static_assert(tall::kernel_size == 8);
  std::array<double, 10> p2{};
  p2[((1 * 1 + 0) * 2 + 1) * 2 + 0] = 1;
  p2[8 + 1] = -3;                              // bias of filter 1
  const std::array<double, 4> x2{1, 2, 3, 4};  // pixel (0,0) = [1, 2], pixel (1,0) = [3, 4]
  std::array<double, 2> y2{};
  tall::forward(p2.data(), x2.data(), y2.data(), 1);
  CHECK(y2 == std::array<double, 2>{4, -3});
}

TEST_CASE("conv2d: a batch is convolved sample by sample") {
  using layer = nn::conv2d<1, 2>::bind<nn::shape<3, 3, 1>>;
  const std::array<double, 5> params{1, 2, 3, 4, 0.5};
  std::array<double, 18> x{};
  const auto one = counting<9>();
  for (std::size_t i = 0; i < 9; ++i) x[i] = one[i], x[9 + i] = -one[i];
  std::array<double, 8> y{};
  layer::forward(params.data(), x.data(), y.data(), 2);
  // The second sample is the negated first: y = 0.5 - (y_first - 0.5).
  CHECK(y == std::array<double, 8>{37.5, 47.5, 67.5, 77.5, -36.5, -46.5, -66.5, -76.5});
}

TEST_CASE("conv2d: backward, by hand") {
  using layer = nn::conv2d<1, 2>::bind<nn::shape<3, 3, 1>>;
  const std::array<double, 5> params{1, 2, 3, 4, 0.5};  // W = [[1, 2], [3, 4]]
  const auto x = counting<9>();
  const std::array<double, 4> y{};  // not read
  const std::array<double, 4> dy{1, 1, 1, 1};
  std::array<double, 5> grad{};
  grad.fill(1);  // backward adds
  std::array<double, 9> dx{};
  dx.fill(99);  // backward overwrites
  layer::backward<true>(params.data(), grad.data(), x.data(), y.data(), dy.data(), dx.data(), 1);
  // dW[ky][kx] = sum over outputs of x[oy+ky][ox+kx]: [1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9] = [12, 16, 24, 28];
  // db = 4 outputs. Plus the 1 already there.
  CHECK(grad == std::array<double, 5>{13, 17, 25, 29, 5});
  // dx[i][j] = sum of the taps W[i-oy][j-ox] that touch pixel (i, j):
  //   [[1, 1+2, 2], [1+3, 1+2+3+4, 2+4], [3, 3+4, 4]]
  CHECK(dx == std::array<double, 9>{1, 3, 2, 4, 10, 6, 3, 7, 4});

  // With same padding and stride 2, gradients reach only the pixels a window covered.
  using strided = nn::conv2d<1, 3, nn::strides{2}, padding::same>::bind<nn::shape<4, 4, 1>>;
  std::array<double, 10> p2{};
  p2.fill(1);
  const auto x2 = counting<16>();
  const std::array<double, 4> y2{};
  const std::array<double, 4> dy2{1, 0, 0, 0};  // only output (0,0), which covers rows 0-2 and columns 0-2
  std::array<double, 10> g2{};
  std::array<double, 16> dx2{};
  strided::backward<true>(p2.data(), g2.data(), x2.data(), y2.data(), dy2.data(), dx2.data(), 1);
  CHECK(g2 == std::array<double, 10>{1, 2, 3, 5, 6, 7, 9, 10, 11, 1});
  CHECK(dx2 == std::array<double, 16>{1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0});
}
