// The second translation unit of unit_simd_abi_tag (abi_tag_program.hpp), compiled with NNSTATIC_SIMD_PLAIN
// (tests/CMakeLists.txt): the same source as abi_tag_test.cpp's half, other kernels.
#include "abi_tag_program.hpp"

#if !defined(NNSTATIC_SIMD_PLAIN)
#error "abi_tag_plain.cpp is built with NNSTATIC_SIMD_PLAIN (tests/CMakeLists.txt)"
#endif

namespace abi_tag {

report train_with_plain_kernels(const std::filesystem::path& save_to) { return train_here(save_to); }
std::vector<float> load_with_plain_kernels(const std::filesystem::path& path) { return load_here(path); }

}  // namespace abi_tag
