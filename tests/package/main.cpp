// Uses the installed headers through nnstatic::nnstatic; exits non-zero if anything is off.
#include <nnstatic/nnstatic.hpp>

#include <array>
#include <cstdio>

static_assert(nnstatic::version_major == PACKAGE_VERSION_MAJOR && nnstatic::version_minor == PACKAGE_VERSION_MINOR &&
                  nnstatic::version_patch == PACKAGE_VERSION_PATCH,
              "the CMake package's version must equal the one in nnstatic/version.hpp");

int main() {
  nnstatic::random_engine first(42);
  nnstatic::random_engine second(42);
  if (first() != second()) return 1;

  std::array<int, 8> values{0, 1, 2, 3, 4, 5, 6, 7};
  nnstatic::shuffle(values.begin(), values.end(), first);
  int sum = 0;
  for (int value : values) sum += value;
  std::printf("nnstatic %d.%d.%d package consumer: a shuffle of 0..7 sums to %d\n", nnstatic::version_major,
              nnstatic::version_minor, nnstatic::version_patch, sum);
  return sum == 28 ? 0 : 1;
}
