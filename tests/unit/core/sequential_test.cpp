// sequential's run-time face: the Keras-style summary() table. (Shapes, offsets, signature and fingerprint are
// compile-time facts, checked in tests/static/reference_network.cpp.)
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <sstream>
#include <string>

namespace {

namespace nn = nnstatic;

using reference = nn::sequential<nn::input<28, 28, 1>, nn::conv2d<32, 3>, nn::relu, nn::max_pool2d<2>, nn::flatten,
                                 nn::dense<128>, nn::relu, nn::dense<10>, nn::softmax>;

using mixed =
    nn::sequential<nn::input<6, 6, 2>, nn::conv2d<3, 3, nn::padding::same>, nn::avg_pool2d<2>, nn::conv2d<4, 1>,
                   nn::flatten, nn::dense<4>, nn::tanh, nn::dense<1000>, nn::sigmoid, nn::dense<1100>, nn::relu>;

}  // namespace

TEST_CASE("summary: the reference network, as Keras prints it") {
  // Keras' model.summary() layout: a 65-character rule, the name column 31 wide (Keras' own is narrower and wraps
  // "max_pooling2d (MaxPooling2D)"), the output shape column 26 wide, thousands separated by commas.
  const std::string expected =
      "Model: \"sequential\"\n"
      "_________________________________________________________________\n"
      " Layer (type)                  Output Shape              Param #\n"
      "=================================================================\n"
      " conv2d (Conv2D)               (None, 26, 26, 32)        320\n"
      " re_lu (ReLU)                  (None, 26, 26, 32)        0\n"
      " max_pooling2d (MaxPooling2D)  (None, 13, 13, 32)        0\n"
      " flatten (Flatten)             (None, 5408)              0\n"
      " dense (Dense)                 (None, 128)               692,352\n"
      " re_lu_1 (ReLU)                (None, 128)               0\n"
      " dense_1 (Dense)               (None, 10)                1,290\n"
      " softmax (Softmax)             (None, 10)                0\n"
      "=================================================================\n"
      "Total params: 693,962\n"
      "Trainable params: 693,962\n"
      "Non-trainable params: 0\n"
      "_________________________________________________________________\n";
  CHECK(reference::summary() == expected);
}

TEST_CASE("summary: repeated layers are numbered and large counts grouped by thousands") {
  const std::string text = mixed::summary();
  CHECK(text.find(" conv2d (Conv2D) ") != std::string::npos);
  CHECK(text.find(" conv2d_1 (Conv2D) ") != std::string::npos);
  CHECK(text.find(" dense (Dense) ") != std::string::npos);
  CHECK(text.find(" dense_1 (Dense) ") != std::string::npos);
  CHECK(text.find(" dense_2 (Dense) ") != std::string::npos);
  CHECK(text.find(" re_lu (ReLU) ") != std::string::npos);
  CHECK(text.find("(None, 6, 6, 3)           57\n") != std::string::npos);         // 3*3*2*3 + 3
  CHECK(text.find("(None, 1000)              5,000\n") != std::string::npos);      // 4*1000 + 1000
  CHECK(text.find("(None, 1100)              1,101,100\n") != std::string::npos);  // 1000*1100 + 1100
  CHECK(text.find("Total params: 1,106,321\n") != std::string::npos);
  CHECK(text.find("Trainable params: 1,106,321\n") != std::string::npos);
}

TEST_CASE("summary: every row has a space between the layer column and the output shape, however long the name") {
  // " average_pooling2d (AveragePooling2D)" is 38 characters, wider than the 31-character name column.
  std::istringstream lines(mixed::summary());
  std::size_t rows = 0;
  for (std::string line; std::getline(lines, line);) {
    const std::size_t shape = line.find("(None");
    if (shape == std::string::npos) continue;
    ++rows;
    CAPTURE(line);
    REQUIRE(shape > 0);
    CHECK(line[shape - 1] == ' ');
  }
  CHECK(rows == mixed::layer_count);
}
