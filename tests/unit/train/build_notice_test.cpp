#include <nnstatic/train/build_notice.hpp>

#include <doctest/doctest.h>

#include <sstream>

TEST_CASE("the unoptimized-build notice: nothing for an optimized build, the notice once for an unoptimized one") {
  std::ostringstream out;
  CHECK_FALSE(nnstatic::detail::notice_unoptimized_build(true, out));
  CHECK(out.str().empty());
  CHECK(nnstatic::detail::notice_unoptimized_build(false, out));
  CHECK(out.str() == nnstatic::unoptimized_build_notice);
  CHECK(out.str().find("-O2") != std::string::npos);
  CHECK_FALSE(nnstatic::detail::notice_unoptimized_build(false, out));  // once per program
  CHECK(out.str() == nnstatic::unoptimized_build_notice);
}

TEST_CASE("this test's own build is optimized in every preset (release -O3, sanitize and fuzz -O1)") {
  CHECK(nnstatic::optimized_build);
}
