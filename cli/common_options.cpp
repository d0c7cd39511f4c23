#include "cli/common_options.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "calc/baseline/baseline.hpp"
#include "calc/input/model_loader.hpp"
#include "calc/report/report.hpp"
#include "cli/commands.hpp"
#include "cli/humanize.hpp"

namespace headroom::cli {
namespace {

// Inputs larger than this are not capacity models; refuse before reading them into memory.
constexpr std::streamsize kMaxInputBytes = 64 << 20;

std::string read_all(std::istream& in, const std::string& name) {
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (static_cast<std::streamsize>(text.size()) > kMaxInputBytes) {
      throw Error::input(fmt::format("'{}' is larger than {} MiB; that is not a headroom model",
                                     name, kMaxInputBytes >> 20));
    }
  }
  return text;
}

}  // namespace

void add_common_options(CLI::App& command, CommonOptions& o, const Accepts& accepts) {
  command.add_option("FILE", o.file, "the system's TOML file, or - for standard input")
      ->required()
      ->type_name("");  // (the name says it: no "FILE FILE" in the help)
  if (!accepts.formats.empty()) {
    std::string format_list;
    for (const std::string& f : accepts.formats) format_list += (format_list.empty() ? "" : "|") + f;
    command.add_option("-f,--format", o.format, "output format: " + format_list)
        ->check(CLI::IsMember(accepts.formats))
        ->type_name("FORMAT")
        ->capture_default_str()
        ->group("Common options");
  }
  command.add_option("--set", o.sets,
                     "override one TOML value by dotted path, repeatable "
                     "(--set traffic.peak_to_average=4)")
      ->type_name("KEY=VALUE")
      ->take_last()
      ->allow_extra_args(false)
      ->group("Common options");
  if (accepts.seed) {
    command.add_option("--seed", o.seed, "seed of every random stream (output is reproducible)")
        ->check(CLI::Validator(
            [](std::string& text) -> std::string {
              unsigned long long v = 0;
              const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
              if (text.empty() || text[0] == '+' || ec != std::errc() || end != text.data() + text.size())
                return "expected a whole number from 0 to 18446744073709551615, got '" + text + "'";
              return "";
            },
            "N"))
        ->type_name("N")
        ->capture_default_str()
        ->group("Common options");
  }
  if (accepts.explain) {
    command.add_flag("--explain", o.explain,
                     "show the formulas used with the numbers substituted (in JSON, an explain "
                     "array; with CSV or JUnit, on stderr)")
        ->group("Common options");
  }
  command.add_flag("-q,--quiet", o.quiet, "results only: no progress, notes or warnings")
      ->group("Common options");
  if (accepts.strict) {
    command.add_flag("--strict", o.strict, "exit 1 when any target in the file is missed")
        ->group("Common options");
  }
  if (accepts.color) {
    command.add_option("--color", o.color, "colour: auto (a terminal without NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->type_name("WHEN")
        ->capture_default_str()
        ->group("Common options");
  }
}

std::vector<calc::Override> overrides_of(const CommonOptions& options) {
  std::vector<calc::Override> overrides;
  for (const std::string& s : options.sets) overrides.push_back(calc::parse_override(s));
  return overrides;
}

std::string input_name(const CommonOptions& options) { return options.file == "-" ? "<stdin>" : options.file; }

namespace {

// The bytes of the file at `path` (a regular file, not a directory), at most kMaxInputBytes.
std::string read_path(const std::string& path, std::string_view what) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw Error::usage(fmt::format("'{}' is a directory; headroom reads one {} file", path, what));
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error::usage(fmt::format("cannot open '{}': {}", path, std::strerror(errno)));
  return read_all(file, path);
}

}  // namespace

std::string read_input(const CommonOptions& options, Io& io) {
  return options.file == "-" ? read_all(io.in, "standard input") : read_path(options.file, "TOML");
}

calc::Baseline load_baseline(const std::string& path, const calc::Node& current) {
  if (path == "-") {
    throw Error::usage("--baseline reads a file, not standard input",
                       "save the previous report first: headroom report FILE -f json > base.json");
  }
  return calc::read_baseline(read_path(path, "JSON"), path, current);
}

calc::Model load_input(const CommonOptions& options, Io& io) {
  const std::vector<calc::Override> overrides = overrides_of(options);
  calc::Model model = calc::load_model(read_input(options, io), input_name(options), overrides);
  print_warnings(model, options, io);
  return model;
}

void print_warnings(const calc::Model& model, const CommonOptions& options, Io& io) {
  if (options.quiet) return;
  for (const Diagnostic& w : model.warnings) {
    Diagnostic d = w;
    d.message = "warning: " + d.message;
    io.err << format_diagnostic(d) << '\n';
  }
}

RenderOptions render_options(const CommonOptions& options, const Io& io) {
  RenderOptions r;
  r.format = parse_format(options.format);
  r.color = options.color == "always" ||
            (options.color == "auto" && io.terminal.stdout_is_tty && !io.terminal.no_color);
  return r;
}

void attach_explanation(calc::Node& doc, const calc::Explanation& lines,
                        const CommonOptions& options, const RenderOptions& render) {
  if (!options.explain || render.format != Format::kJson) return;
  calc::Node& explain = doc.add("explain", calc::Node::array());
  for (const calc::ExplainLine& line : lines) {
    calc::Node& entry = explain.push(calc::Node::object(), std::to_string(explain.items().size()));
    entry.add("topic", calc::Node::string(line.topic));
    entry.add("text", calc::Node::string(line.text));
  }
}

void show_explanation(const calc::Explanation& lines, const CommonOptions& options,
                      const RenderOptions& render, Io& io) {
  if (!options.explain || render.format == Format::kJson) return;
  const bool for_people = render.format == Format::kTable || render.format == Format::kMarkdown;
  std::ostream& out = for_people ? io.out : io.err;
  out << (for_people ? "\n" : "")
      << "how these numbers were found (`headroom explain TOPIC` for the formula in brackets):\n";
  for (const calc::ExplainLine& line : lines) out << "  " << line.text << "  [" << line.topic << "]\n";
}

int strict_exit_code(const CommonOptions& options, const calc::Model& model,
                     std::string_view analysis, const calc::AnalysisResult& result, Io& io) {
  if (!options.strict || result.targets.empty()) return exit_code::kOk;
  // Targets name paths into the report; a single command's document sits under its name there.
  calc::AnalysisResult as_report;
  as_report.targets = result.targets;
  if (analysis.empty()) {
    as_report.document = result.document;
  } else {
    as_report.document.add(std::string(analysis), result.document);
  }
  calc::Model targets_only = model;
  targets_only.checks.clear();
  int code = exit_code::kOk;
  for (const calc::CheckOutcome& o : calc::evaluate_checks(targets_only, as_report)) {
    if (o.passed) continue;
    code = exit_code::kCheckFailed;
    if (!options.quiet) {
      const std::string bound = o.min ? "at least " + humanize(*o.min, o.unit)
                                      : "at most " + humanize(*o.max, o.unit);
      io.err << format_diagnostic(Diagnostic{o.loc, o.metric,
                                             fmt::format("target missed: {} is not {}",
                                                         humanize(o.value, o.unit), bound),
                                             ""})
             << '\n';
    }
  }
  return code;
}

}  // namespace headroom::cli
