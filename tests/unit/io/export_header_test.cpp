// io/export_header.hpp: the generated header's declarations, its exact float literals, sparse storage of pruned
// dense layers, errors, and export from a model file. (examples/embedded/ci_check.sh compiles and runs one.)
#include <nnstatic/io/export_header.hpp>

#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/embedded/inference.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>

#include <doctest/doctest.h>

#include <bit>
#include <charconv>
#include <limits>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace ns = nnstatic;

namespace {

using net = ns::sequential<ns::input<6, 6, 1>, ns::conv2d<2, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten, ns::dense<300>,
                           ns::relu, ns::dense<4>, ns::softmax>;

std::unique_ptr<ns::parameters<net>> make_parameters() {
  auto params = std::make_unique<ns::parameters<net>>();
  ns::glorot_uniform(*params, 3);
  return params;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Batch normalization after the input and after a pool: neither folds into a layer before it, so the exported
// network keeps both, with their moving statistics.
using normalized_net = ns::sequential<ns::input<4, 4, 2>, ns::batch_normalization<>, ns::conv2d<3, 3>, ns::relu,
                                      ns::max_pool2d<2>, ns::batch_normalization<>, ns::flatten, ns::dense<2>>;

// Parameters and moving statistics as training would leave them: no two alike, variances above zero.
std::unique_ptr<ns::parameters<normalized_net>> make_normalized_parameters() {
  auto params = std::make_unique<ns::parameters<normalized_net>>();
  ns::glorot_uniform(*params, 5);
  ns::random_engine random(6);
  for (float& value : params->state) value = static_cast<float>(random.uniform(0.1, 2.0));
  for (float& value : params->values) value += static_cast<float>(random.uniform(-0.1, 0.1));
  return params;
}

// A layer's literals in the header, read back: the array `name` of `size` floats.
std::vector<float> read_floats(const std::string& text, const std::string& name, std::size_t size) {
  const std::string declaration = name + "[" + std::to_string(size) + "] = {";
  std::size_t at = text.find(declaration);
  REQUIRE(at != std::string::npos);
  at += declaration.size();
  std::vector<float> values;
  for (std::size_t i = 0; i < size; ++i) {
    while (text[at] == ' ' || text[at] == '\n' || text[at] == ',') ++at;
    const std::size_t end = text.find_first_of(",}", at);
    const std::string literal = text.substr(at, end - at);
    at = end;
    const bool negative = literal[0] == '-';
    const std::string digits = literal.substr(negative ? 3 : 2, literal.size() - (negative ? 4 : 3));
    float value = 0;
    const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value, std::chars_format::hex);
    REQUIRE(result.ec == std::errc{});
    values.push_back(negative ? -value : value);
  }
  return values;
}

struct scratch_dir {
  std::filesystem::path path;
  scratch_dir() {
    std::random_device seed;
    path = std::filesystem::temp_directory_path() / ("nnstatic_export_test_" + std::to_string(seed()));
    std::filesystem::create_directories(path);
  }
  ~scratch_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace

TEST_CASE("the header declares the network, its fingerprint and every layer's weights") {
  const auto params = make_parameters();
  const auto header = ns::io::header_from<net>(*params, {.name = "my_model"});
  const std::string& text = header.text;
  CHECK(text.find("namespace my_model {") != std::string::npos);
  CHECK(text.find("using network = " + std::string(net::cpp_type) + ";") != std::string::npos);
  CHECK(text.find("#include <nnstatic/embedded/inference.hpp>") != std::string::npos);
  CHECK(text.find("static_assert(network::fingerprint == fingerprint") != std::string::npos);
  char hex[17];
  const auto end = std::to_chars(hex, hex + 17, net::fingerprint, 16).ptr;
  CHECK(text.find(std::string(hex, end) + "ULL") != std::string::npos);
  CHECK(text.find("alignas(64) inline constexpr float layer_0[20]") != std::string::npos);
  CHECK(text.find("alignas(64) inline constexpr float layer_4[" + std::to_string(net::layer<4>::param_count) + "]") !=
        std::string::npos);
  CHECK(text.find("nnstatic::dense_weights<float>, nnstatic::no_weights, nnstatic::no_weights, nnstatic::no_weights, "
                  "nnstatic::dense_weights<float>, nnstatic::no_weights, nnstatic::dense_weights<float>, "
                  "nnstatic::no_weights>") != std::string::npos);
  CHECK(header.weight_bytes == net::param_count * 4);
  CHECK(header.dense_weight_bytes == net::param_count * 4);
  REQUIRE(header.layers.size() == 3);
  CHECK(header.layers[1].index == 4);
  CHECK_FALSE(header.layers[1].sparse);
}

TEST_CASE("every weight is written as a literal that reads back to the same float") {
  auto params = make_parameters();
  params->values[0] = -0.0f;
  params->values[1] = 1e-40f;  // subnormal
  params->values[2] = 3.4e38f;
  const std::string text = ns::io::header_from<net>(*params).text;
  // Read layer 0's literals back in order: they are separated by commas and whitespace.
  std::size_t at = text.find("layer_0[20] = {") + 15;
  for (std::size_t i = 0; i < 20; ++i) {
    while (text[at] == ' ' || text[at] == '\n' || text[at] == ',') ++at;
    const std::size_t end = text.find_first_of(",}", at);
    const std::string literal = text.substr(at, end - at);
    at = end;
    REQUIRE(literal.back() == 'f');
    const bool negative = literal[0] == '-';
    const std::string digits = literal.substr(negative ? 3 : 2, literal.size() - (negative ? 4 : 3));
    float value = 0;
    const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value, std::chars_format::hex);
    REQUIRE(result.ec == std::errc{});
    if (negative) value = -value;
    CHECK(std::bit_cast<std::uint32_t>(value) == std::bit_cast<std::uint32_t>(params->values[i]));
  }
}

TEST_CASE("a pruned dense layer is stored as sparse rows and the header shrinks") {
  auto params = make_parameters();
  auto kernel = params->kernel<4>();
  std::size_t kept = 0;
  for (std::size_t i = 0; i < kernel.size(); ++i)
    if (i % 10 != 0) kernel[i] = 0.0f;
    else ++kept;
  const auto header = ns::io::header_from<net>(*params, {.name = "pruned"});
  REQUIRE(header.layers.size() == 3);
  CHECK(header.layers[1].sparse);
  CHECK(header.layers[1].nonzeros == kept);
  // bias 300 floats, 8 + 1 row offsets, the nonzeros and their 2-byte columns (300 units need 2 bytes)
  CHECK(header.layers[1].bytes == 300 * 4 + 9 * 4 + kept * (4 + 2));
  CHECK(header.weight_bytes < header.dense_weight_bytes);
  CHECK(header.text.find("nnstatic::sparse_weights<float, std::uint16_t>{layer_4_bias, layer_4_row_start, "
                         "layer_4_columns, layer_4_values}") != std::string::npos);
  CHECK(header.text.find("inline constexpr std::uint16_t layer_4_columns[" + std::to_string(kept) + "]") !=
        std::string::npos);
  CHECK_FALSE(header.layers[0].sparse);  // conv layers stay dense
  CHECK_FALSE(header.layers[2].sparse);  // dense<4>: not pruned

  // A threshold above 1 keeps every layer dense.
  const auto dense = ns::io::header_from<net>(*params, {.sparse_from = 2.0});
  CHECK_FALSE(dense.layers[1].sparse);
  CHECK(count(dense.text, "sparse_weights") == 0);
}

TEST_CASE("weights that are not finite and names that are not identifiers are refused") {
  auto params = make_parameters();
  CHECK_THROWS_WITH_AS(ns::io::header_from<net>(*params, {.name = "2fast"}),
                       doctest::Contains("'2fast' is not a C++ identifier"), ns::model_error);
  params->values[25] = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_WITH_AS(ns::io::header_from<net>(*params), doctest::Contains("parameter 5 of layer 4 is NaN"),
                       ns::model_error);
}

TEST_CASE("a model file exports to the same header as its parameters") {
  const scratch_dir dir;
  const auto params = make_parameters();
  ns::io::save_parameters(dir.path / "m.nns", net::signature, std::span<const float, net::param_count>(params->values));
  const auto from_file = ns::io::export_header<net>(dir.path / "m.hpp", dir.path / "m.nns", {.name = "m"});
  std::ifstream in(dir.path / "m.hpp", std::ios::binary);
  std::string written(static_cast<std::size_t>(std::filesystem::file_size(dir.path / "m.hpp")), '\0');
  in.read(written.data(), static_cast<std::streamsize>(written.size()));
  CHECK(written == from_file.text);
  CHECK(written.find("// Weights: m.nns") != std::string::npos);
  CHECK(from_file.text == ns::io::header_from<net>(*params, {.name = "m", .source = "m.nns"}).text);
  // Another network's file is refused by the model file checks.
  using other = ns::sequential<ns::input<4>, ns::dense<2>>;
  CHECK_THROWS_AS(ns::io::export_header<other>(dir.path / "o.hpp", dir.path / "m.nns"), ns::model_error);
}

TEST_CASE("the non-trainable state is written beside its layer's weights, every bit, and the entry points to it") {
  static_assert(ns::state_count_of<normalized_net::layer<0>> == 4 && ns::state_count_of<normalized_net::layer<4>> == 6);
  const auto params = make_normalized_parameters();
  const auto header = ns::io::header_from<normalized_net>(*params, {.name = "normalized"});
  const std::string& text = header.text;
  for (const std::size_t layer : {std::size_t{0}, std::size_t{4}}) {
    CAPTURE(layer);
    const std::string base = "layer_" + std::to_string(layer);
    CHECK(text.find("nnstatic::dense_weights<float>{" + base + ", " + base + "_state}") != std::string::npos);
  }
  const auto state_0 = read_floats(text, "layer_0_state", 4);
  const auto state_4 = read_floats(text, "layer_4_state", 6);
  for (std::size_t i = 0; i < 4; ++i)
    CHECK(std::bit_cast<std::uint32_t>(state_0[i]) == std::bit_cast<std::uint32_t>(params->state[i]));
  for (std::size_t i = 0; i < 6; ++i)
    CHECK(std::bit_cast<std::uint32_t>(state_4[i]) == std::bit_cast<std::uint32_t>(params->state[4 + i]));
  CHECK(header.state_bytes == normalized_net::state_count * 4);
  const std::string state_bytes = std::to_string(normalized_net::state_count * 4);
  CHECK(text.find("inline constexpr std::size_t state_bytes = " + state_bytes + ";") != std::string::npos);
  REQUIRE(header.layers.size() == 4);  // both batch normalizations, conv2d and dense
  CHECK(header.layers[0].state == 4);
  CHECK(header.layers[1].state == 0);
  CHECK(header.layers[2].state == 6);
  CHECK(count(text, "_state[") == 2);  // only the layers that have state
  // A network without state gets no state arrays.
  CHECK(count(ns::io::header_from<net>(*make_parameters()).text, "_state") == 0);
}

TEST_CASE("embedded_model runs the exported weights and state as the hosted inference runs the model") {
  const auto params = make_normalized_parameters();
  ns::random_engine random(7);
  std::vector<float> x(3 * normalized_net::input_shape::size);
  for (float& value : x) value = static_cast<float>(random.uniform(-1.0, 2.0));
  std::vector<float> expected(3 * normalized_net::output_shape::size);
  auto workspace = std::make_unique<ns::inference_workspace<normalized_net, float, 3>>();
  REQUIRE(ns::infer(*params, x.data(), expected.data(), 3, *workspace) == ns::inference_status::ok);

  // What the exported header's tuple holds: a view per layer, the state beside the weights.
  const float* values = params->values.data();
  const float* state = params->state.data();
  const auto weights = std::tuple{
      ns::dense_weights<float>{values + normalized_net::param_offset<0>, state + normalized_net::state_offset<0>},
      ns::dense_weights<float>{values + normalized_net::param_offset<1>},
      ns::no_weights{},
      ns::no_weights{},
      ns::dense_weights<float>{values + normalized_net::param_offset<4>, state + normalized_net::state_offset<4>},
      ns::no_weights{},
      ns::dense_weights<float>{values + normalized_net::param_offset<6>}};
  auto model = std::make_unique<ns::embedded_model<normalized_net, float, 3>>();
  for (const bool from_tuple : {true, false}) {
    CAPTURE(from_tuple);
    std::vector<float> got(expected.size(), 42.0f);
    const auto status =
        from_tuple ? model->run(weights, x.data(), got.data(), 3) : model->run(*params, x.data(), got.data(), 3);
    REQUIRE(status == ns::inference_status::ok);
    for (std::size_t i = 0; i < got.size(); ++i)
      CHECK(static_cast<double>(got[i]) == doctest::Approx(static_cast<double>(expected[i])).epsilon(1e-5));
  }
  // The moving statistics matter: other ones give other outputs.
  auto shifted = std::make_unique<ns::parameters<normalized_net>>(*params);
  for (float& value : shifted->state) value *= 1.5f;
  std::vector<float> other(expected.size());
  REQUIRE(model->run(*shifted, x.data(), other.data(), 3) == ns::inference_status::ok);
  CHECK(other != expected);

  // A layer with state whose state is missing is refused like one whose weights are missing.
  auto without_state = weights;
  std::get<4>(without_state).state = nullptr;
  std::vector<float> untouched(expected.size(), 42.0f);
  CHECK(model->run(without_state, x.data(), untouched.data(), 3) == ns::inference_status::null_weights);
  CHECK(untouched == std::vector<float>(expected.size(), 42.0f));
}

TEST_CASE("a model file exports its state into the header") {
  const scratch_dir dir;
  const auto params = make_normalized_parameters();
  ns::io::save_parameters(dir.path / "n.nns", normalized_net::signature,
                          std::span<const float, normalized_net::param_count>(params->values),
                          std::span<const float, normalized_net::state_count>(params->state));
  const auto from_file = ns::io::export_header<normalized_net>(dir.path / "n.hpp", dir.path / "n.nns", {.name = "n"});
  CHECK(from_file.text == ns::io::header_from<normalized_net>(*params, {.name = "n", .source = "n.nns"}).text);
  CHECK(count(from_file.text, "_state[") == 2);
}
