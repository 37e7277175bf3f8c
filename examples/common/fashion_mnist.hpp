#pragma once
// Fashion-MNIST for the examples: the folder checked (with what to install when it is missing), both splits loaded,
// the training set cut to --limit, pixels scaled to [0, 1]. Compiled once, in fashion_mnist.cpp.
#include "training_options.hpp"

#include <nnstatic/data/dataset.hpp>
#include <nnstatic/data/idx.hpp>

#include <optional>

namespace examples {

struct train_and_test {
  nnstatic::data::dataset train, test;
};

/// The data set of `opt.data_dir`, or nothing (after saying why on standard error) when the folder is missing.
std::optional<train_and_test> load_fashion_mnist(const training_options& opt);

}  // namespace examples
