// Internal to cli/: each subcommand adds itself to the app and sets the action to run.
#pragma once

#include <functional>

#include "calc/analysis.hpp"
#include "cli/common_options.hpp"

namespace CLI {
class App;
}

namespace headroom::cli {

/// What the chosen subcommand will do once parsing is over; returns the exit code.
using Action = std::function<int()>;

struct CommandContext {
  Io& io;
  Action action;
};

/// One subcommand for every analysis in calc::analyses() (avail, size, ...).
void add_analysis_commands(CLI::App& app, CommandContext& context);
void add_report_command(CLI::App& app, CommandContext& context);
void add_ring_command(CLI::App& app, CommandContext& context);
void add_cache_command(CLI::App& app, CommandContext& context);
void add_check_command(CLI::App& app, CommandContext& context);
void add_validate_command(CLI::App& app, CommandContext& context);

/// Throws: Error "'COMMAND' reads SECTIONS, and FILE has none of it" unless `present`.
void require_sections(bool present, std::string_view command, std::string_view reads,
                      const std::string& file);

/// Loads the model, runs one analysis, renders it; the body of every analysis command.
int run_analysis_command(const calc::Analysis& analysis, const CommonOptions& options, Io& io);

/// "headroom avail — photo-sharing": the heading of a command's output.
std::string command_title(std::string_view command, const calc::Model& model);

/// Prints the model's warnings to err unless quiet.
void print_warnings(const calc::Model& model, const CommonOptions& options, Io& io);

/// Under --strict, evaluates the targets of `result` (the document of `analysis`, or of report
/// when `analysis` is empty) and returns 1 when any is missed, naming each on err.
int strict_exit_code(const CommonOptions& options, const calc::Model& model,
                     std::string_view analysis, const calc::AnalysisResult& result, Io& io);

}  // namespace headroom::cli
