// Internal to cli/: each subcommand adds itself to the app and sets the action to run, and every
// command that prints a document runs through one runner, run_job.
#pragma once

#include <any>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "calc/report/analysis.hpp"
#include "cli/common_options.hpp"
#include "cli/plot_svg.hpp"

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

/// One run of a command that prints a document: what to compute, and what else to print.
struct Job {
  std::string title;        // "avail", "ring --compare": the heading after "headroom"
  std::string analysis;     // the analysis whose targets --strict evaluates; "" for report
  /// Whether the model has what the job reads; false: "'TITLE' reads READS, and FILE has none".
  std::function<bool(const calc::Model&)> is_present;
  std::string reads;
  /// After loading, before computing (open an output file, refuse an option).
  std::function<void(const calc::Model&)> before;
  /// The document (without schema_version), its explanation and targets.
  std::function<calc::AnalysisResult(const calc::Model&, const calc::RunOptions&)> run;
  /// After the document, for people (a second table).
  std::function<void(const calc::Model&, const RenderOptions&, Io&)> after;
};

/// Loads the model, runs the job with a progress bar on a terminal, renders the document with
/// its explanation where the format wants it, and returns the exit code (--strict: 1 when a
/// target is missed).
int run_job(const Job& job, const CommonOptions& options, Io& io);

/// Run options with `seed` and every other field at its default.
inline calc::RunOptions seeded(unsigned long long seed) {
  calc::RunOptions run;
  run.seed = seed;
  return run;
}

/// A progress bar on stderr when it is a terminal and not --quiet; empty otherwise.
calc::RunOptions::progress_type progress_bar(const CommonOptions& options, Io& io);

/// What the command line adds to one analysis's command beyond the common options: more
/// options or subcommands (ring --compare, ring map; cache --plot), examples for --help. An
/// analysis without one gets the generic command.
struct CommandExtras {
  std::string examples;  // lines for the --help footer
  /// Adds options to `command`, and returns the job the command runs for them.
  std::function<std::function<Job()>(CLI::App& command, CommandContext& context,
                                     std::shared_ptr<CommonOptions> options)>
      extend;
};
CommandExtras ring_extras();
CommandExtras avail_extras();
/// --plot FILE.svg on an analysis's command: the file opened before the run (a path that cannot
/// be written stops it first), and `draw` given the analysis's typed result T after the document.
template <class T>
void add_plot(Job& job, const std::string& path, void (*draw)(const T&, std::ostream&));
CommandExtras cache_extras();
CommandExtras budget_extras();

/// The job of one analysis with no extra options.
Job analysis_job(const calc::Analysis& analysis);

/// One subcommand for every analysis in calc::analyses() (avail, size, ring, cache, ...).
void add_analysis_commands(CLI::App& app, CommandContext& context);
void add_report_command(CLI::App& app, CommandContext& context);
void add_check_command(CLI::App& app, CommandContext& context);
void add_validate_command(CLI::App& app, CommandContext& context);
void add_sweep_command(CLI::App& app, CommandContext& context);
void add_solve_command(CLI::App& app, CommandContext& context);
void add_explain_command(CLI::App& app, CommandContext& context);
void add_completion_command(CLI::App& app, CommandContext& context);
void add_schema_command(CLI::App& app, CommandContext& context);

/// "headroom avail — photo-sharing": the heading of a command's output.
std::string command_title(std::string_view command, const calc::Model& model);

/// Throws: Error "'COMMAND' reads SECTIONS, and FILE has none of it" unless `present`.
void require_sections(bool present, std::string_view command, std::string_view reads,
                      const std::string& file);

/// Render settings for a command's output on `model`: format and colour from the options, the
/// heading, and sizes in the units the model writes them.
RenderOptions render_options_for(const CommonOptions& options, const Io& io,
                                 const calc::Model& model, std::string_view command);

/// Prints the model's warnings to err unless quiet.
void print_warnings(const calc::Model& model, const CommonOptions& options, Io& io);

/// Under --strict, evaluates the targets of `result` (the document of `analysis`, or of report
/// when `analysis` is empty) and returns 1 when any is missed, naming each on err.
int strict_exit_code(const CommonOptions& options, const calc::Model& model,
                     std::string_view analysis, const calc::AnalysisResult& result, Io& io);

template <class T>
void add_plot(Job& job, const std::string& path, void (*draw)(const T&, std::ostream&)) {
  if (path.empty()) return;
  auto svg = std::make_shared<std::ofstream>();
  auto typed = std::make_shared<std::any>();
  auto before = job.before;
  job.before = [svg, path, before](const calc::Model& m) {
    if (before) before(m);
    open_plot(*svg, path);
  };
  auto run = job.run;
  job.run = [run, typed](const calc::Model& m, const calc::RunOptions& o) {
    calc::AnalysisResult r = run(m, o);
    *typed = r.typed;
    return r;
  };
  auto after = job.after;
  job.after = [svg, typed, path, draw, after](const calc::Model& m, const RenderOptions& opts, Io& io) {
    if (after) after(m, opts, io);
    draw(std::any_cast<const T&>(*typed), *svg);
    finish_plot(*svg, path);
  };
}

}  // namespace headroom::cli
