// Twin of classify_per_position_output.cpp: the same network may predict (one distribution per position), and a
// network whose softmax is over one vector may classify.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/train/model.hpp>

#include <array>
#include <span>

using net = nnstatic::sequential<nnstatic::input<4, 4, 1>, nnstatic::conv2d<3, 3>, nnstatic::softmax>;
using flat_net =
    nnstatic::sequential<nnstatic::input<4, 4, 1>, nnstatic::conv2d<3, 3>, nnstatic::flatten, nnstatic::softmax>;

int main() {
  const nnstatic::model<net> model(1);
  const nnstatic::model<flat_net> flat_model(1);
  const std::array<float, 16> image{};
  const auto per_position = model.predict(std::span<const float>(image));
  return static_cast<int>(flat_model.classify(std::span<const float, 16>(image)).label + per_position.size());
}
