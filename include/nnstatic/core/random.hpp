#pragma once
/// A small, seeded, platform-independent random number generator.
///
/// The standard distributions are implementation-defined, so the same seed would give other weights and
/// another shuffle with another standard library. nnstatic draws every random number it needs (weight
/// initialization, shuffling, dropout of samples) from this generator, so a seed means the same run everywhere.
#include <nnstatic/config/requires_cxx20.hpp>

#include <cstdint>
#include <limits>

namespace nnstatic {

/// xoshiro256** (Blackman and Vigna), seeded through splitmix64 as its authors recommend.
class random_engine {
 public:
  using result_type = std::uint64_t;

  constexpr explicit random_engine(std::uint64_t seed = 0) noexcept {
    for (auto& word : state_) word = splitmix64(seed);
  }

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  constexpr result_type operator()() noexcept {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  /// Uniform in [0, 1), with the 53 high bits so that every double in the grid is equally likely.
  constexpr double uniform01() noexcept { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

  /// Uniform in [low, high).
  constexpr double uniform(double low, double high) noexcept { return low + (high - low) * uniform01(); }

  /// Uniform integer in [0, bound), bound > 0, without modulo bias: draws below 2^64 mod bound are rejected
  /// so that every residue is equally likely.
  constexpr std::uint64_t below(std::uint64_t bound) noexcept {
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
      const std::uint64_t draw = (*this)();
      if (draw >= threshold) return draw % bound;
    }
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

  static constexpr std::uint64_t splitmix64(std::uint64_t& x) noexcept {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  std::uint64_t state_[4]{};
};

/// Fisher-Yates shuffle of a random-access range with `random_engine`, the same permutation on every platform.
template <class RandomIt>
constexpr void shuffle(RandomIt first, RandomIt last, random_engine& rng) noexcept {
  const auto n = static_cast<std::uint64_t>(last - first);
  for (std::uint64_t i = n; i > 1; --i) {
    const auto j = rng.below(i);
    auto tmp = first[static_cast<std::ptrdiff_t>(i - 1)];
    first[static_cast<std::ptrdiff_t>(i - 1)] = first[static_cast<std::ptrdiff_t>(j)];
    first[static_cast<std::ptrdiff_t>(j)] = tmp;
  }
}

}  // namespace nnstatic
