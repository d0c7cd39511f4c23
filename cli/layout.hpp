// Internal to cli/: a result document laid out as blocks of label/value rows and tables, which
// the table and markdown renderers then print each in their own way.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "calc/report/document.hpp"

namespace headroom::cli {

struct Block {
  std::string heading;  // a section ("avail") or a table's name ("blocks"); may be empty
  bool is_section = false;  // starts a new section rather than naming a table
  std::vector<std::pair<std::string, std::string>> rows;  // label/value, when not a table
  std::vector<std::string> columns;                       // a table's header
  std::vector<bool> numeric;                              // right-align this column
  std::vector<std::vector<std::string>> cells;
  bool is_table() const { return !columns.empty(); }
};

/// The document as blocks, in document order. Bookkeeping keys (schema_version, seed) are left
/// out; JSON and CSV carry them.
/// Bytes in IEC units when `binary` (RenderOptions::binary_bytes).
std::vector<Block> layout(const calc::Node& doc, bool binary = false);

struct RenderOptions;
/// The table and markdown renderers, on blocks laid out by a command itself (sweep's grid).
void render_table_blocks(const std::vector<Block>& blocks, const RenderOptions& options, std::ostream& out);
void render_markdown_blocks(const std::vector<Block>& blocks, const RenderOptions& options, std::ostream& out);

/// Columns a string takes on a terminal (UTF-8 code points; the symbols used are one wide).
size_t display_width(const std::string& s);

}  // namespace headroom::cli
