#include <nnstatic/core/fingerprint.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <doctest/doctest.h>

namespace {

using nnstatic::fingerprint;

// FNV-1a 64 reference vectors from the FNV test suite (Fowler, Noll, Vo).
static_assert(fingerprint("") == 0xcbf29ce484222325ULL);
static_assert(fingerprint("a") == 0xaf63dc4c8601ec8cULL);
static_assert(fingerprint("foobar") == 0x85944171f73967e8ULL);

// A byte above 0x7f is hashed as an unsigned byte, whatever the signedness of plain char.
static_assert(fingerprint("\xff") == 0xaf64724c8602eb6eULL);

static_assert(noexcept(fingerprint("")));

// A fingerprint is a constant of a type: it can be a template argument.
template <std::uint64_t Fingerprint>
struct tagged {
  static constexpr std::uint64_t value = Fingerprint;
};
static_assert(tagged<fingerprint("relu")>::value == fingerprint("relu"));

// Signatures are built in constant expressions without a heap, e.g. in a fixed buffer.
constexpr std::array<char, 9> dense_signature(char units) {
  std::array<char, 9> chars{'d', 'e', 'n', 's', 'e', '<', units, '>', ' '};
  return chars;
}
constexpr auto dense7 = dense_signature('7');
static_assert(fingerprint(std::string_view(dense7.data(), 8)) == fingerprint("dense<7>"));

}  // namespace

TEST_CASE("fingerprint: the FNV-1a test vectors hold at run time too") {
  // Strings built at run time, so the loop runs in the program, not only in the compiler.
  std::string text;
  CHECK(fingerprint(text) == 0xcbf29ce484222325ULL);
  text += 'a';
  CHECK(fingerprint(text) == 0xaf63dc4c8601ec8cULL);
  text = "foo";
  text += "bar";
  CHECK(fingerprint(text) == 0x85944171f73967e8ULL);
  text = std::string(1, static_cast<char>(0xff));
  CHECK(fingerprint(text) == 0xaf64724c8602eb6eULL);
}

TEST_CASE("fingerprint: networks that differ in one place differ") {
  constexpr std::string_view ten =
      "input<28,28,1> conv2d<32,3x3,stride 1,valid> relu max_pool2d<2x2,stride 2> flatten dense<128> relu dense<10> "
      "softmax";
  constexpr std::string_view sixty_four =
      "input<28,28,1> conv2d<32,3x3,stride 1,valid> relu max_pool2d<2x2,stride 2> flatten dense<128> relu dense<64> "
      "softmax";
  static_assert(fingerprint(ten) != fingerprint(sixty_four));
  CHECK(fingerprint(ten) == fingerprint(std::string(ten)));

  CHECK(fingerprint("relu dense<10>") != fingerprint("dense<10> relu"));
  // Every byte counts, an embedded NUL too.
  CHECK(fingerprint(std::string_view("a\0b", 3)) != fingerprint("ab"));
  CHECK(fingerprint(std::string_view("a\0", 2)) != fingerprint("a"));
}
