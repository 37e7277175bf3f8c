// The real Fashion-MNIST files load as the data set they are. Its own program, since it needs the data: when the
// folder is missing the whole program is skipped (tests/support/skip.hpp), so ctest says "Skipped", not "Passed",
// and no case that could run is skipped with it. tools/install-deps installs Debian's dataset-fashion-mnist;
// NNSTATIC_FASHION_MNIST_DIR points the test at another folder.
#include <nnstatic/data/idx.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

#include "../../support/fashion_mnist.hpp"

namespace data = nnstatic::data;

TEST_CASE("the real Fashion-MNIST: 60,000 and 10,000 images of 28 x 28, balanced classes, the whole pixel range") {
  const auto folder = nnstatic::testing::fashion_mnist_folder_or_skip();
  const auto check = [](const data::dataset& d, std::size_t count) {
    CHECK(d.size() == count);
    CHECK(d.height == 28);
    CHECK(d.width == 28);
    CHECK(d.channels == 1);
    CHECK(d.images.size() == count * 784);
    std::vector<std::size_t> per_class(256);
    for (const std::uint8_t label : d.labels) ++per_class[label];
    for (std::size_t label = 0; label < 10; ++label) CHECK(per_class[label] == count / 10);  // balanced classes
    CHECK(std::accumulate(per_class.begin() + 10, per_class.end(), std::size_t{0}) == 0);    // none out of range
    float low = 255, high = 0;
    for (const float p : d.images) {
      low = std::min(low, p);
      high = std::max(high, p);
    }
    CHECK(low == 0.0f);
    CHECK(high == 255.0f);
  };
  check(data::load_mnist_folder(folder, data::split::train), 60000);
  check(data::load_mnist_folder(folder, data::split::test), 10000);
}
