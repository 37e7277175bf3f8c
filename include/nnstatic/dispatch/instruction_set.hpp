#pragma once
/// `dispatch::instruction_set`: the targets `nnstatic_add_instruction_sets` (cmake/nnstatic_instruction_sets.cmake)
/// compiles a program's networks for, and the question put to the CPU, once, of which it runs.
///
/// On x86-64: AVX-512 with VNNI (the int8 kernel is chosen by it, quant/int8_gemv.hpp), AVX2 with FMA (x86-64-v3's
/// vector instructions), and the SSE2 every x86-64 CPU has; on AArch64, NEON alone. A CPU with AVX-512 but without
/// VNNI (Skylake-X) runs the AVX2 target.
#include <nnstatic/config/requires_cxx20.hpp>
#include <nnstatic/core/error.hpp>

#include <string>
#include <string_view>

// The targets of this architecture, best first, as X(enumerator, namespace suffix) for the code that must name each.
#if defined(__x86_64__)
#define NNSTATIC_DETAIL_FOR_EACH_INSTRUCTION_SET(X) \
  X(avx512bw_vnni, _avx512bw_vnni) X(avx2_fma, _avx2_fma) X(sse2, _sse2)
#elif defined(__aarch64__)
#define NNSTATIC_DETAIL_FOR_EACH_INSTRUCTION_SET(X) X(neon64, _neon64)
#else
// Elsewhere, nnstatic::trainer and nnstatic::infer run the instruction set of the compiler's flags.
#error "nnstatic: dispatch/ chooses among the instruction sets of x86-64 and AArch64 only"
#endif

namespace nnstatic::dispatch {

#define NNSTATIC_DETAIL_ENUMERATOR(set, suffix) set,
enum class instruction_set : unsigned char { NNSTATIC_DETAIL_FOR_EACH_INSTRUCTION_SET(NNSTATIC_DETAIL_ENUMERATOR) };
#undef NNSTATIC_DETAIL_ENUMERATOR

/// The kernels' instruction set as `trainer::instruction_set()` names it (xsimd's name of the architecture).
constexpr std::string_view name(instruction_set set) noexcept {
  switch (set) {
#if defined(__x86_64__)
    case instruction_set::avx512bw_vnni: return "avx512bw";
    case instruction_set::avx2_fma: return "fma3+avx2";
    case instruction_set::sse2: return "sse2";
#elif defined(__aarch64__)
    case instruction_set::neon64: return "arm64+neon";
#endif
  }
  return "unknown";
}

/// Whether this CPU and its operating system run `set`. __builtin_cpu_supports checks the operating system's
/// support of the wider registers too (xsimd 8.1's `available_architectures` reads cpuid alone).
inline bool supported(instruction_set set) noexcept {
  switch (set) {
#if defined(__x86_64__)
    case instruction_set::avx512bw_vnni:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
             __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case instruction_set::avx2_fma: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case instruction_set::sse2: return true;
#elif defined(__aarch64__)
    case instruction_set::neon64: return true;
#endif
  }
  return false;
}

/// The best instruction set this CPU runs.
inline instruction_set best_instruction_set() noexcept {
#define NNSTATIC_DETAIL_IF_SUPPORTED(set, suffix) \
  if (supported(instruction_set::set)) return instruction_set::set;
  NNSTATIC_DETAIL_FOR_EACH_INSTRUCTION_SET(NNSTATIC_DETAIL_IF_SUPPORTED)
#undef NNSTATIC_DETAIL_IF_SUPPORTED
  return instruction_set{};  // unreachable: the last target is the architecture's baseline
}

/// Throws `nnstatic::error` naming `set` unless this CPU runs it: an explicit choice is checked, not trusted.
inline void check_supported(instruction_set set) {
  if (!supported(set))
    throw error("nnstatic: this CPU does not run the instruction set " + std::string(name(set)) +
                " that was asked for; the best it runs is " + std::string(name(best_instruction_set())));
}

}  // namespace nnstatic::dispatch
