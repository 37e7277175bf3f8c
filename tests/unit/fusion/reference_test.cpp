// The element-wise comparison the fusion and kernel tests rely on (reference.hpp), checked itself: it must see an
// error in a small element next to large ones, which a check scaled by the largest element lets through.
#include "reference.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace testing = nnstatic::testing;

std::string report(const testing::comparison& c) {
  std::ostringstream out;
  out << c;
  return out.str();
}

}  // namespace

TEST_CASE("compare: equal buffers and errors within atol + rtol |expected| pass") {
  const std::vector<float> expected{1.0f, -100.0f, 1e-3f, 0.0f};
  CHECK(testing::compare(expected, expected, {0, 0}));
  const std::vector<double> got{1.0 + 1e-6, -100.0 - 1e-4 + 1e-9, 1e-3, 1e-7};
  CHECK(testing::compare(got, expected, {1e-7, 1e-6}));
}

TEST_CASE("compare: a 1% error in a gradient of 1e-3 next to one of 1 fails, and the report names it") {
  // Scaled by the largest element (at least 1), this error was 1e-5: inside the 2e-5 the whole-network checks
  // allowed, so about 1% errors on typical dense gradients passed.
  std::vector<double> expected(1000, 1e-3);
  expected[0] = 1.0;
  std::vector<double> got = expected;
  got[417] *= 1.01;
  const auto c = testing::compare(got, expected, {2e-8, 5e-5});
  CHECK_FALSE(c);
  CHECK(c.worst_index == 417);
  const std::string text = report(c);
  INFO(text);
  CHECK(text.find("worst element 417 of 1000") != std::string::npos);
  CHECK(text.find("got 0.00101") != std::string::npos);
  CHECK(text.find("expected 0.001") != std::string::npos);
}

TEST_CASE("compare: the worst element is the one furthest outside its own tolerance, not the largest difference") {
  const std::vector<double> expected{100.0, 1e-3};
  const std::vector<double> got{100.0 + 1e-3, 1e-3 + 1e-5};  // 1e-5 relative, then 1% relative
  const auto c = testing::compare(got, expected, {1e-9, 1e-4});
  CHECK_FALSE(c);
  CHECK(c.worst_index == 1);
}

TEST_CASE("compare: a NaN or a difference in size fails") {
  const std::vector<float> expected{1.0f, 2.0f};
  CHECK_FALSE(testing::compare(std::vector<float>{1.0f, std::numeric_limits<float>::quiet_NaN()}, expected, {1, 1}));
  CHECK_FALSE(testing::compare(std::vector<float>{std::numeric_limits<float>::quiet_NaN(), 2.0f}, expected, {1, 1}));
  const auto shorter = testing::compare(std::vector<float>{1.0f}, expected, {1, 1});
  CHECK_FALSE(shorter);
  CHECK(report(shorter).find("sizes differ: got 1 elements, expected 2") != std::string::npos);
}
