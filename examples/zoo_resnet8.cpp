// ctest-args: --steps 3
// ResNet-8, MLPerf Tiny image classification (CIFAR-10, 32x32x3), from examples/zoo/resnet8.hpp: its summary against
// Keras' figures, its inference and training bytes, a few Adam steps at batch 32 on one synthetic batch, and float
// inference.
//
//   zoo_resnet8 --steps 10
#include "common/command_line.hpp"
#include "zoo/resnet8.hpp"
#include "zoo/report.hpp"

#include <nnstatic/loss/categorical_crossentropy.hpp>

#include <cstddef>

int main(int argc, char** argv) {
  std::size_t steps = 3;
  examples::command_line cli("ResNet-8 as an nnstatic type: summary, memory, training steps and inference.");
  cli.add("--steps", steps, "Adam steps on one synthetic batch of 32", {.min = 1, .max = 1000});
  if (const auto exit_code = cli.parse(argc, argv)) return *exit_code;
  using zoo::resnet8;
  return zoo::report<resnet8, nnstatic::categorical_crossentropy, 32>(
      "ResNet-8", zoo::resnet8_keras, steps);
}
