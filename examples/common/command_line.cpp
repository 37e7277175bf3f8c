// examples::command_line on CLI11 (see command_line.hpp). CLI11 finds the options and their values; the values are
// read here, so that every refusal names the flag, the value and what was expected, in one wording for all the
// examples. CLI11 2.1 alone would take "-5" for an unsigned option as 2^64 - 5 and clamp a number too large.
#include "command_line.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <iostream>
#include <string_view>
#include <system_error>
#include <utility>

namespace examples {
namespace {

// A refusal: thrown from an option's callback, it leaves CLI11's parse like CLI11's own errors do.
[[noreturn]] void refuse(std::string message) { throw CLI::ValidationError(std::move(message)); }

std::string number_text(double value) {
  std::array<char, 32> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return ec == std::errc{} ? std::string(buffer.data(), end) : std::string("?");
}

constexpr std::uint64_t no_limit = std::numeric_limits<std::uint64_t>::max();

// "1 to 256", "at least 1", or nothing when every whole number will do.
std::string range_text(const whole_numbers& range) {
  if (range.max != no_limit) return std::to_string(range.min) + " to " + std::to_string(range.max);
  return range.min > 0 ? "at least " + std::to_string(range.min) : "";
}

std::string range_text(const real_numbers& range) {
  if (range.max_included) return number_text(range.min) + " to " + number_text(range.max);
  return "at least " + number_text(range.min) + " and below " + number_text(range.max);
}

std::string expected_real_number(const real_numbers& range) {
  return (range.max_included ? "expected a number from " : "expected a number of ") + range_text(range);
}

std::string expected_whole_number(const whole_numbers& range) {
  const std::string limits = range_text(range);
  if (limits.empty()) return "expected a whole number";
  return (range.max != no_limit ? "expected a whole number from " : "expected a whole number of ") + limits;
}

// " (1 to 256; default 64)": the range and the default that --help shows after an option's meaning.
std::string help_suffix(const std::string& range, const std::string& default_value) {
  return " (" + (range.empty() ? "" : range + "; ") + "default " + default_value + ")";
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool parses_as_real(std::string_view text, double& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc{} && end == text.data() + text.size();
}

std::uint64_t read_whole_number(const std::string& flag, const std::string& text, const whole_numbers& range) {
  if (text.empty()) refuse(flag + ": needs a value; " + expected_whole_number(range));
  std::uint64_t value = 0;
  if (all_digits(text)) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc{} && value >= range.min && value <= range.max) return value;
    refuse(flag + " " + text + ": out of range; " + expected_whole_number(range));
  }
  double real = 0;
  if (parses_as_real(text, real)) {
    if (text.starts_with('-') && all_digits(text.substr(1)))
      refuse(flag + " " + text + ": out of range; " + expected_whole_number(range));
    refuse(flag + " " + text + ": not a whole number; " + expected_whole_number(range));
  }
  refuse(flag + " " + text + ": not a number; " + expected_whole_number(range));
}

double read_real_number(const std::string& flag, const std::string& text, const real_numbers& range) {
  const std::string expected = expected_real_number(range);
  if (text.empty()) refuse(flag + ": needs a value; " + expected);
  double value = 0;
  if (!parses_as_real(text, value)) refuse(flag + " " + text + ": not a number; " + expected);
  // Written so that NaN, which compares false with everything, is refused too.
  if (!(value >= range.min && (range.max_included ? value <= range.max : value < range.max)))
    refuse(flag + " " + text + ": out of range; " + expected);
  return value;
}

// "reference or tiny", "a, b or c".
std::string choices_text(const std::vector<std::string>& choices) {
  std::string text;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) text += i + 1 == choices.size() ? " or " : ", ";
    text += choices[i];
  }
  return text;
}

// `text` broken at spaces into rows of at most `width` columns (a word longer than that gets a row of its own).
std::vector<std::string> wrapped(const std::string& text, std::size_t width) {
  std::vector<std::string> rows(1);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view word(text.data() + start, end - start);
    if (!rows.back().empty() && rows.back().size() + 1 + word.size() > width) rows.emplace_back();
    if (!rows.back().empty()) rows.back() += ' ';
    rows.back() += word;
    start = end + 1;
  }
  return rows;
}

// An option CLI11 finds as `--flag VALUE` or `--flag=VALUE`: its value is left to `read`, which refuses an empty
// one ("--flag" given last, or followed by another option). Given twice, the last value counts.
CLI::Option* add_valued_option(CLI::App& app, const std::string& flag, std::function<void(const std::string&)> read) {
  return app.add_option_function<std::string>(flag, std::move(read))
      ->expected(0, 1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

}  // namespace

command_line::command_line(std::string description)
    : description_(std::move(description)), app_(std::make_unique<CLI::App>(description_)) {
  // Anything CLI11 does not know is refused after parsing, in this file's wording.
  app_->allow_extras();
  document("-h, --help", "print this text and exit");
}

void command_line::document(std::string usage, std::string meaning) {
  help_.emplace_back(std::move(usage), std::move(meaning));
}

// The help is laid out here rather than by CLI11 2.1, which does not wrap: it fits in 80 columns.
std::string command_line::help(const std::string& program) const {
  constexpr std::size_t indent = 2, usage_width = 24, width = 79;
  std::string text;
  for (std::size_t start = 0; start <= description_.size();) {
    const std::size_t end = std::min(description_.find('\n', start), description_.size());
    for (const std::string& line : wrapped(description_.substr(start, end - start), width)) text += line + '\n';
    start = end + 1;
  }
  text += "\nusage: " + program + " [options]\n\noptions:\n";
  for (const auto& [usage, meaning] : help_) {
    std::string row = std::string(indent, ' ') + usage;
    const std::string margin(indent + usage_width, ' ');
    if (row.size() + 1 >= margin.size()) {
      text += row + '\n';
      row = margin;
    } else {
      row.resize(margin.size(), ' ');
    }
    for (const std::string& line : wrapped(meaning, width - margin.size())) {
      text += row + line + '\n';
      row = margin;
    }
  }
  return text;
}

command_line::~command_line() = default;

void command_line::add_whole_number(std::string flag, std::string meaning, whole_numbers range, std::uint64_t current,
                                    std::function<void(std::uint64_t)> store) {
  add_valued_option(*app_, flag, [flag, range, store = std::move(store)](const std::string& text) {
    store(read_whole_number(flag, text, range));
  });
  document(flag + " N", meaning + help_suffix(range_text(range), std::to_string(current)));
}

void command_line::add(std::string flag, double& value, std::string meaning, real_numbers range) {
  add_valued_option(*app_, flag,
                    [flag, range, &value](const std::string& text) { value = read_real_number(flag, text, range); });
  document(flag + " X", meaning + help_suffix(range_text(range), number_text(value)));
}

void command_line::add(std::string flag, std::filesystem::path& value, std::string meaning, path_kind kind) {
  const std::string noun = kind.file ? "file" : "folder";
  const std::string suffix = kind.required   ? " (required)"
                             : value.empty() ? " (default: none)"
                                             : " (default " + value.string() + ")";
  CLI::Option* option = add_valued_option(*app_, flag, [flag, kind, noun, &value](const std::string& text) {
    if (text.empty()) refuse(flag + ": needs a value; expected a " + noun);
    if (kind.must_exist && !std::filesystem::exists(text)) refuse(flag + " " + text + ": no such " + noun);
    value = text;
  });
  document(flag + (kind.file ? " FILE" : " DIR"), meaning + suffix);
  if (kind.required) required_.emplace_back(flag, meaning, option);
}

void command_line::add(std::string flag, std::string& value, std::string meaning, std::vector<std::string> choices) {
  std::string value_name;
  for (const std::string& choice : choices) value_name += (value_name.empty() ? "" : "|") + choice;
  const std::string expected = "expected " + choices_text(choices);
  add_valued_option(*app_, flag, [flag, expected, choices, &value](const std::string& text) {
    if (text.empty()) refuse(flag + ": needs a value; " + expected);
    if (std::find(choices.begin(), choices.end(), text) == choices.end())
      refuse(flag + " " + text + ": unknown; " + expected);
    value = text;
  });
  document(flag + " " + value_name, meaning + " (" + choices_text(choices) + "; default " + value + ")");
}

std::optional<int> command_line::parse(int argc, const char* const* argv) {
  try {
    app_->parse(argc, argv);
    for (const auto& [flag, meaning, option] : required_)
      if (option->count() == 0) refuse(flag + ": required; " + meaning);
    if (const std::vector<std::string> extra = app_->remaining(); !extra.empty()) {
      if (extra.front().starts_with('-')) refuse(extra.front() + ": unknown option");
      refuse(extra.front() + ": unexpected argument; every option is --name VALUE");
    }
    return std::nullopt;
  } catch (const CLI::CallForHelp&) {
    std::cout << help(argc > 0 ? std::filesystem::path(argv[0]).filename().string() : "example");
    return 0;
  } catch (const CLI::ParseError& refusal) {
    std::cerr << "error: " << refusal.what() << " (see --help)\n";
    return 2;
  }
}

}  // namespace examples
