#pragma once
/// Cleaning and normalizing pixel values before training, as Keras tutorials do: scale bytes to [0, 1], or
/// standardize each channel with statistics taken from the training set only and applied unchanged to the rest.
#include <nnstatic/core/error.hpp>
#include <nnstatic/data/dataset.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace nnstatic::data {

/// Multiplies every pixel by `factor`; `scale(train, 1.0f / 255)` maps bytes to [0, 1].
inline void scale(dataset& data, float factor) noexcept {
  for (float& pixel : data.images) pixel *= factor;
}

/// Per-channel standardization, x' = (x - mean[c]) / deviation[c], like Keras' `Normalization` layer adapted to
/// the training images. Fit it on the training set and apply the same object to validation and test sets, so that
/// they see the training statistics, not their own.
struct standardizer {
  std::vector<float> mean;       ///< per channel
  std::vector<float> deviation;  ///< per channel, population standard deviation

  /// At or below this (Keras' epsilon) a channel is taken as constant: it is centred but not divided, where
  /// Keras would divide by the epsilon and blow the channel's rounding noise up ten million times.
  static constexpr float min_deviation = 1e-7f;

  /// The mean and standard deviation of each channel over every pixel of every image of `train`, accumulated
  /// in double (two passes, so the variance does not cancel). Throws `data_error` for an empty or inconsistent set.
  static standardizer fit(const dataset& train) {
    check_shape(train, "fit");
    if (train.images.empty()) throw data_error("nnstatic: standardizer::fit: expected at least one image, found 0");
    const std::size_t channels = train.channels;
    const auto pixels = static_cast<double>(train.images.size() / channels);

    std::vector<double> sum(channels, 0.0);
    for (std::size_t i = 0; i < train.images.size(); i += channels)
      for (std::size_t c = 0; c < channels; ++c) sum[c] += static_cast<double>(train.images[i + c]);
    std::vector<double> mean(channels);
    for (std::size_t c = 0; c < channels; ++c) mean[c] = sum[c] / pixels;

    std::vector<double> squares(channels, 0.0);
    for (std::size_t i = 0; i < train.images.size(); i += channels)
      for (std::size_t c = 0; c < channels; ++c) {
        const double d = static_cast<double>(train.images[i + c]) - mean[c];
        squares[c] += d * d;
      }

    standardizer result;
    for (std::size_t c = 0; c < channels; ++c) {
      result.mean.push_back(static_cast<float>(mean[c]));
      result.deviation.push_back(static_cast<float>(std::sqrt(squares[c] / pixels)));
    }
    return result;
  }

  /// Standardizes `data` in place with the fitted statistics. Throws `data_error` if its channel count differs
  /// from the one fitted.
  void apply(dataset& data) const {
    check_shape(data, "apply");
    if (mean.size() != data.channels || deviation.size() != data.channels)
      throw data_error("nnstatic: standardizer::apply: fitted on " + std::to_string(mean.size()) +
                       " channels: expected a data set of " + std::to_string(mean.size()) + " channels, found " +
                       std::to_string(data.channels));
    std::vector<float> inverse(data.channels);
    for (std::size_t c = 0; c < data.channels; ++c)
      inverse[c] = deviation[c] > min_deviation ? 1.0f / deviation[c] : 1.0f;
    for (std::size_t i = 0; i < data.images.size(); i += data.channels)
      for (std::size_t c = 0; c < data.channels; ++c) data.images[i + c] = (data.images[i + c] - mean[c]) * inverse[c];
  }

 private:
  static void check_shape(const dataset& data, const char* function) {
    if (data.channels == 0 || data.images.size() % data.channels != 0)
      throw data_error(std::string("nnstatic: standardizer::") + function +
                       ": expected a channel count above zero that divides the " + std::to_string(data.images.size()) +
                       " floats of pixel data, found " + std::to_string(data.channels) + " channels");
  }
};

/// Throws `data_error` naming the first image, and the pixel in it, whose value is NaN or infinite.
inline void check_finite(const dataset& data) {
  for (std::size_t i = 0; i < data.images.size(); ++i) {
    if (std::isfinite(data.images[i])) continue;
    const std::size_t size = data.image_size();
    if (size == 0)
      throw data_error("nnstatic: pixel data is not finite at float " + std::to_string(i) +
                       ": expected a finite value, found " + std::to_string(data.images[i]));
    const std::size_t image = i / size;
    const std::size_t pixel = i % size;
    const std::size_t channel = pixel % data.channels;
    const std::size_t x = pixel / data.channels % data.width;
    const std::size_t y = pixel / data.channels / data.width;
    throw data_error("nnstatic: image " + std::to_string(image) + " is not finite at pixel (row " + std::to_string(y) +
                     ", column " + std::to_string(x) + ", channel " + std::to_string(channel) + "), float " +
                     std::to_string(pixel) + " of the image: expected a finite value, found " +
                     std::to_string(data.images[i]));
  }
}

}  // namespace nnstatic::data
