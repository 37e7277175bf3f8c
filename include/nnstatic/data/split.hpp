#pragma once
/// Parts of a data set: the training and test files a data set ships with, and Keras' validation split.
#include <nnstatic/core/error.hpp>
#include <nnstatic/data/dataset.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>

namespace nnstatic::data {

/// Which of a data set's shipped parts to load: the training files or the test files.
enum class split { train, test };

/// The two parts `validation_split` returns; `auto [train, validation] = validation_split(data, 0.1);`.
struct train_validation {
  dataset train;
  dataset validation;
};

/// Holds back the last `fraction` of the samples for validation, in their stored order and before any shuffling,
/// exactly as Keras' `fit(validation_split=fraction)`: the training part is the first
/// floor(size * (1 - fraction)) samples. `fraction` must be in [0, 1); 0 gives an empty validation part.
/// Like Keras, a non-zero fraction that would leave either part empty is an error (`data_error`).
inline train_validation validation_split(const dataset& data, double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", fraction);
  if (!(fraction >= 0.0 && fraction < 1.0))
    throw error(std::string("nnstatic: validation_split: expected a fraction in [0, 1), found ") + text);
  if (fraction == 0.0) return {data, subset(data, data.size(), 0)};
  const auto split_at = static_cast<std::size_t>(std::floor(static_cast<double>(data.size()) * (1.0 - fraction)));
  if (split_at == 0 || split_at == data.size())
    throw data_error(std::string("nnstatic: validation_split(") + text + ") of " + std::to_string(data.size()) +
                     " samples leaves " + std::to_string(split_at) + " for training and " +
                     std::to_string(data.size() - split_at) +
                     " for validation: expected both parts to hold at least one sample");
  return {subset(data, 0, split_at), subset(data, split_at, data.size() - split_at)};
}

}  // namespace nnstatic::data
