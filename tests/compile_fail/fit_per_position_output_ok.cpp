// Twin of fit_per_position_output.cpp: the same network trains with trainer::step, and a network whose softmax is
// over one vector may be evaluated on a data set.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/data/dataset.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/train/fit.hpp>
#include <nnstatic/train/model.hpp>
#include <nnstatic/train/trainer.hpp>

#include <array>

using net = nnstatic::sequential<nnstatic::input<4, 4, 1>, nnstatic::conv2d<3, 3>, nnstatic::softmax>;
using flat_net =
    nnstatic::sequential<nnstatic::input<4, 4, 1>, nnstatic::conv2d<3, 3>, nnstatic::flatten, nnstatic::softmax>;

int main() {
  nnstatic::trainer<net, nnstatic::categorical_crossentropy, nnstatic::sgd, 4> trainer(nnstatic::sgd{}, 1);
  nnstatic::model<net> model(1);
  const std::array<float, 16> image{};
  std::array<float, 12> targets{};
  for (std::size_t at = 0; at < targets.size(); at += 3) targets[at] = 1;
  const auto step = trainer.step(model.params(), image.data(), targets.data(), 1);

  nnstatic::trainer<flat_net, nnstatic::categorical_crossentropy, nnstatic::sgd, 4> flat_trainer(nnstatic::sgd{}, 1);
  const nnstatic::model<flat_net> flat_model(1);
  const nnstatic::data::dataset test;
  return static_cast<int>(step.samples + nnstatic::evaluate(flat_trainer, flat_model, test).samples);
}
