// GitHub-flavoured markdown, for a CI comment: one table per block.
#include <ostream>

#include "cli/layout.hpp"
#include "cli/render.hpp"

namespace headroom::cli {
namespace {

std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

void render_markdown(const calc::Node& doc, const RenderOptions& options, std::ostream& out) {
  render_markdown_blocks(layout(doc, options.binary_bytes), options, out);
}

void render_markdown_blocks(const std::vector<Block>& blocks, const RenderOptions& options, std::ostream& out) {
  if (!options.title.empty()) out << "## " << options.title << "\n\n";
  for (const Block& b : blocks) {
    if (b.is_section) {
      out << "### " << b.heading << "\n\n";
      continue;
    }
    if (!b.is_table()) {
      out << "| metric | value |\n|---|---:|\n";
      for (const auto& [label, value] : b.rows) out << "| " << cell(label) << " | " << cell(value) << " |\n";
      out << '\n';
      continue;
    }
    out << "**" << b.heading << "**\n\n|";
    for (const std::string& c : b.columns) out << ' ' << cell(c) << " |";
    out << "\n|";
    for (bool numeric : b.numeric) out << (numeric ? "---:|" : "---|");
    out << '\n';
    for (const auto& row : b.cells) {
      out << '|';
      for (const std::string& c : row) out << ' ' << cell(c) << " |";
      out << '\n';
    }
    out << '\n';
  }
}

}  // namespace headroom::cli
