#pragma once
/// The library's version, also recorded in every model file's header.
#include <nnstatic/config/requires_cxx20.hpp>

#define NNSTATIC_VERSION_MAJOR 0
#define NNSTATIC_VERSION_MINOR 1
#define NNSTATIC_VERSION_PATCH 0

namespace nnstatic {
inline constexpr int version_major = NNSTATIC_VERSION_MAJOR;
inline constexpr int version_minor = NNSTATIC_VERSION_MINOR;
inline constexpr int version_patch = NNSTATIC_VERSION_PATCH;
}  // namespace nnstatic
