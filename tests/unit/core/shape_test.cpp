// shape<...> at run time: Keras' "(None, ...)" spelling; the compile-time constants are in tests/static.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>

#include <doctest/doctest.h>

#include <string_view>

namespace {

template <class Shape>
constexpr nnstatic::text written() {
  nnstatic::text out;
  Shape::write(out);
  return out;
}

static_assert(written<nnstatic::shape<26, 26, 32>>().view() == "(None, 26, 26, 32)");

}  // namespace

TEST_CASE("shape: written as Keras writes an output shape") {
  CHECK(written<nnstatic::shape<26, 26, 32>>().view() == "(None, 26, 26, 32)");
  CHECK(written<nnstatic::shape<5408>>().view() == "(None, 5408)");
  CHECK(written<nnstatic::shape<>>().view() == "(None)");
}
