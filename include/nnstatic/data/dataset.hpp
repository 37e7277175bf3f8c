#pragma once
/// A labelled image data set held in memory: the value every loader returns and every batcher reads.
#include <nnstatic/core/error.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace nnstatic::data {

/// Images and their class labels. Pixels are `float` in NHWC order, as Keras keeps them:
/// `images[((n * height + y) * width + x) * channels + c]`, so one image is `image_size()` contiguous floats and
/// flattening it gives the (h, w, c) order of nnstatic's `flatten`. A plain value: copy, move and build it freely;
/// `check_consistent` says whether a hand-made one holds together.
struct dataset {
  std::vector<float> images;         ///< size() x height x width x channels, contiguous
  std::vector<std::uint8_t> labels;  ///< one class index per image, each below `classes`
  std::size_t classes = 0;
  std::size_t height = 0;
  std::size_t width = 0;
  std::size_t channels = 0;

  /// Number of images (and labels).
  std::size_t size() const noexcept { return labels.size(); }

  /// Floats per image: height x width x channels.
  std::size_t image_size() const noexcept { return height * width * channels; }

  /// The pixels of image `i`; throws `nnstatic::error` if `i` is not below `size()`.
  std::span<const float> image(std::size_t i) const {
    check_index(i);
    return std::span<const float>(images).subspan(i * image_size(), image_size());
  }

  /// The pixels of image `i`, writable (augmentation, normalization in place).
  std::span<float> image(std::size_t i) {
    check_index(i);
    return std::span<float>(images).subspan(i * image_size(), image_size());
  }

 private:
  void check_index(std::size_t i) const {
    if (i >= size())
      throw error("nnstatic: image index " + std::to_string(i) + " is out of range: expected an index below " +
                  std::to_string(size()) + ", the number of images");
    if ((i + 1) * image_size() > images.size())
      throw data_error("nnstatic: image " + std::to_string(i) + " lies past the pixel data: expected at least " +
                       std::to_string((i + 1) * image_size()) + " floats, found " + std::to_string(images.size()));
  }
};

/// Throws `data_error` unless `data` holds together: `size() * image_size()` floats, a non-zero image size,
/// at least one class and every label below `classes` (the first that is not is named).
inline void check_consistent(const dataset& data) {
  if (data.image_size() == 0)
    throw data_error("nnstatic: data set of " + std::to_string(data.height) + " x " + std::to_string(data.width) +
                     " x " + std::to_string(data.channels) + " images: expected every dimension above zero");
  if (data.images.size() != data.size() * data.image_size())
    throw data_error("nnstatic: data set of " + std::to_string(data.size()) + " labels and images of " +
                     std::to_string(data.image_size()) + " floats: expected " +
                     std::to_string(data.size() * data.image_size()) + " floats, found " +
                     std::to_string(data.images.size()));
  if (data.classes == 0) throw data_error("nnstatic: data set with 0 classes: expected at least one class");
  for (std::size_t i = 0; i < data.size(); ++i)
    if (data.labels[i] >= data.classes)
      throw data_error("nnstatic: label of image " + std::to_string(i) + " is out of range: expected a label below " +
                       std::to_string(data.classes) + ", found " + std::to_string(data.labels[i]));
}

/// The `count` images starting at `first`, with their labels, as a new data set of the same shape.
/// Throws `nnstatic::error` if they do not all exist.
inline dataset subset(const dataset& data, std::size_t first, std::size_t count) {
  if (first > data.size() || count > data.size() - first)
    throw error("nnstatic: subset of " + std::to_string(count) + " images from index " + std::to_string(first) +
                ": expected first + count <= " + std::to_string(data.size()) + ", the number of images");
  if (data.images.size() != data.size() * data.image_size())
    throw data_error("nnstatic: subset of a data set whose " + std::to_string(data.size()) + " images of " +
                     std::to_string(data.image_size()) + " floats should fill " +
                     std::to_string(data.size() * data.image_size()) + " floats: found " +
                     std::to_string(data.images.size()));
  const auto pixels = data.images.begin() + static_cast<std::ptrdiff_t>(first * data.image_size());
  const auto labels = data.labels.begin() + static_cast<std::ptrdiff_t>(first);
  return dataset{
      .images = std::vector<float>(pixels, pixels + static_cast<std::ptrdiff_t>(count * data.image_size())),
      .labels = std::vector<std::uint8_t>(labels, labels + static_cast<std::ptrdiff_t>(count)),
      .classes = data.classes,
      .height = data.height,
      .width = data.width,
      .channels = data.channels,
  };
}

}  // namespace nnstatic::data
