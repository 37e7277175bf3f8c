#pragma once
// What every nnstatic fuzz target shares: how the fuzzer's bytes reach a loader, and what counts as a finding.
//
// The loaders read files by path, so the bytes are written to a file of this process's own in a memory-backed
// directory and the real loader opens it: the code under test is the code users run, file handling included.
//
// The expected outcome of hostile bytes is an `nnstatic::error` with a clear message. Everything else is a
// finding: another exception (std::bad_alloc, std::length_error, ...), a crash, a sanitizer report, a hang
// (libFuzzer's -timeout), an allocation larger than the input can justify (-malloc_limit_mb), and an error
// message that could spoof the terminal or flood it (checked below).
#include <nnstatic/core/error.hpp>

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <typeinfo>

namespace nnstatic::fuzz {

/// A finding that is not a crash by itself: report it and abort, which libFuzzer records as a crash with the
/// input that caused it.
[[noreturn]] inline void finding(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "\n==== nnstatic fuzz finding: %.*s\n%.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

/// A file that holds one input at a time, named after the target and this process, removed at exit.
/// /dev/shm keeps the rewrite of every input off the disk; $TMPDIR (or /tmp) is the fallback.
class input_file {
 public:
  explicit input_file(std::string_view target, std::string_view suffix = "") {
    std::error_code ec;
    std::filesystem::path folder = "/dev/shm";
    if (!std::filesystem::is_directory(folder, ec)) folder = std::filesystem::temp_directory_path();
    path_ = folder / ("nnstatic-fuzz-" + std::string(target) + "-" + std::to_string(::getpid()) + std::string(suffix));
  }
  input_file(const input_file&) = delete;
  input_file& operator=(const input_file&) = delete;
  ~input_file() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }

  /// Replaces the file's contents with `bytes` and returns its path.
  const std::filesystem::path& hold(std::span<const std::uint8_t> bytes) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) finding("the harness cannot write its input file (not a finding in nnstatic)", path_.string());
    return path_;
  }

  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

/// Longer than any message the loaders have reason to give (their longest quote two network signatures and a
/// path); a message beyond it pastes the file into the terminal.
inline constexpr std::size_t longest_clear_message = 4096;

inline bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

/// `text` with its control characters as \xNN, so that a finding about them can be printed.
inline std::string shown(std::string_view text) {
  constexpr std::string_view digits = "0123456789abcdef";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (is_control(c))
      out += std::string("\\x") + digits[byte >> 4] + digits[byte & 0xf];
    else
      out += c;
  }
  return out;
}

/// An error message reaches a terminal or a log: it must not carry control characters (an ESC sequence, a CR
/// that rewrites the line, a newline that forges a second one, a NUL that cuts it short) nor be unbounded.
inline void expect_clear_message(const nnstatic::error& e) {
  const std::string_view message = e.what();
  if (message.size() > longest_clear_message)
    finding("an nnstatic::error message longer than " + std::to_string(longest_clear_message) + " bytes",
            shown(message.substr(0, 300)) + "... (" + std::to_string(message.size()) + " bytes)");
  for (std::size_t i = 0; i < message.size(); ++i)
    if (is_control(message[i]))
      finding("an nnstatic::error message with a control character at index " + std::to_string(i), shown(message));
}

/// Runs `load`, which may throw `nnstatic::error` (an expected outcome, whose message is checked) and nothing
/// else. Returns true when `load` returned normally.
template <class Load>
bool expect_only_nnstatic_errors(std::string_view loader, Load&& load) {
  try {
    load();
    return true;
  } catch (const nnstatic::error& e) {
    expect_clear_message(e);
    return false;
  } catch (const std::exception& e) {
    finding(std::string(loader) + " threw " + typeid(e).name() + ", not an nnstatic::error", e.what());
  } catch (...) {
    finding(std::string(loader) + " threw something that is not a std::exception", "");
  }
}

}  // namespace nnstatic::fuzz
