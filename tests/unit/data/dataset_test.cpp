#include <nnstatic/data/dataset.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace {

namespace data = nnstatic::data;

// Three 2 x 1 x 2 images; image i holds 10 * i + 0 .. 3.
data::dataset three_images() {
  data::dataset d{.images = {}, .labels = {2, 0, 1}, .classes = 3, .height = 2, .width = 1, .channels = 2};
  for (int i = 0; i < 3; ++i)
    for (int p = 0; p < 4; ++p) d.images.push_back(static_cast<float>(10 * i + p));
  return d;
}

}  // namespace

TEST_CASE("dataset is a plain aggregate value") {
  static_assert(std::is_aggregate_v<data::dataset>);
  static_assert(std::is_nothrow_move_constructible_v<data::dataset>);
  const auto d = three_images();
  CHECK(d.size() == 3);
  CHECK(d.image_size() == 4);
  const auto copy = d;
  CHECK(copy.images == d.images);
  CHECK(copy.labels == d.labels);
}

TEST_CASE("image(i) is the i-th run of image_size() floats") {
  auto d = three_images();
  const auto& read_only = d;
  const auto second = read_only.image(1);
  REQUIRE(second.size() == 4);
  CHECK(second[0] == 10.0f);
  CHECK(second[3] == 13.0f);
  d.image(2)[1] = -1.0f;
  CHECK(d.images[2 * 4 + 1] == -1.0f);
  CHECK_THROWS_WITH_AS((void)read_only.image(3),
                       doctest::Contains("image index 3 is out of range: expected an index below 3"), nnstatic::error);
  d.images.resize(10);
  CHECK_THROWS_AS((void)read_only.image(2), nnstatic::data_error);
}

TEST_CASE("subset copies a contiguous run of samples") {
  const auto d = three_images();
  const auto tail = data::subset(d, 1, 2);
  CHECK(tail.size() == 2);
  CHECK(tail.labels == std::vector<std::uint8_t>{0, 1});
  CHECK(tail.images == std::vector<float>{10, 11, 12, 13, 20, 21, 22, 23});
  CHECK(tail.height == 2);
  CHECK(tail.channels == 2);
  CHECK(tail.classes == 3);
  CHECK(data::subset(d, 3, 0).size() == 0);
  CHECK_THROWS_WITH_AS((void)data::subset(d, 2, 2), doctest::Contains("expected first + count <= 3"), nnstatic::error);
  CHECK_THROWS_AS((void)data::subset(d, 4, 0), nnstatic::error);
}

TEST_CASE("check_consistent finds sizes that disagree and labels out of range") {
  auto d = three_images();
  CHECK_NOTHROW(data::check_consistent(d));
  d.labels[1] = 3;
  CHECK_THROWS_WITH_AS(data::check_consistent(d),
                       doctest::Contains("label of image 1 is out of range: expected a label below 3, found 3"),
                       nnstatic::data_error);
  d.labels[1] = 0;
  d.images.push_back(0);
  CHECK_THROWS_WITH_AS(data::check_consistent(d), doctest::Contains("expected 12 floats, found 13"),
                       nnstatic::data_error);
  d.images.pop_back();
  d.classes = 0;
  CHECK_THROWS_AS(data::check_consistent(d), nnstatic::data_error);
  d.classes = 3;
  d.width = 0;
  CHECK_THROWS_AS(data::check_consistent(d), nnstatic::data_error);
}
