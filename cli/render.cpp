#include "cli/render.hpp"

#include <algorithm>

#include "calc/report/analysis.hpp"
#include "calc/base/printable.hpp"
#include "cli/humanize.hpp"
#include "cli/layout.hpp"

namespace headroom::cli {
namespace {

using calc::Node;

// Carried by JSON and CSV; the table's title already names the system.
bool is_bookkeeping(const std::string& key) {
  return key == "schema_version" || key == "seed" || key == "system";
}

std::string joined_label(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? label_of(key) : prefix + " " + label_of(key);
}

// An item of an array of objects as cells, nested objects flattened into columns.
void flatten_item(const Node& item, const std::string& prefix,
                  std::vector<std::pair<std::string, const Node*>>& out) {
  for (const auto& [k, v] : item.members()) {
    if (v.is_object()) {
      flatten_item(v, joined_label(prefix, k), out);
    } else {
      out.emplace_back(joined_label(prefix, k), &v);
    }
  }
}

std::string scalar_list(const Node& array, bool binary) {
  std::string text;
  for (const Node& item : array.items()) text += (text.empty() ? "" : ", ") + humanize(item, binary);
  return text;
}

class Layout {
 public:
  bool binary = false;
  std::vector<Block> blocks;

  void object(const Node& node, const std::string& prefix, bool root, bool nested_root = false) {
    auto join_label = [&](const std::string& p, const std::string& key) {
      if (!node.is_map()) return joined_label(p, key);
      // A component's name, as written (but for control characters).
      return p.empty() ? calc::printable(key) : p + " " + calc::printable(key);
    };
    for (const auto& [k, v] : node.members()) {
      if ((root || nested_root) && is_bookkeeping(k)) continue;
      // Each analysis, and report --baseline's comparison, is a section of its own.
      if (root && v.is_object() && (calc::find_analysis(k) || k == "baseline")) {
        blocks.push_back(Block{k, true, {}, {}, {}, {}});
        object(v, "", false, true);
      } else if (v.is_object()) {
        object(v, join_label(prefix, k), false);
      } else if (v.is_array() && !v.items().empty() && v.items().front().is_object()) {
        table(v, join_label(prefix, k));
      } else if (v.is_array()) {
        row(join_label(prefix, k), scalar_list(v, binary));
      } else {
        row(join_label(prefix, k), humanize(v, binary));
      }
    }
  }

 private:
  void row(std::string label, std::string value) {
    if (blocks.empty() || blocks.back().is_table() || blocks.back().is_section) {
      blocks.push_back(Block{});
    }
    blocks.back().rows.emplace_back(std::move(label), std::move(value));
  }

  void table(const Node& array, const std::string& name) {
    Block b;
    b.heading = name;
    for (const Node& item : array.items()) {
      std::vector<std::pair<std::string, const Node*>> cells;
      flatten_item(item, "", cells);
      std::vector<std::string> line(b.columns.size());
      for (const auto& [column, node] : cells) {
        auto it = std::find(b.columns.begin(), b.columns.end(), column);
        size_t index = it - b.columns.begin();
        if (it == b.columns.end()) {
          b.columns.push_back(column);
          b.numeric.push_back(true);
          for (auto& earlier : b.cells) earlier.emplace_back();
          line.emplace_back();
        }
        line[index] = humanize(*node, binary);
        if (node->type() != Node::Type::kNumber) b.numeric[index] = false;
      }
      b.cells.push_back(std::move(line));
    }
    blocks.push_back(std::move(b));
  }
};

}  // namespace

size_t display_width(const std::string& s) {
  size_t width = 0;
  for (unsigned char c : s) width += (c & 0xC0) != 0x80;
  return width;
}

std::vector<Block> layout(const Node& doc, bool binary) {
  Layout l;
  l.binary = binary;
  l.object(doc, "", true);
  return l.blocks;
}

Format parse_format(const std::string& name) {
  if (name == "json") return Format::kJson;
  if (name == "csv") return Format::kCsv;
  if (name == "markdown") return Format::kMarkdown;
  if (name == "junit") return Format::kJunit;
  return Format::kTable;
}

void render(const Node& doc, const RenderOptions& options, std::ostream& out) {
  switch (options.format) {
    case Format::kJson: return render_json(doc, out);
    case Format::kCsv: return render_csv(doc, out);
    case Format::kMarkdown: return render_markdown(doc, options, out);
    case Format::kTable:
    case Format::kJunit: return render_table(doc, options, out);
  }
}

}  // namespace headroom::cli
