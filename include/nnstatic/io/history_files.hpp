#pragma once
/// A training history as CSV (for spreadsheets and pandas) and JSON (for scripts), written atomically.
///
/// Numbers are written with `std::to_chars`, so they read back to the same bits and do not depend on the
/// locale: a run in a German locale still writes `0.25`, not `0,25`.
///
/// Reading takes any bytes without harm (fuzz/history_csv_fuzz.cpp checks it): a file is read only up to a
/// limit, and what an error message quotes from the file is escaped and cut short.
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/history.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/io/atomic_file.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace nnstatic {

/// The first line of every history CSV.
inline constexpr std::string_view history_csv_header =
    "epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_second";

/// The largest file `read_csv` reads unless given another limit: 16 MiB, over 150,000 epochs of about
/// 100 bytes each, and little enough that a wrong path (a disk image, `/dev/zero`) fails at once.
inline constexpr std::size_t default_history_csv_max_bytes = std::size_t{16} << 20;

namespace detail {

// Shortest form that reads back to the same double; non-finite values come out as "nan", "inf", "-inf".
inline void append_round_trip(std::string& out, double value) {
  std::array<char, 32> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), ec == std::errc{} ? end : buffer.data());
}

inline void append_round_trip(std::string& out, std::size_t value) {
  std::array<char, 24> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), ec == std::errc{} ? end : buffer.data());
}

// JSON has no NaN or infinity; null is what Python's json.loads and JavaScript's JSON.parse both accept.
inline void append_json_number(std::string& out, double value) {
  if (std::isfinite(value))
    append_round_trip(out, value);
  else
    out += "null";
}

inline void append_json_number(std::string& out, const std::optional<double>& value) {
  if (value)
    append_json_number(out, *value);
  else
    out += "null";
}

class history_csv_parser {
 public:
  history_csv_parser(std::string_view text, std::string_view origin) : text_(text), origin_(origin) {}

  history parse() {
    // Spreadsheet programs put a UTF-8 byte order mark in front of the CSVs they save.
    constexpr std::string_view byte_order_mark = "\xef\xbb\xbf";
    if (text_.starts_with(byte_order_mark)) text_.remove_prefix(byte_order_mark.size());
    history result;
    std::size_t line_number = 0;
    bool header_seen = false;
    while (!text_.empty()) {
      const std::size_t newline = text_.find('\n');
      std::string_view line = text_.substr(0, newline);
      text_ = newline == std::string_view::npos ? std::string_view{} : text_.substr(newline + 1);
      ++line_number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // written on Windows or edited there
      if (!header_seen) {
        if (line != history_csv_header)
          fail(line_number, 1,
               "expected the header '" + std::string(history_csv_header) + "', found '" + excerpt(line) + "'");
        header_seen = true;
        continue;
      }
      if (line.empty()) continue;
      result.epochs.push_back(parse_row(line, line_number));
    }
    if (!header_seen) fail(1, 1, "expected the header '" + std::string(history_csv_header) + "', found an empty file");
    return result;
  }

 private:
  static constexpr std::size_t field_count = 7;
  static constexpr std::array<std::string_view, field_count> field_names = {
      "epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds", "images_per_second"};

  epoch_record parse_row(std::string_view line, std::size_t line_number) const {
    std::array<std::string_view, field_count> fields{};
    std::array<std::size_t, field_count> columns{};
    std::size_t start = 0;
    for (std::size_t i = 0; i < field_count; ++i) {
      if (start > line.size())
        fail(line_number, line.size() + 1,
             "expected " + std::to_string(field_count) + " fields, found " + std::to_string(i));
      const std::size_t comma = line.find(',', start);
      const std::size_t stop = comma == std::string_view::npos ? line.size() : comma;
      fields[i] = line.substr(start, stop - start);
      columns[i] = start + 1;
      start = stop + 1;
    }
    if (start <= line.size()) {
      const std::string_view rest = line.substr(start);
      const auto extra = static_cast<std::size_t>(std::count(rest.begin(), rest.end(), ','));
      fail(line_number, start + 1,
           "expected " + std::to_string(field_count) + " fields, found " + std::to_string(field_count + 1 + extra));
    }

    epoch_record record;
    record.epoch = parse_count(fields[0], line_number, columns[0]);
    record.loss = parse_number(fields[1], line_number, columns[1], field_names[1]);
    record.accuracy = parse_number(fields[2], line_number, columns[2], field_names[2]);
    if (!fields[3].empty()) record.val_loss = parse_number(fields[3], line_number, columns[3], field_names[3]);
    if (!fields[4].empty()) record.val_accuracy = parse_number(fields[4], line_number, columns[4], field_names[4]);
    record.seconds = parse_number(fields[5], line_number, columns[5], field_names[5]);
    record.images_per_second = parse_number(fields[6], line_number, columns[6], field_names[6]);
    return record;
  }

  std::size_t parse_count(std::string_view field, std::size_t line_number, std::size_t column) const {
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (field.empty() || ec != std::errc{} || end != field.data() + field.size())
      fail(line_number, column, "expected a whole number for 'epoch', found '" + excerpt(field) + "'");
    return value;
  }

  double parse_number(std::string_view field, std::size_t line_number, std::size_t column,
                      std::string_view name) const {
    double value = 0.0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (ec == std::errc::result_out_of_range && end == field.data() + field.size())
      fail(line_number, column,
           "expected a number for '" + std::string(name) + "' within the range of a double, found '" + excerpt(field) +
               "'");
    if (field.empty() || ec != std::errc{} || end != field.data() + field.size())
      fail(line_number, column, "expected a number for '" + std::string(name) + "', found '" + excerpt(field) + "'");
    return value;
  }

  // Enough of a bad field to recognize it, escaped (the file may hold anything) in at most 60 characters, and
  // "..." when some of it is left out: an escaped byte takes at most 4 characters, so with room for 4 more the
  // text comes out longer exactly when it did not fit.
  static std::string excerpt(std::string_view text) {
    constexpr std::size_t room = 60;
    std::string shown = escaped(text, room);
    if (escaped(text, room + 4).size() > shown.size()) shown += "...";
    return shown;
  }

  [[noreturn]] void fail(std::size_t line_number, std::size_t column, const std::string& what) const {
    throw data_error("nnstatic: history CSV '" + std::string(origin_) + "', line " + std::to_string(line_number) +
                     ", column " + std::to_string(column) + ": " + what);
  }

  std::string_view text_;
  std::string_view origin_;
};

}  // namespace detail

/// The history as CSV: the header `history_csv_header`, then one row per epoch; a missing validation figure is
/// an empty field.
///
///     epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_second
///     1,0.5,0.75,,,12.25,4870
inline std::string to_csv(const history& runs) {
  std::string out(history_csv_header);
  out += '\n';
  for (const epoch_record& record : runs.epochs) {
    detail::append_round_trip(out, record.epoch);
    out += ',';
    detail::append_round_trip(out, record.loss);
    out += ',';
    detail::append_round_trip(out, record.accuracy);
    out += ',';
    if (record.val_loss) detail::append_round_trip(out, *record.val_loss);
    out += ',';
    if (record.val_accuracy) detail::append_round_trip(out, *record.val_accuracy);
    out += ',';
    detail::append_round_trip(out, record.seconds);
    out += ',';
    detail::append_round_trip(out, record.images_per_second);
    out += '\n';
  }
  return out;
}

/// The history as a JSON object with an "epochs" array, one object per epoch. A missing validation figure, and
/// a NaN or infinite one (JSON cannot spell those), is `null`.
///
///     {
///       "epochs": [
///         {"epoch": 1, "loss": 0.5, "accuracy": 0.75, "val_loss": null, ...}
///       ]
///     }
inline std::string to_json(const history& runs) {
  if (runs.empty()) return "{\n  \"epochs\": []\n}\n";
  std::string out = "{\n  \"epochs\": [\n";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const epoch_record& record = runs[i];
    out += "    {\"epoch\": ";
    detail::append_round_trip(out, record.epoch);
    out += ", \"loss\": ";
    detail::append_json_number(out, record.loss);
    out += ", \"accuracy\": ";
    detail::append_json_number(out, record.accuracy);
    out += ", \"val_loss\": ";
    detail::append_json_number(out, record.val_loss);
    out += ", \"val_accuracy\": ";
    detail::append_json_number(out, record.val_accuracy);
    out += ", \"seconds\": ";
    detail::append_json_number(out, record.seconds);
    out += ", \"images_per_second\": ";
    detail::append_json_number(out, record.images_per_second);
    out += i + 1 < runs.size() ? "},\n" : "}\n";
  }
  out += "  ]\n}\n";
  return out;
}

/// Parses what `to_csv` writes. `origin` names the text in error messages. Throws `data_error` saying the line,
/// the column, what was expected and what was found.
inline history from_csv(std::string_view text, std::string_view origin = "<memory>") {
  return detail::history_csv_parser(text, origin).parse();
}

/// Writes `to_csv(runs)` to `path` through a temporary file and a rename. Throws `file_error`.
inline void write_csv(const history& runs, const std::filesystem::path& path) {
  io::write_atomically(path, to_csv(runs));
}

/// Writes `to_json(runs)` to `path` through a temporary file and a rename. Throws `file_error`.
inline void write_json(const history& runs, const std::filesystem::path& path) {
  io::write_atomically(path, to_json(runs));
}

/// Reads a history CSV written by `write_csv`, of at most `max_bytes` bytes. Throws `file_error` when the file
/// cannot be read and `data_error` naming the file, line and column when its contents are not such a CSV, or
/// naming the limit when the file is larger.
inline history read_csv(const std::filesystem::path& path, std::size_t max_bytes = default_history_csv_max_bytes) {
  const auto too_large = [&](const std::string& size) {
    return data_error("nnstatic: history CSV '" + path.string() + "' " + size + " the limit of " +
                      std::to_string(max_bytes) +
                      " bytes; pass a larger max_bytes to read_csv if the file is really a history");
  };
  // The stream opens a directory and fails only when reading it, without a reason: ask first.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw file_error("nnstatic: cannot read the history CSV '" + path.string() + "': it is a directory");
  // A regular file says its size; a pipe or a device (`/dev/zero`) is read until it passes the limit.
  if (const auto size = std::filesystem::file_size(path, ec); !ec && size > max_bytes)
    throw too_large("is " + std::to_string(size) + " bytes, more than");

  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw file_error("nnstatic: cannot open the history CSV '" + path.string() + "' for reading: " +
                     (errno != 0 ? std::generic_category().message(errno) : "the stream gives no reason"));
  std::string text;
  constexpr std::size_t chunk = std::size_t{1} << 16;
  while (in) {
    const std::size_t old = text.size();
    text.resize(old + chunk);
    in.read(text.data() + old, static_cast<std::streamsize>(chunk));
    text.resize(old + static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) throw too_large("holds more than");
  }
  if (in.bad()) throw file_error("nnstatic: reading the history CSV '" + path.string() + "' failed");
  return from_csv(text, path.string());
}

}  // namespace nnstatic
