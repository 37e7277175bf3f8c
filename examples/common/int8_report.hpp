#pragma once
// int8 beside float, after training: the trained model quantized as it would be deployed (weights per output
// channel, batch normalization folded first: quant/quantized_model.hpp), calibrated on the first training images,
// classifies the test set, and its accuracy is printed beside float's on the same images. An example passes
// `int8_accuracy` to train_and_report (workflow.hpp) and reads the figures from it afterwards.
#include <nnstatic/data/dataset.hpp>
#include <nnstatic/quant/quantized_model.hpp>
#include <nnstatic/train/fit.hpp>
#include <nnstatic/train/model.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace examples {

/// What int8 gave on the test images, against float inference on the same images.
struct int8_figures {
  bool measured = false;
  std::size_t images = 0;
  double float_accuracy = 0;
  double int8_accuracy = 0;
  /// Float's accuracy minus int8's, in percentage points (positive: int8 is worse).
  double points_lost() const noexcept { return 100 * (float_accuracy - int8_accuracy); }
};

/// The int8 report for train_and_report: quantizes the trained model with the first `calibration_images` training
/// images, then classifies the first `test_images` test images (0: all) in int8, on all cores (one int8_model each:
/// no heap in a call), and in float as deployed (model::predict: batch normalization folded), and prints both.
struct int8_accuracy {
  int8_figures* figures = nullptr;
  std::size_t calibration_images = 1000;
  std::size_t test_images = 0;

  template <class Net>
  void operator()(const nnstatic::model<Net>& model, const nnstatic::data::dataset& train,
                  const nnstatic::data::dataset& test, const nnstatic::evaluation& /*float_result*/) const {
    namespace ns = nnstatic;
    constexpr std::size_t input_size = Net::input_shape::size, classes = Net::output_shape::size;
    const auto start = std::chrono::steady_clock::now();
    const std::size_t calibration = std::min(calibration_images, train.size());
    const std::size_t count = test_images == 0 ? test.size() : std::min(test_images, test.size());
    const auto quantized =
        ns::quantize(model.params(), std::span<const float>(train.images.data(), calibration * input_size));

    const std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 16);
    std::vector<std::size_t> correct(threads, 0), failed(threads, 0);
    {
      std::vector<std::jthread> team;
      for (std::size_t t = 0; t < threads; ++t)
        team.emplace_back([&, t] {
          auto int8 = std::make_unique<ns::int8_model<Net>>();
          for (std::size_t n = t; n < count; n += threads) {
            std::size_t label = 0;
            if (int8->classify(*quantized, test.images.data() + n * input_size, label) != ns::inference_status::ok)
              ++failed[t];
            else if (label == test.labels[n])
              ++correct[t];
          }
        });
    }
    std::size_t int8_right = 0, errors = 0;
    for (std::size_t t = 0; t < threads; ++t) int8_right += correct[t], errors += failed[t];
    if (errors != 0) throw std::runtime_error(std::to_string(errors) + " int8 classifications failed");
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;

    const std::vector<float> probabilities =
        model.predict(std::span<const float>(test.images.data(), count * input_size));
    std::size_t float_right = 0;
    for (std::size_t n = 0; n < count; ++n) {
      const auto first = probabilities.begin() + static_cast<std::ptrdiff_t>(n * classes);
      if (static_cast<std::size_t>(std::max_element(first, first + classes) - first) == test.labels[n]) ++float_right;
    }

    const auto fraction = [&](std::size_t right) {
      return static_cast<double>(right) / static_cast<double>(std::max<std::size_t>(count, 1));
    };
    const int8_figures result{true, count, fraction(float_right), fraction(int8_right)};
    std::printf(
        "int8 test accuracy: %.4f on %zu test images, float %.4f on the same (%+.2f points); per-channel "
        "weights, batch normalization folded, calibrated on %zu training images; %zu bytes of int8 weights, "
        "%zu of activations; %.1f s on %zu threads\n",
        result.int8_accuracy, count, result.float_accuracy, -result.points_lost(), calibration,
        ns::int8_model<Net>::weight_bytes, ns::int8_model<Net>::inference_bytes, seconds.count(), threads);
    if (figures != nullptr) *figures = result;
  }
};

}  // namespace examples
