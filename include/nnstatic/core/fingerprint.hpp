#pragma once
/// A 64-bit fingerprint of a network's signature text, computable at compile time.
///
/// Every network type spells itself out as a signature, e.g.
/// `input<28,28,1> conv2d<32,3x3,strides 1x1,valid> relu max_pool2d<2x2,strides 2x2,valid> flatten dense<128> relu
/// dense<10> softmax`. A model file stores the signature and its fingerprint, so loading weights into another topology
/// is caught with a sentence instead of silently scrambling the parameters.
///
/// The hash is 64-bit FNV-1a: no table, no heap, one multiply per byte, the same value on every platform, and
/// a `constexpr` function so that a network's fingerprint is a constant of its type. It guards against
/// accidents (a changed layer, a different file), not against an adversary forging a collision.
#include <nnstatic/config/requires_cxx20.hpp>

#include <cstdint>
#include <string_view>

namespace nnstatic {

/// 64-bit FNV-1a of `signature`, byte by byte: `hash = (hash ^ byte) * prime`, starting from the offset basis.
/// Usable in constant expressions: `static_assert(fingerprint("") == 0xcbf29ce484222325);`.
constexpr std::uint64_t fingerprint(std::string_view signature) noexcept {
  constexpr std::uint64_t offset_basis = 0xcbf29ce484222325ULL;
  constexpr std::uint64_t prime = 0x00000100000001b3ULL;
  std::uint64_t hash = offset_basis;
  // Through unsigned char, so bytes above 0x7f hash the same whether plain char is signed or not.
  for (const char c : signature) hash = (hash ^ static_cast<unsigned char>(c)) * prime;
  return hash;
}

}  // namespace nnstatic
