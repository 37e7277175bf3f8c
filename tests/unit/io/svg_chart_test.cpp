#include <nnstatic/io/svg_chart.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

namespace {

namespace fs = std::filesystem;
using nnstatic::epoch_record;
using nnstatic::history;

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

history decaying(std::size_t epochs, bool with_validation) {
  history runs;
  for (std::size_t e = 1; e <= epochs; ++e) {
    const double t = static_cast<double>(e);
    epoch_record record{
        .epoch = e, .loss = 1.0 / t, .accuracy = 1.0 - 0.5 / t, .seconds = 1.0, .images_per_second = 1.0};
    if (with_validation) {
      record.val_loss = 1.1 / t;
      record.val_accuracy = 0.95 - 0.5 / t;
    }
    runs.epochs.push_back(record);
  }
  return runs;
}

std::size_t occurrences(std::string_view text, std::string_view what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + what.size())) ++count;
  return count;
}

// The number of points in the index-th polyline of the given class.
std::size_t polyline_points(std::string_view svg, std::string_view kind, std::size_t index = 0) {
  const std::string opening = "<polyline class=\"" + std::string(kind) + "\" points=\"";
  std::size_t at = svg.find(opening);
  for (std::size_t i = 0; i < index && at != std::string_view::npos; ++i) at = svg.find(opening, at + 1);
  if (at == std::string_view::npos) return 0;
  const std::size_t begin = at + opening.size();
  const std::string_view points = svg.substr(begin, svg.find('"', begin) - begin);
  return occurrences(points, ",");
}

// Enough of an XML check for generated markup: every tag closes in order, attribute values are quoted and
// text holds no raw '<' or '&' outside an entity. Returns what is wrong, or an empty string.
std::string xml_problem(std::string_view svg) {
  std::vector<std::string_view> open;
  std::size_t at = 0;
  while (at < svg.size()) {
    if (svg[at] == '&') {
      const std::size_t semicolon = svg.find(';', at);
      const std::string_view entity = svg.substr(at, semicolon == std::string_view::npos ? 8 : semicolon - at + 1);
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" && entity != "&apos;")
        return "bad entity at " + std::to_string(at);
      at += entity.size();
      continue;
    }
    if (svg[at] != '<') {
      ++at;
      continue;
    }
    // Inside a tag: skip quoted attribute values, which may hold '>' only as an entity.
    std::size_t end = at + 1;
    bool quoted = false;
    while (end < svg.size() && (quoted || svg[end] != '>')) {
      if (svg[end] == '"') quoted = !quoted;
      if (svg[end] == '<') return "'<' inside a tag at " + std::to_string(end);
      ++end;
    }
    if (end == svg.size()) return "unterminated tag at " + std::to_string(at);
    const std::string_view tag = svg.substr(at + 1, end - at - 1);
    const std::string_view name = tag.substr(0, tag.find_first_of(" \n/"));
    if (tag.starts_with("/")) {
      if (open.empty() || open.back() != tag.substr(1)) return "unexpected </" + std::string(tag.substr(1)) + ">";
      open.pop_back();
    } else if (!tag.ends_with("/")) {
      open.push_back(name);
    }
    at = end + 1;
  }
  if (!open.empty()) return "<" + std::string(open.back()) + "> is never closed";
  return {};
}

bool has_non_finite_number(std::string_view svg) {
  return svg.find("nan") != std::string_view::npos || svg.find("inf") != std::string_view::npos;
}

}  // namespace

TEST_CASE("the chart is one svg element with a loss and an accuracy panel") {
  const std::string svg = nnstatic::svg_chart(decaying(12, true), "MNIST");
  CHECK(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK(svg.ends_with("</svg>\n"));
  CHECK(xml_problem(svg).empty());
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(svg.find("@font-face") == std::string::npos);
  CHECK(svg.find("href") == std::string::npos);
  CHECK(svg.find(">loss</text>") != std::string::npos);
  CHECK(svg.find(">accuracy</text>") != std::string::npos);
  CHECK(svg.find(">epoch</text>") != std::string::npos);
  CHECK(svg.find(">MNIST</text>") != std::string::npos);
}

TEST_CASE("training is solid and validation dashed, one polyline each per panel") {
  const std::string svg = nnstatic::svg_chart(decaying(12, true), "run");
  CHECK(occurrences(svg, "<polyline class=\"training\"") == 2);
  CHECK(occurrences(svg, "<polyline class=\"validation\"") == 2);
  CHECK(polyline_points(svg, "training", 0) == 12);
  CHECK(polyline_points(svg, "validation", 1) == 12);
  // The only dashed strokes are the validation lines and the legend's sample of them.
  CHECK(occurrences(svg, "stroke-dasharray") == 3);
  CHECK(svg.find(">training</text>") != std::string::npos);
  CHECK(svg.find(">validation</text>") != std::string::npos);
}

TEST_CASE("without validation there is neither a validation line nor a validation legend") {
  const std::string svg = nnstatic::svg_chart(decaying(5, false), "run");
  CHECK(xml_problem(svg).empty());
  CHECK(occurrences(svg, "<polyline class=\"training\"") == 2);
  CHECK(svg.find("validation") == std::string::npos);
  CHECK(svg.find("stroke-dasharray") == std::string::npos);
}

TEST_CASE("the title is escaped for XML") {
  const std::string svg = nnstatic::svg_chart(decaying(3, true), "conv<32> & \"dense\" 'x'\x01");
  CHECK(xml_problem(svg).empty());
  CHECK(svg.find("conv&lt;32&gt; &amp; &quot;dense&quot; &apos;x&apos;</text>") != std::string::npos);
  CHECK(svg.find("<title>conv&lt;32&gt; &amp; &quot;dense&quot; &apos;x&apos;</title>") != std::string::npos);
  CHECK(svg.find("conv<32>") == std::string::npos);
  CHECK(svg.find('\x01') == std::string::npos);
}

TEST_CASE("NaN and infinite values are left out of the lines") {
  history runs = decaying(6, true);
  runs.epochs[2].loss = not_a_number;
  runs.epochs[3].val_accuracy = std::numeric_limits<double>::infinity();
  const std::string svg = nnstatic::svg_chart(runs, "diverged");
  CHECK(xml_problem(svg).empty());
  CHECK_FALSE(has_non_finite_number(svg));
  CHECK(polyline_points(svg, "training", 0) == 5);    // loss
  CHECK(polyline_points(svg, "validation", 0) == 6);  // val_loss
  CHECK(polyline_points(svg, "training", 1) == 6);    // accuracy
  CHECK(polyline_points(svg, "validation", 1) == 5);  // val_accuracy
}

TEST_CASE("a run that diverged from the start still gives a chart") {
  history runs = decaying(3, true);
  for (epoch_record& record : runs.epochs)
    record.loss = record.accuracy = *record.val_loss = *record.val_accuracy = not_a_number;
  const std::string svg = nnstatic::svg_chart(runs, "all NaN");
  CHECK(xml_problem(svg).empty());
  CHECK_FALSE(has_non_finite_number(svg));
  CHECK(svg.find("<polyline") == std::string::npos);
  CHECK(occurrences(svg, ">no finite values</text>") == 2);
  CHECK(svg.find(">validation</text>") == std::string::npos);
}

TEST_CASE("one epoch shows as points, with finite coordinates") {
  const std::string svg = nnstatic::svg_chart(decaying(1, true), "one");
  CHECK(xml_problem(svg).empty());
  CHECK_FALSE(has_non_finite_number(svg));
  CHECK(svg.find("<polyline") == std::string::npos);
  CHECK(occurrences(svg, "<circle") == 4);
  CHECK(svg.find(">1</text>") != std::string::npos);
}

TEST_CASE("a flat series gets a range around its value") {
  history runs = decaying(4, false);
  for (epoch_record& record : runs.epochs) {
    record.loss = 0.0;
    record.accuracy = 1.0;
  }
  const std::string svg = nnstatic::svg_chart(runs, "flat");
  CHECK(xml_problem(svg).empty());
  CHECK_FALSE(has_non_finite_number(svg));
  CHECK(occurrences(svg, "<polyline class=\"training\"") == 2);
  // Loss 0 may not dip below zero and accuracy 1 may not rise above one.
  CHECK(svg.find(">-") == std::string::npos);
  CHECK(svg.find(">1.05</text>") == std::string::npos);
  CHECK(svg.find(">1.00</text>") != std::string::npos);
}

TEST_CASE("tick labels switch to scientific notation for tiny and huge values") {
  history runs = decaying(3, false);
  for (epoch_record& record : runs.epochs) record.loss *= 1e-12;
  const std::string svg = nnstatic::svg_chart(runs, "tiny");
  CHECK(svg.find(">5.0e-13</text>") != std::string::npos);
  CHECK(svg.find(">1.0e-12</text>") != std::string::npos);
  CHECK(svg.find("0.000000") == std::string::npos);
}

TEST_CASE("values too large for an axis are left out like NaN") {
  history runs = decaying(4, false);
  runs.epochs[0].loss = std::numeric_limits<double>::max();
  runs.epochs[1].loss = -std::numeric_limits<double>::max();
  const std::string svg = nnstatic::svg_chart(runs, "huge");
  CHECK(xml_problem(svg).empty());
  CHECK_FALSE(has_non_finite_number(svg));
  CHECK(polyline_points(svg, "training", 0) == 2);
}

TEST_CASE("an empty history gives empty panels") {
  const std::string svg = nnstatic::svg_chart(history{}, "");
  CHECK(xml_problem(svg).empty());
  CHECK_FALSE(has_non_finite_number(svg));
  CHECK(occurrences(svg, ">no epochs</text>") == 2);
}

TEST_CASE("long runs draw lines without markers") {
  const std::string svg = nnstatic::svg_chart(decaying(500, true), "long");
  CHECK(xml_problem(svg).empty());
  CHECK(polyline_points(svg, "training") == 500);
  CHECK(svg.find("<circle") == std::string::npos);
  CHECK(svg.find(">500</text>") != std::string::npos);
}

TEST_CASE("validation run every few epochs of a long run keeps its markers") {
  history runs = decaying(200, true);
  for (epoch_record& record : runs.epochs)
    if (record.epoch % 10 != 0) record.val_loss = record.val_accuracy = std::nullopt;
  const std::string svg = nnstatic::svg_chart(runs, "sparse validation");
  CHECK(polyline_points(svg, "training") == 200);
  CHECK(polyline_points(svg, "validation") == 20);
  CHECK(occurrences(svg, "<circle") == 40);
}

TEST_CASE("the axis helpers pick round ticks") {
  const nnstatic::detail::svg_axis loss = nnstatic::detail::svg_value_axis(0.03, 0.71, false);
  CHECK(loss.low == 0.0);
  CHECK(loss.step == doctest::Approx(0.1));
  CHECK(loss.high == doctest::Approx(0.8));
  CHECK(loss.tick_count() == 9);
  CHECK(loss.decimals() == 1);
  const nnstatic::detail::svg_axis epochs = nnstatic::detail::svg_epoch_axis(1.0, 1.0);
  CHECK(epochs.tick_count() == 1);
  CHECK(epochs.tick(0) == 1.0);
}

TEST_CASE("write_svg_chart writes the chart through a temporary file") {
  std::random_device seed;
  const fs::path directory = fs::temp_directory_path() / ("nnstatic-svg-chart-test-" + std::to_string(seed()));
  fs::create_directories(directory);
  const fs::path path = directory / "history.svg";
  nnstatic::write_svg_chart(decaying(4, true), path, "file");
  std::ifstream in(path, std::ios::binary);
  const std::string written{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  in.close();
  CHECK(written == nnstatic::svg_chart(decaying(4, true), "file"));
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(directory)) {
    CHECK(entry.path().filename() == "history.svg");
    ++files;
  }
  CHECK(files == 1);
  fs::remove_all(directory);
}
