// ctest-args: --steps 3
// FC autoencoder, MLPerf Tiny anomaly detection (640 inputs), from examples/zoo/fc_autoencoder.hpp: its summary against
// Keras' figures, its inference and training bytes, a few Adam steps at batch 32 on one synthetic batch, and float
// inference.
//
//   zoo_fc_autoencoder --steps 10
#include "common/command_line.hpp"
#include "zoo/fc_autoencoder.hpp"
#include "zoo/report.hpp"

#include <nnstatic/loss/mean_squared_error.hpp>

#include <cstddef>

int main(int argc, char** argv) {
  std::size_t steps = 3;
  examples::command_line cli("FC autoencoder as an nnstatic type: summary, memory, training steps and inference.");
  cli.add("--steps", steps, "Adam steps on one synthetic batch of 32", {.min = 1, .max = 1000});
  if (const auto exit_code = cli.parse(argc, argv)) return *exit_code;
  using zoo::fc_autoencoder;
  return zoo::report<fc_autoencoder, nnstatic::mean_squared_error, 32>(
      "FC autoencoder", zoo::fc_autoencoder_keras, steps);
}
