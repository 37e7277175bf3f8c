#include "fashion_mnist.hpp"

#include <nnstatic/data/normalize.hpp>

#include <cstdio>
#include <filesystem>

namespace examples {

std::optional<train_and_test> load_fashion_mnist(const training_options& opt) {
  namespace data = nnstatic::data;
  if (!std::filesystem::is_directory(opt.data_dir)) {
    std::fprintf(stderr,
                 "error: no Fashion-MNIST folder at %s\n"
                 "install Debian's package:  apt-get install dataset-fashion-mnist\n"
                 "or point --data-dir at a folder with train-images-idx3-ubyte(.gz) and the other three IDX files\n",
                 opt.data_dir.string().c_str());
    return std::nullopt;
  }
  train_and_test sets{data::load_mnist_folder(opt.data_dir, data::split::train),
                      data::load_mnist_folder(opt.data_dir, data::split::test)};
  if (opt.limit != 0 && opt.limit < sets.train.size()) sets.train = data::subset(sets.train, 0, opt.limit);
  data::scale(sets.train, 1.0f / 255.0f);
  data::scale(sets.test, 1.0f / 255.0f);
  std::printf("Fashion-MNIST: %zu training and %zu test images of %zux%zux%zu from %s\n", sets.train.size(),
              sets.test.size(), sets.train.height, sets.train.width, sets.train.channels,
              opt.data_dir.string().c_str());
  return sets;
}

}  // namespace examples
