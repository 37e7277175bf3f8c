#pragma once
/// A chart of a training history as one self-contained SVG file: loss per epoch on the left, accuracy per
/// epoch on the right, training solid and validation dashed. No scripts, no external fonts or styles, so any
/// browser shows it and it can be attached to a report as it is.
#include <nnstatic/core/history.hpp>
#include <nnstatic/io/atomic_file.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace nnstatic {

namespace detail {

/// Geometry of the chart, in SVG user units (pixels at 100%).
struct svg_layout {
  static constexpr double width = 960.0;
  static constexpr double height = 420.0;
  static constexpr double panel_width = width / 2.0;
  static constexpr double plot_left = 72.0;   // from the panel's left edge: room for the tick labels
  static constexpr double plot_right = 28.0;  // from the panel's right edge
  static constexpr double plot_top = 104.0;
  static constexpr double plot_bottom = height - 60.0;
  static constexpr double inset = 10.0;  // keeps the first and last epoch off the axis lines
};

inline constexpr std::string_view svg_training_colour = "#1f77b4";
inline constexpr std::string_view svg_validation_colour = "#e8710a";

// Beyond this many points in a series its markers would merge into a thick line.
inline constexpr std::size_t svg_marker_limit = 40;

inline void append_svg_fixed(std::string& out, double value, int decimals) {
  std::array<char, 64> buffer{};
  const auto [end, ec] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed, decimals);
  out.append(buffer.data(), ec == std::errc{} ? end : buffer.data());
}

// Coordinates with one decimal: a tenth of a pixel is below what anyone sees and keeps the file small.
inline void append_svg_coordinate(std::string& out, double value) { append_svg_fixed(out, value, 1); }

/// Text escaped for XML character data and attribute values. Control characters that XML 1.0 forbids are
/// dropped, since no escape can spell them.
inline std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

/// An axis range widened to round numbers, with the step between its ticks (1, 2 or 5 times a power of ten).
struct svg_axis {
  double low = 0.0;
  double high = 1.0;
  double step = 0.2;

  std::size_t tick_count() const {
    const double count = std::floor(high / step + 1e-9) - std::ceil(low / step - 1e-9) + 1.0;
    // The ranges made here give 1 to 11 ticks; the bound only keeps a broken range from printing forever.
    return count >= 1.0 && count <= 64.0 ? static_cast<std::size_t>(count) : 0;
  }
  // Ticks are counted from an integer, not summed, so 0.1 + 0.1 + 0.1 never prints as 0.30000000000000004.
  double tick(std::size_t index) const { return (std::ceil(low / step - 1e-9) + static_cast<double>(index)) * step; }
  // Enough decimals to tell neighbouring ticks apart and no more.
  int decimals() const { return step >= 1.0 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9)); }

  /// The label of a tick: fixed-point for everyday magnitudes, scientific ("1.5e-12") where fixed-point would
  /// not fit beside the axis.
  void append_label(std::string& out, double value) const {
    if (std::abs(value) < step * 1e-6) value = 0.0;  // no "-0.0" from rounding noise
    const double largest = std::max(std::abs(low), std::abs(high));
    if (step >= 1e-4 && largest < 1e6) {
      append_svg_fixed(out, value, decimals());
      return;
    }
    // The same number of digits on every label, enough for the step at the largest magnitude.
    const int digits =
        std::max(0, static_cast<int>(std::floor(std::log10(largest) + 1e-9) - std::floor(std::log10(step) + 1e-9)));
    std::array<char, 64> buffer{};
    const auto [end, ec] =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::scientific, digits);
    out.append(buffer.data(), ec == std::errc{} ? end : buffer.data());
  }
};

inline double svg_nice_step(double span, double ticks_wanted) {
  const double rough = span / ticks_wanted;
  const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  const double normalized = rough / magnitude;
  const double factor = normalized < 1.5 ? 1.0 : normalized < 3.0 ? 2.0 : normalized < 7.0 ? 5.0 : 10.0;
  return factor * magnitude;
}

/// The value axis over data in [low, high]. A flat series gets a range around its value. Data with no negative
/// value gets no tick below 0 and, for `at_most_one` (accuracy), data with none above 1 no tick above 1.
inline svg_axis svg_value_axis(double low, double high, bool at_most_one) {
  const double data_low = low;
  const double data_high = high;
  if (!(high - low > 1e-12 * std::max(1.0, std::abs(high)))) {
    const double pad = low == 0.0 ? 0.5 : std::abs(low) * 0.05;
    low -= pad;
    high += pad;
  }
  svg_axis axis;
  axis.step = svg_nice_step(high - low, 5.0);
  axis.low = std::floor(low / axis.step + 1e-9) * axis.step;
  axis.high = std::ceil(high / axis.step - 1e-9) * axis.step;
  if (data_low >= 0.0 && axis.low < 0.0) axis.low = 0.0;
  if (at_most_one && data_high <= 1.0 && axis.high > 1.0) axis.high = 1.0;
  return axis;
}

/// The epoch axis: whole epochs only, spanning exactly the epochs shown.
inline svg_axis svg_epoch_axis(double first, double last) {
  svg_axis axis;
  if (last - first < 1.0) {
    axis.low = first - 0.5;
    axis.high = last + 0.5;
    axis.step = 1.0;
    return axis;
  }
  axis.low = first;
  axis.high = last;
  axis.step = std::max(1.0, svg_nice_step(last - first, 8.0));
  return axis;
}

struct svg_point {
  double epoch;
  double value;
};

// NaN and infinite values (a diverged run) cannot be placed on an axis; they are left out, and the line goes
// from the point before to the point after. So are values so large that the axis span would overflow.
template <class Figure>
std::vector<svg_point> svg_series(const history& runs, Figure figure) {
  std::vector<svg_point> points;
  for (const epoch_record& record : runs.epochs) {
    const std::optional<double> value = figure(record);
    if (value && std::abs(*value) <= 1e300) points.push_back({static_cast<double>(record.epoch), *value});
  }
  return points;
}

class svg_panel {
 public:
  svg_panel(double left, std::string_view heading, std::vector<svg_point> training, std::vector<svg_point> validation,
            bool at_most_one, std::size_t epochs_in_history)
      : left_(left),
        heading_(heading),
        training_(std::move(training)),
        validation_(std::move(validation)),
        no_data_note_(epochs_in_history == 0 ? "no epochs" : "no finite values") {
    double low_epoch = 0.0, high_epoch = 0.0, low_value = 0.0, high_value = 0.0;
    bool any = false;
    for (const std::vector<svg_point>* series : {&training_, &validation_})
      for (const svg_point& point : *series) {
        low_epoch = any ? std::min(low_epoch, point.epoch) : point.epoch;
        high_epoch = any ? std::max(high_epoch, point.epoch) : point.epoch;
        low_value = any ? std::min(low_value, point.value) : point.value;
        high_value = any ? std::max(high_value, point.value) : point.value;
        any = true;
      }
    has_data_ = any;
    if (any) {
      x_ = svg_epoch_axis(low_epoch, high_epoch);
      y_ = svg_value_axis(low_value, high_value, at_most_one);
    } else {
      x_ = svg_epoch_axis(1.0, 1.0);
      y_ = svg_value_axis(0.0, 1.0, at_most_one);
    }
  }

  void render(std::string& out) const {
    const double left = plot_left(), right = plot_right(), top = svg_layout::plot_top, bottom = svg_layout::plot_bottom;
    out += "<g>\n";

    out += "<text x=\"";
    append_svg_coordinate(out, (left + right) / 2.0);
    out += "\" y=\"";
    append_svg_coordinate(out, top - 14.0);
    out += "\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"#222\">";
    out += xml_escape(heading_);
    out += "</text>\n";

    // Horizontal grid lines with their value labels.
    for (std::size_t i = 0; i < y_.tick_count(); ++i) {
      const double value = y_.tick(i);
      const double y = y_of(value);
      out += "<line x1=\"";
      append_svg_coordinate(out, left);
      out += "\" y1=\"";
      append_svg_coordinate(out, y);
      out += "\" x2=\"";
      append_svg_coordinate(out, right);
      out += "\" y2=\"";
      append_svg_coordinate(out, y);
      out += "\" stroke=\"#e3e3e3\" stroke-width=\"1\"/>\n";
      out += "<text x=\"";
      append_svg_coordinate(out, left - 8.0);
      out += "\" y=\"";
      append_svg_coordinate(out, y + 4.0);
      out += "\" text-anchor=\"end\" font-size=\"12\" fill=\"#444\">";
      y_.append_label(out, value);
      out += "</text>\n";
    }

    // Epoch ticks below the plot.
    for (std::size_t i = 0; i < x_.tick_count(); ++i) {
      const double epoch = x_.tick(i);
      const double x = x_of(epoch);
      out += "<line x1=\"";
      append_svg_coordinate(out, x);
      out += "\" y1=\"";
      append_svg_coordinate(out, bottom);
      out += "\" x2=\"";
      append_svg_coordinate(out, x);
      out += "\" y2=\"";
      append_svg_coordinate(out, bottom + 5.0);
      out += "\" stroke=\"#333\" stroke-width=\"1\"/>\n";
      out += "<text x=\"";
      append_svg_coordinate(out, x);
      out += "\" y=\"";
      append_svg_coordinate(out, bottom + 19.0);
      out += "\" text-anchor=\"middle\" font-size=\"12\" fill=\"#444\">";
      x_.append_label(out, epoch);
      out += "</text>\n";
    }

    out += "<text x=\"";
    append_svg_coordinate(out, (left + right) / 2.0);
    out += "\" y=\"";
    append_svg_coordinate(out, bottom + 42.0);
    out += "\" text-anchor=\"middle\" font-size=\"13\" fill=\"#222\">epoch</text>\n";

    // The axes go over the grid lines.
    out += "<path d=\"M";
    append_svg_coordinate(out, left);
    out += ' ';
    append_svg_coordinate(out, top);
    out += "V";
    append_svg_coordinate(out, bottom);
    out += "H";
    append_svg_coordinate(out, right);
    out += "\" fill=\"none\" stroke=\"#333\" stroke-width=\"1\"/>\n";

    if (!has_data_) {
      out += "<text x=\"";
      append_svg_coordinate(out, (left + right) / 2.0);
      out += "\" y=\"";
      append_svg_coordinate(out, (top + bottom) / 2.0);
      out += "\" text-anchor=\"middle\" font-size=\"13\" fill=\"#888\">";
      out += no_data_note_;
      out += "</text>\n";
    }

    render_series(out, training_, svg_training_colour, false);
    render_series(out, validation_, svg_validation_colour, true);
    out += "</g>\n";
  }

 private:
  double plot_left() const { return left_ + svg_layout::plot_left; }
  double plot_right() const { return left_ + svg_layout::panel_width - svg_layout::plot_right; }

  double x_of(double epoch) const {
    const double from = plot_left() + svg_layout::inset, to = plot_right() - svg_layout::inset;
    return from + (epoch - x_.low) / (x_.high - x_.low) * (to - from);
  }
  double y_of(double value) const {
    return svg_layout::plot_bottom -
           (value - y_.low) / (y_.high - y_.low) * (svg_layout::plot_bottom - svg_layout::plot_top);
  }

  void render_series(std::string& out, const std::vector<svg_point>& points, std::string_view colour,
                     bool dashed) const {
    if (points.empty()) return;
    const std::string_view kind = dashed ? "validation" : "training";
    if (points.size() >= 2) {
      out += "<polyline class=\"";
      out += kind;
      out += "\" points=\"";
      for (std::size_t i = 0; i < points.size(); ++i) {
        if (i > 0) out += ' ';
        append_svg_coordinate(out, x_of(points[i].epoch));
        out += ',';
        append_svg_coordinate(out, y_of(points[i].value));
      }
      out += "\" fill=\"none\" stroke=\"";
      out += colour;
      out += "\" stroke-width=\"2\" stroke-linejoin=\"round\"";
      if (dashed) out += " stroke-dasharray=\"7 4\"";
      out += "/>\n";
    }
    // Markers show which epochs have a value (validation may run every few epochs), until there are so many
    // that they would merge into a thick line. A single point makes no line, so it always gets one.
    if (points.size() > svg_marker_limit) return;
    for (const svg_point& point : points) {
      out += "<circle cx=\"";
      append_svg_coordinate(out, x_of(point.epoch));
      out += "\" cy=\"";
      append_svg_coordinate(out, y_of(point.value));
      out += "\" r=\"3\" stroke=\"";
      out += colour;
      out += "\" stroke-width=\"1.5\" fill=\"";
      out += dashed ? std::string_view("#fff") : colour;
      out += "\"/>\n";
    }
  }

  double left_;
  std::string_view heading_;
  std::vector<svg_point> training_;
  std::vector<svg_point> validation_;
  std::string_view no_data_note_;
  bool has_data_ = false;
  svg_axis x_;
  svg_axis y_;
};

inline void svg_legend_entry(std::string& out, double x, double y, std::string_view colour, bool dashed,
                             std::string_view label) {
  out += "<line x1=\"";
  append_svg_coordinate(out, x);
  out += "\" y1=\"";
  append_svg_coordinate(out, y);
  out += "\" x2=\"";
  append_svg_coordinate(out, x + 30.0);
  out += "\" y2=\"";
  append_svg_coordinate(out, y);
  out += "\" stroke=\"";
  out += colour;
  out += "\" stroke-width=\"2\"";
  if (dashed) out += " stroke-dasharray=\"7 4\"";
  out += "/>\n<text x=\"";
  append_svg_coordinate(out, x + 38.0);
  out += "\" y=\"";
  append_svg_coordinate(out, y + 4.5);
  out += "\" font-size=\"13\" fill=\"#222\">";
  out += label;
  out += "</text>\n";
}

}  // namespace detail

/// The history as an SVG document: a title, a legend, and two panels side by side, loss per epoch and
/// accuracy per epoch, training solid and validation dashed (drawn only when the history has validation).
/// NaN and infinite values are left out; a single epoch shows as a point.
inline std::string svg_chart(const history& runs, std::string_view title) {
  using detail::svg_layout;
  std::string out;
  out.reserve(8192 + 256 * runs.size());
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"";
  detail::append_svg_fixed(out, svg_layout::width, 0);
  out += "\" height=\"";
  detail::append_svg_fixed(out, svg_layout::height, 0);
  out += "\" viewBox=\"0 0 ";
  detail::append_svg_fixed(out, svg_layout::width, 0);
  out += ' ';
  detail::append_svg_fixed(out, svg_layout::height, 0);
  // Fonts found on the viewer's machine, falling back to the generic family: nothing is embedded or fetched.
  out += "\" font-family=\"Helvetica, Arial, sans-serif\">\n";
  const std::string escaped_title = detail::xml_escape(title);
  out += "<title>";
  out += escaped_title;
  out += "</title>\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n";
  out += "<text x=\"";
  detail::append_svg_coordinate(out, svg_layout::width / 2.0);
  out += "\" y=\"34\" text-anchor=\"middle\" font-size=\"19\" font-weight=\"bold\" fill=\"#111\">";
  out += escaped_title;
  out += "</text>\n";

  const auto loss = [](const epoch_record& r) -> std::optional<double> { return r.loss; };
  const auto val_loss = [](const epoch_record& r) { return r.val_loss; };
  const auto accuracy = [](const epoch_record& r) -> std::optional<double> { return r.accuracy; };
  const auto val_accuracy = [](const epoch_record& r) { return r.val_accuracy; };
  std::vector<detail::svg_point> validation_loss = detail::svg_series(runs, val_loss);
  std::vector<detail::svg_point> validation_accuracy = detail::svg_series(runs, val_accuracy);

  // Validation is in the legend only when it has something to draw; one entry is about 100 units wide.
  const bool validated = !validation_loss.empty() || !validation_accuracy.empty();
  const double legend_width = validated ? 240.0 : 90.0;
  const double legend_x = (svg_layout::width - legend_width) / 2.0;
  detail::svg_legend_entry(out, legend_x, 62.0, detail::svg_training_colour, false, "training");
  if (validated)
    detail::svg_legend_entry(out, legend_x + 140.0, 62.0, detail::svg_validation_colour, true, "validation");

  detail::svg_panel(0.0, "loss", detail::svg_series(runs, loss), std::move(validation_loss), false, runs.size())
      .render(out);
  detail::svg_panel(svg_layout::panel_width, "accuracy", detail::svg_series(runs, accuracy),
                    std::move(validation_accuracy), true, runs.size())
      .render(out);
  out += "</svg>\n";
  return out;
}

/// Writes `svg_chart(runs, title)` to `path` through a temporary file and a rename. Throws `file_error`.
inline void write_svg_chart(const history& runs, const std::filesystem::path& path, std::string_view title) {
  io::write_atomically(path, svg_chart(runs, title));
}

}  // namespace nnstatic
