// Options every command shares (SPEC §1), the input they name, and where output goes.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "calc/model.hpp"
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

/// Adds FILE and the common options to a command. `formats` lists the allowed --format values.
void add_common_options(CLI::App& command, CommonOptions& options,
                        const std::vector<std::string>& formats);

/// Reads and validates the model named by options.file (or stdin), with the --set overrides.
/// Prints warnings to err unless --quiet. Throws: Error.
calc::Model load_input(const CommonOptions& options, Io& io);

/// Render settings from the options: format, colour decided once here.
RenderOptions render_options(const CommonOptions& options, const Io& io);

/// Prints the explanation lines after the results (--explain), to stdout.
void print_explanation(const std::vector<std::string>& lines, Io& io);

}  // namespace headroom::cli
