// A user's first program against nnstatic, built with the user's flags and none of nnstatic's own (no -march):
// a small convolutional network trained for a step, checked against facts any working build must show, and
// against the plain path (simd::plain, the scalar reference every kernel is checked against).
//
//   nnstatic_consumer                      the facts only
//   nnstatic_consumer --write <file>       the facts, then the step's results written to <file>
//   nnstatic_consumer --compare <file>     the facts, then the step's results compared with <file>
//
// The same source built with -DNNSTATIC_SIMD_PLAIN writes the reference, and the build under test compares with
// it: two programs rather than two translation units of one, so that the comparison never rests on which copy of
// an inline function the linker kept. Built with -DNNSTATIC_CONSUMER_DISPATCH (and units.cpp compiled once per
// instruction set), it trains with dispatched_trainer and infers with dispatched_inference, which must have chosen
// the best instruction set of this CPU. Prints what failed and exits non-zero if anything is off.
#include <nnstatic/nnstatic.hpp>
// Named as well, so that this test does not depend on what the umbrella header gathers.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/data/idx.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/simd/arch.hpp>
#include <nnstatic/train/trainer.hpp>
#include <nnstatic/version.hpp>
#if defined(NNSTATIC_CONSUMER_DISPATCH)
#include <nnstatic/dispatch/dispatched_inference.hpp>
#include <nnstatic/dispatch/dispatched_trainer.hpp>
#endif

#include "network.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

static_assert(nnstatic::version_major == PACKAGE_VERSION_MAJOR && nnstatic::version_minor == PACKAGE_VERSION_MINOR &&
                  nnstatic::version_patch == PACKAGE_VERSION_PATCH,
              "the package's version must equal the one in nnstatic/version.hpp");

namespace {

using namespace consumer;

#if defined(NNSTATIC_CONSUMER_DISPATCH)
using trainer_type = ns::dispatched_trainer<net, ns::categorical_crossentropy, ns::sgd, batch>;
#else
using trainer_type = ns::trainer<net, ns::categorical_crossentropy, ns::sgd, batch>;
#endif

/// The instruction set a dispatched trainer must choose on this CPU, asked of the CPU here.
std::string expected_instruction_set() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vnni"))
    return "avx512bw";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "fma3+avx2";
  return "sse2";
#else
  return "arm64+neon";
#endif
}

int failures = 0;

void expect(bool holds, const char* what, double got) {
  if (holds) return;
  std::fprintf(stderr, "package test failed: %s (got %.9g)\n", what, got);
  ++failures;
}

/// What one step computed, to be compared between builds.
struct step_result {
  std::string arch;
  double loss_before = 0;        // evaluate on the initial parameters: a forward pass
  double loss_after = 0;         // evaluate after the step
  std::vector<float> update;     // parameters after the step minus before: -learning rate x gradient
  std::vector<float> outputs;    // batch-1 inference of each sample after the step
};

step_result train_one_step() {
  ns::random_engine rng(42);
  std::array<float, batch * net::input_shape::size> x{};
  for (float& v : x) v = static_cast<float>(rng.uniform(-1, 1));
  std::array<float, batch * classes> targets{};
  for (std::size_t n = 0; n < batch; ++n) targets[n * classes + n % classes] = 1;

  auto trainer = std::make_unique<trainer_type>(ns::sgd{.learning_rate = 0.1}, 1);
  auto params = std::make_unique<ns::parameters<net>>();  // all zero

  // With every parameter zero the softmax is uniform, so each sample's loss is exactly ln 3.
  const ns::batch_result uniform = trainer->evaluate(*params, x.data(), targets.data(), batch);
  expect(uniform.samples == batch, "evaluate counts the batch", static_cast<double>(uniform.samples));
  expect(std::abs(uniform.loss_sum / batch - std::log(3.0)) < 1e-6, "zero parameters give a loss of ln 3 per sample",
         uniform.loss_sum / batch);

  ns::glorot_uniform(*params, 1);
  const auto initial = params->values;
  const ns::batch_result before = trainer->evaluate(*params, x.data(), targets.data(), batch);
  const ns::batch_result step = trainer->step(*params, x.data(), targets.data(), batch);
  const ns::batch_result after = trainer->evaluate(*params, x.data(), targets.data(), batch);

  expect(std::isfinite(step.loss_sum) && step.loss_sum > 0, "the step's loss is finite and positive", step.loss_sum);
  // A step reports the loss of the parameters it started from: the same forward pass as evaluate's.
  expect(std::abs(step.loss_sum - before.loss_sum) <= 1e-5 * before.loss_sum, "the step's loss equals evaluate's",
         step.loss_sum - before.loss_sum);
  std::size_t changed = 0;
  for (std::size_t i = 0; i < initial.size(); ++i) changed += params->values[i] != initial[i];
  expect(changed > initial.size() / 2, "the step changed most parameters", static_cast<double>(changed));
  // Gradient descent with a small rate on one batch lowers that batch's loss.
  expect(after.loss_sum < before.loss_sum, "the step lowered the loss", after.loss_sum - before.loss_sum);

  step_result result{.arch = std::string(trainer->instruction_set()),
                     .loss_before = before.loss_sum / batch,
                     .loss_after = after.loss_sum / batch,
                     .update = {},
                     .outputs = {}};
  for (std::size_t i = 0; i < initial.size(); ++i) result.update.push_back(params->values[i] - initial[i]);
#if defined(NNSTATIC_CONSUMER_DISPATCH)
  ns::dispatched_inference<net> infer_one;
  expect(infer_one.instruction_set() == result.arch, "inference chose the trainer's instruction set", 0);
  const auto infer = [&](const float* sample, float* y) { return infer_one(*params, sample, y); };
#else
  auto workspace = std::make_unique<ns::inference_workspace<net>>();
  const auto infer = [&](const float* sample, float* y) { return ns::infer(*params, sample, y, 1, *workspace); };
#endif
  std::array<float, classes> y{};
  for (std::size_t n = 0; n < batch; ++n) {
    const ns::inference_status status = infer(x.data() + n * net::input_shape::size, y.data());
    expect(status == ns::inference_status::ok, "batch-1 inference runs", static_cast<double>(status));
    result.outputs.insert(result.outputs.end(), y.begin(), y.end());
  }
  std::printf("nnstatic %d.%d.%d package consumer (%s): one step of %zu parameters, loss %.6f -> %.6f, %zu changed\n",
              ns::version_major, ns::version_minor, ns::version_patch, result.arch.c_str(), net::param_count,
              result.loss_before, result.loss_after, changed);
  return result;
}

// The reference file: the architecture's name, the two losses, then the update and the outputs, one value a line.
// Nine significant digits give every float back exactly.
bool write_reference(const step_result& r, const char* path) {
  std::FILE* file = std::fopen(path, "w");
  if (!file) return false;
  std::fprintf(file, "%s\n%.17g\n%.17g\n%zu\n", r.arch.c_str(), r.loss_before, r.loss_after, r.update.size());
  for (float v : r.update) std::fprintf(file, "%.9g\n", static_cast<double>(v));
  std::fprintf(file, "%zu\n", r.outputs.size());
  for (float v : r.outputs) std::fprintf(file, "%.9g\n", static_cast<double>(v));
  return std::fclose(file) == 0;
}

bool read_values(std::FILE* file, std::vector<float>& values) {
  std::size_t count = 0;
  if (std::fscanf(file, "%zu", &count) != 1) return false;
  values.resize(count);
  for (float& v : values)
    if (std::fscanf(file, "%f", &v) != 1) return false;
  return true;
}

bool read_reference(const char* path, step_result& r) {
  std::FILE* file = std::fopen(path, "r");
  if (!file) return false;
  char arch[64] = {};
  const bool read = std::fscanf(file, "%63s %lf %lf", arch, &r.loss_before, &r.loss_after) == 3 &&
                    read_values(file, r.update) && read_values(file, r.outputs);
  std::fclose(file);
  r.arch = arch;
  return read;
}

/// The largest difference between `got` and `want` in units of `want`'s largest magnitude.
double scaled_difference(const std::vector<float>& got, const std::vector<float>& want) {
  if (got.size() != want.size()) return std::numeric_limits<double>::infinity();
  double largest = 0;
  double difference = 0;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto value = static_cast<double>(want[i]);
    largest = std::max(largest, std::abs(value));
    difference = std::max(difference, std::abs(static_cast<double>(got[i]) - value));
  }
  return largest > 0 ? difference / largest : difference;
}

// The vector kernels add in another order than the plain path and, built without FMA (no -march), round each
// multiply-add twice where the plain path rounds once: the results differ by rounding alone. The longest sum of
// this step has 144 terms (a convolution weight's gradient: 4 samples x 36 positions), and a value passes through
// at most 8 such sums forward and back, so the difference stays below about 8 x 144 x 2^-24 = 7e-5 of the
// magnitudes involved; 2e-4 leaves a factor of 3, and the differences seen are near 1e-6 (printed on each run). A
// wrong index, a lost tail or a missing term is off by a sizeable fraction of the magnitude.
constexpr double tolerance = 2e-4;

/// Whether `got` agrees with the reference `want` within the tolerance; prints the differences.
bool agrees(const step_result& got, const step_result& want, bool quiet) {
  const double loss_before = std::abs(got.loss_before - want.loss_before) / want.loss_before;
  const double loss_after = std::abs(got.loss_after - want.loss_after) / want.loss_after;
  const double update = scaled_difference(got.update, want.update);
  const double outputs = scaled_difference(got.outputs, want.outputs);
  if (!quiet)
    std::printf("%s against %s, relative differences: losses %.2g and %.2g, update %.2g, outputs %.2g "
                "(tolerance %.0e)\n",
                got.arch.c_str(), want.arch.c_str(), loss_before, loss_after, update, outputs, tolerance);
  return loss_before <= tolerance && loss_after <= tolerance && update <= tolerance && outputs <= tolerance;
}

int compare_with(const step_result& got, const char* path) {
  step_result want;
  if (!read_reference(path, want)) {
    std::fprintf(stderr, "package test failed: cannot read the reference %s\n", path);
    return 1;
  }
  expect(want.arch == "plain", "the reference comes from the plain path (a build with -DNNSTATIC_SIMD_PLAIN)", 0);
  expect(got.arch != "plain", "this build runs vector kernels, so that the comparison compares something", 0);
#if defined(NNSTATIC_CONSUMER_DISPATCH)
  expect(got.arch == expected_instruction_set(), "the dispatched trainer chose the best instruction set of this CPU",
         0);
#endif
  expect(agrees(got, want, false), "the step agrees with the plain path", 0);
  // The comparison itself must be able to fail: a reference with one update moved by ten tolerances is rejected.
  step_result skewed = want;
  float largest = 0;
  for (float v : skewed.update) largest = std::max(largest, std::abs(v));
  skewed.update.at(skewed.update.size() / 2) += static_cast<float>(10 * tolerance) * largest;
  expect(!agrees(got, skewed, true), "the comparison rejects a reference skewed by ten tolerances", 0);
  return 0;
}

// A gzip-compressed IDX label file (labels 0, 1, 2, 0): reading it calls zlib's inflate, so this program links only
// if the package passes zlib on to its users.
constexpr std::array<unsigned char, 32> gzip_labels = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x63, 0x60, 0xe0, 0x60, 0x64, 0x60,
    0x60, 0x60, 0x61, 0x60, 0x64, 0x62, 0x00, 0x00, 0xad, 0x3c, 0x0d, 0xb9, 0x0c, 0x00, 0x00, 0x00};

void read_gzip_labels(const std::filesystem::path& path) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(gzip_labels.data()), gzip_labels.size());
  const std::vector<std::uint8_t> labels = ns::data::load_idx_labels(path);
  std::filesystem::remove(path);
  expect(labels == std::vector<std::uint8_t>{0, 1, 2, 0}, "a gzip-compressed label file reads back",
         static_cast<double>(labels.size()));
}

}  // namespace

int main(int argc, char** argv) {
  read_gzip_labels(std::string(argv[0]) + ".labels.idx.gz");  // beside the program: each build has its own
  const step_result result = train_one_step();
  if (argc == 3 && std::strcmp(argv[1], "--write") == 0) {
    expect(write_reference(result, argv[2]), "the reference is written", 0);
  } else if (argc == 3 && std::strcmp(argv[1], "--compare") == 0) {
    if (compare_with(result, argv[2]) != 0) return 1;
  } else if (argc != 1) {
    std::fprintf(stderr, "usage: %s [--write <file> | --compare <file>]\n", argv[0]);
    return 2;
  }
  return failures == 0 ? 0 : 1;
}
