// Twin of reference_network_without_flatten.cpp: with flatten before dense, the network, its trainer and its model
// compile, and so does what the README does with them.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/data/dataset.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/train/fit.hpp>
#include <nnstatic/train/model.hpp>
#include <nnstatic/train/trainer.hpp>

#include <array>
#include <cstddef>

namespace ns = nnstatic;
using net = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<32, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten,
                           ns::dense<128>, ns::relu, ns::dense<10>, ns::softmax>;
using trainer = ns::trainer<net, ns::categorical_crossentropy, ns::adam, 256>;
static_assert(trainer::batch_capacity == 256);
static_assert(ns::model<net>::input_size == 28 * 28);

// What the README does with them; never called, but compiled.
std::size_t train_and_classify(const ns::data::dataset& train, const ns::data::dataset& test,
                               const std::array<float, 28 * 28>& image) {
  ns::model<net> model(/*seed*/ 1);
  trainer t;
  auto history = ns::fit(t, model, train, {.epochs = 1, .batch_size = 64, .validation_split = 0.1});
  auto result = ns::evaluate(t, model, test);
  model.save("model.nns");
  return history.size() + model.predict(std::span<const float>(image)).size() + model.classify(image).label +
         static_cast<std::size_t>(result.accuracy);
}
