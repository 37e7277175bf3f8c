// ctest-args: --steps 3
// FC autoencoder, MLPerf Tiny anomaly detection (640 inputs), from examples/zoo/fc_autoencoder.hpp: its summary against
// Keras' figures, its memory, a few Adam steps at batch 32 on one synthetic batch, and float and int8 inference.
//
//   zoo_fc_autoencoder --steps 10
#include "zoo/fc_autoencoder.hpp"
#include "zoo/report.hpp"

#include <nnstatic/loss/mean_squared_error.hpp>

int main(int argc, char** argv) {
  using zoo::fc_autoencoder;
  using loss = nnstatic::mean_squared_error;
  return zoo::example_main<fc_autoencoder, loss, 32>(argc, argv, "FC autoencoder", zoo::fc_autoencoder_keras);
}
