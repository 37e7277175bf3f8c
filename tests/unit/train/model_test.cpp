// model: initialization, predictions, and save/load round trips that keep predictions bit-identical.
#include <nnstatic/data/dataset.hpp>
#include <nnstatic/nnstatic.hpp>
#include <nnstatic/train/model.hpp>

#include "../../support/allocation_watch.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace ns = nnstatic;

namespace {

using net = ns::sequential<ns::input<8, 8, 1>, ns::conv2d<4, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten,
                           ns::dense<10>, ns::softmax>;
using other_net = ns::sequential<ns::input<8, 8, 1>, ns::conv2d<4, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten,
                                 ns::dense<10>, ns::sigmoid>;

struct scratch {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "nnstatic_model_test";
  scratch() { std::filesystem::create_directories(dir); }
  ~scratch() { std::filesystem::remove_all(dir); }
};

std::vector<float> inputs(std::size_t count) {
  ns::random_engine rng(11);
  std::vector<float> x(count * 64);
  for (float& v : x) v = static_cast<float>(rng.uniform01());
  return x;
}

}  // namespace

TEST_CASE("a model starts from Keras' initialization for its seed") {
  ns::model<net> a(5), b(5), c(6);
  CHECK(a.params().values == b.params().values);
  CHECK(a.params().values != c.params().values);
  for (float bias : a.params().bias<0>()) CHECK(bias == 0.0f);
}

TEST_CASE("predict and classify agree with infer") {
  ns::model<net> model(1);
  const auto x = inputs(40);  // more than one predict batch, and a short last one
  const auto y = model.predict(x);
  REQUIRE(y.size() == 400);
  ns::inference_workspace<net, float, 1> workspace;
  for (std::size_t n = 0; n < 40; n += 13) {
    std::array<float, 10> expected{};
    ns::infer(model.params(), x.data() + n * 64, expected.data(), 1, workspace);
    for (std::size_t k = 0; k < 10; ++k) CHECK(y[n * 10 + k] == expected[k]);
    const auto predicted = model.classify(std::span<const float, 64>(x.data() + n * 64, 64));
    CHECK(predicted.probabilities == expected);
    CHECK(predicted.label == static_cast<std::size_t>(std::max_element(expected.begin(), expected.end()) - expected.begin()));
  }
  CHECK_THROWS_AS(model.predict(std::span<const float>(x.data(), 65)), ns::error);
}

TEST_CASE("save then load gives bit-identical predictions") {
  scratch s;
  ns::model<net> model(2);
  model.save(s.dir / "m.nns");
  const auto loaded = ns::model<net>::from_file(s.dir / "m.nns");
  CHECK(loaded.params().values == model.params().values);
  const auto x = inputs(16);
  CHECK(loaded.predict(x) == model.predict(x));
}

TEST_CASE("loading into another topology fails, names both networks and changes nothing") {
  scratch s;
  ns::model<net>(2).save(s.dir / "m.nns");
  ns::model<other_net> other(3);
  const auto before = other.params().values;
  std::string message;
  try {
    other.load(s.dir / "m.nns");
  } catch (const ns::model_error& e) {
    message = e.what();
  }
  CHECK(message.find("dense<10> softmax") != std::string::npos);
  CHECK(message.find("dense<10> sigmoid") != std::string::npos);
  CHECK(other.params().values == before);
}

TEST_CASE("a corrupted or truncated file fails and changes nothing") {
  scratch s;
  ns::model<net>(2).save(s.dir / "m.nns");
  std::ifstream in(s.dir / "m.nns", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();

  ns::model<net> target(9);
  const auto before = target.params().values;

  std::string corrupted = bytes;
  corrupted[corrupted.size() / 2] = static_cast<char>(corrupted[corrupted.size() / 2] ^ 0x40);
  std::ofstream(s.dir / "corrupt.nns", std::ios::binary) << corrupted;
  CHECK_THROWS_WITH_AS(target.load(s.dir / "corrupt.nns"), doctest::Contains("corrupted"), ns::model_error);

  std::ofstream(s.dir / "short.nns", std::ios::binary) << bytes.substr(0, bytes.size() - 7);
  CHECK_THROWS_WITH_AS(target.load(s.dir / "short.nns"), doctest::Contains("truncated"), ns::model_error);

  std::ofstream(s.dir / "foreign.nns", std::ios::binary) << "P6\n28 28\n255\n";
  CHECK_THROWS_AS(target.load(s.dir / "foreign.nns"), ns::model_error);
  CHECK_THROWS_AS(target.load(s.dir / "missing.nns"), ns::file_error);

  CHECK(target.params().values == before);
}

TEST_CASE("saving over a model replaces it whole") {
  scratch s;
  ns::model<net> first(1), second(2);
  first.save(s.dir / "m.nns");
  second.save(s.dir / "m.nns");
  CHECK(ns::model<net>::from_file(s.dir / "m.nns").params().values == second.params().values);
  CHECK(!std::filesystem::exists(s.dir / "m.nns.tmp"));
}

TEST_CASE("classify takes a sample whose size is known only at run time, and checks it") {
  ns::model<net> model(3);
  const auto x = inputs(2);
  const auto fixed = model.classify(std::span<const float, 64>(x.data(), 64));

  // A data set's image is a std::span<const float>; a std::vector converts to one.
  ns::data::dataset data{.images = x, .labels = {0, 1}, .classes = 10, .height = 8, .width = 8, .channels = 1};
  const auto from_image = model.classify(data.image(0));
  CHECK(from_image.probabilities == fixed.probabilities);
  CHECK(from_image.label == fixed.label);
  const std::vector<float> first(x.begin(), x.begin() + 64);
  CHECK(model.classify(first).probabilities == fixed.probabilities);
  // A std::array converts to both spans; it takes the fixed-size overload, with no ambiguity.
  std::array<float, 64> array{};
  std::copy_n(x.begin(), 64, array.begin());
  CHECK(model.classify(array).probabilities == fixed.probabilities);

  CHECK_THROWS_WITH_AS(model.classify(std::span<const float>(x.data(), 63)),
                       doctest::Contains("expected one sample of 64 values"), ns::error);
  CHECK_THROWS_WITH_AS(model.classify(std::span<const float>(x)), doctest::Contains("found 128 values"), ns::error);
  CHECK_THROWS_WITH_AS(model.classify(std::span<const float>()), doctest::Contains("(None, 8, 8, 1)"), ns::error);
}

TEST_CASE("predict allocates its workspace once: a later call allocates only its result") {
  ns::model<net> model(4);
  const auto x = inputs(40);
  std::vector<float> y;
  const auto first = ns::testing::allocations_during([&] { y = model.predict(x); });
  CHECK(first.bytes >= ns::model<net>::predict_workspace_bytes);

  for (const std::size_t count : {std::size_t{1}, std::size_t{40}}) {
    CAPTURE(count);
    std::vector<float> again;
    const auto later = ns::testing::allocations_during(
        [&] { again = model.predict(std::span<const float>(x.data(), count * 64)); });
    CHECK(later.bytes == count * 10 * sizeof(float));
    CHECK(std::equal(again.begin(), again.end(), y.begin()));
  }
  CHECK(model.predict(std::span<const float>()).empty());

  // A copy has a workspace of its own, made when it first predicts.
  const ns::model<net> copy = model;
  CHECK(copy.predict(x) == y);
}

TEST_CASE("predict from several threads at once gives every thread the serial answer") {
  ns::model<net> model(5);
  const auto x = inputs(40);
  const auto expected = model.predict(x);
  std::vector<std::vector<float>> got(4);
  {
    std::vector<std::jthread> threads;
    for (auto& out : got)
      threads.emplace_back([&] {
        for (int i = 0; i < 20; ++i) out = model.predict(x);
      });
  }
  for (const auto& out : got) CHECK(out == expected);
}
