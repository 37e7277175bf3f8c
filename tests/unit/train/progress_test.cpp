#include <nnstatic/train/progress.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <locale>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

namespace {

using namespace std::chrono_literals;
using nnstatic::epoch_record;
using nnstatic::progress_mode;

// A clock that only moves when the test moves it, so no test sleeps or depends on the machine's speed.
struct manual_clock {
  struct state {
    std::chrono::steady_clock::time_point now{};
    void advance(std::chrono::nanoseconds by) { now += by; }
  };
  state* time;
  std::chrono::steady_clock::time_point now() const { return time->now; }
};

using test_progress = nnstatic::basic_progress<manual_clock>;

// A terminal wide enough for every line in full, so that the tests of the content see it all.
constexpr std::size_t wide = 200;

static_assert(nnstatic::progress_clock<std::chrono::steady_clock>);
static_assert(nnstatic::progress_clock<manual_clock>);
static_assert(!nnstatic::progress_clock<int>);

epoch_record record_with_validation() {
  return {.epoch = 3,
          .loss = 0.2713,
          .accuracy = 0.9012,
          .val_loss = 0.3011,
          .val_accuracy = 0.889,
          .seconds = 12.3,
          .images_per_second = 4870.0};
}

epoch_record record_without_validation() {
  return {.epoch = 3, .loss = 0.2713, .accuracy = 0.9012, .seconds = 12.3, .images_per_second = 4870.0};
}

std::size_t redraws(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\r'));
}

// The rows a terminal would show for `text`: what lies between carriage returns and line feeds.
std::vector<std::string> rows(const std::string& text) {
  std::vector<std::string> result(1);
  for (const char c : text) {
    if (c == '\r' || c == '\n') result.emplace_back();
    else result.back() += c;
  }
  return result;
}

std::string trimmed(std::string row) {
  while (row.ends_with(' ')) row.pop_back();
  return row;
}

std::size_t widest_row(const std::string& text) {
  std::size_t widest = 0;
  for (const std::string& row : rows(text)) widest = std::max(widest, row.size());
  return widest;
}

// One epoch of 938 batches drawn in a terminal `columns` wide, the bar redrawn at five points and then finished.
std::string epoch_in(std::size_t columns, const epoch_record& record) {
  manual_clock::state time;
  std::ostringstream out;
  test_progress progress(out, 3, 10, 938, progress_mode::bar, columns, manual_clock{&time});
  for (const std::size_t batch : std::array<std::size_t, 5>{1, 312, 600, 937, 938}) {
    time.advance(1s);
    progress.update(batch, batch * 64, 0.2713, 0.9012);
  }
  progress.finish(record);
  return out.str();
}

// Sets an environment variable for the life of a test and puts back what was there.
class scoped_environment {
 public:
  scoped_environment(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  scoped_environment(const scoped_environment&) = delete;
  scoped_environment& operator=(const scoped_environment&) = delete;
  ~scoped_environment() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// A numeric punctuation that would turn 0.2713 into 0,2713 and 4870 into 4.870 if the display used it.
struct comma_decimals : std::numpunct<char> {
  char do_decimal_point() const override { return ','; }
  char do_thousands_sep() const override { return '.'; }
  std::string do_grouping() const override { return "\3"; }
};

}  // namespace

TEST_CASE("lines mode prints nothing during the epoch and one line at its end") {
  manual_clock::state time;
  std::ostringstream out;
  {
    test_progress progress(out, 3, 10, 938, progress_mode::lines, wide, manual_clock{&time});
    for (std::size_t batch = 1; batch <= 938; ++batch) {
      time.advance(13ms);
      progress.update(batch, batch * 64, 0.3, 0.9);
    }
    CHECK(out.str().empty());
    progress.finish(record_with_validation());
  }
  CHECK(
      out.str() ==
      "Epoch 3/10 - 12.3s - 4870 img/s - loss: 0.2713 - accuracy: 0.9012 - val_loss: 0.3011 - val_accuracy: 0.8890\n");
}

TEST_CASE("lines mode leaves out validation figures the epoch does not have") {
  manual_clock::state time;
  std::ostringstream out;
  test_progress progress(out, 3, 10, 938, progress_mode::lines, wide, manual_clock{&time});
  progress.finish(record_without_validation());
  CHECK(out.str() == "Epoch 3/10 - 12.3s - 4870 img/s - loss: 0.2713 - accuracy: 0.9012\n");

  epoch_record only_loss = record_without_validation();
  only_loss.val_loss = 0.5;
  std::ostringstream other;
  test_progress(other, 3, 10, 938, progress_mode::lines, wide, manual_clock{&time}).finish(only_loss);
  CHECK(other.str() == "Epoch 3/10 - 12.3s - 4870 img/s - loss: 0.2713 - accuracy: 0.9012 - val_loss: 0.5000\n");
}

TEST_CASE("bar mode draws the bar, the count, the speed, the running figures and the ETA") {
  manual_clock::state time;
  std::ostringstream out;
  test_progress progress(out, 3, 10, 938, progress_mode::bar, wide, manual_clock{&time});
  time.advance(2s);
  // 312 of 938 batches in 2 s: 9984 images at 4992 img/s; 626 batches to go at 2/312 s each is 4.01 s.
  progress.update(312, 312 * 32, 0.2713, 0.9012);
  CHECK(out.str() ==
        "\rEpoch 3/10 [=========>....................] 312/938 - 4992 img/s - loss: 0.2713 - accuracy: 0.9012 - "
        "ETA: 4s");
}

TEST_CASE("bar mode pads the count to the width of the total") {
  manual_clock::state time;
  std::ostringstream out;
  test_progress progress(out, 1, 2, 100, progress_mode::bar, wide, manual_clock{&time});
  time.advance(1s);
  progress.update(5, 50, 1.0, 0.5);
  CHECK(out.str() ==
        "\rEpoch 1/2 [=>............................]   5/100 - 50 img/s - loss: 1.0000 - accuracy: 0.5000 - "
        "ETA: 19s");
}

TEST_CASE("bar mode redraws at most every 100 ms, but always at the end of the epoch") {
  manual_clock::state time;
  std::ostringstream out;
  test_progress progress(out, 1, 1, 10, progress_mode::bar, wide, manual_clock{&time});
  time.advance(10ms);
  progress.update(1, 10, 1.0, 0.1);  // the first update always draws
  CHECK(redraws(out.str()) == 1);
  time.advance(50ms);
  progress.update(2, 20, 1.0, 0.1);
  CHECK(redraws(out.str()) == 1);
  time.advance(49ms);
  progress.update(3, 30, 1.0, 0.1);
  CHECK(redraws(out.str()) == 1);
  time.advance(1ms);  // 100 ms after the last drawing
  progress.update(4, 40, 1.0, 0.1);
  CHECK(redraws(out.str()) == 2);
  for (std::size_t batch = 5; batch <= 9; ++batch) {
    time.advance(1ms);
    progress.update(batch, batch * 10, 1.0, 0.1);
  }
  CHECK(redraws(out.str()) == 2);
  time.advance(1ms);
  progress.update(10, 100, 1.0, 0.1);
  CHECK(redraws(out.str()) == 3);
  CHECK(out.str().find("10/10") != std::string::npos);
}

TEST_CASE("bar mode blanks what a longer previous line left behind") {
  manual_clock::state time;
  std::ostringstream out;
  test_progress progress(out, 1, 1, 4, progress_mode::bar, wide, manual_clock{&time});
  time.advance(1s);
  progress.update(1, 100, 1.0, 0.5);
  const std::string first = out.str().substr(1);
  CHECK(first.ends_with(" - ETA: 3s"));
  time.advance(1s);
  progress.update(4, 400, 1.0, 0.5);  // the end of the epoch: no ETA, so a shorter line
  const std::string second = out.str().substr(1 + first.size() + 1);
  CHECK(second.size() == first.size());
  CHECK(
      second.starts_with("Epoch 1/1 [==============================] 4/4 - 200 img/s - loss: 1.0000 - "
                         "accuracy: 0.5000   "));
}

TEST_CASE("the ETA switches to minutes and hours as Keras prints them") {
  manual_clock::state time;
  std::ostringstream minutes;
  {
    test_progress progress(minutes, 1, 1, 100, progress_mode::bar, wide, manual_clock{&time});
    time.advance(2s);
    progress.update(1, 1, 1.0, 1.0);  // 99 batches at 2 s
  }
  CHECK(minutes.str().find("ETA: 3:18") != std::string::npos);

  std::ostringstream hours;
  test_progress progress(hours, 1, 1, 10000, progress_mode::bar, wide, manual_clock{&time});
  time.advance(2s);
  progress.update(1, 1, 1.0, 1.0);  // 9999 batches at 2 s
  CHECK(hours.str().find("ETA: 5:33:18") != std::string::npos);
}

TEST_CASE("bar mode ends the epoch by redrawing the full bar with the record's figures and a newline") {
  manual_clock::state time;
  std::ostringstream out;
  test_progress progress(out, 3, 10, 938, progress_mode::bar, wide, manual_clock{&time});
  time.advance(1s);
  progress.update(100, 3200, 0.4, 0.8);
  out.str("");
  progress.finish(record_with_validation());
  const std::string line = out.str();
  CHECK(
      line.starts_with("\rEpoch 3/10 [==============================] 938/938 - 12.3s - 4870 img/s - loss: 0.2713 - "
                       "accuracy: 0.9012 - val_loss: 0.3011 - val_accuracy: 0.8890"));
  CHECK(line.ends_with("\n"));
  CHECK(line.find("ETA") == std::string::npos);

  out.str("");
  time.advance(1s);
  progress.update(938, 30000, 0.4, 0.8);
  progress.finish(record_with_validation());
  CHECK(out.str().empty());
}

TEST_CASE("a bar left open by an unfinished epoch is ended when the display goes away") {
  manual_clock::state time;
  std::ostringstream out;
  {
    test_progress progress(out, 1, 1, 10, progress_mode::bar, wide, manual_clock{&time});
    progress.update(1, 10, 1.0, 0.5);
  }
  CHECK(out.str().ends_with("\n"));
  CHECK(redraws(out.str()) == 1);
}

TEST_CASE("quiet mode prints nothing at all") {
  manual_clock::state time;
  std::ostringstream out;
  {
    test_progress progress(out, 1, 1, 10, progress_mode::quiet, wide, manual_clock{&time});
    progress.update(5, 50, 1.0, 0.5);
    progress.finish(record_with_validation());
  }
  CHECK(out.str().empty());
}

TEST_CASE("the figures ignore the stream's locale") {
  manual_clock::state time;
  std::ostringstream out;
  out.imbue(std::locale(std::locale::classic(), new comma_decimals));
  test_progress progress(out, 3, 10, 938, progress_mode::lines, wide, manual_clock{&time});
  progress.finish(record_with_validation());
  CHECK(
      out.str() ==
      "Epoch 3/10 - 12.3s - 4870 img/s - loss: 0.2713 - accuracy: 0.9012 - val_loss: 0.3011 - val_accuracy: 0.8890\n");
}

TEST_CASE("an epoch with no batches still shows a full bar") {
  manual_clock::state time;
  std::ostringstream out;
  test_progress progress(out, 1, 1, 0, progress_mode::bar, wide, manual_clock{&time});
  progress.update(0, 0, 0.0, 0.0);
  CHECK(out.str() == "\rEpoch 1/1 [==============================] 0/0 - loss: 0.0000 - accuracy: 0.0000");
}

TEST_CASE("the display mode follows whether the stream is a terminal") {
  CHECK(nnstatic::detect_progress_mode(nullptr) == progress_mode::quiet);
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  CHECK(nnstatic::detect_progress_mode(file) == progress_mode::lines);
  std::fclose(file);
}

TEST_CASE("progress runs on the steady clock") {
  std::ostringstream out;
  nnstatic::progress progress(out, 1, 1, 1, progress_mode::lines);
  CHECK(progress.mode() == progress_mode::lines);
  progress.finish(record_without_validation());
  CHECK(out.str() == "Epoch 1/1 - 12.3s - 4870 img/s - loss: 0.2713 - accuracy: 0.9012\n");
}

TEST_CASE("in 80 columns the bar narrows and the speed is left out, so that no line reaches the last column") {
  manual_clock::state time;
  std::ostringstream out;
  test_progress progress(out, 3, 10, 938, progress_mode::bar, 80, manual_clock{&time});
  time.advance(2s);
  progress.update(312, 312 * 32, 0.2713, 0.9012);
  CHECK(out.str() == "\rEpoch 3/10 [====>.........] 312/938 - loss: 0.2713 - accuracy: 0.9012 - ETA: 4s");
  CHECK(out.str().size() - 1 <= 79);
}

TEST_CASE("no line of an epoch is wider than the terminal less one column, whatever its width") {
  for (const std::size_t columns : std::array<std::size_t, 15>{200, 120, 100, 80, 72, 60, 50, 40, 30, 20, 12, 8, 2, 1, 0}) {
    CAPTURE(columns);
    const std::size_t room = columns > 1 ? columns - 1 : 1;
    CHECK(widest_row(epoch_in(columns, record_with_validation())) <= room);
    CHECK(widest_row(epoch_in(columns, record_without_validation())) <= room);
  }
}

TEST_CASE("a narrow terminal gives up the speed, the accuracy, the ETA and the loss in that order, then the bar") {
  const auto first_draw = [](std::size_t columns) {
    manual_clock::state time;
    std::ostringstream out;
    test_progress progress(out, 3, 10, 938, progress_mode::bar, columns, manual_clock{&time});
    time.advance(2s);
    progress.update(312, 312 * 32, 0.2713, 0.9012);
    return out.str().substr(1);
  };
  CHECK(first_draw(200).find("img/s") != std::string::npos);
  CHECK(first_draw(80) == "Epoch 3/10 [====>.........] 312/938 - loss: 0.2713 - accuracy: 0.9012 - ETA: 4s");
  CHECK(first_draw(60) == "Epoch 3/10 [====>........] 312/938 - loss: 0.2713 - ETA: 4s");
  CHECK(first_draw(50) == "Epoch 3/10 [====>........] 312/938 - loss: 0.2713");
  CHECK(first_draw(40) == "Epoch 3/10 [=====>............] 312/938");
  CHECK(first_draw(24) == "Epoch 3/10 312/938");
  CHECK(first_draw(12) == "Epoch 3/10 ");
}

TEST_CASE("within an epoch the bar line only ever gives things up, so that it does not twitch") {
  manual_clock::state time;
  std::ostringstream out;
  test_progress progress(out, 1, 1, 100000, progress_mode::bar, 80, manual_clock{&time});
  time.advance(1s);
  progress.update(99990, 99990, 1.0, 0.5);  // "ETA: 0s"
  time.advance(1s);
  progress.update(1000, 1000, 1.0, 0.5);  // "ETA: 3:18" narrows the bar
  time.advance(1s);
  progress.update(99990, 99990, 1.0, 0.5);  // "ETA: 0s" again, and the bar stays as narrow
  time.advance(1s);
  progress.update(100000, 100000, 1.0, 0.5);  // the end: no ETA, yet the speed left out stays out
  const auto drawn = rows(out.str());
  REQUIRE(drawn.size() == 5);
  const auto bar_length = [](const std::string& row) { return row.find(']') - row.find('['); };
  CHECK(bar_length(drawn[2]) == bar_length(drawn[1]) - 2);
  CHECK(bar_length(drawn[3]) == bar_length(drawn[2]));
  CHECK(bar_length(drawn[4]) == bar_length(drawn[2]));
  for (const std::string& row : drawn) CHECK(row.find("img/s") == std::string::npos);
}

TEST_CASE("in a narrow terminal the epoch's final line keeps every figure on indented rows") {
  const std::string text = epoch_in(80, record_with_validation());
  const auto last_rows = [&] {
    const auto all = rows(text);
    std::vector<std::string> tail;
    for (std::size_t r = all.size() - 3; r < all.size(); ++r) tail.push_back(all[r]);
    return tail;
  }();
  CHECK(trimmed(last_rows[0]) == "Epoch 3/10 [===========] 938/938 - 12.3s - 4870 img/s - loss: 0.2713");
  CHECK(last_rows[1] == "  accuracy: 0.9012 - val_loss: 0.3011 - val_accuracy: 0.8890");
  CHECK(last_rows[2].empty());
  CHECK(text.ends_with("\n"));

  const std::string narrow = epoch_in(24, record_with_validation());
  for (const std::string_view figure : {"12.3s", "4870 img/s", "loss: 0.2713", "accuracy: 0.9012", "val_loss: 0.3011",
                                        "val_accuracy: 0.8890"})
    CHECK(narrow.find(figure) != std::string::npos);
}

TEST_CASE("lines mode is for logs, which have no width: its line is whole at any width") {
  manual_clock::state time;
  std::ostringstream out;
  test_progress progress(out, 3, 10, 938, progress_mode::lines, 40, manual_clock{&time});
  progress.finish(record_with_validation());
  CHECK(
      out.str() ==
      "Epoch 3/10 - 12.3s - 4870 img/s - loss: 0.2713 - accuracy: 0.9012 - val_loss: 0.3011 - val_accuracy: 0.8890\n");
}

TEST_CASE("away from a terminal the width comes from COLUMNS, else it is 80") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  {
    const scoped_environment columns("COLUMNS", "57");
    CHECK(nnstatic::detect_terminal_columns(file) == 57);
  }
  for (const char* unusable : {"", "0", "abc", "80x", "-5", "99999999999999999999999"}) {
    CAPTURE(unusable);
    const scoped_environment columns("COLUMNS", unusable);
    CHECK(nnstatic::detect_terminal_columns(file) == 80);
  }
  {
    const scoped_environment columns("COLUMNS", nullptr);
    CHECK(nnstatic::detect_terminal_columns(file) == 80);
    CHECK(nnstatic::detect_terminal_columns(nullptr) == 80);
  }
  std::fclose(file);
}
