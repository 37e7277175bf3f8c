// ctest-args: --steps 3
// MobileNetV1 0.25, MLPerf Tiny visual wake words (96x96x3, 2 classes), from examples/zoo/mobilenet_v1.hpp: its summary
// against Keras' figures, its inference and training bytes, a few Adam steps at batch 16 on one synthetic batch, and
// float inference.
//
//   zoo_mobilenet_v1 --steps 10
#include "common/command_line.hpp"
#include "zoo/mobilenet_v1.hpp"
#include "zoo/report.hpp"

#include <nnstatic/loss/categorical_crossentropy.hpp>

#include <cstddef>

int main(int argc, char** argv) {
  std::size_t steps = 3;
  examples::command_line cli("MobileNetV1 0.25 as an nnstatic type: summary, memory, training steps and inference.");
  cli.add("--steps", steps, "Adam steps on one synthetic batch of 16", {.min = 1, .max = 1000});
  if (const auto exit_code = cli.parse(argc, argv)) return *exit_code;
  using zoo::mobilenet_v1;
  return zoo::report<mobilenet_v1, nnstatic::categorical_crossentropy, 16>(
      "MobileNetV1 0.25", zoo::mobilenet_v1_keras, steps);
}
