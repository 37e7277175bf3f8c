#include "workflow.hpp"

#include <nnstatic/io/history_files.hpp>
#include <nnstatic/io/svg_chart.hpp>

#include <cstdio>
#include <string>

namespace examples {

void print_confusion(const nnstatic::evaluation& result, std::span<const std::string_view> names) {
  std::printf("confusion matrix (rows: true class, columns: predicted):\n%14s", "");
  for (std::size_t p = 0; p < result.classes; ++p) std::printf("%6zu", p);
  std::printf("\n");
  for (std::size_t t = 0; t < result.classes; ++t) {
    std::printf("%2zu %-11.11s", t, t < names.size() ? std::string(names[t]).c_str() : "");
    for (std::size_t p = 0; p < result.classes; ++p) std::printf("%6zu", result.confused(t, p));
    std::printf("\n");
  }
}

void write_history_files(const nnstatic::history& history, const std::filesystem::path& folder,
                         std::string_view model_name) {
  nnstatic::write_csv(history, folder / "history.csv");
  nnstatic::write_json(history, folder / "history.json");
  nnstatic::write_svg_chart(history, folder / "history.svg", std::string(model_name) + ": training history");
}

}  // namespace examples
