// One subcommand per registered analysis (`avail`, `size`, ...): load, run, render.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <memory>

#include "calc/report.hpp"
#include "cli/commands.hpp"

namespace headroom::cli {

std::string command_title(std::string_view command, const calc::Model& model) {
  const std::string name = model.system_name();
  return name.empty() ? fmt::format("headroom {}", command)
                      : fmt::format("headroom {} — {}", command, name);
}

void require_sections(bool present, std::string_view command, std::string_view reads,
                      const std::string& file) {
  if (!present) {
    throw Error::input(fmt::format("'{}' reads {}, and {} has none of it", command, reads, file));
  }
}

int run_analysis_command(const calc::Analysis& a, const CommonOptions& options, Io& io) {
  const calc::Model model = load_input(options, io);
  require_sections(a.is_present(model), a.name, a.reads, options.file);
  const calc::AnalysisResult result = calc::run_analysis(a, model, calc::RunOptions{options.seed, {}});
  RenderOptions render_opts = render_options(options, io);
  render_opts.title = command_title(a.name, model);
  render(result.document, render_opts, io.out);
  if (options.explain) print_explanation(result.explanation, io);
  return strict_exit_code(options, model, a.name, result, io);
}

void add_analysis_commands(CLI::App& app, CommandContext& context) {
  for (const calc::Analysis& analysis : calc::analyses()) {
    if (analysis.has_own_command) continue;
    auto options = std::make_shared<CommonOptions>();
    CLI::App* command = app.add_subcommand(std::string(analysis.name),
                                           std::string(analysis.summary));
    add_common_options(*command, *options, {"table", "json", "csv", "markdown"});
    command->footer(fmt::format("Reads: {}\n\nExamples:\n  {}\n  headroom {} - --format csv < "
                                "system.toml\n  headroom {} system.toml --explain --strict",
                                analysis.reads, analysis.example, analysis.name, analysis.name));
    const calc::Analysis* a = &analysis;
    command->callback([&context, options, a] {
      context.action = [&context, options, a] {
        return run_analysis_command(*a, *options, context.io);
      };
    });
  }
}

}  // namespace headroom::cli
