#pragma once
// The check behind "accepted": the data a loader returns from a file is exactly what the file holds after its
// header, and nothing of the file is left over (a missing gzip trailer, bytes after the data or after the gzip
// member, a wrong CRC-32 all make a file that no loader may accept).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "harness.hpp"
#include "strict_contents.hpp"

namespace nnstatic::fuzz {

/// `data` came from `loader` reading `file`: it must be the file's strict contents after `header_size` bytes.
inline void expect_whole_file(std::string_view loader, std::span<const std::uint8_t> file, std::size_t header_size,
                              std::span<const std::uint8_t> data) {
  const auto contents = strict_contents(file);
  if (!contents)
    finding(std::string(loader) + " accepted a gzip file that is damaged, cut short or followed by other bytes",
            std::to_string(file.size()) + " bytes of file, " + std::to_string(data.size()) + " bytes of data returned");
  if (contents->size() != header_size + data.size() ||
      !std::equal(data.begin(), data.end(), contents->begin() + static_cast<std::ptrdiff_t>(header_size)))
    finding(std::string(loader) + " returned data that is not what the file holds after its header",
            std::to_string(contents->size()) + " bytes in the file, a " + std::to_string(header_size) +
                "-byte header and " + std::to_string(data.size()) + " bytes of data returned");
}

}  // namespace nnstatic::fuzz
