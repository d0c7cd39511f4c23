#include "calc/ring/ring_map.hpp"

namespace headroom::calc {

KeyMapper::KeyMapper(const ShardingSection& s)
    : placement_(make_placement(s.algorithm, s, s.nodes)) {
  for (const ShardNode& n : s.nodes) names_.push_back(n.name);
}

std::uint64_t KeyMapper::map_lines(std::string_view lines, std::string& out,
                                   std::int64_t& bad_line) const {
  // Keys go to the placement a batch at a time (ketama hashes four at once).
  constexpr size_t kBatch = 64;
  std::string_view keys[kBatch];
  std::uint64_t line_of[kBatch];  // each key's line within `lines`
  std::uint32_t nodes[kBatch];
  bad_line = -1;
  std::uint64_t line = 0;
  size_t start = 0;
  out.reserve(out.size() + lines.size() + lines.size() / 2);
  while (start < lines.size()) {
    size_t batch = 0;
    while (batch < kBatch && start < lines.size()) {
      size_t end = lines.find('\n', start);
      if (end == std::string_view::npos) end = lines.size();
      std::string_view key = lines.substr(start, end - start);
      if (!key.empty() && key.back() == '\r') key.remove_suffix(1);
      start = end + 1;
      if (!key.empty()) line_of[batch] = line, keys[batch++] = key;
      ++line;
    }
    const size_t placed = placement_->nodes_of(keys, batch, nodes);
    for (size_t i = 0; i < placed; ++i) {
      const std::string& name = names_[nodes[i]];
      out.append(keys[i]);
      out.push_back('\t');
      out.append(name);
      out.push_back('\n');
    }
    if (placed < batch) {
      bad_line = static_cast<std::int64_t>(line_of[placed]);
      return line_of[placed];
    }
  }
  return line;
}

}  // namespace headroom::calc
