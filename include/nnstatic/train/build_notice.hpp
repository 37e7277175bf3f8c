#pragma once
/// The line `fit` prints, once per program, when it was compiled without optimization: nnstatic's kernels rely on
/// inlining, and at -O0 training runs about two orders of magnitude slower (the reference network trains at about
/// 1% of its optimized speed), with nothing else to say why.
#include <nnstatic/config/requires_cxx20.hpp>

#include <atomic>
#include <ostream>
#include <string_view>

namespace nnstatic {

/// Whether the translation unit was compiled with optimization: GCC and Clang define __OPTIMIZE__ from -O1 up. Not
/// `inline`, so each translation unit has its own (a program linking an optimized and an unoptimized one may print
/// the notice or not, depending on which copy of `fit` the linker keeps).
constexpr bool optimized_build =
#if defined(__OPTIMIZE__)
    true;
#else
    false;
#endif

inline constexpr std::string_view unoptimized_build_notice =
    "nnstatic: this program was compiled without optimization, so training and inference run about 100 times "
    "slower than they can. Compile with -O2 or higher (CMake: -DCMAKE_BUILD_TYPE=Release), and -march=native for "
    "this machine's instruction set.\n";

namespace detail {

/// Writes the notice to `out` if `optimized` is false and no call has written it before in this program; returns
/// whether it wrote.
inline bool notice_unoptimized_build(bool optimized, std::ostream& out) {
  static std::atomic<bool> told{false};
  if (optimized || told.exchange(true)) return false;
  out << unoptimized_build_notice << std::flush;
  return true;
}

}  // namespace detail
}  // namespace nnstatic
