#pragma once
/// The return codes of inference without exceptions: `infer` (fusion/inference.hpp) and the embedded models.
#include <nnstatic/config/requires_cxx20.hpp>

#include <cstdint>
#include <string_view>

namespace nnstatic {

/// What an inference call reports instead of throwing. `ok` is zero, so `if (status != ok)` and
/// `return static_cast<int>(status)` both read naturally in a firmware's main loop.
enum class inference_status : std::uint8_t {
  ok = 0,
  null_input,            ///< the input pointer is null (with a batch of at least one sample)
  null_output,           ///< the output pointer is null
  null_weights,          ///< a layer with parameters was given no weights
  batch_too_large,       ///< more samples than the model's compile-time batch capacity
  fingerprint_mismatch,  ///< the weights were exported from another network type
  empty_batch,           ///< a batch of 0 samples (last, so that the codes above keep their values)
};

/// One sentence per status, for a log line or a debugger; no allocation, static storage.
constexpr std::string_view describe(inference_status status) noexcept {
  switch (status) {
    case inference_status::ok: return "ok";
    case inference_status::null_input: return "the input pointer is null";
    case inference_status::null_output: return "the output pointer is null";
    case inference_status::null_weights: return "a layer with parameters was given no weights";
    case inference_status::batch_too_large: return "the batch is larger than the model's compile-time capacity";
    case inference_status::fingerprint_mismatch: return "the weights belong to another network (fingerprints differ)";
    case inference_status::empty_batch: return "the batch has no samples";
  }
  return "unknown status";
}

}  // namespace nnstatic
