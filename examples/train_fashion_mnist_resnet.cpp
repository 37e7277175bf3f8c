// ctest-args: --epochs 1 --limit 2000 --int8-images 1000 --int8-tolerance 3 --out @PROJECT_BINARY_DIR@/example-out/fashion_mnist_resnet
// A residual network with batch normalization and dropout on Fashion-MNIST, the run beyond the reference network:
// training images mirrored left to right at random (Keras' RandomFlip("horizontal"): clothes look the same
// mirrored, and without it the network overfits, 99% on the training set against 93.0% on the test set), a stem
// of 16 filters, a residual stack at 28x28x16, stacks that halve the image to 14x14x32 and 7x7x64 (their
// shortcuts 1x1 stride-2 convolutions with batch normalization), a residual stack at 7x7x64, global average pooling,
// dropout 0.3 and a softmax over 10 classes; Adam with cosine decay, categorical cross-entropy, 15 epochs.
// docs/training.md gives its accuracy. After training, the model quantized to int8 (per channel, batch
// normalization folded) classifies the test set too, beside float inference on the same images; the exit status is
// 1 if int8's accuracy is more than --int8-tolerance points below float's (issue 11: 1 point).
//
//   train_fashion_mnist_resnet --seed 1
#include "common/fashion_mnist.hpp"
#include "common/int8_report.hpp"
#include "common/workflow.hpp"
#include "zoo/resnet8.hpp"

#include <nnstatic/core/input.hpp>
#include <nnstatic/core/ratio.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/dropout.hpp>
#include <nnstatic/layers/global_average_pooling2d.hpp>
#include <nnstatic/layers/random_flip.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>

#include <cstddef>
#include <cstdio>
#include <exception>
#include <string>

namespace ns = nnstatic;

using zoo::resnet_stacks::halving_stack;
using zoo::resnet_stacks::same_shape_stack;

using residual_network =
    ns::sequential<ns::input<28, 28, 1>, ns::random_flip<ns::flip_mode::horizontal>,                 //
                   ns::conv2d<16, 3, ns::same>, ns::batch_normalization<>, ns::relu,                 //
                   same_shape_stack<16>, ns::relu,                                                   // 28x28x16
                   halving_stack<32, ns::batch_normalization<>>, ns::relu,                           // 14x14x32
                   halving_stack<64, ns::batch_normalization<>>, ns::relu,                           // 7x7x64
                   same_shape_stack<64>, ns::relu,                                                   //
                   ns::global_average_pooling2d, ns::dropout<ns::ratio{3, 10}>, ns::dense<10>, ns::softmax>;

constexpr std::size_t max_batch = 256;

int main(int argc, char** argv) try {
  // The test set is watched after every epoch for the chart (never used to choose weights), and the learning rate
  // decays to the end: the last epochs' small steps settle what Adam's constant rate leaves jumping about.
  examples::training_options opt{.epochs = 15,
                                 .data_dir = std::string(ns::data::default_fashion_mnist_folder),
                                 .validation_data = "test",
                                 .schedule = "cosine"};
  examples::command_line cli("Trains a residual network with batch normalization on Fashion-MNIST.");
  examples::add_training_options(cli, opt, max_batch, "folder with Fashion-MNIST's four IDX files");
  double int8_tolerance = 1.0;
  std::size_t int8_images = 0;
  cli.add("--int8-tolerance", int8_tolerance,
          "percentage points int8's test accuracy may lie below float's before the exit status is 1",
          {.min = 0.0, .max = 100.0});
  cli.add("--int8-images", int8_images, "test images int8 and float classify, from the first; 0: all of them");
  if (const auto exit_code = cli.parse(argc, argv)) return *exit_code;

  const auto sets = examples::load_fashion_mnist(opt);
  if (!sets) return 2;
  examples::int8_figures int8;
  examples::train_and_report<residual_network, ns::categorical_crossentropy, ns::adam, max_batch>(
      opt, ns::adam{}, sets->train, sets->test, "fashion_mnist_resnet", ns::data::fashion_mnist_class_names,
      examples::int8_accuracy{.figures = &int8, .test_images = int8_images});
  if (!int8.measured || int8.points_lost() > int8_tolerance) {
    std::printf("FAILED: int8 is %.2f points below float, more than --int8-tolerance %.2f\n", int8.points_lost(),
                int8_tolerance);
    return 1;
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 1;
}
