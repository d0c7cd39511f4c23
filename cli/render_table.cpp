// Aligned text for people: label/value rows and tables with humanised units.
#include <fmt/format.h>
#include <ostream>

#include "cli/humanize.hpp"
#include "cli/layout.hpp"
#include "cli/render.hpp"

namespace headroom::cli {
namespace {

std::string pad(const std::string& s, size_t width, bool right) {
  const size_t w = display_width(s);
  const std::string fill(width > w ? width - w : 0, ' ');
  return right ? fill + s : s + fill;
}

const char* kBold = "1";

}  // namespace

void render_table(const calc::Node& doc, const RenderOptions& options, std::ostream& out) {
  render_table_blocks(layout(doc, options.binary_bytes), options, out);
}

void render_table_blocks(const std::vector<Block>& blocks, const RenderOptions& options, std::ostream& out) {
  bool first = true;
  auto blank = [&] {
    if (!first) out << '\n';
    first = false;
  };
  if (!options.title.empty()) {
    out << paint(options.title, kBold, options.color) << '\n';
    first = false;
  }
  for (const Block& b : blocks) {
    if (b.is_section) {
      blank();
      out << paint(b.heading, kBold, options.color) << '\n';
      first = true;
      continue;
    }
    if (!b.is_table()) {
      size_t width = 0;
      for (const auto& [label, value] : b.rows) width = std::max(width, display_width(label));
      for (const auto& [label, value] : b.rows)
        out << "  " << pad(label, width, false) << "  " << value << '\n';
      first = false;
      continue;
    }
    blank();
    out << "  " << paint(b.heading, kBold, options.color) << '\n';
    std::vector<size_t> widths(b.columns.size());
    for (size_t c = 0; c < b.columns.size(); ++c) {
      widths[c] = display_width(b.columns[c]);
      for (const auto& row : b.cells) widths[c] = std::max(widths[c], display_width(row[c]));
    }
    auto line = [&](const std::vector<std::string>& cells, bool header) {
      std::string text = "  ";
      for (size_t c = 0; c < cells.size(); ++c) {
        if (c) text += "  ";
        text += pad(cells[c], widths[c], !header && b.numeric[c]);
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out << text << '\n';
    };
    line(b.columns, true);
    for (const auto& row : b.cells) line(row, false);
  }
}

}  // namespace headroom::cli
