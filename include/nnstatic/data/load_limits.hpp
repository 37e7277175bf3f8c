#pragma once
/// How much one data loader call may read, so that a file cannot make it allocate without bound.
#include <nnstatic/config/requires_cxx20.hpp>

#include <cstdint>
#include <string>

namespace nnstatic::data {

/// Limits on one loader call. A header can claim any count and a small `.gz` can expand to gigabytes, so a loader
/// refuses, before it allocates for them, data that would go past these limits, with a message naming the file,
/// the claim and the limit.
///
///     auto big = nnstatic::data::load_mnist_folder(folder, split::train, {.max_bytes = std::uint64_t{2} << 30});
struct load_limits {
  /// The most bytes of image and label data one call reads from its files, as stored (in memory the pixels take
  /// four times as much, as float). The default holds CIFAR-10's training part (154 MB) and Fashion-MNIST's
  /// (47 MB) with room to spare.
  std::uint64_t max_bytes = std::uint64_t{256} << 20;
};

namespace detail {

/// What is left of `load_limits::max_bytes` while one loader call reads its files.
class byte_budget {
 public:
  explicit byte_budget(const load_limits& limits) noexcept : limit_(limits.max_bytes) {}

  /// Takes `bytes` from the budget if they fit and says whether they did.
  bool take(std::uint64_t bytes) noexcept {
    if (bytes > limit_ - used_) return false;
    used_ += bytes;
    return true;
  }

  /// "the limit of N bytes per load (...)", for the message of a loader that refuses.
  std::string limit_text() const {
    return "the limit of " + std::to_string(limit_) + " bytes per load" +
           (used_ != 0 ? " (" + std::to_string(used_) + " of them taken by the data read before)" : std::string()) +
           "; raise nnstatic::data::load_limits::max_bytes to load more";
  }

 private:
  std::uint64_t limit_;
  std::uint64_t used_ = 0;
};

}  // namespace detail
}  // namespace nnstatic::data
