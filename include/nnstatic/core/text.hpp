#pragma once
/// A fixed-capacity string that can be built in constant expressions, for signatures and summaries known at
/// compile time (and usable where there is no heap); and `escaped`, which makes bytes read from a file safe to
/// quote in a message.
#include <nnstatic/config/requires_cxx20.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace nnstatic {

class text {
 public:
  /// Room for the C++ spelling of the models users deploy: MobileNetV1's (examples/zoo/mobilenet_v1.hpp, thirteen
  /// depthwise-separable blocks) is 7,009 characters, ResNet-8's 2,189. Only the characters written cost compile
  /// time, not the capacity.
  static constexpr std::size_t capacity = 16384;

  constexpr text& append(std::string_view s) noexcept {
    for (char c : s) push(c);
    return *this;
  }

  constexpr text& append(std::size_t value) noexcept {
    char digits[20]{};
    std::size_t count = 0;
    do {
      digits[count++] = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value != 0);
    while (count != 0) push(digits[--count]);
    return *this;
  }

  constexpr text& append(const char* s) noexcept { return append(std::string_view(s)); }

  constexpr std::string_view view() const noexcept { return {chars_, length_}; }
  constexpr std::size_t size() const noexcept { return length_; }

  /// True when something did not fit: the text is cut, and whoever built it must not use it as an identity.
  constexpr bool overflowed() const noexcept { return overflowed_; }

 private:
  constexpr void push(char c) noexcept {
    if (length_ < capacity) chars_[length_++] = c;
    else overflowed_ = true;
  }

  char chars_[capacity]{};
  std::size_t length_ = 0;
  bool overflowed_ = false;
};

/// `bytes` safe to print between single quotes, in at most `room` characters: every byte outside printable ASCII,
/// and the quote and the backslash, as \xNN, so that the text reads back unambiguously; the bytes that do not fit
/// are left out. For messages that quote what a file holds, which may be an escape sequence that recolours the
/// terminal, a carriage return that overwrites the line with a forged one, a NUL that cuts the message short, or
/// megabytes.
inline std::string escaped(std::string_view bytes, std::size_t room = std::string::npos) {
  constexpr std::string_view digits = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain = byte >= 0x20 && byte < 0x7f && c != '\'' && c != '\\';
    if (out.size() + (plain ? 1 : 4) > room) break;
    if (plain) {
      out += c;
    } else {
      out += "\\x";
      out += digits[byte >> 4];
      out += digits[byte & 0xf];
    }
  }
  return out;
}

}  // namespace nnstatic
