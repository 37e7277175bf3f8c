// ctest-args: --steps 3
// DS-CNN, MLPerf Tiny keyword spotting (49x10 MFCC, 12 classes), from examples/zoo/ds_cnn.hpp: its summary against
// Keras' figures, its memory, a few Adam steps at batch 32 on one synthetic batch, and float and int8 inference.
//
//   zoo_ds_cnn --steps 10
#include "zoo/ds_cnn.hpp"
#include "zoo/report.hpp"

#include <nnstatic/loss/categorical_crossentropy.hpp>

int main(int argc, char** argv) {
  using zoo::ds_cnn;
  using loss = nnstatic::categorical_crossentropy;
  return zoo::example_main<ds_cnn, loss, 32>(argc, argv, "DS-CNN", zoo::ds_cnn_keras);
}
