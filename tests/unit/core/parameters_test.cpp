// parameters<Net>: one flat buffer; kernel<I>() and bias<I>() are views at the documented offsets, of the documented
// sizes, in Keras' layouts (dense [in][out], conv2d [kh][kw][in][out]), so that setting one weight changes exactly
// the output Keras' layout says it should.
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace {

namespace nn = nnstatic;

using reference = nn::sequential<nn::input<28, 28, 1>, nn::conv2d<32, 3>, nn::relu, nn::max_pool2d<2>, nn::flatten,
                                 nn::dense<128>, nn::relu, nn::dense<10>, nn::softmax>;

}  // namespace

TEST_CASE("parameters: the views of the reference network point at the documented offsets") {
  auto params = std::make_unique<nn::parameters<reference>>();  // 2.7 MB: on the heap
  const float* base = params->values.data();
  CHECK(reinterpret_cast<std::uintptr_t>(base) % 64 == 0);
  CHECK(params->all().data() == base);
  CHECK(params->all().size() == 693962);

  // conv2d: kernel [0, 288), bias [288, 320).
  CHECK(params->kernel<0>().data() == base);
  CHECK(params->kernel<0>().size() == 288);
  CHECK(params->bias<0>().data() == base + 288);
  CHECK(params->bias<0>().size() == 32);
  CHECK(params->of_layer<0>().data() == base);
  CHECK(params->of_layer<0>().size() == 320);
  // dense<128>: kernel [320, 320 + 692224), bias 128 after it.
  CHECK(params->kernel<4>().data() == base + 320);
  CHECK(params->kernel<4>().size() == 5408 * 128);
  CHECK(params->bias<4>().data() == base + 320 + 692224);
  CHECK(params->bias<4>().size() == 128);
  // dense<10>: kernel at 692672, bias at 692672 + 1280, ending exactly at the end of the buffer.
  CHECK(params->kernel<6>().data() == base + 692672);
  CHECK(params->bias<6>().data() == base + 693952);
  CHECK(params->bias<6>().data() + params->bias<6>().size() == base + params->size);
  // Layers without parameters have empty views where the next parameters start.
  CHECK(params->of_layer<1>().empty());
  CHECK(params->of_layer<3>().data() == base + 320);

  // The const views see the same memory.
  const nn::parameters<reference>& view = *params;
  CHECK(view.kernel<4>().data() == base + 320);
  CHECK(view.bias<6>().data() == base + 693952);
  CHECK(view.of_layer<6>().size() == 1290);

  // Writes through a view land in the flat buffer.
  params->bias<6>()[9] = 42.0f;
  CHECK(params->values[693961] == 42.0f);
  params->kernel<0>()[0] = -1.0f;
  CHECK(params->values[0] == -1.0f);
}

TEST_CASE("parameters: a new buffer is all zeros") {
  nn::parameters<nn::sequential<nn::input<3>, nn::dense<2>>, double> params;
  for (const double v : params.values) CHECK(v == 0.0);
}

TEST_CASE("parameters: dense kernel element [i][o] connects input i to output o (Keras layout)") {
  using net = nn::sequential<nn::input<3>, nn::dense<2>>;
  nn::parameters<net> params;
  nn::inference_workspace<net> workspace;
  const std::array<float, 3> x{10, 20, 30};
  std::array<float, 2> y{};
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t o = 0; o < 2; ++o) {
      CAPTURE(i);
      CAPTURE(o);
      params.values.fill(0);
      params.kernel<0>()[i * 2 + o] = 1;  // W[i][o]
      nn::infer(params, x.data(), y.data(), 1, workspace);
      CHECK(y[o] == x[i]);
      CHECK(y[1 - o] == 0.0f);
    }
  params.values.fill(0);
  params.bias<0>()[1] = 5;
  nn::infer(params, x.data(), y.data(), 1, workspace);
  CHECK(y == std::array<float, 2>{0, 5});
}

TEST_CASE("parameters: conv2d kernel element [ky][kx][c][f] connects tap (ky, kx) of channel c to filter f") {
  // A 3x3 kernel over a 3x3 image of 2 channels: one output pixel, 2 filters.
  using net = nn::sequential<nn::input<3, 3, 2>, nn::conv2d<2, 3>>;
  nn::parameters<net> params;
  nn::inference_workspace<net> workspace;
  std::array<float, 18> x{};
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i + 1);  // x[r][c][ch] = (3r + c) 2 + ch + 1
  std::array<float, 2> y{};
  for (std::size_t ky = 0; ky < 3; ++ky)
    for (std::size_t kx = 0; kx < 3; ++kx)
      for (std::size_t c = 0; c < 2; ++c)
        for (std::size_t f = 0; f < 2; ++f) {
          params.values.fill(0);
          params.kernel<0>()[((ky * 3 + kx) * 2 + c) * 2 + f] = 1;
          nn::infer(params, x.data(), y.data(), 1, workspace);
          CAPTURE(ky);
          CAPTURE(kx);
          CAPTURE(c);
          CAPTURE(f);
          CHECK(y[f] == x[(ky * 3 + kx) * 2 + c]);
          CHECK(y[1 - f] == 0.0f);
        }
  params.values.fill(0);
  params.bias<0>()[0] = -2;
  nn::infer(params, x.data(), y.data(), 1, workspace);
  CHECK(y == std::array<float, 2>{-2, 0});
}
