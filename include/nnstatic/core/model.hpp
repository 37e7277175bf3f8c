#pragma once
/// `model<Net>`: a network's parameters on the heap, initialized, saved, loaded and asked for predictions.
///
/// This is the hosted convenience around `parameters<Net, T>`. Everything here may allocate and throw; the
/// allocation-free, exception-free path is `parameters` + `inference_workspace` + `infer`.
#include <nnstatic/core/inference.hpp>
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/io/model_file.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace nnstatic {

/// The probabilities a classifier gives one sample and the class it picks (the first largest).
template <std::size_t Classes, class T = float>
struct prediction {
  std::array<T, Classes> probabilities{};
  std::size_t label = 0;
};

template <network Net, class T = float>
class model {
 public:
  using network = Net;
  using scalar = T;
  static constexpr std::size_t input_size = Net::input_shape::size;
  static constexpr std::size_t output_size = Net::output_shape::size;
  /// How many samples `predict` pushes through the network at once.
  static constexpr std::size_t predict_batch = 32;

  /// A model with Keras' default initialization (Glorot-uniform kernels, zero biases) drawn from `seed`.
  explicit model(std::uint64_t seed = 0) : params_(std::make_unique<parameters<Net, T>>()) {
    glorot_uniform(*params_, seed);
  }

  model(const model& other) : params_(std::make_unique<parameters<Net, T>>(*other.params_)) {}
  model& operator=(const model& other) {
    if (this != &other) *params_ = *other.params_;
    return *this;
  }
  model(model&&) noexcept = default;
  model& operator=(model&&) noexcept = default;
  ~model() = default;

  parameters<Net, T>& params() noexcept { return *params_; }
  const parameters<Net, T>& params() const noexcept { return *params_; }

  /// Writes the parameters to `path` (see io/model_file.hpp for the format). The file is written whole to a
  /// temporary and renamed over `path`, so an interrupted save leaves the previous file intact.
  void save(const std::filesystem::path& path) const {
    io::save_parameters(path, Net::signature, std::span<const T, Net::param_count>(params_->values));
  }

  /// Reads parameters saved from the same network type. The file is checked whole (magic, version, scalar type,
  /// network signature, size, checksum) before anything is copied, so a failed load leaves this model unchanged.
  void load(const std::filesystem::path& path) {
    io::load_parameters(path, Net::signature, std::span<T, Net::param_count>(params_->values));
  }

  /// A model read from `path`.
  static model from_file(const std::filesystem::path& path) {
    model loaded(0);
    loaded.load(path);
    return loaded;
  }

  /// The network's outputs for `count` samples laid one after another in `inputs`: (count, output_size) values.
  std::vector<T> predict(std::span<const T> inputs) const {
    const std::size_t count = inputs.size() / input_size;
    if (count * input_size != inputs.size())
      throw error("nnstatic: predict: expected a whole number of samples of " + std::to_string(input_size) +
                  " values, found " + std::to_string(inputs.size()) + " values");
    std::vector<T> outputs(count * output_size);
    auto workspace = std::make_unique<inference_workspace<Net, T, predict_batch>>();
    for (std::size_t first = 0; first < count; first += predict_batch) {
      const std::size_t batch = count - first < predict_batch ? count - first : predict_batch;
      infer(*params_, inputs.data() + first * input_size, outputs.data() + first * output_size, batch, *workspace);
    }
    return outputs;
  }

  /// The class probabilities and the predicted class of one sample.
  prediction<output_size, T> classify(std::span<const T, input_size> sample) const {
    prediction<output_size, T> result;
    auto workspace = std::make_unique<inference_workspace<Net, T, 1>>();
    infer(*params_, sample.data(), result.probabilities.data(), 1, *workspace);
    for (std::size_t i = 1; i < output_size; ++i)
      if (result.probabilities[i] > result.probabilities[result.label]) result.label = i;
    return result;
  }

 private:
  std::unique_ptr<parameters<Net, T>> params_;
};

}  // namespace nnstatic
