// tests/unit/embedded/exported/folded_model.hpp and residual_model.hpp are what io::export_header writes for the
// networks and parameters of tests/unit/embedded/exported_network.hpp and exported_residual_network.hpp, byte for
// byte; unit_embedded_exported_header and unit_embedded_exported_residual compile and run them. With
// NNSTATIC_WRITE_EXPORTED_HEADERS=1 in the environment this test writes the files instead (after a change to the
// export or to a layer's spelling), and then fails, so that a rewrite is never mistaken for a pass.
#include "../embedded/exported_network.hpp"
#include "../embedded/exported_residual_network.hpp"

#include <nnstatic/io/export_header.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::filesystem::path checked_in(std::string_view header_name) {
  return std::filesystem::path(__FILE__).parent_path() / ".." / "embedded" / "exported" /
         (std::string(header_name) + ".hpp");
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> include_lines(const std::string& text) {
  std::vector<std::string> lines;
  for (std::size_t at = text.find("#include <nnstatic/"); at != std::string::npos;
       at = text.find("#include <nnstatic/", at + 1))
    lines.push_back(text.substr(at, text.find('\n', at) - at));
  return lines;
}

}  // namespace

// The header export_header writes for `Network`'s parameters is the checked-in one; or, when asked (see the top), it
// is written, and the answer is true.
template <class Network>
bool check_checked_in(const auto& params, const char* header_name, const char* source) {
  const std::string text =
      nnstatic::io::header_from<Network>(*params, {.name = header_name, .source = source}).text;
  const std::filesystem::path path = checked_in(header_name);
  if (const char* write = std::getenv("NNSTATIC_WRITE_EXPORTED_HEADERS"); write != nullptr && std::string(write) == "1") {
    std::ofstream(path, std::ios::binary) << text;
    MESSAGE("wrote " << path.string());
    return true;
  }
  REQUIRE(std::filesystem::exists(path));
  CHECK_MESSAGE(read_file(path) == text,
                "export_header writes another " << header_name << ".hpp now: NNSTATIC_WRITE_EXPORTED_HEADERS=1 "
                "rewrites it");
  return false;
}

TEST_CASE("the checked-in exported headers are what export_header writes") {
  const bool wrote_folded = check_checked_in<exported_network::trained>(
      exported_network::parameters(), exported_network::header_name, exported_network::source);
  const bool wrote_residual = check_checked_in<exported_residual_network::trained>(
      exported_residual_network::parameters(), exported_residual_network::header_name,
      exported_residual_network::source);
  if (wrote_folded || wrote_residual) FAIL("run again without NNSTATIC_WRITE_EXPORTED_HEADERS");
}

TEST_CASE("an exported header includes exactly the layers its network names, blocks and their branches too") {
  const auto params = exported_network::parameters();
  const std::string text = nnstatic::io::header_from<exported_network::trained>(*params).text;
  // Sorted and each once; batch normalization is folded away, and branch.hpp comes with add and concatenate.
  CHECK(include_lines(text) == std::vector<std::string>{"#include <nnstatic/embedded/inference.hpp>",
                                                        "#include <nnstatic/layers/add.hpp>",
                                                        "#include <nnstatic/layers/concatenate.hpp>",
                                                        "#include <nnstatic/layers/conv2d.hpp>",
                                                        "#include <nnstatic/layers/dense.hpp>",
                                                        "#include <nnstatic/layers/depthwise_conv2d.hpp>",
                                                        "#include <nnstatic/layers/dropout.hpp>",
                                                        "#include <nnstatic/layers/global_average_pooling2d.hpp>",
                                                        "#include <nnstatic/layers/leaky_relu.hpp>",
                                                        "#include <nnstatic/layers/max_pool2d.hpp>",
                                                        "#include <nnstatic/layers/relu.hpp>",
                                                        "#include <nnstatic/layers/relu6.hpp>",
                                                        "#include <nnstatic/layers/softmax.hpp>",
                                                        "#include <nnstatic/layers/tanh.hpp>"});
}

TEST_CASE("a network with batch normalization is exported folded: its type, its weights, no state") {
  using folded = nnstatic::folded_network<exported_network::trained>;
  const auto params = exported_network::parameters();
  const auto header = nnstatic::io::header_from<exported_network::trained>(*params);
  const std::string& text = header.text;
  CHECK(text.find("using network = " + std::string(folded::cpp_type) + ";") != std::string::npos);
  CHECK(text.find("// Trained as: " + std::string(exported_network::trained::signature)) != std::string::npos);
  const std::string code = text.substr(text.find("#pragma once"));  // the comments above name the trained network
  CHECK(code.find("batch_normalization") == std::string::npos);
  CHECK(code.find("_state") == std::string::npos);
  CHECK(header.state_bytes == 0);
  CHECK(header.dense_weight_bytes == folded::param_count * 4);
  // Every bit of the weights is what fold_batch_normalization gives: exporting the folded parameters directly writes
  // the same code.
  auto expected = std::make_unique<nnstatic::parameters<folded>>();
  nnstatic::fold_batch_normalization(*params, *expected);
  const std::string direct = nnstatic::io::header_from<folded>(*expected).text;
  CHECK(direct.substr(direct.find("#pragma once")) == code);
}
