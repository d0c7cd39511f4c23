// The runner every document command goes through, and one subcommand per registered analysis
// (`avail`, `size`, `ring`, `cache`, ...): load, run, render.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <map>
#include <memory>

#include "calc/report/report.hpp"
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

RenderOptions render_options_for(const CommonOptions& options, const Io& io,
                                 const calc::Model& model, std::string_view command) {
  RenderOptions r = render_options(options, io);
  r.title = command_title(command, model);
  r.binary_bytes = model.binary_sizes;
  return r;
}

calc::RunOptions::progress_type progress_bar(const CommonOptions& options, Io& io) {
  if (!io.terminal.stderr_is_tty || options.quiet) return {};
  // "\r[#####...............]  25%" on stderr, redrawn in place, erased at 100 %.
  return [&io, last = -1](std::uint64_t done, std::uint64_t total) mutable {
    if (total == 0) return;
    const int percent = static_cast<int>(100.0 * static_cast<double>(std::min(done, total)) /
                                         static_cast<double>(total));
    if (percent == last) return;
    last = percent;
    const int filled = percent / 5;
    io.err << fmt::format("\r[{}{}] {:3d}%", std::string(filled, '#'), std::string(20 - filled, '.'),
                          percent)
           << (percent == 100 ? "\r\x1b[K" : "") << std::flush;
  };
}

int run_job(const Job& job, const CommonOptions& options, Io& io) {
  const calc::Model model = load_input(options, io);
  if (job.is_present) require_sections(job.is_present(model), job.title, job.reads, options.file);
  if (job.before) job.before(model);
  calc::RunOptions run{options.seed, progress_bar(options, io)};
  run.explain = options.explain;
  calc::AnalysisResult result = job.run(model, run);
  calc::Node doc = calc::with_schema_version(std::move(result.document));
  const RenderOptions render_opts = render_options_for(options, io, model, job.title);
  attach_explanation(doc, result.explanation, options, render_opts);
  render(doc, render_opts, io.out);
  if (job.after) job.after(model, render_opts, io);
  show_explanation(result.explanation, options, render_opts, io);
  result.document = std::move(doc);
  return strict_exit_code(options, model, job.analysis, result, io);
}

Job analysis_job(const calc::Analysis& a) {
  Job job;
  job.title = std::string(a.name);
  job.analysis = std::string(a.name);
  job.is_present = a.is_present;
  job.reads = std::string(a.reads);
  job.run = [&a](const calc::Model& m, const calc::RunOptions& o) {
    return calc::run_analysis(a, m, o);  // after what it needs
  };
  return job;
}

void add_analysis_commands(CLI::App& app, CommandContext& context) {
  const std::map<std::string_view, CommandExtras> extras = {
      {"size", {"  headroom size examples/url-shortener.toml --set traffic.peak_to_average=5\n", {}}},
      {"avail", avail_extras()},
      {"ring", ring_extras()},
      {"cache", cache_extras()},
      {"budget", budget_extras()},
  };
  for (const calc::Analysis& analysis : calc::analyses()) {
    if (analysis.is_shared_result) continue;  // computed for others; no command of its own
    auto options = std::make_shared<CommonOptions>();
    CLI::App* command = app.add_subcommand(std::string(analysis.name), std::string(analysis.summary));
    add_common_options(*command, *options);
    const auto it = extras.find(analysis.name);
    const CommandExtras extra = it == extras.end() ? CommandExtras{} : it->second;
    command->footer(fmt::format("Reads: {}\n\nExamples:\n{}  headroom {} - --format csv < "
                                "system.toml\n  headroom {} system.toml --explain --strict",
                                analysis.reads, extra.examples, analysis.name, analysis.name));
    std::function<Job()> make_job;
    if (extra.extend) make_job = extra.extend(*command, context, options);
    const calc::Analysis* a = &analysis;
    command->callback([&context, options, a, make_job, command] {
      if (!command->get_subcommands().empty()) return;  // a subcommand (ring map) acts instead
      context.action = [&context, options, a, make_job] {
        return run_job(make_job ? make_job() : analysis_job(*a), *options, context.io);
      };
    });
  }
}

}  // namespace headroom::cli
