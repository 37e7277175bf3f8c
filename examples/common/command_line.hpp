#pragma once
// The examples' command lines. Each option is declared with what it means; --help lists it with its default, and a
// bad value is refused with its flag and what was expected:
//
//   error: --batch-size 300: out of range; expected a whole number from 1 to 256
//
// CLI11 does the parsing. It is compiled once, in command_line.cpp, and linked into every example: included in
// each example it would add seconds to every one of their compilations, and the examples are compiled often.
#include <concepts>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace examples {

/// Whole numbers an option accepts, both ends included.
struct whole_numbers {
  std::uint64_t min = 0;
  std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
};

/// Real numbers an option accepts: from `min` to `max`, `max` itself only when `max_included`.
struct real_numbers {
  double min = 0.0;
  double max = 1.0;
  bool max_included = true;
};

/// What a path option names.
struct path_kind {
  bool file = false;        ///< a file (FILE in --help), not a folder (DIR)
  bool must_exist = false;  ///< refused at once when nothing is there
  bool required = false;    ///< the program cannot run without it
};

/// A command line: declare the options with `add`, then `parse`.
///
///     examples::command_line cli("Exports a model as a C++ header.");
///     cli.add("--steps", steps, "training steps of 32 images", {.min = 1});
///     if (const auto exit_code = cli.parse(argc, argv)) return *exit_code;
///
/// Each option is `--flag VALUE` (or `--flag=VALUE`); given twice, the last one counts. `-h` and `--help` print
/// the description and every option with its meaning and default.
class command_line {
 public:
  explicit command_line(std::string description);
  ~command_line();
  command_line(const command_line&) = delete;
  command_line& operator=(const command_line&) = delete;

  template <std::unsigned_integral Number>
  void add(std::string flag, Number& value, std::string meaning, whole_numbers range = {}) {
    if (range.max > std::numeric_limits<Number>::max()) range.max = std::numeric_limits<Number>::max();
    add_whole_number(std::move(flag), std::move(meaning), range, value,
                     [&value](std::uint64_t parsed) { value = static_cast<Number>(parsed); });
  }
  void add(std::string flag, double& value, std::string meaning, real_numbers range);
  void add(std::string flag, std::filesystem::path& value, std::string meaning, path_kind kind = {});
  /// One word out of `choices`.
  void add(std::string flag, std::string& value, std::string meaning, std::vector<std::string> choices);

  /// Parses the command line into the declared values. Returns nothing when the program should go on, or the
  /// code it should exit with: 0 after --help, 2 after a bad argument (the message is on standard error).
  [[nodiscard]] std::optional<int> parse(int argc, const char* const* argv);

 private:
  void add_whole_number(std::string flag, std::string meaning, whole_numbers range, std::uint64_t current,
                        std::function<void(std::uint64_t)> store);
  // Lists an option in --help: its usage ("--epochs N") and its meaning, range and default.
  void document(std::string usage, std::string meaning);
  std::string help(const std::string& program) const;

  std::string description_;
  std::vector<std::pair<std::string, std::string>> help_;
  std::unique_ptr<CLI::App> app_;
  std::vector<std::tuple<std::string, std::string, const CLI::Option*>> required_;  // flag, meaning, option
};

}  // namespace examples
