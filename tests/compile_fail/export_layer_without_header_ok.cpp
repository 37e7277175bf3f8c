// The twin of export_layer_without_header.cpp: the same layer of the user's own names its header, and exports.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/io/export_header.hpp>
#include <nnstatic/layers/dense.hpp>

#include <cstddef>
#include <string_view>

namespace my_layers {

template <class In>
struct bound_halve;

// y = x / 2
struct halve {
  static constexpr std::string_view name = "halve";
  static constexpr std::string_view type_name = "Lambda";
  static constexpr std::string_view header = "my_layers/halve.hpp";
  static constexpr void write_signature(nnstatic::text& out) { out.append("halve"); }
  static constexpr void write_type(nnstatic::text& out) { out.append("my_layers::halve"); }
  template <class In>
  using bind = bound_halve<In>;
};

template <class In>
struct bound_halve {
  using spec = halve;
  using input_shape = In;
  using output_shape = In;
  static constexpr std::size_t param_count = 0;
  template <class T>
  static constexpr void forward(const T* /*params*/, const T* x, T* y, std::size_t batch) noexcept {
    for (std::size_t i = 0; i < batch * In::size; ++i) y[i] = x[i] / 2;
  }
};

using net = nnstatic::sequential<nnstatic::input<4>, nnstatic::dense<2>, halve>;

}  // namespace my_layers

std::size_t exported_size(const nnstatic::parameters<my_layers::net>& params) {
  return nnstatic::io::header_from<my_layers::net>(params).text.size();
}
