// Translation units built for different instruction sets link into one program and each runs its own kernels
// (simd/abi.hpp): this file with the build's flags, abi_tag_plain.cpp with the plain kernels, both instantiating
// the same trainer, model, inference and model file of abi_tag_program.hpp.
#include "abi_tag_program.hpp"

#include "../../support/scratch_directory.hpp"
#include "../../support/skip.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace abi_tag {

report train_with_build_flags(const std::filesystem::path& save_to) { return train_here(save_to); }
std::vector<float> load_with_build_flags(const std::filesystem::path& path) { return load_here(path); }

}  // namespace abi_tag

namespace {

namespace nn = nnstatic;

/// The largest |a - b| / (1 + |b|) over two equally long sequences.
template <class T>
double largest_difference(const std::vector<T>& a, const std::vector<T>& b) {
  REQUIRE(a.size() == b.size());
  double largest = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    largest = std::max(largest, std::abs(static_cast<double>(a[i]) - static_cast<double>(b[i])) /
                                    (1 + std::abs(static_cast<double>(b[i]))));
  return largest;
}

}  // namespace

TEST_CASE("abi tag: two translation units built for different instruction sets each run their own kernels") {
  if (nn::simd::is_plain<nn::simd::native>)
    nn::testing::skip("the whole build runs the plain kernels, so both translation units are built alike");
  nn::testing::scratch_directory directory("nnstatic-abi-tag");
  const abi_tag::report simd = abi_tag::train_with_build_flags(directory.path / "build_flags.nns");
  const abi_tag::report plain = abi_tag::train_with_plain_kernels(directory.path / "plain_kernels.nns");
  INFO("build's flags: " << simd.isa_namespace << ", " << simd.instruction_set << "; plain kernels: "
                         << plain.isa_namespace << ", " << plain.instruction_set);

  // Each half is compiled into its own namespace, and its trainer runs its own kernels: with one definition for
  // both, the two would say the same.
  CHECK(simd.isa_namespace == std::string(nn::simd::isa_namespace));
  CHECK(plain.isa_namespace.starts_with("isa_plain"));
  CHECK(simd.isa_namespace != plain.isa_namespace);
  CHECK(simd.instruction_set == std::string(nn::simd::native::name()));
  CHECK(plain.instruction_set == "plain");

  // The same arithmetic, vectorized or not: the two differ only in rounding.
  CHECK(largest_difference(simd.losses, plain.losses) < 1e-5);
  CHECK(largest_difference(simd.parameters, plain.parameters) < 1e-5);
  CHECK(largest_difference(simd.predictions, plain.predictions) < 1e-5);
  CHECK(simd.losses.back() < simd.losses.front());  // the steps trained

  // A model file does not depend on the instruction set: each half loads the other's.
  CHECK(abi_tag::load_with_build_flags(directory.path / "plain_kernels.nns") == plain.parameters);
  CHECK(abi_tag::load_with_plain_kernels(directory.path / "build_flags.nns") == simd.parameters);
}
