// The reference of unit_dispatch_dispatched_trainer: nnstatic::trainer and nnstatic::infer on the plain path, which
// this translation unit alone is compiled for (NNSTATIC_SIMD_PLAIN, tests/CMakeLists.txt).
#include "dispatch_program.hpp"

#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/simd/arch.hpp>
#include <nnstatic/train/trainer.hpp>

#include <memory>
#include <string_view>

namespace dispatch_program {

problem make_problem() {
  nn::random_engine rng(7);
  problem p{.x = std::vector<float>(batch * net::input_shape::size),
            .targets = std::vector<float>(batch * net::output_shape::size, 0.0f),
            .initial = {}};
  for (float& v : p.x) v = static_cast<float>(rng.uniform01());
  for (std::size_t n = 0; n < batch; ++n) p.targets[n * net::output_shape::size + rng.below(10)] = 1;
  nn::glorot_uniform(p.initial, 3);
  return p;
}

run_result run_plain(const problem& p) {
  static_assert(nn::simd::native::name() == std::string_view("plain"));
  auto params = std::make_unique<nn::parameters<net>>(p.initial);
  nn::trainer<net, nn::categorical_crossentropy, nn::adam, batch> trainer(optimizer, 1);
  run_result r{.instruction_set = std::string(trainer.instruction_set()), .losses = {}, .params = {}, .outputs = {}};
  for (std::size_t s = 0; s < steps; ++s)
    r.losses.push_back(trainer.step(*params, p.x.data(), p.targets.data(), batch).loss_sum / batch);
  r.params.assign(params->values.begin(), params->values.end());
  auto workspace = std::make_unique<nn::inference_workspace<net>>();
  std::vector<float> y(net::output_shape::size);
  for (std::size_t n = 0; n < batch; ++n) {
    nn::infer(*params, p.x.data() + n * net::input_shape::size, y.data(), 1, *workspace);
    r.outputs.insert(r.outputs.end(), y.begin(), y.end());
  }
  return r;
}

}  // namespace dispatch_program
