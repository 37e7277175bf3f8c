// The examples of docs/api.md's section 10 (pruning, int8 quantization, the embedded model and exported headers),
// compiled and run like those of api_test.cpp. Its own program because it includes <nnstatic/deployment.hpp>,
// the umbrella of these parts, which <nnstatic/nnstatic.hpp> leaves out.
#include <nnstatic/deployment.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <sstream>

#include "api_fixture.hpp"

using namespace api_fixture;

TEST_CASE("api: pruning, int8 quantization and the embedded model") {
  scratch_folder scratch;
  const std::filesystem::path folder = scratch.path;
  const ns::data::dataset train = band_data(90), test = band_data(30);
  ns::model<net> model(1);
  trainer_type trainer;
  std::ostringstream log;
  ns::fit(trainer, model, train, {.epochs = 6, .out = &log});

  // snippet: prune
  ns::pruning_mask<net> mask = ns::prune_by_magnitude(model.params(), 0.5);  // half of every kernel is zero
  ns::keep_pruned keep{mask};                                                // and stays zero while training
  ns::fit(trainer, model, train, {.epochs = 2, .out = &log}, keep);
  ns::prune_gradually<net> pruning({.final_sparsity = 0.8, .begin_step = 0, .end_step = 12, .frequency = 2});
  ns::fit(trainer, model, train, {.epochs = 4, .out = &log}, pruning);  // 80% zeros by the twelfth step
  // snippet end
  const auto dense_kernel = model.params().kernel<4>();  // dense<16>: layer 4 after conv2d, relu, pool, flatten
  CHECK(std::count(dense_kernel.begin(), dense_kernel.end(), 0.0f) == std::llround(0.8 * 36 * 16));
  CHECK(pruning.step() == 12);

  // snippet: quantize
  const std::span<const float> calibration(train.images.data(), 50 * train.image_size());  // 50 training images
  const auto int8_weights = ns::quantize(model.params(), calibration);  // int8 weights, int32 biases, scales
  ns::int8_model<net> int8;  // its workspace: int8_model<net>::inference_bytes, no heap
  std::size_t label = 0;
  if (int8.classify(*int8_weights, test.image(0).data(), label) != ns::inference_status::ok) std::abort();
  // snippet end
  CHECK(label < 3);

  // snippet: embedded
  static ns::embedded_model<net> device;  // no heap, no exceptions; sizeof(device) == inference_bytes
  static_assert(ns::embedded_model<net>::inference_bytes <= 4096);
  std::size_t device_label = 0;
  const ns::inference_status status = device.classify(model.params(), test.image(0).data(), device_label);
  ns::io::export_header(folder / "tiny_model.hpp", model.params(), {.name = "tiny_model"});  // weights as code
  // snippet end
  CHECK(status == ns::inference_status::ok);
  CHECK(std::filesystem::exists(folder / "tiny_model.hpp"));
}
