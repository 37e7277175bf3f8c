#pragma once
/// Feeding a training loop: a seeded shuffle per epoch, the batches it falls into, and a copy of one batch of
/// images and one-hot labels into buffers the caller owns (nothing is allocated per batch).
///
///   for (std::size_t epoch = 0; epoch < epochs; ++epoch) {
///     const auto order = data::epoch_order(train.size(), seed, epoch);
///     for (std::size_t b = 0; b < data::batch_count(train.size(), Batch); ++b) {
///       const auto indices = data::batch_slice(order, b, Batch);
///       data::fill_batch(train, indices, images, targets);  // images: Batch * image_size, targets: Batch * classes
///       ...
///     }
///   }
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/data/dataset.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <span>
#include <string>
#include <vector>

namespace nnstatic::data {

/// Writes the one-hot encoding of `label` into `out`: 1 at position `label`, 0 elsewhere.
/// Throws `nnstatic::error` if `label` is not below `out.size()`, the number of classes.
inline void one_hot(std::uint8_t label, std::span<float> out) {
  if (label >= out.size())
    throw error("nnstatic: one_hot: expected a label below " + std::to_string(out.size()) +
                " (the number of classes), found " + std::to_string(label));
  std::fill(out.begin(), out.end(), 0.0f);
  out[label] = 1.0f;
}

namespace detail {

/// splitmix64's finalizer: a bijection of 64-bit words that scatters neighbouring inputs.
constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace detail

/// The order in which to visit `n` samples in epoch `epoch`: a permutation of 0 .. n-1, shuffled by
/// `nnstatic::shuffle`. It depends only on (n, seed, epoch), so a run repeats on every platform, and it differs from
/// one epoch to the next.
inline std::vector<std::size_t> epoch_order(std::size_t n, std::uint64_t seed, std::size_t epoch) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Mixed rather than added, so that epoch 1 of seed 7 is not epoch 0 of seed 8.
  random_engine rng(detail::mix64(seed ^ detail::mix64(static_cast<std::uint64_t>(epoch))));
  nnstatic::shuffle(order.begin(), order.end(), rng);
  return order;
}

/// The number of batches of `batch_size` that `n` samples fill, the short last one included.
/// Throws `nnstatic::error` for a batch size of zero.
inline std::size_t batch_count(std::size_t n, std::size_t batch_size) {
  if (batch_size == 0) throw error("nnstatic: batch_count: expected a batch size above zero, found 0");
  return n / batch_size + (n % batch_size != 0 ? 1 : 0);
}

/// The indices of batch `batch` of `order`: `batch_size` of them, fewer for the last batch.
/// Throws `nnstatic::error` if `batch` is not below `batch_count(order.size(), batch_size)`.
inline std::span<const std::size_t> batch_slice(std::span<const std::size_t> order, std::size_t batch,
                                                std::size_t batch_size) {
  const std::size_t count = batch_count(order.size(), batch_size);
  if (batch >= count)
    throw error("nnstatic: batch_slice: expected a batch index below " + std::to_string(count) + ", found " +
                std::to_string(batch));
  const std::size_t first = batch * batch_size;
  return order.subspan(first, std::min(batch_size, order.size() - first));
}

/// Copies the images `indices` name, one after another, to the front of `images_out` and their one-hot labels
/// to the front of `one_hot_out`. The buffers must hold at least `indices.size() * data.image_size()` and
/// `indices.size() * data.classes` floats; a buffer sized for a full batch thus also takes the short last one.
/// Throws `nnstatic::error` for buffers too small or an index out of range, `data_error` for a data set whose
/// pixel data does not match its labels or a label not below `classes`. Allocates nothing but error messages.
inline void fill_batch(const dataset& data, std::span<const std::size_t> indices, std::span<float> images_out,
                       std::span<float> one_hot_out) {
  const std::size_t image_size = data.image_size();
  if (data.images.size() != data.size() * image_size)
    throw data_error("nnstatic: fill_batch: a data set of " + std::to_string(data.size()) + " images of " +
                     std::to_string(image_size) + " floats: expected " + std::to_string(data.size() * image_size) +
                     " floats of pixel data, found " + std::to_string(data.images.size()));
  if (images_out.size() < indices.size() * image_size)
    throw error("nnstatic: fill_batch: image buffer for " + std::to_string(indices.size()) + " images of " +
                std::to_string(image_size) + " floats: expected at least " +
                std::to_string(indices.size() * image_size) + " floats, found " + std::to_string(images_out.size()));
  if (one_hot_out.size() < indices.size() * data.classes)
    throw error("nnstatic: fill_batch: one-hot buffer for " + std::to_string(indices.size()) + " labels of " +
                std::to_string(data.classes) + " classes: expected at least " +
                std::to_string(indices.size() * data.classes) + " floats, found " + std::to_string(one_hot_out.size()));
  for (std::size_t k = 0; k < indices.size(); ++k) {
    const std::size_t i = indices[k];
    if (i >= data.size())
      throw error("nnstatic: fill_batch: index " + std::to_string(k) + " of the batch: expected an image index below " +
                  std::to_string(data.size()) + ", found " + std::to_string(i));
    if (data.labels[i] >= data.classes)
      throw data_error("nnstatic: fill_batch: label of image " + std::to_string(i) + ": expected a label below " +
                       std::to_string(data.classes) + ", found " + std::to_string(data.labels[i]));
    const auto source = data.images.begin() + static_cast<std::ptrdiff_t>(i * image_size);
    std::copy(source, source + static_cast<std::ptrdiff_t>(image_size),
              images_out.begin() + static_cast<std::ptrdiff_t>(k * image_size));
    one_hot(data.labels[i], one_hot_out.subspan(k * data.classes, data.classes));
  }
}

}  // namespace nnstatic::data
