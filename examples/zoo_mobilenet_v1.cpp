// ctest-args: --steps 3
// MobileNetV1 0.25, MLPerf Tiny visual wake words (96x96x3), from examples/zoo/mobilenet_v1.hpp: its summary against
// Keras' figures, its memory, a few Adam steps at batch 16 on one synthetic batch, and float and int8 inference.
//
//   zoo_mobilenet_v1 --steps 10
#include "zoo/mobilenet_v1.hpp"
#include "zoo/report.hpp"

#include <nnstatic/loss/categorical_crossentropy.hpp>

int main(int argc, char** argv) {
  using zoo::mobilenet_v1;
  using loss = nnstatic::categorical_crossentropy;
  return zoo::example_main<mobilenet_v1, loss, 16>(argc, argv, "MobileNetV1 0.25", zoo::mobilenet_v1_keras);
}
