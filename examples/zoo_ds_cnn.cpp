// ctest-args: --steps 3
// DS-CNN, MLPerf Tiny keyword spotting (49x10 MFCC, 12 classes), from examples/zoo/ds_cnn.hpp: its summary against
// Keras' figures, its inference and training bytes, a few Adam steps at batch 32 on one synthetic batch, and float
// inference.
//
//   zoo_ds_cnn --steps 10
#include "common/command_line.hpp"
#include "zoo/ds_cnn.hpp"
#include "zoo/report.hpp"

#include <nnstatic/loss/categorical_crossentropy.hpp>

#include <cstddef>

int main(int argc, char** argv) {
  std::size_t steps = 3;
  examples::command_line cli("DS-CNN as an nnstatic type: summary, memory, training steps and inference.");
  cli.add("--steps", steps, "Adam steps on one synthetic batch of 32", {.min = 1, .max = 1000});
  if (const auto exit_code = cli.parse(argc, argv)) return *exit_code;
  using zoo::ds_cnn;
  return zoo::report<ds_cnn, nnstatic::categorical_crossentropy, 32>(
      "DS-CNN", zoo::ds_cnn_keras, steps);
}
