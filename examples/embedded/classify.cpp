// A device-style program: it includes only the exported model, the exported test images and nnstatic's embedded
// inference header. No file, no heap (operator new traps), no exceptions, no RTTI; the activations live in static
// storage whose size is checked at compile time. Built by ci_check.sh with -Os -fno-exceptions -fno-rtti.
//
// Exit status: 0 when every prediction equals the float model's, 1 otherwise, 2 on an inference error.
#include "fashion_model.hpp"
#include "fashion_test_images.hpp"

#include <nnstatic/embedded/inference.hpp>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <new>

// Nothing here may allocate: any call to the global allocator stops the program.
void* operator new(std::size_t) { std::abort(); }
void* operator new[](std::size_t) { std::abort(); }
void operator delete(void*) noexcept {}
void operator delete[](void*) noexcept {}
void operator delete(void*, std::size_t) noexcept {}
void operator delete[](void*, std::size_t) noexcept {}

using model_type = nnstatic::embedded_model<fashion_model::network>;
static_assert(model_type::inference_bytes <= 128 * 1024, "the activations must fit 128 KiB of RAM");
static_assert(model_type::check_fingerprint(fashion_model::fingerprint) == nnstatic::inference_status::ok);

namespace {
model_type model;  // all of inference's memory: model_type::inference_bytes
float image[model_type::input_size];
}  // namespace

int main() {
  std::size_t agree = 0, correct = 0;
  for (std::size_t n = 0; n < fashion_test_images::count; ++n) {
    // The same arithmetic as nnstatic::data::scale(test, 1.0f / 255.0f) on the host.
    for (std::size_t i = 0; i < model_type::input_size; ++i)
      image[i] = static_cast<float>(fashion_test_images::pixels[n][i]) * (1.0f / 255.0f);
    std::size_t label = 0;
    const nnstatic::inference_status status = model.classify(fashion_model::weights, image, label);
    if (status != nnstatic::inference_status::ok) {
      std::printf("image %zu: %.*s\n", n, static_cast<int>(nnstatic::describe(status).size()),
                  nnstatic::describe(status).data());
      return 2;
    }
    if (label == fashion_test_images::float_predictions[n]) ++agree;
    if (label == fashion_test_images::labels[n]) ++correct;
    if (label != fashion_test_images::float_predictions[n])
      std::printf("image %zu: predicted %zu, the float model predicted %u\n", n, label,
                  static_cast<unsigned>(fashion_test_images::float_predictions[n]));
  }
  std::printf("%zu of %zu predictions equal the float model's; %zu right\n", agree, fashion_test_images::count, correct);
  std::printf("activations %zu bytes (static), weights %zu bytes (constant), test images %zu bytes (constant)\n",
              model_type::inference_bytes, fashion_model::weight_bytes, sizeof fashion_test_images::pixels);
  return agree == fashion_test_images::count ? 0 : 1;
}
