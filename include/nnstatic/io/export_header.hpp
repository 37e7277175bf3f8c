#pragma once
/// `export_header`: a trained model as C++ source. The generated header holds the network type alias, the
/// network's fingerprint (checked against the type by a static_assert), and the weights as aligned `constexpr`
/// arrays with a tuple of per-layer views that `embedded_model::run` takes. It includes
/// <nnstatic/embedded/inference.hpp> and the header of each layer it names (each spec's `header`, the layers inside
/// blocks too), so a program that includes it classifies with no file, no heap and no exceptions:
///
///     #include "fashion_model.hpp"   // written by nnstatic::io::export_header
///     static nnstatic::embedded_model<fashion_model::network> model;
///     model.classify(fashion_model::weights, image, label);
///
/// The network exported is the trained one with each batch normalization that follows a dense, conv2d or
/// depthwise_conv2d folded into that layer (fusion/fold_batch_normalization.hpp), as a deployed model runs it: the
/// device computes no batch normalization, and `network` is `folded_network<Net>`.
///
/// Weights are written as hexadecimal float literals, so the header reproduces every bit of the parameters it
/// exports (those of the model file, where nothing folds). A
/// `dense` layer whose kernel is mostly zeros (after pruning) is stored as compressed sparse rows: only its nonzeros,
/// their output unit (1, 2 or 4 bytes) and one 4-byte offset per input row, whenever that is smaller. A layer's
/// non-trainable state (batch normalization's moving statistics) is an array `layer_<i>_state` beside its weights,
/// which its `dense_weights` entry points to.
#include <nnstatic/core/diagnostics.hpp>
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/embedded/layer_weights.hpp>
#include <nnstatic/fusion/fold_batch_normalization.hpp>
#include <nnstatic/io/atomic_file.hpp>
#include <nnstatic/io/model_file.hpp>

#include <algorithm>
#include <charconv>
#include <concepts>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

namespace nnstatic {

/// What export_header asks of each layer it writes, of the layer's position (the block's, for a layer inside one)
/// and its spec, so that a failing one prints both (core/diagnostics.hpp).
template <class At, class Spec>
inline constexpr bool layer_names_its_header = requires {
  { Spec::header } -> std::convertible_to<std::string_view>;
};

}  // namespace nnstatic

namespace nnstatic::io {

/// How `export_header` writes a model.
struct export_options {
  /// The namespace of the generated header; a C++ identifier.
  std::string name = "exported_model";
  /// A dense layer whose kernel has at least this fraction of exact zeros is stored sparsely (if that is smaller);
  /// above 1, never.
  double sparse_from = 0.5;
  /// Where the weights came from (e.g. the model file), written into the header's first comment.
  std::string source{};
};

/// How one layer was stored.
struct exported_layer {
  std::size_t index = 0;       ///< its index in the exported (folded) network, counting every layer after the input
  std::size_t parameters = 0;  ///< its parameter count
  std::size_t nonzeros = 0;    ///< nonzero kernel weights
  bool sparse = false;         ///< stored as compressed sparse rows
  std::size_t bytes = 0;       ///< bytes of its weight arrays in the header
  std::size_t state = 0;       ///< its non-trainable state values, in an array of their own
};

/// The generated header and its size figures.
struct exported_header {
  std::string text;
  std::size_t weight_bytes = 0;        ///< bytes of weight arrays in the header
  std::size_t dense_weight_bytes = 0;  ///< what they would take with every layer dense
  std::size_t state_bytes = 0;         ///< bytes of the non-trainable state arrays
  std::vector<exported_layer> layers;  ///< the layers with parameters or state
};

namespace detail {

inline bool is_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (const char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

// A float literal that reads back to exactly `value`: hexadecimal, e.g. -0x1.8p+3f.
inline void append_float(std::string& out, float value, std::size_t layer, std::size_t index) {
  if (!std::isfinite(value))
    throw model_error("nnstatic: export_header: parameter " + std::to_string(index) + " of layer " +
                      std::to_string(layer) + " is " + (std::isnan(value) ? "NaN" : "infinite") +
                      ", expected a finite weight (a diverged training?)");
  char buffer[32];
  const bool negative = std::signbit(value);
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, negative ? -value : value, std::chars_format::hex);
  if (negative) out += '-';
  out += "0x";
  out.append(buffer, result.ptr);
  out += 'f';
}

template <class Values>
void append_array_body(std::string& out, const Values& values, std::size_t per_line, auto&& append_one) {
  out += " = {";
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += i % per_line == 0 ? "\n    " : " ";
    append_one(values[i], i);
    if (i + 1 != values.size()) out += ',';
  }
  out += "};\n";
}

inline void append_floats(std::string& out, std::string_view declaration, std::span<const float> values,
                          std::size_t layer) {
  out += "alignas(64) inline constexpr float ";
  out += declaration;
  out += '[' + std::to_string(values.empty() ? 1 : values.size()) + ']';
  if (values.empty()) {
    out += " = {};\n";
    return;
  }
  append_array_body(out, values, 6, [&](float v, std::size_t i) { append_float(out, v, layer, i); });
}

template <class Integer>
void append_integers(std::string& out, std::string_view type, std::string_view declaration,
                     const std::vector<Integer>& values) {
  out += "inline constexpr ";
  out += type;
  out += ' ';
  out += declaration;
  out += '[' + std::to_string(values.empty() ? 1 : values.size()) + ']';
  if (values.empty()) {
    out += " = {};\n";
    return;
  }
  append_array_body(out, values, 16, [&](Integer v, std::size_t) { out += std::to_string(v); });
}

inline std::string hex64(std::uint64_t value) {
  char buffer[17];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value, 16).ptr;
  return "0x" + std::string(16 - static_cast<std::size_t>(end - buffer), '0') + std::string(buffer, end) + "ULL";
}

// One dense layer as compressed sparse rows of its kernel [inputs][units].
template <class Layer>
void append_sparse_dense(std::string& out, std::string& entry, exported_layer& info, std::span<const float> params,
                         std::size_t layer) {
  constexpr std::size_t inputs = Layer::inputs, units = Layer::output_shape::size;
  const std::string base = "layer_" + std::to_string(layer);
  std::vector<std::uint32_t> row_start{0};
  std::vector<std::uint32_t> columns;
  std::vector<float> values;
  for (std::size_t i = 0; i < inputs; ++i) {
    for (std::size_t o = 0; o < units; ++o)
      if (params[i * units + o] != 0.0f) {
        columns.push_back(static_cast<std::uint32_t>(o));
        values.push_back(params[i * units + o]);
      }
    row_start.push_back(static_cast<std::uint32_t>(values.size()));
  }
  const std::size_t column_bytes = units <= 0x100 ? 1 : units <= 0x10000 ? 2 : 4;
  const std::string column_type = column_bytes == 1 ? "std::uint8_t" : column_bytes == 2 ? "std::uint16_t" : "std::uint32_t";
  append_floats(out, base + "_bias", params.subspan(Layer::kernel_size, units), layer);
  append_integers(out, "std::uint32_t", base + "_row_start", row_start);
  append_integers(out, column_type, base + "_columns", columns);
  append_floats(out, base + "_values", values, layer);
  entry = "nnstatic::sparse_weights<float, " + column_type + ">{" + base + "_bias, " + base + "_row_start, " + base +
          "_columns, " + base + "_values}";
  info.sparse = true;
  const std::size_t stored = values.empty() ? 1 : values.size();
  info.bytes = units * 4 + row_start.size() * 4 + stored * column_bytes + stored * 4;
}

template <class At, class... Layers>
void collect_chain_headers(std::vector<std::string_view>& headers, layer_chain<Layers...>*);

// Adds the headers of `Layer`'s spec and, for a block, of every layer inside it, to `headers`.
template <class At, class Layer>
void collect_headers(std::vector<std::string_view>& headers) {
  using spec = typename Layer::spec;
  static_assert(layer_names_its_header<At, spec>,
                "nnstatic: export_header includes the header of every layer it names, so each layer spec declares "
                "one: static constexpr std::string_view header = \"nnstatic/layers/<name>.hpp\"; (at layer_index<I>, "
                "net::layer<I>, or in the block there)");
  if constexpr (layer_names_its_header<At, spec>) headers.push_back(spec::header);
  if constexpr (::nnstatic::detail::bound_block_layer<Layer>)
    [&]<std::size_t... B>(std::index_sequence<B...>) {
      (collect_chain_headers<At>(headers, static_cast<typename Layer::template branch_at<B>::chain*>(nullptr)), ...);
    }(std::make_index_sequence<Layer::branch_count>{});
}

template <class At, class... Layers>
void collect_chain_headers(std::vector<std::string_view>& headers, layer_chain<Layers...>*) {
  (collect_headers<At, Layers>(headers), ...);
}

/// The #include lines of the layers `Net` names, each once, in order.
template <network Net>
std::string layer_includes() {
  std::vector<std::string_view> headers;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (collect_headers<layer_index<I>, typename Net::template layer<I>>(headers), ...);
  }(std::make_index_sequence<Net::layer_count>{});
  std::sort(headers.begin(), headers.end());
  headers.erase(std::unique(headers.begin(), headers.end()), headers.end());
  std::string out;
  for (const std::string_view header : headers) out += "#include <" + std::string(header) + ">\n";
  return out;
}

template <network Net>
exported_header header_of(const parameters<Net, float>& params, const export_options& options,
                          std::string_view trained_signature);

}  // namespace detail

/// The header text for `params` of network `Net` (see the top of this file): that of `folded_network<Net>` and the
/// folded parameters. Throws `model_error` if a weight is not finite or the name is not an identifier.
template <network Net>
exported_header header_from(const parameters<Net, float>& params, const export_options& options = {}) {
  if (!detail::is_identifier(options.name))
    throw model_error("nnstatic: export_header: the namespace name '" + options.name +
                      "' is not a C++ identifier (letters, digits and _, not starting with a digit)");
  if constexpr (std::is_same_v<folded_network<Net>, Net>) {
    return detail::header_of<Net>(params, options, {});
  } else {
    auto folded = std::make_unique<parameters<folded_network<Net>, float>>();
    fold_batch_normalization(params, *folded);
    return detail::header_of<folded_network<Net>>(*folded, options, Net::signature);
  }
}

namespace detail {

// `trained_signature`: the network before its batch normalizations were folded, if any were.
template <network Net>
exported_header header_of(const parameters<Net, float>& params, const export_options& options,
                          std::string_view trained_signature) {
  exported_header result;
  std::string& out = result.text;
  out += "// Generated by nnstatic::io::export_header; do not edit.\n";
  if (!options.source.empty()) out += "// Weights: " + options.source + "\n";
  if (!trained_signature.empty())
    out += "// Trained as: " + std::string(trained_signature) +
           "\n// Each batch normalization after a dense, conv2d or depthwise_conv2d is folded into that layer.\n";
  out += "// Network: " + std::string(Net::signature) + "\n";
  out += "#pragma once\n#include <nnstatic/embedded/inference.hpp>\n" + layer_includes<Net>() +
         "\n#include <cstddef>\n#include <cstdint>\n#include <string_view>\n#include <tuple>\n\nnamespace " +
         options.name + " {\n\n";
  out += "/// The network these weights belong to.\nusing network = " + std::string(Net::cpp_type) + ";\n\n";
  out += "/// The network's signature and fingerprint when the weights were exported.\n";
  out += "inline constexpr std::string_view signature = \"" + std::string(Net::signature) + "\";\n";
  out += "inline constexpr std::uint64_t fingerprint = " + detail::hex64(Net::fingerprint) + ";\n";
  out += "static_assert(network::fingerprint == fingerprint,\n              \"nnstatic: this header was exported by an "
         "nnstatic that spells the network differently; export it again\");\n\n";

  std::string entries, types;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          using layer = typename Net::template layer<I>;
          constexpr std::size_t state_count = state_count_of<layer>;
          std::string entry = "nnstatic::no_weights{}";
          if constexpr (layer::param_count > 0 || state_count > 0) {
            const auto values = params.template of_layer<I>();
            exported_layer info{I, layer::param_count, 0, false, layer::param_count * sizeof(float), state_count};
            constexpr std::size_t kernel_size = [] {
              if constexpr (requires { layer::kernel_size; })
                return std::size_t{layer::kernel_size};
              else
                return layer::param_count;
            }();
            for (std::size_t i = 0; i < kernel_size; ++i)
              if (values[i] != 0.0f) ++info.nonzeros;
            const double zeros =
                kernel_size == 0 ? 0.0 : 1.0 - static_cast<double>(info.nonzeros) / static_cast<double>(kernel_size);
            bool sparse = false;
            if constexpr (is_bound_dense<layer> && state_count == 0) {
              constexpr std::size_t units = layer::output_shape::size;
              const std::size_t column_bytes = units <= 0x100 ? 1 : units <= 0x10000 ? 2 : 4;
              const std::size_t sparse_bytes =
                  units * 4 + (layer::inputs + 1) * 4 + (info.nonzeros == 0 ? 1 : info.nonzeros) * (4 + column_bytes);
              sparse = zeros >= options.sparse_from && sparse_bytes < info.bytes;
              if (sparse) detail::append_sparse_dense<layer>(out, entry, info, values, I);
            }
            if (!sparse) {
              const std::string base = "layer_" + std::to_string(I);
              detail::append_floats(out, base, values, I);
              entry = "nnstatic::dense_weights<float>{" + base + "}";
              if constexpr (state_count > 0) {
                detail::append_floats(out, base + "_state", params.template state_of_layer<I>(), I);
                entry = "nnstatic::dense_weights<float>{" + base + ", " + base + "_state}";
                result.state_bytes += state_count * sizeof(float);
              }
            }
            result.weight_bytes += info.bytes;
            result.dense_weight_bytes += layer::param_count * sizeof(float);
            result.layers.push_back(info);
            out += "\n";
          }
          types += std::string(I == 0 ? "" : ", ") + entry.substr(0, entry.find('{'));
          entries += std::string(I == 0 ? "\n    " : ",\n    ") + entry;
        }(),
        ...);
  }(std::make_index_sequence<Net::layer_count>{});

  out += "/// Every layer's weights, for nnstatic::embedded_model<network>::run and classify.\n";
  out += "inline constexpr std::tuple<" + types + "> weights{" + entries + "};\n\n";
  out += "/// Bytes of the weight arrays above (" + std::to_string(result.dense_weight_bytes) + " if stored densely).\n";
  out += "inline constexpr std::size_t weight_bytes = " + std::to_string(result.weight_bytes) + ";\n";
  out += "/// Bytes of the non-trainable state arrays above (moving statistics).\n";
  out += "inline constexpr std::size_t state_bytes = " + std::to_string(result.state_bytes) + ";\n\n";
  out += "}  // namespace " + options.name + "\n";
  return result;
}

}  // namespace detail

/// Writes the header for `params` to `path` (atomically, like model files) and returns its figures.
template <network Net>
exported_header export_header(const std::filesystem::path& path, const parameters<Net, float>& params,
                              const export_options& options = {}) {
  exported_header result = header_from<Net>(params, options);
  write_atomically(path, result.text);
  return result;
}

/// Reads the model file `model_path` (the format of io/model_file.hpp, checked against `Net`) and writes its header
/// to `header_path`.
template <network Net>
exported_header export_header(const std::filesystem::path& header_path, const std::filesystem::path& model_path,
                              export_options options = {}) {
  auto params = std::make_unique<parameters<Net, float>>();
  load_parameters(model_path, Net::signature, std::span<float, Net::param_count>(params->values),
                  std::span<float, Net::state_count>(params->state), {}, network_parameter_name<Net>{});
  if (options.source.empty()) options.source = model_path.filename().string();
  return export_header<Net>(header_path, *params, options);
}

}  // namespace nnstatic::io
