#include "cli/render.hpp"

#include <algorithm>
#include <cmath>

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
      if (v.is_machine_only()) continue;
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
    std::vector<std::vector<const Node*>> nodes;  // beside b.cells
    for (const Node& item : array.items()) {
      std::vector<std::pair<std::string, const Node*>> cells;
      flatten_item(item, "", cells);
      std::vector<std::string> line(b.columns.size());
      std::vector<const Node*> line_nodes(b.columns.size(), nullptr);
      for (const auto& [column, node] : cells) {
        auto it = std::find(b.columns.begin(), b.columns.end(), column);
        size_t index = it - b.columns.begin();
        if (it == b.columns.end()) {
          b.columns.push_back(column);
          b.numeric.push_back(true);
          for (auto& earlier : b.cells) earlier.emplace_back();
          for (auto& earlier : nodes) earlier.push_back(nullptr);
          line.emplace_back();
          line_nodes.push_back(nullptr);
        }
        line[index] = humanize(*node, binary);
        line_nodes[index] = node;
        // A number column stays right-aligned through its "n/a" cells.
        if (node->type() != Node::Type::kNumber && node->type() != Node::Type::kNull) b.numeric[index] = false;
      }
      b.cells.push_back(std::move(line));
      nodes.push_back(std::move(line_nodes));
    }
    same_precision(b, nodes);
    blocks.push_back(std::move(b));
  }

  // A column of percentages takes the precision its most precise cell needs, in every cell
  // ("99.20%" and "98.40%", not "99.20%" and "98.4%"), up to three decimals: past that the
  // decimals are an availability's nines, which each cell keeps as its own.
  static void same_precision(Block& b, const std::vector<std::vector<const Node*>>& nodes) {
    for (size_t c = 0; c < b.columns.size(); ++c) {
      int decimals = 0;
      bool ratios = true;
      for (const auto& line : nodes) {
        const Node* n = line[c];
        if (!n || n->type() == Node::Type::kNull) continue;
        if (n->type() != Node::Type::kNumber || n->unit() != calc::Unit::kRatio) ratios = false;
        else if (std::isfinite(n->as_number())) decimals = std::max(decimals, percent_decimals(n->as_number()));
      }
      if (!ratios || decimals == 0 || decimals > 3) continue;
      for (size_t r = 0; r < nodes.size(); ++r) {
        const Node* n = nodes[r][c];
        if (n && n->type() == Node::Type::kNumber && std::isfinite(n->as_number()))
          b.cells[r][c] = percent_with(n->as_number(), decimals);
      }
    }
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
