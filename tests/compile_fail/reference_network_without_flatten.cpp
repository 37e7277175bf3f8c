// expect: (dense needs a flat .1-D. input. put nnstatic::flatten between the image layers and dense .layer_index<I> is net::layer<I>, counted from 0 after input<...>..*input_is_flat<nnstatic::layer_index<3>, nnstatic::dense<128>, nnstatic::shape<13, 13, 32> ?>|input_is_flat<nnstatic::layer_index<3>, nnstatic::dense<128>, nnstatic::shape<13, 13, 32> ?>.*dense needs a flat .1-D. input. put nnstatic::flatten between the image layers and dense .layer_index<I> is net::layer<I>, counted from 0 after input<...>.)
// The reference network of the README without its flatten, as a user would write it: the network, a trainer and a
// model, trained, evaluated, saved and asked to classify. dense, the fourth layer (layer_index<3>: net::layer<3>,
// input<...> not counted), meets the 13x13x32 output of the pool. That must be the only error: before the binding
// stopped at it, clang went on with `chain_list<int>` in the fusion plan and "output_shape (aka int) is not a class"
// in the model, and once fit and classify refused a per-position output, the rejected layer's image-shaped stand-in
// added their errors too. Twin: reference_network_without_flatten_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/data/dataset.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
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
using net = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<32, 3>, ns::relu, ns::max_pool2d<2>, ns::dense<128>,
                           ns::relu, ns::dense<10>, ns::softmax>;
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
