#include "calc/ring_map.hpp"

namespace headroom::calc {

KeyMapper::KeyMapper(const ShardingSection& s)
    : placement_(make_placement(s.algorithm, s, s.nodes)) {
  for (const ShardNode& n : s.nodes) names_.push_back(n.name);
}

std::uint64_t KeyMapper::map_lines(std::string_view lines, std::string& out,
                                   std::int64_t& bad_line) const {
  bad_line = -1;
  std::uint64_t count = 0;
  size_t start = 0;
  while (start < lines.size()) {
    size_t end = lines.find('\n', start);
    if (end == std::string_view::npos) end = lines.size();
    std::string_view key = lines.substr(start, end - start);
    if (!key.empty() && key.back() == '\r') key.remove_suffix(1);
    const auto node = placement_->node_of(key);
    if (!node) {
      bad_line = static_cast<std::int64_t>(count);
      return count;
    }
    const std::string& name = names_[*node];
    out.append(key);
    out.push_back('\t');
    out.append(name);
    out.push_back('\n');
    ++count;
    start = end + 1;
  }
  return count;
}

}  // namespace headroom::calc
