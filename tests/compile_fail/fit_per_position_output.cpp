// expect: (fit and evaluate read data sets of one label per sample, so the network's output must be one vector of class scores.*single_position<nnstatic::shape<2, 2, 3> ?>|single_position<nnstatic::shape<2, ?2, ?3> ?>.*fit and evaluate read data sets of one label per sample, so the network's output must be one vector of class scores)
// A data::dataset holds one label per image, which cannot be the targets of a network with a softmax at every
// position of a feature map (and its confusion matrix would take an argmax over all positions). Such a network
// trains with trainer::step on targets of its own shape. Twin: fit_per_position_output_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/data/dataset.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/train/fit.hpp>
#include <nnstatic/train/model.hpp>
#include <nnstatic/train/trainer.hpp>

using net = nnstatic::sequential<nnstatic::input<4, 4, 1>, nnstatic::conv2d<3, 3>, nnstatic::softmax>;

int main() {
  nnstatic::trainer<net, nnstatic::categorical_crossentropy, nnstatic::sgd, 4> trainer(nnstatic::sgd{}, 1);
  const nnstatic::model<net> model(1);
  const nnstatic::data::dataset test;
  return static_cast<int>(nnstatic::evaluate(trainer, model, test).samples);
}
