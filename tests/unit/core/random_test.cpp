#include <nnstatic/core/random.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>
#include <vector>

TEST_CASE("random_engine: the same seed gives the same stream, another seed another") {
  nnstatic::random_engine a(7);
  nnstatic::random_engine b(7);
  nnstatic::random_engine c(8);
  bool differs_from_other_seed = false;
  for (int i = 0; i < 1000; ++i) {
    const auto x = a();
    CHECK(x == b());
    if (x != c()) differs_from_other_seed = true;
  }
  CHECK(differs_from_other_seed);
}

TEST_CASE("random_engine: the stream is xoshiro256** seeded by splitmix64, the same on every platform") {
  // Reference values from an independent implementation of the published algorithms; a change here
  // changes every seeded run.
  nnstatic::random_engine zero(0);
  CHECK(zero() == 0x99ec5f36cb75f2b4ULL);
  CHECK(zero() == 0xbf6e1f784956452aULL);
  CHECK(zero() == 0x1a5f849d4933e6e0ULL);
  nnstatic::random_engine answer(42);
  CHECK(answer() == 0x15780b2e0c2ec716ULL);
  CHECK(answer() == 0x6104d9866d113a7eULL);
  static_assert(nnstatic::random_engine(42)() == 0x15780b2e0c2ec716ULL, "usable in constant expressions");
}

TEST_CASE("random_engine: below(bound) stays in [0, bound) and reaches every value") {
  nnstatic::random_engine rng(123);
  for (const std::uint64_t bound : {std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{3}, std::uint64_t{10},
                                    std::uint64_t{1000}, (std::uint64_t{1} << 63) + 1}) {
    for (int i = 0; i < 2000; ++i) REQUIRE(rng.below(bound) < bound);
  }
  std::array<int, 10> seen{};
  for (int i = 0; i < 10000; ++i) ++seen[static_cast<std::size_t>(rng.below(10))];
  for (const int count : seen) CHECK(count > 800);  // expected 1000 each; 800 is far outside chance
}

TEST_CASE("random_engine: uniform01 stays in [0, 1)") {
  nnstatic::random_engine rng(5);
  for (int i = 0; i < 10000; ++i) {
    const double u = rng.uniform01();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
  }
}

TEST_CASE("shuffle: a permutation, reproducible for a seed") {
  std::vector<int> values(1000);
  std::iota(values.begin(), values.end(), 0);
  auto shuffled = values;
  nnstatic::random_engine rng(99);
  nnstatic::shuffle(shuffled.begin(), shuffled.end(), rng);
  CHECK(shuffled != values);
  auto sorted = shuffled;
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == values);

  auto again = values;
  nnstatic::random_engine same(99);
  nnstatic::shuffle(again.begin(), again.end(), same);
  CHECK(again == shuffled);
}

TEST_CASE("shuffle: empty and single-element ranges are left alone") {
  nnstatic::random_engine rng(1);
  std::vector<int> empty;
  nnstatic::shuffle(empty.begin(), empty.end(), rng);
  CHECK(empty.empty());
  std::vector<int> one{42};
  nnstatic::shuffle(one.begin(), one.end(), rng);
  CHECK(one == std::vector<int>{42});
}
