// ctest-args: --data-dir /usr/share/datasets/fashion-mnist --epochs 1 --limit 3000 --batch-size 32 --out @PROJECT_BINARY_DIR@/example-out/mnist_folder
// Trains the reference network on any MNIST-format folder: the four IDX files of MNIST, Fashion-MNIST, KMNIST or
// EMNIST-style sets (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
// t10k-labels-idx1-ubyte, each plain or gzipped). Pixels are standardized with the training set's mean and
// deviation, applied unchanged to the test set, and 10% of the training set is held out for validation, with
// early stopping on the validation loss.
#include "common/workflow.hpp"

#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/data/idx.hpp>
#include <nnstatic/data/normalize.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>

namespace ns = nnstatic;

using network = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<32, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten,
                               ns::dense<128>, ns::relu, ns::dense<10>, ns::softmax>;

/// The trainer's memory is planned for batches of up to this many samples; --batch-size picks any size up to it.
constexpr std::size_t max_batch = 256;

int main(int argc, char** argv) try {
  examples::training_options opt{.validation_split = 0.1};
  examples::command_line cli("Trains the reference CNN on an MNIST-format folder, standardized, with early stopping.");
  examples::add_training_options(cli, opt, max_batch,
                                 "folder with the four MNIST-format IDX files, such as "
                                 "/usr/share/datasets/fashion-mnist from Debian's dataset-fashion-mnist",
                                 {.required = true});
  if (const auto exit_code = cli.parse(argc, argv)) return *exit_code;

  ns::data::dataset train = ns::data::load_mnist_folder(opt.data_dir, ns::data::split::train);
  ns::data::dataset test = ns::data::load_mnist_folder(opt.data_dir, ns::data::split::test);
  if (opt.limit != 0 && opt.limit < train.size()) train = ns::data::subset(train, 0, opt.limit);
  ns::data::check_finite(train);
  const auto standardize = ns::data::standardizer::fit(train);
  standardize.apply(train);
  standardize.apply(test);
  std::printf("%zu training and %zu test images from %s, standardized\n", train.size(), test.size(),
              opt.data_dir.string().c_str());

  const std::array<std::string_view, 10> digits{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
  examples::train_and_report<network, ns::categorical_crossentropy, ns::adam, max_batch>(opt, ns::adam{}, train, test,
                                                                                      "mnist_folder", digits);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 1;
}
