// ctest-args: --synthetic 600 --data-dir @PROJECT_BINARY_DIR@/example-out/cifar10-synthetic --epochs 2 --out @PROJECT_BINARY_DIR@/example-out/cifar10
// A small CIFAR-10-shaped network (32x32x3 inputs, two same-padded conv blocks) trained on CIFAR-10's binary format
// (cifar-10-batches-bin: data_batch_1..5.bin and test_batch.bin). Debian does not package CIFAR-10; with
// --synthetic N the example first writes N records per file of a synthetic, learnable stand-in in that format
// (each class a coloured pattern plus noise), so that the reader and the network can be exercised anywhere.
#include "common/workflow.hpp"

#include <nnstatic/core/input.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/data/cifar.hpp>
#include <nnstatic/data/normalize.hpp>
#include <nnstatic/io/atomic_file.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>

namespace ns = nnstatic;

using network = ns::sequential<ns::input<32, 32, 3>,                                               //
                               ns::conv2d<16, 3, ns::padding::same>, ns::relu, ns::max_pool2d<2>,  //
                               ns::conv2d<32, 3, ns::padding::same>, ns::relu, ns::max_pool2d<2>,  //
                               ns::flatten, ns::dense<64>, ns::relu, ns::dense<10>, ns::softmax>;

/// Writes `records` CIFAR-10 records: label byte, then the red, green and blue 32x32 planes. Class k is a
/// horizontal stripe at row 3k of brightness 200 in channel k % 3 over uniform noise.
void write_synthetic_cifar(const std::filesystem::path& file, std::size_t records, std::uint64_t seed) {
  ns::random_engine rng(seed);
  std::string bytes;
  bytes.reserve(records * (1 + 3 * 32 * 32));
  for (std::size_t r = 0; r < records; ++r) {
    const auto label = static_cast<std::uint8_t>(rng.below(10));
    bytes.push_back(static_cast<char>(label));
    for (std::size_t c = 0; c < 3; ++c)
      for (std::size_t y = 0; y < 32; ++y)
        for (std::size_t x = 0; x < 32; ++x) {
          const bool stripe = c == label % 3 && y / 3 == label;
          bytes.push_back(static_cast<char>(stripe ? 200 : rng.below(120)));
        }
  }
  ns::io::write_atomically(file, bytes);
}

/// The trainer's memory is planned for batches of up to this many samples; --batch-size picks any size up to it.
constexpr std::size_t max_batch = 256;

int main(int argc, char** argv) try {
  examples::training_options opt{.epochs = 5, .batch_size = 32, .data_dir = "cifar-10-batches-bin"};
  std::size_t synthetic = 0;
  examples::command_line cli("Trains a small CNN on CIFAR-10's binary format (--synthetic N writes a stand-in).");
  examples::add_training_options(cli, opt, max_batch, "folder with data_batch_1..5.bin and test_batch.bin");
  cli.add("--synthetic", synthetic,
          "first write a synthetic stand-in of N records per file to --data-dir, up to the real set's 10000; 0: none",
          {.max = 10000});
  if (const auto exit_code = cli.parse(argc, argv)) return *exit_code;

  if (synthetic != 0) {
    std::filesystem::create_directories(opt.data_dir);
    for (std::size_t b = 1; b <= 5; ++b)
      write_synthetic_cifar(opt.data_dir / ("data_batch_" + std::to_string(b) + ".bin"), synthetic, opt.seed + b);
    write_synthetic_cifar(opt.data_dir / "test_batch.bin", synthetic, opt.seed + 100);
    std::printf("wrote a synthetic CIFAR-10-format set of %zu records per file to %s\n", synthetic,
                opt.data_dir.string().c_str());
  }
  ns::data::dataset train = ns::data::load_cifar10_folder(opt.data_dir, ns::data::split::train);
  ns::data::dataset test = ns::data::load_cifar10_folder(opt.data_dir, ns::data::split::test);
  if (opt.limit != 0 && opt.limit < train.size()) train = ns::data::subset(train, 0, opt.limit);
  ns::data::scale(train, 1.0f / 255.0f);
  ns::data::scale(test, 1.0f / 255.0f);

  examples::train_and_report<network, ns::categorical_crossentropy, ns::adam, max_batch>(
      opt, ns::adam{}, train, test, "cifar10", ns::data::cifar10_class_names);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 1;
}
