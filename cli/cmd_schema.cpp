// `headroom schema`: the JSON Schema of the TOML format, for editors (SPEC §1).
#include <CLI/CLI.hpp>

#include "calc/input/json_schema.hpp"
#include "cli/commands.hpp"

namespace headroom::cli {

void add_schema_command(CLI::App& app, CommandContext& context) {
  CLI::App* command = app.add_subcommand(
      "schema", "the JSON Schema of the TOML format, for editors (Taplo, VS Code's Even Better TOML)");
  command->footer(
      "Prints a JSON Schema (draft-07) generated from the keys headroom reads: every table and\n"
      "key with its type, the form of its unit (\"250 ms\", \"5k/s\"), its range, choices, default\n"
      "and help. Unknown keys are refused, so an editor flags a typo as you type.\n\n"
      "Examples:\n"
      "  headroom schema > headroom.schema.json\n"
      "  # then, on the first line of a model:  #:schema ./headroom.schema.json");
  command->callback([&context] {
    context.action = [&context] {
      context.io.out << calc::json_schema(HEADROOM_VERSION);
      return exit_code::kOk;
    };
  });
}

}  // namespace headroom::cli
