#pragma once
/// `padded_image`: where a convolution stage's kernels read each image of the batch and add its input gradient:
/// the sample itself, or a copy in the thread's scratch with the zero border of 'same' padding (and, for a
/// depthwise convolution with a multiplier, each value repeated; kernels/depthwise.hpp).
///
/// The copy's border is zeroed once, when the stage starts on its images, and never written after: each image is
/// copied into the interior only. Backward, the input gradient is added into a zeroed copy and folded back into the
/// sample's dx (the border dropped), or, without a copy, added straight into dx.
#include <nnstatic/config/requires_cxx20.hpp>
#include <nnstatic/simd/abi.hpp>

#include <algorithm>
#include <cstddef>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::fusion {

/// `Copy(sample, copy)` and `FoldBack(copy, dx_sample)` are the kernels' copy and its reverse for the gradient;
/// a copy holds `CopySize` values, and `CopySize` 0 means the kernels read the `SampleSize` values of x itself.
template <class T, std::size_t SampleSize, std::size_t CopySize, auto Copy, auto FoldBack>
class padded_image {
 public:
  static constexpr bool copied = CopySize != 0;

  /// `image` and `gradient` are the thread's scratch for the copies (backward only needs the gradient's).
  explicit padded_image(T* image, T* gradient = nullptr) noexcept : image_(image), gradient_(gradient) {
    if constexpr (copied) std::fill(image_, image_ + CopySize, T{});
  }

  /// The image the kernels read for `sample`.
  const T* read(const T* sample) const noexcept {
    if constexpr (copied) {
      Copy(sample, image_);
      return image_;
    } else {
      return sample;
    }
  }

  /// Where the kernels add the gradient of the sample whose input gradient is `dx_sample`, zeroed.
  T* gradient(T* dx_sample) const noexcept {
    T* to = copied ? gradient_ : dx_sample;
    std::fill(to, to + (copied ? CopySize : SampleSize), T{});
    return to;
  }

  /// Where the kernels write, rather than add, every value of the sample's input gradient: the copy's interior (its
  /// border is never read back) or dx itself, so nothing is zeroed.
  T* written_gradient(T* dx_sample) const noexcept { return copied ? gradient_ : dx_sample; }

  /// Moves what the kernels added at gradient() (or wrote at written_gradient()) into `dx_sample`; without a copy it
  /// is there already.
  void fold_gradient(T* dx_sample) const noexcept {
    if constexpr (copied) FoldBack(gradient_, dx_sample);
  }

 private:
  T* image_;
  T* gradient_;
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::fusion
