#pragma once
/// The per-epoch progress display of `fit`: a redrawn bar on a terminal, one plain line per epoch in a log.
///
///     Epoch 3/10 [=========>....................] 312/938 - 4870 img/s - loss: 0.2713 - accuracy: 0.9012 - ETA: 6s
///     Epoch 3/10 - 12.3s - 4870 img/s - loss: 0.2713 - accuracy: 0.9012 - val_loss: 0.3011 - val_accuracy: 0.8890
#include <nnstatic/train/history.hpp>

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <ostream>
#include <string>
#include <system_error>
#include <utility>

#if __has_include(<unistd.h>)
#include <unistd.h>
#elif __has_include(<io.h>)
#include <io.h>
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

}  // namespace detail

/// Shows the progress of one epoch. `fit` makes one per epoch, calls `update` after every batch and `finish`
/// once with the epoch's record. In `bar` mode the line is redrawn at most every `redraw_interval` (a
/// terminal that redraws on every batch costs more than the batch) and always at the end of the epoch.
///
///     progress bar(std::cout, epoch, epochs, batches, detect_progress_mode());
///     bar.update(done, images, running_loss, running_accuracy);
///     bar.finish(record);
///
/// Time is read from `Clock` (see `progress_clock`); `progress` reads `std::chrono::steady_clock`.
template <progress_clock Clock>
class basic_progress {
 public:
  static constexpr std::size_t bar_width = 30;
  static constexpr std::chrono::milliseconds redraw_interval{100};

  basic_progress(std::ostream& out, std::size_t epoch, std::size_t epochs, std::size_t batches_per_epoch,
                 progress_mode mode, Clock clock = Clock{})
      : out_(out),
        epoch_(epoch),
        epochs_(epochs),
        batches_(batches_per_epoch),
        mode_(mode),
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
    std::string line = bar_prefix(batches_done);
    if (elapsed > 0.0) {
      line += " - ";
      detail::append_fixed(line, static_cast<double>(images_done) / elapsed, 0);
      line += " img/s";
    }
    append_figures(line, running_loss, running_accuracy);
    if (batches_done > 0 && !end_of_epoch) {
      line += " - ETA: ";
      detail::append_eta(line,
                         elapsed / static_cast<double>(batches_done) * static_cast<double>(batches_ - batches_done));
    }
    redraw(line);
  }

  /// Prints the epoch's final line, with the validation figures when `record` has them, and ends it with '\n'.
  /// Time, speed and figures are taken from `record`. Later calls to `update` and `finish` print nothing.
  void finish(const epoch_record& record) {
    if (mode_ == progress_mode::quiet || finished_) return;
    finished_ = true;
    std::string line = mode_ == progress_mode::bar ? bar_prefix(batches_) : epoch_label();
    line += " - ";
    detail::append_fixed(line, record.seconds, 1);
    line += "s - ";
    detail::append_fixed(line, record.images_per_second, 0);
    line += " img/s";
    append_figures(line, record.loss, record.accuracy);
    if (record.val_loss) {
      line += " - val_loss: ";
      detail::append_fixed(line, *record.val_loss, 4);
    }
    if (record.val_accuracy) {
      line += " - val_accuracy: ";
      detail::append_fixed(line, *record.val_accuracy, 4);
    }
    if (mode_ == progress_mode::bar)
      redraw(line);
    else
      out_ << line;
    out_ << '\n' << std::flush;
  }

  progress_mode mode() const noexcept { return mode_; }

 private:
  static double seconds_between(auto from, auto to) { return std::chrono::duration<double>(to - from).count(); }

  std::string epoch_label() const {
    std::string label = "Epoch ";
    detail::append_count(label, epoch_);
    label += '/';
    detail::append_count(label, epochs_);
    return label;
  }

  // "Epoch 3/10 [=========>....................] 312/938"; the count is padded to the width of the total so
  // that the rest of the line does not jump as the count grows.
  std::string bar_prefix(std::size_t batches_done) const {
    const std::size_t done = batches_done < batches_ ? batches_done : batches_;
    const std::size_t filled = batches_ == 0 ? bar_width : done * bar_width / batches_;
    std::string line = epoch_label();
    line += " [";
    line.append(filled, '=');
    if (filled < bar_width) {
      line += '>';
      line.append(bar_width - filled - 1, '.');
    }
    line += "] ";
    std::string total;
    detail::append_count(total, batches_);
    detail::append_count(line, batches_done, total.size());
    line += '/';
    line += total;
    return line;
  }

  static void append_figures(std::string& line, double loss, double accuracy) {
    line += " - loss: ";
    detail::append_fixed(line, loss, 4);
    line += " - accuracy: ";
    detail::append_fixed(line, accuracy, 4);
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
  Clock clock_;
  time_point start_;
  time_point last_draw_;
  std::size_t drawn_width_ = 0;
  bool finished_ = false;
};

/// The progress display on the steady clock.
using progress = basic_progress<std::chrono::steady_clock>;

}  // namespace nnstatic
