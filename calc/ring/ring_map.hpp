// `headroom ring map`: keys in, "key<TAB>node" out, a block of lines at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "calc/ring/section.hpp"
#include "calc/ring/placement.hpp"

namespace headroom::calc {

class KeyMapper {
 public:
  /// The placement of [sharding] as configured (before any change).
  explicit KeyMapper(const ShardingSection& section);

  /// Appends "key\tnode\n" for every line of `lines` (complete lines, '\n'-terminated; a
  /// trailing '\r' is dropped) to `out`; an empty line is not a key and is skipped. Returns the
  /// number of lines read; on a key that cannot be hashed stops there and sets `bad_line`
  /// (0-based within `lines`).
  /// Safe to call from two threads at once unless is_sequential().
  std::uint64_t map_lines(std::string_view lines, std::string& out, std::int64_t& bad_line) const;

  /// Bounded loads place keys in order: one thread, one call at a time.
  bool is_sequential() const { return placement_->is_stateful(); }

 private:
  std::unique_ptr<Placement> placement_;  // node_of is non-const only for bounded loads
  std::vector<std::string> names_;
};

}  // namespace headroom::calc
