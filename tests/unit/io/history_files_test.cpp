#include <nnstatic/io/history_files.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include <doctest/doctest.h>

namespace {

namespace fs = std::filesystem;
using nnstatic::epoch_record;
using nnstatic::history;
using namespace std::string_literals;

// A fresh directory under the system's temporary directory, removed with everything in it at the end.
struct scratch_directory {
  fs::path path;
  scratch_directory() {
    std::random_device seed;
    path = fs::temp_directory_path() / ("nnstatic-history-files-test-" + std::to_string(seed()));
    fs::create_directories(path);
  }
  ~scratch_directory() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  scratch_directory(const scratch_directory&) = delete;
  scratch_directory& operator=(const scratch_directory&) = delete;

  std::vector<std::string> names() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(path)) found.push_back(entry.path().filename().string());
    return found;
  }
};

std::string contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void put(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

history two_epochs() {
  return history{{
      {.epoch = 1, .loss = 0.5, .accuracy = 0.75, .seconds = 12.25, .images_per_second = 4870.0},
      {.epoch = 2,
       .loss = 0.25,
       .accuracy = 0.875,
       .val_loss = 0.375,
       .val_accuracy = 0.8125,
       .seconds = 11.5,
       .images_per_second = 5120.5},
  }};
}

// Reads `text` as a history CSV and returns the message of the data_error it must throw.
std::string parse_error(const std::string& text) {
  try {
    (void)nnstatic::from_csv(text, "run.csv");
  } catch (const nnstatic::data_error& e) {
    return e.what();
  }
  FAIL("no data_error for: " << text);
  return {};
}

constexpr std::string_view header = "epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_second\n";

}  // namespace

TEST_CASE("to_csv writes the header and one row per epoch, leaving missing validation empty") {
  CHECK(nnstatic::to_csv(two_epochs()) ==
        "epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_second\n"
        "1,0.5,0.75,,,12.25,4870\n"
        "2,0.25,0.875,0.375,0.8125,11.5,5120.5\n");
  CHECK(nnstatic::to_csv(history{}) == header);
}

TEST_CASE("to_json writes an epochs array with null for missing validation") {
  CHECK(nnstatic::to_json(two_epochs()) ==
        "{\n"
        "  \"epochs\": [\n"
        "    {\"epoch\": 1, \"loss\": 0.5, \"accuracy\": 0.75, \"val_loss\": null, \"val_accuracy\": null, "
        "\"seconds\": 12.25, \"images_per_second\": 4870},\n"
        "    {\"epoch\": 2, \"loss\": 0.25, \"accuracy\": 0.875, \"val_loss\": 0.375, \"val_accuracy\": 0.8125, "
        "\"seconds\": 11.5, \"images_per_second\": 5120.5}\n"
        "  ]\n"
        "}\n");
  CHECK(nnstatic::to_json(history{}) == "{\n  \"epochs\": []\n}\n");
}

TEST_CASE("to_json writes null for NaN and infinity, which JSON cannot spell") {
  const history runs{{{.epoch = 1,
                       .loss = std::numeric_limits<double>::quiet_NaN(),
                       .accuracy = 0.5,
                       .val_loss = std::numeric_limits<double>::infinity(),
                       .val_accuracy = 0.5}}};
  const std::string json = nnstatic::to_json(runs);
  CHECK(json.find("\"loss\": null") != std::string::npos);
  CHECK(json.find("\"val_loss\": null") != std::string::npos);
  CHECK(json.find("nan") == std::string::npos);
  CHECK(json.find("inf") == std::string::npos);
}

TEST_CASE("numbers are written with enough digits to read back bit for bit") {
  const history runs{{{.epoch = 7,
                       .loss = 0.1,
                       .accuracy = 1.0 / 3.0,
                       .val_loss = 2.0 / 3.0,
                       .val_accuracy = 1e-300,
                       .seconds = 123456.789012345,
                       .images_per_second = std::numeric_limits<double>::max()}}};
  CHECK(nnstatic::to_csv(runs).find("7,0.1,0.3333333333333333,0.6666666666666666,1e-300,") != std::string::npos);
  CHECK(nnstatic::from_csv(nnstatic::to_csv(runs)) == runs);
}

TEST_CASE("a history survives write_csv and read_csv, NaN and infinity included") {
  scratch_directory scratch;
  history runs = two_epochs();
  runs.epochs.push_back({.epoch = 3,
                         .loss = std::numeric_limits<double>::quiet_NaN(),
                         .accuracy = 0.1,
                         .val_loss = std::numeric_limits<double>::infinity(),
                         .seconds = 1.0,
                         .images_per_second = 2.0});
  const fs::path path = scratch.path / "history.csv";
  nnstatic::write_csv(runs, path);
  CHECK(contents(path) == nnstatic::to_csv(runs));

  const history back = nnstatic::read_csv(path);
  REQUIRE(back.size() == 3);
  CHECK(back[0] == runs[0]);
  CHECK(back[1] == runs[1]);
  CHECK(back[2].epoch == 3);
  CHECK(std::isnan(back[2].loss));
  CHECK(back[2].accuracy == 0.1);
  REQUIRE(back[2].val_loss.has_value());
  CHECK(std::isinf(*back[2].val_loss));
  CHECK_FALSE(back[2].val_accuracy.has_value());
}

TEST_CASE("write_csv and write_json go through a temporary file that is renamed away") {
  scratch_directory scratch;
  nnstatic::write_csv(two_epochs(), scratch.path / "history.csv");
  nnstatic::write_json(two_epochs(), scratch.path / "history.json");
  // Writing again replaces the file rather than appending to it.
  nnstatic::write_json(two_epochs(), scratch.path / "history.json");
  std::vector<std::string> names = scratch.names();
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"history.csv", "history.json"});
  CHECK(contents(scratch.path / "history.json") == nnstatic::to_json(two_epochs()));
}

TEST_CASE("writing into a directory that does not exist throws file_error naming the path") {
  scratch_directory scratch;
  const fs::path path = scratch.path / "missing" / "history.csv";
  CHECK_THROWS_AS(nnstatic::write_csv(two_epochs(), path), nnstatic::file_error);
  CHECK_THROWS_WITH(nnstatic::write_json(two_epochs(), path), doctest::Contains(path.string().c_str()));
}

TEST_CASE("read_csv of a missing file throws file_error naming it") {
  scratch_directory scratch;
  const fs::path path = scratch.path / "absent.csv";
  CHECK_THROWS_AS((void)nnstatic::read_csv(path), nnstatic::file_error);
  CHECK_THROWS_WITH((void)nnstatic::read_csv(path), doctest::Contains(path.string().c_str()));
}

TEST_CASE("read_csv says why a path cannot be read: no such file, or a directory") {
  scratch_directory scratch;
  const fs::path absent = scratch.path / "absent.csv";
  CHECK_THROWS_WITH_AS((void)nnstatic::read_csv(absent),
                       ("nnstatic: cannot open the history CSV '" + absent.string() +
                        "' for reading: " + std::generic_category().message(ENOENT))
                           .c_str(),
                       nnstatic::file_error);
  CHECK_THROWS_WITH_AS((void)nnstatic::read_csv(scratch.path),
                       ("nnstatic: cannot read the history CSV '" + scratch.path.string() + "': it is a directory")
                           .c_str(),
                       nnstatic::file_error);
}

TEST_CASE("from_csv accepts CRLF line ends, blank lines and a file without a last newline") {
  const history runs = nnstatic::from_csv(
      "epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_second\r\n"
      "1,0.5,0.75,,,12.25,4870\r\n"
      "\r\n"
      "2,0.25,0.875,0.375,0.8125,11.5,5120.5");
  CHECK(runs == two_epochs());
}

TEST_CASE("CSV errors name the file, the line and the column, what was expected and what was found") {
  CHECK(parse_error(std::string(header) + "1,0.5,0.75,,,12.25,4870\n2,0.25,oops,,,1,1\n") ==
        "nnstatic: history CSV 'run.csv', line 3, column 8: expected a number for 'accuracy', found 'oops'");
  CHECK(parse_error(std::string(header) + "x,0.5,0.75,,,12.25,4870\n") ==
        "nnstatic: history CSV 'run.csv', line 2, column 1: expected a whole number for 'epoch', found 'x'");
  CHECK(parse_error(std::string(header) + "1,0.5,0.75,0.1x,,12.25,4870\n") ==
        "nnstatic: history CSV 'run.csv', line 2, column 12: expected a number for 'val_loss', found '0.1x'");
  CHECK(parse_error(std::string(header) + "1,,0.75,,,12.25,4870\n") ==
        "nnstatic: history CSV 'run.csv', line 2, column 3: expected a number for 'loss', found ''");
  CHECK(parse_error(std::string(header) + "1,0.5,0.75\n") ==
        "nnstatic: history CSV 'run.csv', line 2, column 11: expected 7 fields, found 3");
  CHECK(parse_error(std::string(header) + "1,0.5,0.75,,,12.25,4870,9,9\n") ==
        "nnstatic: history CSV 'run.csv', line 2, column 25: expected 7 fields, found 9");
  CHECK(parse_error("epoch,loss\n1,2\n") ==
        "nnstatic: history CSV 'run.csv', line 1, column 1: expected the header "
        "'epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_second', found 'epoch,loss'");
  CHECK(parse_error("") ==
        "nnstatic: history CSV 'run.csv', line 1, column 1: expected the header "
        "'epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_second', found an empty file");
}

TEST_CASE("read_csv puts the file's path in its data errors") {
  scratch_directory scratch;
  const fs::path path = scratch.path / "broken.csv";
  put(path, std::string(header) + "1,0.5,0.75,,,12.25,fast\n");
  CHECK_THROWS_WITH_AS((void)nnstatic::read_csv(path),
                       ("nnstatic: history CSV '" + path.string() +
                        "', line 2, column 20: expected a number for 'images_per_second', found 'fast'")
                           .c_str(),
                       nnstatic::data_error);
}

TEST_CASE("CSV errors show control characters and other unprintable bytes as \\xNN, never raw") {
  // An escape sequence, a carriage return and a NUL in the file must not reach the terminal that prints the
  // message: they could recolour it, overwrite the line with a forged one, or cut the message short.
  const std::string message = parse_error(std::string(header) + "1,0.5,\x1b[2K\rok\0x,,,1,1\n"s);
  CHECK(message ==
        "nnstatic: history CSV 'run.csv', line 2, column 7: expected a number for 'accuracy', found "
        "'\\x1b[2K\\x0dok\\x00x'");
  CHECK(parse_error("\xff\xfe" "e\x00p\x00" "\n"s) ==
        "nnstatic: history CSV 'run.csv', line 1, column 1: expected the header "
        "'epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_second', found '\\xff\\xfee\\x00p\\x00'");
  // The quote and the backslash are escaped too, so that the quoted text reads back unambiguously.
  CHECK(parse_error(std::string(header) + "1,0.5,'\\',,,1,1\n") ==
        "nnstatic: history CSV 'run.csv', line 2, column 7: expected a number for 'accuracy', found '\\x27\\x5c\\x27'");
}

TEST_CASE("CSV errors quote at most 60 characters of a long field, escaped, and say when they leave some out") {
  const std::string field(100, '\x07');
  std::string expected;
  for (int i = 0; i < 15; ++i) expected += "\\x07";  // 4 characters each
  CHECK(parse_error(std::string(header) + "1," + field + ",0.5,,,1,1\n") ==
        "nnstatic: history CSV 'run.csv', line 2, column 3: expected a number for 'loss', found '" + expected + "...'");
  const std::string sixty(60, 'x');
  CHECK(parse_error(std::string(header) + "1," + sixty + ",0.5,,,1,1\n") ==
        "nnstatic: history CSV 'run.csv', line 2, column 3: expected a number for 'loss', found '" + sixty + "'");
  CHECK(parse_error(std::string(header) + "1," + sixty + "y,0.5,,,1,1\n") ==
        "nnstatic: history CSV 'run.csv', line 2, column 3: expected a number for 'loss', found '" + sixty + "...'");
  // Twenty bytes are fewer than 60, but escaped they do not fit.
  CHECK(parse_error(std::string(header) + "1," + field.substr(0, 20) + ",0.5,,,1,1\n") ==
        "nnstatic: history CSV 'run.csv', line 2, column 3: expected a number for 'loss', found '" + expected + "...'");
  // Fifteen escaped bytes fill the room exactly: nothing is left out.
  CHECK(parse_error(std::string(header) + "1," + field.substr(0, 15) + ",0.5,,,1,1\n") ==
        "nnstatic: history CSV 'run.csv', line 2, column 3: expected a number for 'loss', found '" + expected + "'");
}

TEST_CASE("from_csv says when a number is outside the range of a double") {
  CHECK(parse_error(std::string(header) + "1,1e400,0.5,,,1,1\n") ==
        "nnstatic: history CSV 'run.csv', line 2, column 3: expected a number for 'loss' within the range of a "
        "double, found '1e400'");
}

TEST_CASE("from_csv accepts the UTF-8 byte order mark that spreadsheet programs put in front of a CSV") {
  CHECK(nnstatic::from_csv("\xef\xbb\xbf" + nnstatic::to_csv(two_epochs())) == two_epochs());
}

TEST_CASE("read_csv refuses a file larger than its limit without reading it") {
  scratch_directory scratch;
  const fs::path path = scratch.path / "history.csv";
  nnstatic::write_csv(two_epochs(), path);
  const std::size_t size = nnstatic::to_csv(two_epochs()).size();
  CHECK(nnstatic::read_csv(path, size) == two_epochs());
  CHECK_THROWS_WITH_AS((void)nnstatic::read_csv(path, size - 1),
                       ("nnstatic: history CSV '" + path.string() + "' is " + std::to_string(size) +
                        " bytes, more than the limit of " + std::to_string(size - 1) +
                        " bytes; pass a larger max_bytes to read_csv if the file is really a history")
                           .c_str(),
                       nnstatic::data_error);
  CHECK(nnstatic::default_history_csv_max_bytes == std::size_t{16} << 20);
}

TEST_CASE("read_csv of an endless stream stops at its limit instead of filling the memory") {
  // /dev/zero is not a regular file, so its size says nothing; the reader must stop by itself.
  CHECK_THROWS_WITH_AS((void)nnstatic::read_csv("/dev/zero"),
                       ("nnstatic: history CSV '/dev/zero' holds more than the limit of " +
                        std::to_string(nnstatic::default_history_csv_max_bytes) +
                        " bytes; pass a larger max_bytes to read_csv if the file is really a history")
                           .c_str(),
                       nnstatic::data_error);
}
