// ctest-args: --steps 3
// ResNet-8, MLPerf Tiny image classification (CIFAR-10, 32x32x3), from examples/zoo/resnet8.hpp: its summary against
// Keras' figures, its memory, a few Adam steps at batch 32 on one synthetic batch, and float and int8 inference.
//
//   zoo_resnet8 --steps 10
#include "zoo/resnet8.hpp"
#include "zoo/report.hpp"

#include <nnstatic/loss/categorical_crossentropy.hpp>

int main(int argc, char** argv) {
  using zoo::resnet8;
  using loss = nnstatic::categorical_crossentropy;
  return zoo::example_main<resnet8, loss, 32>(argc, argv, "ResNet-8", zoo::resnet8_keras);
}
