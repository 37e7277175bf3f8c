// model: initialization, predictions, and save/load round trips that keep predictions bit-identical.
#include <nnstatic/core/model.hpp>
#include <nnstatic/nnstatic.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

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
