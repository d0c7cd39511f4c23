// Rendering a result document: one renderer per output format (hyperfine's exporters).
#pragma once

#include <iosfwd>
#include <string>

#include "calc/report/document.hpp"

namespace headroom::cli {

enum class Format { kTable, kJson, kCsv, kMarkdown, kJunit };

/// Parses a --format value. Requires: one of the values CLI11 already checked.
Format parse_format(const std::string& name);

struct RenderOptions {
  Format format = Format::kTable;
  bool color = false;
  std::string title;  // the command, for headings
  bool binary_bytes = false;  // sizes in IEC units ("64 KiB"), as the model wrote them
};

void render_table(const calc::Node& doc, const RenderOptions& options, std::ostream& out);
void render_json(const calc::Node& doc, std::ostream& out);
void render_csv(const calc::Node& doc, std::ostream& out);
void render_markdown(const calc::Node& doc, const RenderOptions& options, std::ostream& out);

/// Dispatches on options.format (not junit, which only `check` writes).
void render(const calc::Node& doc, const RenderOptions& options, std::ostream& out);

}  // namespace headroom::cli
