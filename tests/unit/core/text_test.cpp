// text: the fixed-capacity string that signatures and summaries are built in, at compile time or without a heap.
#include <nnstatic/core/text.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace {

using nnstatic::text;

constexpr text built() {
  text out;
  out.append("conv2d<").append(std::size_t{32}).append(",").append(std::size_t{0}).append(">");
  return out;
}
static_assert(built().view() == "conv2d<32,0>");
static_assert(built().size() == 12);

}  // namespace

TEST_CASE("text: appends strings and numbers") {
  text out;
  CHECK(out.view().empty());
  out.append("n=").append(std::size_t{18446744073709551615ULL}).append(std::string_view(" ok"));
  CHECK(out.view() == "n=18446744073709551615 ok");
  CHECK(out.size() == 25);
}

TEST_CASE("text: stops at its capacity") {
  text out;
  const std::string long_text(text::capacity + 10, 'x');
  out.append(long_text);
  CHECK(out.size() == text::capacity);
  out.append(std::size_t{12345});
  CHECK(out.size() == text::capacity);
  CHECK(out.view() == std::string_view(long_text).substr(0, text::capacity));
}

TEST_CASE("escaped: printable ASCII as it is, everything else, the quote and the backslash as \\xNN") {
  using nnstatic::escaped;
  CHECK(escaped("dense<3> relu") == "dense<3> relu");
  constexpr char hostile[] = "a\x1b[2K\r\nb\0c'\\\x7f\x80\xff";
  CHECK(escaped(std::string_view(hostile, sizeof hostile - 1)) ==
        "a\\x1b[2K\\x0d\\x0ab\\x00c\\x27\\x5c\\x7f\\x80\\xff");
}

TEST_CASE("escaped: the room counts characters of the escaped text, so no input makes it longer") {
  using nnstatic::escaped;
  CHECK(escaped("abcdef", 3) == "abc");
  CHECK(escaped("", 3).empty());
  CHECK(escaped("ab\n", 5) == "ab");  // \x0a does not fit in the 3 characters left
  CHECK(escaped("ab\n", 6) == "ab\\x0a");
  const std::string control(100000, '\x01');
  CHECK(escaped(control, 1024).size() == 1024);
  CHECK(escaped(control, 1022).size() == 1020);
}
