// What `headroom ring` adds to the generic command: --compare, and `ring map`, the pipeline tool.
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <istream>
#include <poll.h>
#include <unistd.h>
#include <memory>
#include <ostream>
#include <optional>

#include "calc/base/helper_thread.hpp"
#include "calc/ring/ring.hpp"
#include "calc/ring/ring_map.hpp"
#include "cli/commands.hpp"

namespace headroom::cli {
namespace {

// Keys are read and written a block at a time; each block is split between two threads.
constexpr size_t kBlockBytes = 1 << 20;
// The longest key ring map reads (1 MiB).
constexpr size_t kMaxKeyBytes = size_t{1} << 20;

// Reads what has arrived on `io`'s input into `buffer`, up to its size, waiting only while
// nothing has: a slow pipe (an interactive one) gets each line mapped as it comes, a fast one
// still fills whole blocks. Returns 0 at the end of the input.
size_t read_some(Io& io, std::vector<char>& buffer) {
  if (io.terminal.stdin_fd < 0) {  // a stream (the tests'): read it a block at a time
    io.in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    return static_cast<size_t>(io.in.gcount());
  }
  size_t got = 0;
  while (got < buffer.size()) {
    if (got > 0) {  // more without waiting, if it is there
      pollfd ready{io.terminal.stdin_fd, POLLIN, 0};
      if (poll(&ready, 1, 0) != 1) break;
    }
    const ssize_t n = ::read(io.terminal.stdin_fd, buffer.data() + got, buffer.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error::usage(fmt::format("ring map: cannot read standard input: {}", std::strerror(errno)));
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  return got;
}

// Splits `block` before its last '\n'-terminated line so that both halves hold whole lines.
size_t split_point(std::string_view block) {
  const size_t half = block.size() / 2;
  const size_t nl = block.find('\n', half);
  return nl == std::string_view::npos ? block.size() : nl + 1;
}

int run_ring_map(const CommonOptions& options, Io& io) {
  if (options.file == "-") {
    throw Error::usage("ring map: the keys come from standard input, so the model cannot",
                       "name the model's file: headroom ring map FILE < keys.txt");
  }
  const calc::Model model = load_input(options, io);
  require_sections(model.section<calc::ShardingSection>() != nullptr, "ring map", "[sharding]",
                   options.file);
  const calc::KeyMapper mapper(*model.section<calc::ShardingSection>());
  const bool parallel = !mapper.is_sequential() && calc::usable_cpus() > 1;
  std::optional<calc::HelperThread> helper;
  if (parallel) helper.emplace();
  std::string block, carry, first_out, second_out;
  std::vector<char> buffer(kBlockBytes);
  std::uint64_t line_number = 0;
  auto fail_at = [&](std::uint64_t line, std::string_view lines) {
    size_t start = 0;
    for (std::uint64_t i = 0; i < line; ++i) start = lines.find('\n', start) + 1;
    std::string key(lines.substr(start, lines.find('\n', start) - start));
    if (!key.empty() && key.back() == '\r') key.pop_back();
    throw Error::at(SourceLoc{"<stdin>", static_cast<int>(line_number + line + 1), 1},
                    "sharding.hash",
                    fmt::format("key '{}' is not an unsigned integer, which hash = \"none\" needs", key),
                    "choose a hash such as xxh64 for string keys");
  };
  while (true) {
    const size_t got = read_some(io, buffer);
    const bool at_end = got == 0;
    block.assign(carry);
    block.append(buffer.data(), got);
    carry.clear();
    if (!at_end) {  // keep a partial last line for the next block
      const size_t last = block.rfind('\n');
      if (last == std::string::npos) {
        carry.swap(block);
        // A line is a key: past 1 MiB it is not one, and copying it again for every block read
        // would make the work quadratic in its length.
        if (carry.size() > kMaxKeyBytes) {
          throw Error::at(SourceLoc{"<stdin>", static_cast<int>(line_number + 1), 1}, "",
                          fmt::format("a line longer than {} bytes: ring map reads one key per line",
                                      kMaxKeyBytes));
        }
        continue;
      }
      carry.assign(block, last + 1, std::string::npos);
      block.resize(last + 1);
    }
    if (block.empty()) break;
    const std::string_view all(block);
    const size_t split = parallel ? split_point(all) : all.size();
    const std::string_view first = all.substr(0, split), second = all.substr(split);
    first_out.clear(), second_out.clear();
    std::int64_t bad_first = -1, bad_second = -1;
    std::uint64_t first_lines = 0, second_lines = 0;
    auto map_first = [&] { first_lines = mapper.map_lines(first, first_out, bad_first); };
    if (second.empty()) map_first();
    else helper->split([&] { second_lines = mapper.map_lines(second, second_out, bad_second); }, map_first);
    io.out.write(first_out.data(), static_cast<std::streamsize>(first_out.size()));
    if (bad_first >= 0) fail_at(static_cast<std::uint64_t>(bad_first), first);
    line_number += first_lines;
    if (!second.empty()) {
      io.out.write(second_out.data(), static_cast<std::streamsize>(second_out.size()));
      if (bad_second >= 0) fail_at(static_cast<std::uint64_t>(bad_second), second);
      line_number += second_lines;
    }
    io.out.flush();  // each line as soon as it is mapped, for a reader at the other end
    if (!io.out) return exit_code::kOk;  // a closed pipe: stop quietly
    if (at_end) break;
  }
  return exit_code::kOk;
}

}  // namespace

CommandExtras ring_extras() {
  CommandExtras extras;
  extras.examples =
      "  headroom ring examples/memcached-pool.toml\n"
      "  headroom ring examples/sharded-db.toml --compare\n"
      "  headroom ring examples/memcached-pool.toml --plot shares.svg\n"
      "  headroom ring map examples/memcached-pool.toml < keys.txt | sort -k2 | uniq -c -f1\n";
  extras.extend = [](CLI::App& command, CommandContext& context, std::shared_ptr<CommonOptions> common) {
    auto compare = std::make_shared<bool>(false);
    auto plot = std::make_shared<std::string>();
    command.get_option("FILE")->required(false);  // `ring map FILE` names it instead
    command.add_flag("--compare", *compare,
                     "every algorithm on the same nodes, keys and change, in one table");
    command.add_option("--plot", *plot, "also draw each node's key, arc and load share against its fair share to an SVG file")
        ->type_name("FILE.svg");
    command.require_subcommand(0, 1);
    auto map_options = std::make_shared<CommonOptions>();
    CLI::App* map = command.add_subcommand(
        "map", "read keys on stdin, one a line; print key<TAB>node for each, streaming");
    // A stream of lines, not a document: no format, explanation, targets or colour to honour.
    add_common_options(*map, *map_options,
                       Accepts{.formats = {}, .seed = false, .explain = false, .strict = false,
                               .color = false});
    map->footer(
        "The placement is [sharding] as configured, before any change.\n\n"
        "Examples:\n"
        "  headroom ring map examples/memcached-pool.toml < keys.txt\n"
        "  seq 1000000 | headroom ring map sharded.toml --set sharding.hash=\\\"none\\\" | head");
    map->callback([&context, map_options] {
      context.action = [&context, map_options] { return run_ring_map(*map_options, context.io); };
    });
    return std::function<Job()>([compare, plot, common] {
      if (common->file.empty()) throw Error::usage("ring: FILE is required");
      Job job = analysis_job(*calc::find_analysis("ring"));
      if (!*compare) {
        add_plot<calc::RingResult>(job, *plot, plot_ring_svg);
        return job;
      }
      if (!plot->empty()) {
        throw Error::usage("ring --compare: --plot draws one algorithm's shares",
                           "drop --compare, or set sharding.algorithm to the one to draw");
      }
      if (common->explain || common->strict) {
        throw Error::usage("ring --compare: --explain and --strict apply to one algorithm's analysis",
                           "drop --compare, or set sharding.algorithm to the one to explain");
      }
      job.title = "ring --compare";
      job.run = [](const calc::Model& m, const calc::RunOptions&) {
        calc::AnalysisResult r;
        r.document = calc::comparison_document(calc::compare_algorithms(m));
        return r;
      };
      return job;
    });
  };
  return extras;
}

}  // namespace headroom::cli
