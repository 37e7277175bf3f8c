// The progress bar under a real pseudo-terminal: the child process draws an epoch to a terminal of a given width
// and the test reads what the terminal received. A row wider than the terminal wraps, and every redraw then
// leaves the wrapped rows behind, so no row may be wider than the terminal less one column.
#include <nnstatic/train/progress.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#if __has_include(<pty.h>)
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;

// What fit does in one epoch: a display on the steady clock that detects the mode and the width of standard
// output, redrawn five times (further apart than the redraw interval), then the epoch's final line.
void draw_an_epoch() {
  nnstatic::progress bar(std::cout, 3, 10, 938, nnstatic::detect_progress_mode(stdout));
  for (const std::size_t batch : std::array<std::size_t, 5>{1, 312, 600, 937, 938}) {
    std::this_thread::sleep_for(nnstatic::progress::redraw_interval + 10ms);
    bar.update(batch, batch * 64, 0.2713, 0.9012);
  }
  bar.finish({.epoch = 3,
              .loss = 0.2713,
              .accuracy = 0.9012,
              .val_loss = 0.3011,
              .val_accuracy = 0.889,
              .seconds = 12.3,
              .images_per_second = 4870.0});
}

// Everything a pseudo-terminal of `columns` columns (0: one that reports no size) received while a child process
// with that terminal as its standard output and `COLUMNS` set to `columns_variable` (nullptr: unset) drew an
// epoch. Fails the test if the child does not finish within 20 s.
std::string drawn_on_terminal(unsigned short columns, const char* columns_variable) {
  int controller = -1;
  int terminal = -1;
  REQUIRE(::openpty(&controller, &terminal, nullptr, nullptr, nullptr) == 0);
  ::winsize window{};
  window.ws_row = 24;
  window.ws_col = columns;
  REQUIRE(::ioctl(terminal, TIOCSWINSZ, &window) == 0);

  std::cout.flush();
  const ::pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(controller);
    ::dup2(terminal, STDOUT_FILENO);
    ::close(terminal);
    if (columns_variable != nullptr) ::setenv("COLUMNS", columns_variable, 1);
    else ::unsetenv("COLUMNS");
    draw_an_epoch();
    std::cout.flush();
    std::_Exit(std::cout.good() ? 0 : 1);
  }
  ::close(terminal);

  std::string received;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  for (;;) {
    ::pollfd ready{.fd = controller, .events = POLLIN, .revents = 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || ::poll(&ready, 1, static_cast<int>(left.count())) == 0) {
      ::kill(child, SIGKILL);
      ::waitpid(child, nullptr, 0);
      ::close(controller);
      FAIL("the child drawing the epoch did not finish within 20 s");
    }
    std::array<char, 4096> chunk{};
    const ::ssize_t count = ::read(controller, chunk.data(), chunk.size());
    if (count > 0) received.append(chunk.data(), static_cast<std::size_t>(count));
    else if (count < 0 && errno == EINTR) continue;
    else break;  // Linux reports EIO once the child's end is closed and everything it wrote has been read
  }
  ::close(controller);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  return received;
}

// The rows a terminal shows for `text`: what lies between carriage returns and line feeds (the terminal turns each
// '\n' into "\r\n"), with ANSI escape sequences (ESC '[' ... final byte) taking no columns.
std::vector<std::string> visible_rows(std::string_view text) {
  std::vector<std::string> rows(1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      i += 2;
      while (i < text.size() && !(text[i] >= '@' && text[i] <= '~')) ++i;
    } else if (c == '\r' || c == '\n') {
      rows.emplace_back();
    } else {
      rows.back() += c;
    }
  }
  return rows;
}

std::size_t widest(const std::vector<std::string>& rows) {
  std::size_t width = 0;
  for (const std::string& row : rows) width = std::max(width, row.size());
  return width;
}

// Checks that an epoch drawn on the terminal fits `columns` and that it showed the bar and every final figure.
void check_fits(const std::string& received, std::size_t columns) {
  const std::vector<std::string> rows = visible_rows(received);
  CAPTURE(received);
  CHECK(widest(rows) <= columns - 1);
  CHECK(received.find("Epoch 3/10") != std::string::npos);
  CHECK(received.find("loss: 0.2713") != std::string::npos);
  CHECK(received.find("val_accuracy: 0.8890") != std::string::npos);
}

}  // namespace

TEST_CASE("on an 80-column terminal no row the bar draws is wider than 79 columns") {
  const std::string received = drawn_on_terminal(80, nullptr);
  check_fits(received, 80);
  CHECK(received.find('[') != std::string::npos);  // the bar itself is still drawn
}

TEST_CASE("on a 40-column terminal no row the bar draws is wider than 39 columns") {
  check_fits(drawn_on_terminal(40, nullptr), 40);
}

TEST_CASE("the terminal's own width wins over COLUMNS") {
  check_fits(drawn_on_terminal(60, "200"), 60);
}

TEST_CASE("a terminal that reports no width is taken at COLUMNS") {
  check_fits(drawn_on_terminal(0, "50"), 50);
}

TEST_CASE("a terminal that reports no width, without COLUMNS, is taken as 80 columns") {
  check_fits(drawn_on_terminal(0, nullptr), 80);
}

#else
TEST_CASE("progress on a pseudo-terminal" * doctest::skip()) {}
#endif
