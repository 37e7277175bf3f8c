#pragma once
/// The int8 kernel of quantized inference: int32 accumulators += int8 inputs x int8 weights, for a compile-time
/// reduction depth and unit count, in two versions chosen at compile time: a plain loop that runs anywhere (and
/// is the reference the tests hold the other to), and AVX-512 VNNI (`vpdpbusd`, 64 multiply-adds per
/// instruction), compiled in when the target has it (-march=native on this machine, or -mavx512vnni -mavx512bw).
///
/// Weights are packed [depth / 4][units][4]: four consecutive reduction steps of one unit are adjacent, which is
/// what `vpdpbusd` multiplies and sums into one 32-bit lane; 16 units fill a 512-bit register.
///
/// Inputs and weights are in [-127, 127] and the depth at most int8_max_depth (quant/int8_ranges.hpp): then every
/// accumulator fits int32 and both kernels give the same bits.
#include <nnstatic/quant/int8_ranges.hpp>
#include <nnstatic/simd/abi.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VNNI__)
// g++ 12 warns falsely inside its own AVX-512 intrinsics (GCC bug 105593, `_mm512_undefined_*` reads itself).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#else
#include <immintrin.h>
#endif
#define NNSTATIC_HAS_AVX512_VNNI 1
#else
#define NNSTATIC_HAS_AVX512_VNNI 0
#endif

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE {

/// Which int8 kernel quantized inference runs.
enum class int8_kernel { plain, avx512_vnni };

/// Whether this translation unit was compiled for a CPU with AVX-512 VNNI.
inline constexpr bool avx512_vnni_compiled = NNSTATIC_HAS_AVX512_VNNI == 1;

/// The best kernel this translation unit can run: VNNI where it was compiled for it, the plain loop otherwise.
inline constexpr int8_kernel default_int8_kernel = avx512_vnni_compiled ? int8_kernel::avx512_vnni : int8_kernel::plain;

/// Depth (reduction length) rounded up to whole groups of 4, units to whole 512-bit registers of 16 lanes.
constexpr std::size_t int8_padded_depth(std::size_t depth) noexcept { return (depth + 3) / 4 * 4; }
constexpr std::size_t int8_padded_units(std::size_t units) noexcept { return (units + 15) / 16 * 16; }

/// Four int8 values as the kernels take them: a uint32, the first value in its lowest byte.
constexpr std::uint32_t int8_pack4(std::int8_t a, std::int8_t b, std::int8_t c, std::int8_t d) noexcept {
  return static_cast<std::uint32_t>(static_cast<std::uint8_t>(a)) |
         static_cast<std::uint32_t>(static_cast<std::uint8_t>(b)) << 8 |
         static_cast<std::uint32_t>(static_cast<std::uint8_t>(c)) << 16 |
         static_cast<std::uint32_t>(static_cast<std::uint8_t>(d)) << 24;
}

/// The value the accumulators start from: the bias, and for the VNNI kernel minus 128 sum_k w[k][o], because
/// `vpdpbusd` multiplies unsigned by signed bytes: it computes sum (x + 128) w. A layer run at many positions
/// (a convolution) computes it once.
template <std::size_t Units, int8_kernel Kernel = default_int8_kernel>
void int8_accumulator_start(const std::int32_t* bias, const std::int32_t* weight_sums, std::int32_t* start) noexcept {
  for (std::size_t o = 0; o < Units; ++o) {
    if constexpr (Kernel == int8_kernel::plain) {
      start[o] = bias[o];
    } else {
      // Modulo 2^32, as `vpdpbusd` adds: in a deep layer bias - 128 sum w leaves int32 (signed overflow would be
      // undefined), while the sum it ends in is back in range and exact.
      start[o] = static_cast<std::int32_t>(static_cast<std::uint32_t>(bias[o]) -
                                           128u * static_cast<std::uint32_t>(weight_sums[o]));
    }
  }
}

/// acc[o] = start[o] + sum_k x[k] w[k][o] for o < Units, with w packed [Depth / 4][Units][4] and `start` from
/// `int8_accumulator_start`. The input comes from `group(k)`: x[k], ..., x[k + 3] packed into a uint32, lowest
/// byte first, for k = 0, 4, 8, ... A convolution assembles each group from its receptive field in registers; a
/// patch written byte by byte and read back four bytes at a time would stall on every read (store forwarding).
/// `Depth` is a multiple of 4 and `Units` of 16 (the padded sizes). Always inlined, so that a caller's `group`
/// is folded into the loop (for a convolution: each tap's offset a constant).
template <std::size_t Depth, std::size_t Units, int8_kernel Kernel = default_int8_kernel, class Group>
[[gnu::always_inline]] inline void int8_gemv_groups(Group&& group, const std::int8_t* w, const std::int32_t* start,
                                                    std::int32_t* acc) noexcept {
  static_assert(Depth % 4 == 0 && Units % 16 == 0, "nnstatic: int8_gemv takes padded sizes (depth % 4, units % 16)");
  static_assert(Kernel == int8_kernel::plain || avx512_vnni_compiled,
                "nnstatic: the AVX-512 VNNI int8 kernel needs a target with it (-march=native on a VNNI CPU, or "
                "-mavx512f -mavx512bw -mavx512vnni)");
  if constexpr (Kernel == int8_kernel::plain) {
    for (std::size_t o = 0; o < Units; ++o) acc[o] = start[o];
    for (std::size_t k = 0; k < Depth; k += 4) {
      const std::uint32_t four = group(k);
      const std::int8_t* weights = w + k * Units;
      for (std::size_t j = 0; j < 4; ++j) {
        const auto x = static_cast<std::int32_t>(static_cast<std::int8_t>(static_cast<std::uint8_t>(four >> (8 * j))));
        for (std::size_t o = 0; o < Units; ++o) acc[o] += x * static_cast<std::int32_t>(weights[o * 4 + j]);
      }
    }
  } else {
#if NNSTATIC_HAS_AVX512_VNNI
    constexpr std::size_t registers = Units / 16;
    // More than 8 accumulator registers would spill: walk the units in blocks of at most 8 registers.
    constexpr std::size_t block = [] {
      std::size_t b = registers < 8 ? registers : 8;
      while (registers % b != 0) --b;
      return b;
    }();
    for (std::size_t first = 0; first < registers; first += block) {
      __m512i sums[block];
      for (std::size_t r = 0; r < block; ++r) sums[r] = _mm512_loadu_si512(start + (first + r) * 16);
      for (std::size_t k = 0; k < Depth; k += 4) {
        const __m512i xs = _mm512_set1_epi32(static_cast<int>(group(k) ^ 0x80808080u));  // x + 128, unsigned bytes
        const std::int8_t* weights = w + k * Units + first * 64;
        for (std::size_t r = 0; r < block; ++r)
          sums[r] = _mm512_dpbusd_epi32(sums[r], xs, _mm512_loadu_si512(weights + r * 64));
      }
      for (std::size_t r = 0; r < block; ++r) _mm512_storeu_si512(acc + (first + r) * 16, sums[r]);
    }
#endif
  }
}

/// acc[o] = bias[o] + sum_k x[k] w[k][o] for o < Units, with w packed [Depth / 4][Units][4]; `weight_sums[o]` is
/// sum_k w[k][o] (see int8_accumulator_start).
template <std::size_t Depth, std::size_t Units, int8_kernel Kernel = default_int8_kernel>
void int8_gemv(const std::int8_t* x, const std::int8_t* w, const std::int32_t* bias, const std::int32_t* weight_sums,
               std::int32_t* acc) noexcept {
  int8_accumulator_start<Units, Kernel>(bias, weight_sums, acc);
  const auto group = [x](std::size_t k) noexcept { return int8_pack4(x[k], x[k + 1], x[k + 2], x[k + 3]); };
  int8_gemv_groups<Depth, Units, Kernel>(group, w, acc, acc);
}

/// round(clamp(v, Low, 127)) as int8, the scalar step of requantization. The clamp comes first and in float, where
/// both bounds are exact, so the conversion only ever sees a value in range: a float past int32 is undefined
/// behaviour in C++ (and `cvtps2dq` turns it into INT_MIN). Clamping before rounding gives what clamping after
/// would, since the bounds are integers. A NaN becomes Low, as `_mm512_max_ps(NaN, Low)` gives. Rounding is by
/// the current mode, half to even by default, as `cvtps2dq` rounds by MXCSR (`fesetround` sets both).
template <std::int32_t Low>
inline std::int8_t int8_round_clamp(float v) noexcept {
  constexpr float low = static_cast<float>(Low), high = static_cast<float>(int8_value_limit);
  const float clamped = v > low ? (v < high ? v : high) : low;
  return static_cast<std::int8_t>(static_cast<std::int32_t>(std::nearbyint(clamped)));
}

/// out[o] = round(clamp(acc[o] * multiplier[o], Low, 127)) for o < Units (any count), the product in float;
/// Low is -127 (symmetric) or 0 (a ReLU fused into the layer). The VNNI kernel does the same steps 16 lanes at a
/// time, so the kernels agree bit for bit on every input, infinite and NaN products included.
template <std::size_t Units, std::int32_t Low, int8_kernel Kernel = default_int8_kernel>
void int8_requantize(const std::int32_t* acc, const float* multiplier, std::int8_t* out) noexcept {
  constexpr std::size_t vector_end = Kernel == int8_kernel::avx512_vnni ? Units / 16 * 16 : 0;
#if NNSTATIC_HAS_AVX512_VNNI
  if constexpr (vector_end != 0) {
    const __m512 low = _mm512_set1_ps(static_cast<float>(Low));
    const __m512 high = _mm512_set1_ps(static_cast<float>(int8_value_limit));
    for (std::size_t o = 0; o < vector_end; o += 16) {
      const __m512 scaled =
          _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_loadu_si512(acc + o)), _mm512_loadu_ps(multiplier + o));
      // max(scaled, low) returns its second operand, low, where scaled is NaN: int8_round_clamp's order.
      const __m512 clamped = _mm512_min_ps(_mm512_max_ps(scaled, low), high);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + o), _mm512_cvtepi32_epi8(_mm512_cvtps_epi32(clamped)));
    }
  }
#endif
  for (std::size_t o = vector_end; o < Units; ++o)
    out[o] = int8_round_clamp<Low>(static_cast<float>(acc[o]) * multiplier[o]);
}

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE
