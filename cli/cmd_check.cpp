// `headroom check`: every [[check]] and every target against the report; exit 1 on a failure.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <memory>
#include <ostream>

#include "calc/base/spelling.hpp"
#include "calc/report/report.hpp"
#include "cli/commands.hpp"
#include "cli/humanize.hpp"
#include "cli/layout.hpp"
#include "cli/render_junit.hpp"

namespace headroom::cli {
namespace {

const char* kGreen = "32";
const char* kRed = "31";
const char* kBold = "1";

// One row per check: status, metric, value, (baseline, change,) bound, from.
std::vector<std::string> check_row(const calc::CheckOutcome& o, bool with_baseline, bool binary) {
  std::vector<std::string> row = {o.passed ? "PASS" : "FAIL", o.metric, humanize(o.value, o.unit, binary)};
  if (with_baseline) {
    row.push_back(o.baseline ? humanize(*o.baseline, o.unit, binary) : "n/a");
    row.push_back(o.baseline ? describe_change(o, binary) : "n/a");
  }
  row.push_back(describe_bounds(o));
  row.push_back(o.is_target ? "target" : "check");
  return row;
}

std::vector<std::string> check_header(bool with_baseline) {
  if (with_baseline) return {"status", "metric", "value", "baseline", "change", "bound", "from"};
  return {"status", "metric", "value", "bound", "from"};
}

void render_check_table(const std::vector<calc::CheckOutcome>& outcomes, const calc::Baseline* baseline,
                        const RenderOptions& options, std::ostream& out) {
  out << paint(options.title, kBold, options.color) << '\n';
  std::vector<std::vector<std::string>> rows = {check_header(baseline != nullptr)};
  size_t failed = 0;
  for (const calc::CheckOutcome& o : outcomes) {
    rows.push_back(check_row(o, baseline != nullptr, options.binary_bytes));
    failed += !o.passed;
  }
  std::vector<size_t> widths(rows[0].size(), 0);
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size(); ++c) widths[c] = std::max(widths[c], display_width(r[c]));
  // The numbers (value, and baseline and change beside one) right-aligned, as in every table.
  const size_t last_number = baseline ? 4 : 2;
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string line = " ";
    for (size_t c = 0; c < rows[i].size(); ++c) {
      std::string cell = rows[i][c];
      const std::string fill(widths[c] - display_width(cell), ' ');
      if (i > 0 && c == 0) cell = paint(cell, cell == "PASS" ? kGreen : kRed, options.color);
      const std::string gap = c == last_number + 1 ? "  " : " ";  // the numbers apart from the bound
      if (i > 0 && c >= 2 && c <= last_number) line += gap + fill + cell;
      else line += gap + cell + (c + 1 < rows[i].size() ? fill : "");
    }
    out << line << '\n';
  }
  if (outcomes.empty()) out << "  no checks or targets in the file\n";
  if (std::any_of(outcomes.begin(), outcomes.end(), [](const auto& o) { return std::isnan(o.value); }))
    out << "  n/a: the metric has no finite value here (a queue past saturation, say), so it fails\n";
  out << fmt::format("{} of {} passed{}{}\n", outcomes.size() - failed, calc::counted(outcomes.size(), "check"),
                     failed ? fmt::format(", {} failed", failed) : "",
                     baseline ? fmt::format(" (baseline {})", baseline->path) : "");
}

// A markdown table cell: pipes escaped, line breaks dropped.
std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c != '\n') out += c;
  }
  return out;
}

void markdown_table(const std::vector<const calc::CheckOutcome*>& rows, bool with_baseline, bool binary,
                    std::ostream& out) {
  std::vector<std::string> header = check_header(with_baseline);
  header[0] = "";
  std::string line = "|", rule = "|";
  for (const std::string& h : header) line += " " + h + " |", rule += "---|";
  out << line << '\n' << rule << '\n';
  for (const calc::CheckOutcome* o : rows) {
    std::vector<std::string> r = check_row(*o, with_baseline, binary);
    r[0] = o->passed ? "✅" : "❌";
    r[1] = "`" + r[1] + "`";
    std::string row = "|";
    for (const std::string& c : r) row += " " + cell(c) + " |";
    out << row << '\n';
  }
}

// The PR comment: a summary line, the checks that failed or changed, all of them folded.
void render_check_markdown(const std::vector<calc::CheckOutcome>& outcomes, const calc::Baseline* baseline,
                           const std::string& file, const RenderOptions& options, std::ostream& out) {
  size_t failed = 0, changed = 0;
  std::vector<const calc::CheckOutcome*> notable;
  for (const calc::CheckOutcome& o : outcomes) {
    const bool moved = o.baseline && !(o.change == 0 && std::isfinite(o.value) && std::isfinite(*o.baseline));
    failed += !o.passed, changed += moved;
    if (!o.passed || moved) notable.push_back(&o);
  }
  out << fmt::format("**headroom check** `{}`: {}", file,
                     failed ? fmt::format("❌ {} of {} failed", failed, calc::counted(outcomes.size(), "check"))
                            : outcomes.size() == 1 ? std::string("✅ the 1 check passed")
                                                   : fmt::format("✅ all {} checks passed", outcomes.size()));
  if (baseline) out << fmt::format(" · {} changed from `{}`", changed, baseline->path);
  out << "\n\n";
  if (outcomes.empty()) {
    out << "No checks or targets in the file.\n";
    return;
  }
  if (!notable.empty()) {
    markdown_table(notable, baseline != nullptr, options.binary_bytes, out);
    out << '\n';
  }
  std::vector<const calc::CheckOutcome*> all;
  for (const calc::CheckOutcome& o : outcomes) all.push_back(&o);
  out << fmt::format("<details><summary>{}</summary>\n\n",
                     outcomes.size() == 1 ? std::string("The 1 check") : fmt::format("All {} checks", outcomes.size()));
  markdown_table(all, baseline != nullptr, options.binary_bytes, out);
  out << "\n</details>\n";
}

}  // namespace

void add_check_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<CommonOptions>();
  CLI::App* command = app.add_subcommand(
      "check", "evaluate every [[check]] and target in the file; exit 1 if any fails");
  // --strict is what check always does.
  add_common_options(*command, *options,
                     Accepts{.formats = {"table", "json", "csv", "markdown", "junit"}, .strict = false});
  auto baseline_path = std::make_shared<std::string>();
  command->add_option("--baseline", *baseline_path,
                      "a previous `report --format json`: each check beside its value there; "
                      "max_increase and max_decrease are bounded against it")
      ->type_name("OLD.json");
  command->footer(
      "A [[check]] names a metric (a dotted path into `headroom report -f json`) and a min\n"
      "and/or max in the metric's unit, and with --baseline a max_increase and/or max_decrease\n"
      "relative to the baseline's value; every `target` in the file is a check too. --format\n"
      "markdown is a pull-request comment: a summary line, the failed and changed checks, all\n"
      "of them folded.\n\n"
      "Examples:\n"
      "  headroom check examples/payments-api.toml\n"
      "  headroom check pr.toml --baseline base.json --format markdown > comment.md\n"
      "  headroom check system.toml --format junit > headroom-junit.xml\n"
      "  headroom check system.toml --set traffic.peak_to_average=6 || echo 'no headroom'");
  command->callback([&context, options, baseline_path] {
    context.action = [&context, options, baseline_path] {
      Io& io = context.io;
      const calc::Model model = load_input(*options, io);
      calc::require_analysis(model);
      calc::RunOptions run{options->seed, progress_bar(*options, io)};
      run.explain = options->explain;
      const calc::AnalysisResult report = calc::run_report(model, run);
      std::optional<calc::Baseline> baseline;
      if (!baseline_path->empty()) baseline = load_baseline(*baseline_path, report.document);
      const std::optional<calc::BaselineView> view =
          baseline ? std::optional<calc::BaselineView>(baseline->view()) : std::nullopt;
      const std::vector<calc::CheckOutcome> outcomes = calc::evaluate_checks(model, report, view ? &*view : nullptr);
      const RenderOptions render_opts = render_options_for(*options, io, model, "check");
      const calc::Baseline* old = baseline ? &*baseline : nullptr;
      switch (render_opts.format) {
        case Format::kTable: render_check_table(outcomes, old, render_opts, io.out); break;
        case Format::kJunit: render_junit(outcomes, options->file, io.out); break;
        case Format::kMarkdown: render_check_markdown(outcomes, old, input_name(*options), render_opts, io.out); break;
        default: {
          calc::Node doc = calc::checks_document(outcomes);
          if (old) doc.add("baseline", calc::Node::string(old->path));
          attach_explanation(doc, report.explanation, *options, render_opts);
          render(doc, render_opts, io.out);
        }
      }
      show_explanation(report.explanation, *options, render_opts, io);
      for (const calc::CheckOutcome& o : outcomes)
        if (!o.passed) return exit_code::kCheckFailed;
      return exit_code::kOk;
    };
  });
}

}  // namespace headroom::cli
