#pragma once
// The program of unit_simd_abi_tag: two translation units that instantiate the same nnstatic entities (a trainer, a
// model, its inference and its file) for one network, abi_tag_test.cpp with the build's flags and abi_tag_plain.cpp
// with the plain kernels (NNSTATIC_SIMD_PLAIN). Without the instruction set's inline namespace (simd/abi.hpp) the two
// would define `nnstatic::trainer<net, ...>` twice, differently, and the linker would keep one for both.
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/simd/arch.hpp>
#include <nnstatic/train/model.hpp>
#include <nnstatic/train/trainer.hpp>

#include <array>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace abi_tag {

namespace nn = nnstatic;

using net = nn::sequential<nn::input<6, 6, 1>, nn::conv2d<3, 3>, nn::relu, nn::max_pool2d<2>, nn::flatten,
                           nn::dense<5>, nn::relu, nn::dense<3>, nn::softmax>;
inline constexpr std::size_t batch = 4;
using trainer_type = nn::trainer<net, nn::categorical_crossentropy, nn::adam, batch>;

/// What one translation unit's nnstatic did.
struct report {
  std::string isa_namespace;    ///< simd::isa_namespace as this translation unit was compiled
  std::string instruction_set;  ///< what its trainer says it runs, asked through the linker's definition
  std::vector<double> losses;   ///< of three Adam steps
  std::vector<float> parameters;
  std::vector<float> predictions;  ///< model::predict (fusion's infer) on the batch, after the steps
};

/// Trains a model from seed 5 for three steps, saves it to `save_to` and reports. One per translation unit.
report train_with_build_flags(const std::filesystem::path& save_to);
report train_with_plain_kernels(const std::filesystem::path& save_to);

/// The parameters of the model file `path`, loaded by the other translation unit's `model::load`.
std::vector<float> load_with_build_flags(const std::filesystem::path& path);
std::vector<float> load_with_plain_kernels(const std::filesystem::path& path);

namespace {  // each translation unit's own, so that these never collide themselves

report train_here(const std::filesystem::path& save_to) {
  // Inputs in [0, 1) and one-hot targets from nnstatic's platform-independent generator: the same in both.
  nn::random_engine rng(11);
  std::array<float, batch * net::input_shape::size> x{};
  for (float& v : x) v = static_cast<float>(rng.uniform01());
  std::array<float, batch * 3> targets{};
  for (std::size_t i = 0; i < batch; ++i) targets[i * 3 + i % 3] = 1;

  nn::model<net> model(5);
  trainer_type trainer(nn::adam{.learning_rate = 0.01}, 1);
  report out;
  out.isa_namespace = nn::simd::isa_namespace;
  // Through a volatile pointer, so that the call cannot be inlined: it runs the definition the linker kept.
  std::string_view (trainer_type::*volatile instruction_set)() const noexcept = &trainer_type::instruction_set;
  out.instruction_set = (trainer.*instruction_set)();
  for (int step = 0; step < 3; ++step)
    out.losses.push_back(trainer.step(model.params(), x.data(), targets.data(), batch).loss_sum);
  out.parameters.assign(model.params().values.begin(), model.params().values.end());
  out.predictions = model.predict(x);
  model.save(save_to);
  return out;
}

std::vector<float> load_here(const std::filesystem::path& path) {
  nn::model<net> model(99);
  model.load(path);
  return {model.params().values.begin(), model.params().values.end()};
}

}  // namespace

}  // namespace abi_tag
