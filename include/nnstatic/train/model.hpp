#pragma once
/// `model<Net>`: a network's parameters on the heap, initialized, saved, loaded and asked for predictions.
///
/// This is the hosted convenience around `parameters<Net, T>`. Everything here may allocate and throw; the
/// allocation-free, exception-free path is `parameters` (or `inference_parameters`) + `inference_workspace` + `infer`.
///
/// `predict` and `classify` run the network as it is deployed: each batch normalization that follows a dense,
/// conv2d or depthwise_conv2d folded into that layer (fusion/inference.hpp's `inference_parameters`), so that a
/// convolution, its batch normalization and its activation are one fused stage. The fold is made on the first
/// prediction after the parameters may have changed (any call of the non-const `params()`, `load`, an assignment),
/// not on every call; a network without such a batch normalization runs its parameters directly.
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/inference_status.hpp>
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/io/model_file.hpp>
#include <nnstatic/simd/abi.hpp>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE {

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
  /// Bytes of the workspace `predict` allocates on its first call and keeps for the next ones.
  static constexpr std::size_t predict_workspace_bytes = sizeof(inference_workspace<Net, T, predict_batch>);

  /// A model with Keras' default initialization (Glorot-uniform kernels, zero biases) drawn from `seed`.
  explicit model(std::uint64_t seed = 0) : params_(std::make_unique<parameters<Net, T>>()) {
    glorot_uniform(*params_, seed);
  }

  model(const model& other) : params_(std::make_unique<parameters<Net, T>>(*other.params_)) {}
  model& operator=(const model& other) {
    if (this != &other) {
      *params_ = *other.params_;
      mark_changed();
    }
    return *this;
  }
  model(model&&) noexcept = default;
  model& operator=(model&&) noexcept = default;
  ~model() = default;

  /// The parameters, to train or change: the next prediction folds them again. A reference kept and written after
  /// a later prediction is not seen by it; ask for `params()` again to change them.
  parameters<Net, T>& params() noexcept {
    mark_changed();
    return *params_;
  }
  const parameters<Net, T>& params() const noexcept { return *params_; }

  /// Writes the parameters and the non-trainable state to `path` (see io/model_file.hpp for the format). The file
  /// is written whole to a temporary and renamed over `path`, so an interrupted save leaves the previous file intact.
  void save(const std::filesystem::path& path) const {
    io::save_parameters(path, Net::signature, std::span<const T, Net::param_count>(params_->values),
                        std::span<const T, Net::state_count>(params_->state));
  }

  /// Reads parameters and state saved from the same network type. The file is checked whole (magic, version,
  /// scalar type, network signature, sizes, checksum, and no NaN or infinite value unless `options` allow them; a
  /// message names the layer) before anything is copied, so a failed load leaves this model unchanged.
  void load(const std::filesystem::path& path, const io::load_options& options = {}) {
    io::load_parameters(path, Net::signature, std::span<T, Net::param_count>(params_->values),
                        std::span<T, Net::state_count>(params_->state), options, io::network_parameter_name<Net>{});
    mark_changed();
  }

  /// A model read from `path`.
  static model from_file(const std::filesystem::path& path, const io::load_options& options = {}) {
    model loaded(0);
    loaded.load(path, options);
    return loaded;
  }

  /// The network's outputs for `count` samples laid one after another in `inputs`: (count, output_size) values.
  /// They run `predict_batch` at a time through a workspace that the model allocates on the first call and keeps,
  /// so later calls allocate only their result. A call made while another thread's call holds that workspace
  /// makes one of its own rather than wait: predict may be called from several threads at once.
  std::vector<T> predict(std::span<const T> inputs) const {
    const std::size_t count = inputs.size() / input_size;
    if (count * input_size != inputs.size())
      throw error("nnstatic: predict: expected a whole number of samples of " + std::to_string(input_size) +
                  " values, found " + std::to_string(inputs.size()) + " values");
    std::vector<T> outputs(count * output_size);
    if (count == 0) return outputs;
    const std::unique_lock kept(predict_cache_->mutex, std::try_to_lock);
    std::unique_ptr<batch_workspace> own;
    batch_workspace& workspace =
        kept.owns_lock() ? predict_cache_->workspace() : *(own = std::make_unique<batch_workspace>());
    const auto& weights = inference_weights();
    for (std::size_t first = 0; first < count; first += predict_batch) {
      const std::size_t batch = count - first < predict_batch ? count - first : predict_batch;
      check(infer(weights, inputs.data() + first * input_size, outputs.data() + first * output_size, batch, workspace),
            "predict");
    }
    return outputs;
  }

  /// The class probabilities and the predicted class of one sample, whose size its type states.
  prediction<output_size, T> classify(std::span<const T, input_size> sample) const {
    static_assert(single_position<typename Net::output_shape>,
                  "nnstatic: classify picks one class per sample, so the network's output must be one vector of "
                  "class scores, not one per position of a feature map (use predict)");
    prediction<output_size, T> result;
    auto workspace = std::make_unique<inference_workspace<Net, T, 1>>();
    check(infer(inference_weights(), sample.data(), result.probabilities.data(), 1, *workspace), "classify");
    for (std::size_t i = 1; i < output_size; ++i)
      if (result.probabilities[i] > result.probabilities[result.label]) result.label = i;
    return result;
  }

  /// The same for a sample whose size is known only at run time, such as `test.image(0)` or a std::vector: throws
  /// `nnstatic::error` unless it holds `input_size` values. A template only so that an argument that converts to
  /// both spans, a std::array, takes the overload above (between equal conversions, a non-template wins).
  template <class = void>
  prediction<output_size, T> classify(std::span<const T> sample) const {
    if (sample.size() != input_size) {
      text expected;
      Net::input_shape::write(expected);
      throw error("nnstatic: classify: expected one sample of " + std::to_string(input_size) + " values, the input " +
                  std::string(expected.view()) + " of the network, found " + std::to_string(sample.size()) + " values");
    }
    return classify(sample.template first<input_size>());
  }

  /// True when `predict` and `classify` run the folded network (`folded_network<Net>` is not `Net`).
  static constexpr bool folds_for_inference = !std::is_same_v<folded_network<Net>, Net>;

 private:
  using batch_workspace = inference_workspace<Net, T, predict_batch>;

  /// The folded parameters of the last fold, and whether the parameters may have changed since.
  struct fold_cache {
    std::mutex mutex;  // held while folding
    std::atomic<bool> current{false};
    std::unique_ptr<inference_parameters<Net, T>> folded;
  };

  void mark_changed() noexcept {
    if constexpr (folds_for_inference) fold_->current = false;
  }

  /// What predictions run on: the parameters themselves, or their fold, made again if they may have changed. A
  /// prediction never runs while the parameters change (that would be a data race on them anyway), so the folded
  /// parameters stay as they are while it reads them.
  const auto& inference_weights() const {
    if constexpr (folds_for_inference) {
      const std::lock_guard lock(fold_->mutex);
      if (!fold_->current) {
        if (!fold_->folded) fold_->folded = std::make_unique<inference_parameters<Net, T>>();
        fold_->folded->assign(*params_);
        fold_->current = true;
      }
      return std::as_const(*fold_->folded);
    } else {
      return std::as_const(*params_);
    }
  }

  /// predict's workspace, made on first use. Behind a pointer, so that a model stays movable (a mutex is not),
  /// and a copy of a model starts with a cache of its own.
  struct workspace_cache {
    std::mutex mutex;
    std::unique_ptr<batch_workspace> kept;
    batch_workspace& workspace() {
      if (!kept) kept = std::make_unique<batch_workspace>();
      return *kept;
    }
  };

  /// The batches are sized to fit the workspace, so a status other than ok would be a bug here; say so.
  static void check(inference_status status, const char* entry) {
    if (status != inference_status::ok)
      throw error(std::string("nnstatic: model::") + entry + ": " + std::string(describe(status)));
  }

  std::unique_ptr<parameters<Net, T>> params_;
  std::unique_ptr<workspace_cache> predict_cache_ = std::make_unique<workspace_cache>();
  std::unique_ptr<fold_cache> fold_ = folds_for_inference ? std::make_unique<fold_cache>() : nullptr;
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE
