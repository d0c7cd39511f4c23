// Options every command shares (SPEC §1), the input they name, and where output goes.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "calc/base/explain_line.hpp"
#include "calc/baseline/baseline.hpp"
#include "calc/input/model.hpp"
#include "calc/input/model_loader.hpp"
#include "cli/render.hpp"
#include "cli/run.hpp"

namespace CLI {
class App;
}

namespace headroom::cli {

struct CommonOptions {
  std::string file;                  // path, or "-" for standard input
  std::string format = "table";      // table | json | csv | markdown (| junit for check)
  std::vector<std::string> sets;     // --set KEY=VALUE, in order
  unsigned long long seed = calc::defaults::kSeed;
  bool explain = false;
  bool quiet = false;
  bool strict = false;
  std::string color = "auto";        // auto | always | never
};

/// Streams and terminal facts for one run.
struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  Terminal terminal;
};

/// The common options a command honours; it defines only those, so that CLI11 refuses the rest
/// (`ring map --explain` is an error, not ignored).
struct Accepts {
  std::vector<std::string> formats = {"table", "json", "csv", "markdown"};  // empty: no --format
  bool seed = true;
  bool explain = true;
  bool strict = true;
  bool color = true;
};

/// Adds FILE and the common options `accepts` names to a command.
void add_common_options(CLI::App& command, CommonOptions& options, const Accepts& accepts = {});

/// The text of options.file (or stdin), refused when it is a directory or too large to be a
/// model. Throws: Error.
std::string read_input(const CommonOptions& options, Io& io);

/// --baseline FILE: the previous report, keyed against `current` (calc::read_baseline).
/// Throws: Error (exit 2) when it cannot be read or is not a headroom report.
calc::Baseline load_baseline(const std::string& path, const calc::Node& current);
/// The file's name in messages: options.file, or "<stdin>".
std::string input_name(const CommonOptions& options);
/// The --set overrides. Throws: Error (usage) on one without '='.
std::vector<calc::Override> overrides_of(const CommonOptions& options);

/// Reads and validates the model named by options.file (or stdin), with the --set overrides.
/// Prints warnings to err unless --quiet. Throws: Error.
calc::Model load_input(const CommonOptions& options, Io& io);

/// Render settings from the options: format, colour decided once here.
RenderOptions render_options(const CommonOptions& options, const Io& io);

/// --explain, before rendering: JSON carries the lines as an "explain" array at the end of `doc`.
void attach_explanation(calc::Node& doc, const calc::Explanation& lines,
                        const CommonOptions& options, const RenderOptions& render);
/// --explain, after rendering: tables and markdown print the lines after the results on stdout;
/// CSV and JUnit, which must stay machine output, on stderr; JSON already holds them.
void show_explanation(const calc::Explanation& lines, const CommonOptions& options,
                      const RenderOptions& render, Io& io);

}  // namespace headroom::cli
