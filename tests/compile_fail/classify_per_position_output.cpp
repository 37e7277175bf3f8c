// expect: (classify picks one class per sample, so the network's output must be one vector of class scores.*single_position<nnstatic::shape<2, 2, 3> ?>|single_position<nnstatic::shape<2, ?2, ?3> ?>.*classify picks one class per sample, so the network's output must be one vector of class scores)
// A softmax over the channels of a feature map gives one distribution per position: there is no single class
// for model::classify to pick, and an argmax over all the values would be meaningless. Twin:
// classify_per_position_output_ok.cpp.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/train/model.hpp>

#include <array>
#include <span>

using net = nnstatic::sequential<nnstatic::input<4, 4, 1>, nnstatic::conv2d<3, 3>, nnstatic::softmax>;

int main() {
  const nnstatic::model<net> model(1);
  const std::array<float, 16> image{};
  return static_cast<int>(model.classify(std::span<const float, 16>(image)).label);
}
