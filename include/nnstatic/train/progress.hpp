#pragma once
/// The per-epoch progress display of `fit`: a redrawn bar on a terminal, one plain line per epoch in a log.
///
///     Epoch 3/10 [=========>....................] 312/938 - 4870 img/s - loss: 0.2713 - accuracy: 0.9012 - ETA: 6s
///     Epoch 3/10 - 12.3s - 4870 img/s - loss: 0.2713 - accuracy: 0.9012 - val_loss: 0.3011 - val_accuracy: 0.8890
///
/// The bar fits the terminal's width (see `detect_terminal_columns`); in 80 columns it reads
///
///     Epoch 3/10 [====>.........] 312/938 - loss: 0.2713 - accuracy: 0.9012 - ETA: 6s
#include <nnstatic/core/history.hpp>

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#if __has_include(<unistd.h>)
#include <unistd.h>
#elif __has_include(<io.h>)
#include <io.h>
#endif
#if __has_include(<sys/ioctl.h>)
#include <sys/ioctl.h>
#endif

namespace nnstatic {

/// How `progress` shows an epoch.
enum class progress_mode {
  bar,    ///< A terminal: one line redrawn in place with '\r' as batches finish.
  lines,  ///< A log, a pipe or CI: nothing during the epoch, then one line when it ends.
  quiet,  ///< Nothing at all.
};

/// `bar` when `stream` is a terminal, `lines` otherwise (a file, a pipe, most CI runners); `quiet` for a null
/// stream.
inline progress_mode detect_progress_mode(std::FILE* stream = stdout) noexcept {
  if (stream == nullptr) return progress_mode::quiet;
#if __has_include(<unistd.h>)
  return ::isatty(::fileno(stream)) != 0 ? progress_mode::bar : progress_mode::lines;
#elif __has_include(<io.h>)
  return ::_isatty(::_fileno(stream)) != 0 ? progress_mode::bar : progress_mode::lines;
#else
  return progress_mode::lines;
#endif
}

/// The width in columns of the terminal behind `stream`: the window size the terminal reports (`TIOCGWINSZ`), else
/// the `COLUMNS` environment variable, else 80. A redrawn line must stay within it: a longer one wraps, and '\r'
/// then returns only to the start of its last row, leaving the rows above on the screen at every redraw.
inline std::size_t detect_terminal_columns(std::FILE* stream = stdout) noexcept {
#if defined(TIOCGWINSZ) && __has_include(<unistd.h>)
  ::winsize window{};
  if (stream != nullptr && ::ioctl(::fileno(stream), TIOCGWINSZ, &window) == 0 && window.ws_col > 0)
    return window.ws_col;
#else
  (void)stream;
#endif
  // A shell sets COLUMNS but rarely exports it; when it is exported it is the user's word for the width.
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr) {
    const std::string_view text(columns);
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc{} && end == text.data() + text.size() && value > 0) return value;
  }
  return 80;
}

/// A clock `progress` can read: `now()` gives time points whose differences are durations. `steady_clock`
/// is one; tests pass a clock they move by hand.
template <class Clock>
concept progress_clock = requires(const Clock& clock) {
  { std::chrono::duration<double>(clock.now() - clock.now()) };
};

namespace detail {

// Fixed-point text that ignores the locale, unlike ostream << double.
inline void append_fixed(std::string& out, double value, int decimals) {
  std::array<char, 64> buffer{};
  const auto [end, ec] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed, decimals);
  out.append(buffer.data(), ec == std::errc{} ? end : buffer.data());
}

inline void append_count(std::string& out, std::size_t value, std::size_t width = 0) {
  std::array<char, 24> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  const auto length = static_cast<std::size_t>((ec == std::errc{} ? end : buffer.data()) - buffer.data());
  if (length < width) out.append(width - length, ' ');
  out.append(buffer.data(), length);
}

// "6s", "1:05", "1:02:03", as Keras prints an ETA.
inline void append_eta(std::string& out, double seconds) {
  const auto total = static_cast<std::size_t>(std::llround(seconds < 0.0 ? 0.0 : seconds));
  const std::size_t hours = total / 3600;
  const std::size_t minutes = total % 3600 / 60;
  const std::size_t rest = total % 60;
  if (hours > 0) {
    append_count(out, hours);
    out += minutes < 10 ? ":0" : ":";
    append_count(out, minutes);
  } else if (minutes > 0) {
    append_count(out, minutes);
  } else {
    append_count(out, rest);
    out += 's';
    return;
  }
  out += rest < 10 ? ":0" : ":";
  append_count(out, rest);
}

// "loss: 0.2713"
inline std::string named_figure(std::string_view name, double value) {
  std::string text(name);
  text += ": ";
  append_fixed(text, value, 4);
  return text;
}

// The columns `figures` take after a line, each as " - " and its text; empty figures are not shown.
inline std::size_t figures_width(std::span<const std::string> figures) {
  std::size_t width = 0;
  for (const std::string& figure : figures)
    if (!figure.empty()) width += 3 + figure.size();
  return width;
}

inline void append_figures(std::string& line, std::span<const std::string> figures) {
  for (const std::string& figure : figures)
    if (!figure.empty()) {
      line += " - ";
      line += figure;
    }
}

// The last resort when even the shortest form is wider than the terminal: a cut line, never a wrapped one.
inline void cut_to(std::string& line, std::size_t room) {
  if (line.size() > room) line.resize(room);
}

// `row`, then `figures` joined with " - " while they fit in `room` columns, the rest on indented rows of their
// own. An epoch's final line stays in the scrollback, so it leaves nothing out; it must not wrap either.
inline std::string wrap_figures(std::string row, std::span<const std::string> figures, std::size_t room) {
  std::string text;
  bool fresh_row = false;  // a continuation row with nothing on it yet but the indent
  for (const std::string& figure : figures) {
    if (figure.empty()) continue;
    if (!fresh_row && row.size() + 3 + figure.size() > room) {
      cut_to(row, room);
      text += row;
      text += '\n';
      row = "  ";
      fresh_row = true;
    }
    if (!fresh_row) row += " - ";
    row += figure;
    fresh_row = false;
  }
  cut_to(row, room);
  return text + row;
}

}  // namespace detail

/// Shows the progress of one epoch. `fit` makes one per epoch, calls `update` after every batch and `finish`
/// once with the epoch's record. In `bar` mode the line is redrawn at most every `redraw_interval` (a
/// terminal that redraws on every batch costs more than the batch) and always at the end of the epoch.
///
///     progress bar(std::cout, epoch, epochs, batches, detect_progress_mode());
///     bar.update(done, images, running_loss, running_accuracy);
///     bar.finish(record);
///
/// In `bar` mode no line is wider than `columns - 1` (by default the terminal's, `detect_terminal_columns`):
/// writing the last column leaves some terminals waiting to wrap, so the next '\r' lands on the row below.
/// A terminal too narrow for the whole line first gets a shorter bar (down to `min_bar_width`), then loses the
/// speed, the accuracy, the ETA and the loss in that order, then the bar. The epoch's final line keeps all its
/// figures and continues on indented rows instead. `lines` mode writes to logs, which have no width.
///
/// Time is read from `Clock` (see `progress_clock`); `progress` reads `std::chrono::steady_clock`.
template <progress_clock Clock>
class basic_progress {
 public:
  static constexpr std::size_t bar_width = 30;
  /// The narrowest bar worth drawing: in less room, figures are left out first.
  static constexpr std::size_t min_bar_width = 10;
  static constexpr std::chrono::milliseconds redraw_interval{100};

  basic_progress(std::ostream& out, std::size_t epoch, std::size_t epochs, std::size_t batches_per_epoch,
                 progress_mode mode, std::size_t columns = detect_terminal_columns(), Clock clock = Clock{})
      : out_(out),
        epoch_(epoch),
        epochs_(epochs),
        batches_(batches_per_epoch),
        mode_(mode),
        room_(columns > 1 ? columns - 1 : 1),
        clock_(std::move(clock)),
        start_(clock_.now()),
        last_draw_(start_) {}

  basic_progress(const basic_progress&) = delete;
  basic_progress& operator=(const basic_progress&) = delete;

  /// Ends a bar line left open by an epoch that did not finish (an exception in training), so that whatever
  /// is printed next starts on a line of its own.
  ~basic_progress() {
    if (mode_ == progress_mode::bar && drawn_width_ > 0 && !finished_) {
      try {
        out_ << '\n' << std::flush;
      } catch (...) {  // a destructor must not throw; the stream's own state records the failure
      }
    }
  }

  /// Reports that `batches_done` batches holding `images_done` images are trained, with the running means of
  /// the loss and the accuracy over them.
  void update(std::size_t batches_done, std::size_t images_done, double running_loss, double running_accuracy) {
    if (mode_ != progress_mode::bar || finished_) return;
    const auto now = clock_.now();
    const bool end_of_epoch = batches_done >= batches_;
    if (drawn_width_ > 0 && !end_of_epoch && now - last_draw_ < redraw_interval) return;
    last_draw_ = now;

    const double elapsed = seconds_between(start_, now);
    std::array<std::string, figure_count> figures;
    if (elapsed > 0.0) {
      detail::append_fixed(figures[speed_figure], static_cast<double>(images_done) / elapsed, 0);
      figures[speed_figure] += " img/s";
    }
    figures[loss_figure] = detail::named_figure("loss", running_loss);
    figures[accuracy_figure] = detail::named_figure("accuracy", running_accuracy);
    if (batches_done > 0 && !end_of_epoch) {
      figures[eta_figure] = "ETA: ";
      detail::append_eta(figures[eta_figure], elapsed / static_cast<double>(batches_done) *
                                                  static_cast<double>(batches_ - batches_done));
    }
    redraw(bar_line(batches_done, figures));
  }

  /// Prints the epoch's final line, with the validation figures when `record` has them, and ends it with '\n'.
  /// Time, speed and figures are taken from `record`. Later calls to `update` and `finish` print nothing.
  void finish(const epoch_record& record) {
    if (mode_ == progress_mode::quiet || finished_) return;
    finished_ = true;
    std::array<std::string, 6> figures;
    detail::append_fixed(figures[0], record.seconds, 1);
    figures[0] += 's';
    detail::append_fixed(figures[1], record.images_per_second, 0);
    figures[1] += " img/s";
    figures[2] = detail::named_figure("loss", record.loss);
    figures[3] = detail::named_figure("accuracy", record.accuracy);
    if (record.val_loss) figures[4] = detail::named_figure("val_loss", *record.val_loss);
    if (record.val_accuracy) figures[5] = detail::named_figure("val_accuracy", *record.val_accuracy);
    if (mode_ == progress_mode::bar) {
      const std::string rows = detail::wrap_figures(bar_head(batches_), figures, room_);
      const std::size_t first_row_end = rows.find('\n');
      redraw(rows.substr(0, first_row_end));
      if (first_row_end != std::string::npos) out_ << rows.substr(first_row_end);
    } else {
      std::string line = epoch_label();
      detail::append_figures(line, figures);
      out_ << line;
    }
    out_ << '\n' << std::flush;
  }

  progress_mode mode() const noexcept { return mode_; }

 private:
  // What the bar line shows after the count, in the order shown.
  enum : std::size_t { speed_figure, loss_figure, accuracy_figure, eta_figure, figure_count };
  // What a narrow terminal gives up first: the speed is on the epoch's final line anyway, and the loss is what
  // the user watches.
  static constexpr std::array<std::size_t, figure_count> drop_order{speed_figure, accuracy_figure, eta_figure,
                                                                    loss_figure};

  static double seconds_between(auto from, auto to) { return std::chrono::duration<double>(to - from).count(); }

  std::string epoch_label() const {
    std::string label = "Epoch ";
    detail::append_count(label, epoch_);
    label += '/';
    detail::append_count(label, epochs_);
    return label;
  }

  // "312/938", the count padded to the width of the total so that the rest of the line does not jump as it grows.
  std::string count_text(std::size_t batches_done) const {
    std::string total;
    detail::append_count(total, batches_);
    std::string count;
    detail::append_count(count, batches_done, total.size());
    count += '/';
    count += total;
    return count;
  }

  // "[=========>....................]" in `cells` cells between the brackets.
  std::string bar_text(std::size_t batches_done, std::size_t cells) const {
    const std::size_t done = batches_done < batches_ ? batches_done : batches_;
    const std::size_t filled = batches_ == 0 ? cells : done * cells / batches_;
    std::string bar = "[";
    bar.append(filled, '=');
    if (filled < cells) {
      bar += '>';
      bar.append(cells - filled - 1, '.');
    }
    bar += ']';
    return bar;
  }

  // Narrows the bar so that it fits beside `others` columns of text, or drops it when not even the narrowest
  // bar fits.
  void narrow_bar_to_fit(std::size_t others) {
    const std::size_t room_for_cells = others + 3 <= room_ ? room_ - others - 3 : 0;  // 3: " [" and "]"
    if (room_for_cells < bar_cells_) bar_cells_ = room_for_cells >= min_bar_width ? room_for_cells : 0;
  }

  // "Epoch 3/10 [=========>....................] 312/938", or without the bar when it does not fit.
  std::string bar_head(std::size_t batches_done, std::size_t figures_width = 0) {
    const std::string label = epoch_label();
    const std::string count = count_text(batches_done);
    narrow_bar_to_fit(label.size() + 1 + count.size() + figures_width);
    std::string line = label;
    if (bar_cells_ > 0) {
      line += ' ';
      line += bar_text(batches_done, bar_cells_);
    }
    line += ' ';
    line += count;
    return line;
  }

  // The line redrawn during the epoch, in at most room_ columns: figures are left out in drop_order until the
  // narrowest bar fits beside the rest, and the bar takes the room left. Within an epoch the line only ever gives
  // things up (a figure left out stays out, the bar never widens), so that it does not twitch as the ETA changes
  // length or as the speed would come back at the end of the epoch, when the ETA goes.
  std::string bar_line(std::size_t batches_done, std::array<std::string, figure_count>& figures) {
    const std::size_t head_width = epoch_label().size() + 1 + count_text(batches_done).size();
    for (const std::size_t figure : drop_order) {
      if (left_out_[figure]) figures[figure].clear();
    }
    for (const std::size_t figure : drop_order) {
      if (head_width + 3 + min_bar_width + detail::figures_width(figures) <= room_) break;
      figures[figure].clear();
      left_out_[figure] = true;
    }
    std::string line = bar_head(batches_done, detail::figures_width(figures));
    detail::append_figures(line, figures);
    detail::cut_to(line, room_);
    return line;
  }

  // '\r' returns to the start of the line; spaces blank what a longer previous line left behind.
  void redraw(const std::string& line) {
    out_ << '\r' << line;
    if (line.size() < drawn_width_) out_ << std::string(drawn_width_ - line.size(), ' ');
    if (line.size() > drawn_width_) drawn_width_ = line.size();
    out_ << std::flush;
  }

  using time_point = decltype(std::declval<const Clock&>().now());

  std::ostream& out_;
  std::size_t epoch_;
  std::size_t epochs_;
  std::size_t batches_;
  progress_mode mode_;
  std::size_t room_;  // the widest line: one column less than the terminal's
  Clock clock_;
  time_point start_;
  time_point last_draw_;
  std::size_t bar_cells_ = bar_width;
  std::array<bool, figure_count> left_out_{};
  std::size_t drawn_width_ = 0;
  bool finished_ = false;
};

/// The progress display on the steady clock.
using progress = basic_progress<std::chrono::steady_clock>;

}  // namespace nnstatic
