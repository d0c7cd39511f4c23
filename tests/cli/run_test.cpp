#include "cli/run.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace headroom::cli;

namespace {

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result run_with(std::vector<std::string> args, const std::string& stdin_text = "",
                Terminal terminal = {}) {
  args.insert(args.begin(), "headroom");
  std::istringstream in(stdin_text);
  std::ostringstream out, err;
  const int code = run(args, in, out, err, terminal);
  return {code, out.str(), err.str()};
}

const char* kModel = R"([system]
name = "tiny"
[traffic]
request_rate = "1k/s"
[components.a]
availability = "99.9%"
capacity = "400/s"
[availability]
path = ["a"]
target = "99.5%"
)";

}  // namespace

TEST_CASE("version and help exit 0 on stdout", "[cli][run]") {
  const Result v = run_with({"--version"});
  CHECK(v.code == 0);
  CHECK(v.out.rfind("headroom ", 0) == 0);
  const Result h = run_with({"avail", "--help"});
  CHECK(h.code == 0);
  CHECK(h.out.find("Examples:") != std::string::npos);
  CHECK(h.out.find("--format") != std::string::npos);
  CHECK(h.err.empty());
}

TEST_CASE("a mistyped command gets a suggestion and exit 2", "[cli][run]") {
  const Result r = run_with({"chek", "x.toml"});
  CHECK(r.code == 2);
  CHECK(r.err == "headroom: error: unknown command 'chek'\n  hint: did you mean 'check'?\n"
                 "Run 'headroom --help' for usage.\n");
}

TEST_CASE("usage errors exit 2 and point at --help", "[cli][run]") {
  const Result r = run_with({"avail", "-", "--format", "yaml"}, kModel);
  CHECK(r.code == 2);
  CHECK(r.err.find("--format: yaml not in {table,json,csv,markdown}") != std::string::npos);
  CHECK(r.err.find("Run 'headroom avail --help' for usage.") != std::string::npos);
  const Result missing = run_with({"avail", "does-not-exist.toml"});
  CHECK(missing.code == 2);
  CHECK(missing.err ==
        "headroom: error: cannot open 'does-not-exist.toml': No such file or directory\n"
        "Run 'headroom avail --help' for usage.\n");
}

TEST_CASE("input comes from stdin with '-', and JSON is parseable with SI units", "[cli][run]") {
  const Result r = run_with({"report", "-", "--format", "json"}, kModel);
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["schema_version"] == 1);
  CHECK(j["avail"]["availability"].get<double>() == Approx(0.999).margin(1e-15));
  CHECK(j["avail"]["downtime_seconds"]["per_year"].get<double>() ==
        Approx(31557.6).margin(1e-6));
  CHECK(j["size"]["servers"]["a"] == 4);
}

TEST_CASE("output is deterministic: same input, same bytes", "[cli][run]") {
  for (const char* format : {"table", "json", "csv", "markdown"}) {
    CAPTURE(format);
    const Result a = run_with({"report", "-", "-f", format}, kModel);
    const Result b = run_with({"report", "-", "-f", format}, kModel);
    CHECK(a.code == 0);
    CHECK(a.out == b.out);
  }
}

TEST_CASE("check passes, fails with exit 1, and writes JUnit", "[cli][run]") {
  const Result ok = run_with({"check", "-"}, kModel);
  CHECK(ok.code == 0);
  CHECK(ok.out.find("PASS") != std::string::npos);
  const std::string failing = std::string(kModel) + "[[check]]\nmetric = \"size.servers.a\"\nmax = 2\n";
  const Result bad = run_with({"check", "-"}, failing);
  CHECK(bad.code == 1);
  CHECK(bad.out.find("FAIL") != std::string::npos);
  const Result junit = run_with({"check", "-", "--format", "junit"}, failing);
  CHECK(junit.code == 1);
  CHECK(junit.out.find("<testsuites name=\"headroom\" tests=\"2\" failures=\"1\">") !=
        std::string::npos);
  CHECK(junit.out.find("<failure type=\"check\" message=\"size.servers.a is 4, outside ≤ 2\">") !=
        std::string::npos);
}

TEST_CASE("overrides change a value for one run, and strict mode turns a missed target into 1", "[cli][run]") {
  const Result r = run_with({"avail", "-", "--set", "availability.target=\"99.99%\"", "--strict"},
                            kModel);
  CHECK(r.code == 1);
  // The target came from --set, so the message names the override.
  CHECK(r.err == "--set availability.target=\"99.99%\": avail.availability: target missed: "
                 "99.90% is not at least 99.990%\n");
  const Result loose = run_with({"avail", "-", "--strict"}, kModel);
  CHECK(loose.code == 0);
  const Result bad = run_with({"avail", "-", "--set", "components.a.replicas=0"}, kModel);
  CHECK(bad.code == 2);
  CHECK(bad.err == "--set components.a.replicas=0: components.a.replicas: 0 is out of range: "
                   "expected 1 to 1000000\n");
}

TEST_CASE("an analysis without its sections is a clear error", "[cli][run]") {
  const Result r = run_with({"avail", "-"}, "[traffic]\nrequest_rate = \"1/s\"\n");
  CHECK(r.code == 2);
  CHECK(r.err == "headroom: error: 'avail' reads [availability], [components], [groups], and - "
                 "has none of it\n");
}

TEST_CASE("colour follows --color, the terminal and NO_COLOR", "[cli][run]") {
  Terminal tty;
  tty.stdout_is_tty = true;
  CHECK(run_with({"report", "-"}, kModel, tty).out.find("\x1b[") != std::string::npos);
  Terminal no_color = tty;
  no_color.no_color = true;
  CHECK(run_with({"report", "-"}, kModel, no_color).out.find("\x1b[") == std::string::npos);
  CHECK(run_with({"report", "-"}, kModel, Terminal{}).out.find("\x1b[") == std::string::npos);
  CHECK(run_with({"report", "-", "--color", "always"}, kModel).out.find("\x1b[") !=
        std::string::npos);
  CHECK(run_with({"report", "-", "--color", "never"}, kModel, tty).out.find("\x1b[") ==
        std::string::npos);
}

TEST_CASE("validate reports every problem and computes nothing", "[cli][run]") {
  const Result ok = run_with({"validate", "-"}, kModel);
  CHECK(ok.code == 0);
  CHECK(ok.out == "-: valid (1 component, 0 groups, 0 checks; analyses: size, avail)\n");
  const Result bad = run_with({"validate", "-"}, "[components.a]\nmtbf = 5\nmtr = \"1 h\"\n");
  CHECK(bad.code == 2);
  CHECK(bad.err ==
        "<stdin>:2:8: components.a.mtbf: a duration needs a unit, got the bare number 5\n"
        "  hint: write it as a string with a unit, e.g. '30 days'\n"
        "<stdin>:3:1: components.a.mtr: unknown key\n  hint: did you mean 'mttr'?\n");
}

TEST_CASE("explain shows the formulas with numbers", "[cli][run]") {
  const Result r = run_with({"avail", "-", "--explain"}, kModel);
  CHECK(r.code == 0);
  CHECK(r.out.find("how these numbers were found (`headroom explain TOPIC` for the formula in brackets):") !=
        std::string::npos);
  // Each line ends with its topic.
  CHECK(r.out.find("nines = −log10(1 − A)") != std::string::npos);
  CHECK(r.out.find("× 365.25 d  [nines]\n") != std::string::npos);
}

TEST_CASE("explain lists the topics, prints one, and refuses an unknown one", "[cli][run][explain]") {
  const Result list = run_with({"explain"}, "");
  CHECK(list.code == 0);
  CHECK(list.out.find("\n  erlang-c              M/M/c") != std::string::npos);
  const Result one = run_with({"explain", "k-of-n"}, "");
  CHECK(one.code == 0);
  CHECK(one.out.rfind("k-of-n — ", 0) == 0);
  CHECK(one.out.find("\nkeys\n  components.*.replicas") != std::string::npos);
  const Result json = run_with({"explain", "che", "-f", "json"}, "");
  CHECK(json.code == 0);
  CHECK(json.out.find("\"id\": \"che\"") != std::string::npos);
  const Result unknown = run_with({"explain", "erlang"}, "");
  CHECK(unknown.code == 2);
  CHECK(unknown.out.empty());
  CHECK(unknown.err.find("no topic 'erlang'") != std::string::npos);
  CHECK(unknown.err.find("did you mean 'erlang-c'?") != std::string::npos);
}

TEST_CASE("csv lists every value by its check path", "[cli][run]") {
  const Result r = run_with({"report", "-", "-f", "csv"}, kModel);
  CHECK(r.out.rfind("metric,value\n", 0) == 0);
  CHECK(r.out.find("\navail.availability,0.999\n") != std::string::npos);
  CHECK(r.out.find("\nsize.servers.a,4\n") != std::string::npos);
  CHECK(r.out.find("\navail.blocks.a.importance,1\n") != std::string::npos);
}

TEST_CASE("ring map streams key<TAB>node for every line", "[cli][ring]") {
  std::string keys;
  for (int i = 0; i < 5000; ++i) keys += "session:" + std::to_string(i) + "\n";
  keys += "last-line-without-newline";
  const Result r = run_with({"ring", "map", "examples/memcached-pool.toml"}, keys);
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 5001);
  CHECK(r.out.rfind("session:0\tmc-", 0) == 0);
  CHECK(r.out.find("\nlast-line-without-newline\tmc-") != std::string::npos);
  // The same 5,000 keys through the analysis (key_format "session:{}" with keys = 5000): each
  // node's count in `ring` equals the lines ring map sent to it.
  const Result ring = run_with({"ring", "examples/memcached-pool.toml", "--set", "sharding.keys=5000",
                                "-f", "json"});
  REQUIRE(ring.code == 0);
  std::map<std::string, long> mapped;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("session:", 0) == 0) ++mapped[line.substr(line.find('\t') + 1)];
  const auto nodes = nlohmann::json::parse(ring.out)["nodes"];
  REQUIRE(nodes.size() == 4);
  long total = 0;
  for (const auto& node : nodes) {
    CAPTURE(node["name"]);
    CHECK(node["keys"].get<long>() == mapped[node["name"].get<std::string>()]);
    total += node["keys"].get<long>();
  }
  CHECK(total == 5000);
}

TEST_CASE("ring map stops at a key it cannot hash, naming the line", "[cli][ring]") {
  const Result r = run_with({"ring", "map", "examples/sharded-db.toml", "--set",
                             "sharding.hash=\"none\""},
                            "17\n42\nnot-a-number\n99\n");
  CHECK(r.code == 2);
  // Both tiny hashes fall before the ring's lowest point, so both go to its owner.
  CHECK(r.out == "17\tshard-a\n42\tshard-a\n");
  CHECK(r.err == "<stdin>:3:1: sharding.hash: key 'not-a-number' is not an unsigned integer, "
                 "which hash = \"none\" needs\n  hint: choose a hash such as xxh64 for string keys\n");
}

std::string fmt_row(const char* algorithm) {
  return "comparison." + std::string(algorithm) + ".algorithm," + algorithm + "\n";
}

TEST_CASE("ring --compare lists every algorithm", "[cli][ring]") {
  const Result r = run_with({"ring", "examples/sharded-db.toml", "--compare", "-f", "csv",
                             "--set", "sharding.keys=20000"});
  REQUIRE(r.code == 0);
  for (const char* a : {"ketama", "ring", "rendezvous", "maglev", "modulo", "bounded"}) {
    CAPTURE(a);
    CHECK(r.out.find(fmt_row(a)) != std::string::npos);
  }
  CHECK(r.out.find("jump") == std::string::npos);  // weighted nodes: jump has no weights
}

TEST_CASE("an override is one value: trailing text after a line break is an error", "[cli][run][regression]") {
  // 'k=4\n[x]' used to set k = 4 and drop "[x]" silently.
  const Result r = run_with({"size", "-", "--set", "traffic.peak_to_average=4\n[x]"}, kModel);
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "--set traffic.peak_to_average=4\\n[x]: traffic.peak_to_average: the value has a "
                 "line break; an override is one value\n  hint: e.g. --set 'components.db.mttr=\"1 h\"'\n");
}

TEST_CASE("control characters in names are escaped in tables and errors", "[cli][run][regression]") {
  const std::string model = "[components.\"a\\u001b[31m\"]\navailability = 0.9\n[availability]\npath = [\"a\\u001b[31m\"]\n";
  const Result r = run_with({"avail", "-"}, model);
  CHECK(r.code == 0);
  CHECK(r.out.find('\x1b') == std::string::npos);
  CHECK(r.out.find("a\\x1b[31m") != std::string::npos);
  const Result bad = run_with({"avail", "-"}, model + "[groups.g]\nany_of = [\"b\\u0007\"]\n");
  CHECK(bad.code == 2);
  CHECK(bad.err.find('\x07') == std::string::npos);
  CHECK(bad.err.find("'b\\x07'") != std::string::npos);
  // JSON keeps the name exactly, escaped the JSON way.
  const Result json = run_with({"avail", "-", "-f", "json"}, model);
  CHECK(nlohmann::json::parse(json.out)["blocks"][0]["name"] == "a\x1b[31m");
}

TEST_CASE("a synthetic cache that would not fit in memory is refused up front", "[cli][run][regression]") {
  // 500M objects held in each of six caches and 1G in the curve: about 256 GB, refused by
  // validate and by cache before anything is allocated (on any machine with less than 512 GB).
  const std::string model = "[cache]\ncapacity = \"500M\"\n[cache.workload]\nobjects = \"1G\"\n"
                            "requests = \"1G\"\nzipf = 0.9\n";
  for (const char* command : {"validate", "cache"}) {
    CAPTURE(command);
    const Result r = run_with({command, "-"}, model);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("<stdin>:4:11: cache.workload.objects: the simulation would hold about 256 GB", 0) == 0);
  }
}

TEST_CASE("a misspelt name of a megabyte gets its error at once", "[cli][run][regression]") {
  // did-you-mean compared every letter with every letter: 7.7 s for 60 KB, a hang for 1 MB.
  const std::string name(1 << 20, 'x');
  const Result r = run_with({"validate", "-"}, "[components.a]\navailability = 0.9\n[availability]\npath = [\"" + name + "\"]\n");
  CHECK(r.code == 2);
  CHECK(r.err.find("no component or group named") != std::string::npos);
}

TEST_CASE("validate walks a chain of 10,000 nested groups without recursion", "[cli][run][regression]") {
  std::string model = "[components.c]\navailability = 0.99\n[groups.g0]\nall_of = [\"c\"]\n";
  for (int i = 1; i < 10000; ++i)
    model += "[groups.g" + std::to_string(i) + "]\nany_of = [\"g" + std::to_string(i - 1) + "\"]\n";
  model += "[availability]\npath = [\"g9999\"]\n";
  const Result r = run_with({"validate", "-", "-q"}, model);
  CHECK(r.code == 0);
  // And a cycle at the end of it is found, with the whole loop named.
  const Result cycle = run_with({"validate", "-"}, model + "[groups.top]\nall_of = [\"g9999\"]\n[groups.loop]\nall_of = [\"loop2\"]\n[groups.loop2]\nall_of = [\"loop\"]\n");
  CHECK(cycle.code == 2);
  CHECK(cycle.err.find("groups form a cycle: loop -> loop2 -> loop") != std::string::npos);
}

TEST_CASE("the seed is an exact 64-bit integer, and anything else is refused", "[cli][run][regression]") {
  // 9007199254740993 used to print as ...992 (a double), and -1 wrapped to 2^64 − 1 silently.
  const Result big = run_with({"report", "-", "-f", "json", "--seed", "9007199254740993"}, kModel);
  REQUIRE(big.code == 0);
  CHECK(big.out.find("\"seed\": 9007199254740993,") != std::string::npos);
  CHECK(run_with({"report", "-", "-f", "csv", "--seed", "18446744073709551615"}, kModel)
            .out.find("\nseed,18446744073709551615\n") != std::string::npos);
  for (const char* bad : {"-1", "18446744073709551616", "1.5", "+3", ""}) {
    CAPTURE(bad);
    const Result r = run_with({"report", "-", "--seed", bad}, kModel);
    CHECK(r.code == 2);
    CHECK(r.err.find("expected a whole number from 0 to 18446744073709551615") != std::string::npos);
  }
}

TEST_CASE("sizes written in IEC units are shown in IEC units", "[cli][run][regression]") {
  const std::string model = "[traffic]\nrequest_rate = \"10/s\"\nrequest_size = \"64 KiB\"\n";
  CHECK(run_with({"size", "-"}, model).out.find("640 KiB/s") != std::string::npos);
  CHECK(run_with({"size", "-"}, "[traffic]\nrequest_rate = \"10/s\"\nrequest_size = \"64 kB\"\n")
            .out.find("640 kB/s") != std::string::npos);
  // One SI size among IEC ones ("KB" is SI too): SI throughout.
  CHECK(run_with({"size", "-"}, model + "response_size = \"64 KB\"\n").out.find("640 kB/s") !=
        std::string::npos);
}

TEST_CASE("a ketama node that gets no points is a warning", "[cli][ring][regression]") {
  const Result r = run_with({"ring", "-", "--set", "sharding.keys=100"},
                            "[sharding]\n[[sharding.node]]\nname = \"big\"\nweight = 100\n"
                            "[[sharding.node]]\nname = \"tiny\"\nweight = 1\n");
  CHECK(r.code == 0);
  CHECK(r.err == "<stdin>:2:1: sharding.node: warning: ketama gives node 'tiny' (weight 1) no "
                 "points: it gets no keys\n");
}

TEST_CASE("long runs show a progress bar on a terminal: synthetic caches and large rings too", "[cli][run]") {
  Terminal tty;
  tty.stderr_is_tty = true;
  const std::string cache = "[cache]\ncapacity = 100\n[cache.workload]\nobjects = 1000\nrequests = 20000\n";
  const Result c = run_with({"cache", "-"}, cache, tty);
  CHECK(c.code == 0);
  CHECK(c.err.find("] 100%") != std::string::npos);
  CHECK(run_with({"cache", "-", "-q"}, cache, tty).err.empty());
  CHECK(run_with({"cache", "-"}, cache).err.empty());  // not a terminal
  const std::string ring = "[sharding]\nnodes = [\"a\", \"b\"]\nkeys = 300000\n";
  const Result r = run_with({"ring", "-"}, ring, tty);
  CHECK(r.code == 0);
  CHECK(r.err.find("] 100%") != std::string::npos);
  size_t redraws = 0;  // reported along the way, not only at the start and the end
  for (size_t at = r.err.find("\r["); at != std::string::npos; at = r.err.find("\r[", at + 1)) ++redraws;
  CHECK(redraws >= 3);
  CHECK(run_with({"report", "-"}, ring, tty).err.find("] 100%") != std::string::npos);
}

TEST_CASE("budget --plot draws the USL fit beside the measurements, the same bytes each run", "[cli][run]") {
  // Gunther's SPEC SDM91 load test (as examples/load-test-usl.toml).
  const std::string model = "[scalability]\nmeasurements = [[1, 64.9], [18, 995.9], [36, 1652.4], "
                            "[72, 1853.2], [108, 1828.9], [144, 1775.0], [216, 1702.2]]\n";
  const std::string path = (std::filesystem::temp_directory_path() / "headroom-usl-test.svg").string();
  auto draw = [&] {
    const Result r = run_with({"budget", "-", "--plot", path, "-f", "json"}, model);
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    CHECK(nlohmann::json::parse(r.out).contains("usl"));  // stdout stays the document
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string svg = draw();
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.size() > 7);
  CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
  // Each measurement a marker, titled with its value and the fit's (R's usl: γ = 89.995).
  CHECK(svg.find("<title>N = 1: 64.9/s measured, 89.9952/s fitted</title>") != std::string::npos);
  CHECK(svg.find("<title>N = 216: 1702.2/s measured, 1646.2/s fitted</title>") != std::string::npos);
  size_t markers = 0;
  for (size_t at = svg.find("<title>N = "); at != std::string::npos; at = svg.find("<title>N = ", at + 1)) ++markers;
  CHECK(markers == 7);
  CHECK(svg.find("peak N = 96.5") != std::string::npos);
  CHECK(svg.find("<polyline") != std::string::npos);
  CHECK(draw() == svg);
  std::filesystem::remove(path);

  // Nothing to draw is a usage error, before anything is written.
  const Result none = run_with({"budget", "-", "--plot", path},
                               "[budget]\narrival_rate = \"1/s\"\n[[budget.stage]]\nname = \"x\"\nservice_time = \"1 ms\"\n");
  CHECK(none.code == 2);
  CHECK(none.err.find("--plot draws the USL fit of [scalability], and <stdin> has none") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("ring map skips empty lines and names a bad key by its own line", "[cli][ring]") {
  const Result r = run_with({"ring", "map", "examples/sharded-db.toml", "--set", "sharding.hash=\"none\""},
                            "17\n\n\r\n42\n\nnot-a-number\n");
  CHECK(r.code == 2);
  CHECK(r.out == "17\tshard-a\n42\tshard-a\n");  // one line a key: the empty ones are not keys
  CHECK(r.err.rfind("<stdin>:6:1: sharding.hash: key 'not-a-number'", 0) == 0);
}

TEST_CASE("ring map refuses a model on standard input, where its keys come from", "[cli][ring]") {
  const Result r = run_with({"ring", "map", "-"}, "[sharding]\nnodes = [\"a\"]\n");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("ring map: the keys come from standard input, so the model cannot") != std::string::npos);
}

TEST_CASE("options before the command are the command's", "[cli][run]") {
  const Result before = run_with({"-f", "json", "avail", "-"}, kModel);
  const Result after = run_with({"avail", "-", "-f", "json"}, kModel);
  REQUIRE(before.code == 0);
  CHECK(before.err.empty());
  CHECK(before.out == after.out);
  CHECK(nlohmann::json::parse(before.out)["system"] == "tiny");
  const Result set = run_with({"--set", "components.a.availability=0.9", "--strict", "avail", "-"}, kModel);
  CHECK(set.code == 1);  // the override and --strict both reached avail: the target is missed
}

TEST_CASE("a mistyped option is named with the closest one", "[cli][run]") {
  const Result r = run_with({"avail", "-", "--formt", "json"}, kModel);
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "headroom: error: 'avail' has no option '--formt'\n  hint: did you mean '--format'?\n"
                 "Run 'headroom avail --help' for usage.\n");
  const Result s = run_with({"check", "-", "-x"}, kModel);
  CHECK(s.code == 2);
  CHECK(s.err.find("'check' has no option '-x'") != std::string::npos);
  // Values of options that take one are not options: a negative bound, "-" for stdin.
  const Result v = run_with({"solve", "-", "--max", "components.a.replicas", "--within", "-1..4"}, kModel);
  CHECK(v.err.find("has no option") == std::string::npos);
}

TEST_CASE("help names each positional once, the common options and every exit code", "[cli][run]") {
  for (const char* command : {"avail", "report", "explain", "completion"}) {
    const Result h = run_with({command, "--help"});
    CAPTURE(command, h.out);
    CHECK(h.code == 0);
    CHECK(h.out.find("FILE FILE") == std::string::npos);
    CHECK(h.out.find("TOPIC TOPIC") == std::string::npos);
    CHECK(h.out.find("SHELL SHELL") == std::string::npos);
    CHECK(h.out.find("REQUIRED") == std::string::npos);
  }
  const Result top = run_with({"--help"});
  for (const char* text : {"--format", "--set KEY=VALUE", "--seed", "--explain", "--quiet", "--strict", "--color",
                           "0    ok", "1    a check or target failed", "2    bad usage", "3    internal error",
                           "130  interrupted", "schema", "completion"}) {
    CAPTURE(text);
    CHECK(top.out.find(text) != std::string::npos);
  }
}

namespace {
std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("ring --plot draws each node's shares against its fair share, the same bytes each run", "[cli][ring]") {
  const std::string path = (std::filesystem::temp_directory_path() / "headroom-ring-test.svg").string();
  const Result r = run_with({"ring", "examples/sharded-db.toml", "--set", "sharding.keys=20000", "--plot", path, "-f", "json"});
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  const auto doc = nlohmann::json::parse(r.out);  // stdout stays the document
  const std::string svg = read_file(path);
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
  // A row per node: three bars (keys, arcs, load) and a fair-share mark, each titled with its value.
  CHECK(count_of(svg, "</title></rect>") == 3 * doc["nodes"].size());
  CHECK(count_of(svg, "<title>fair share: ") == doc["nodes"].size());
  for (const auto& node : doc["nodes"]) {
    const std::string name = node["name"];
    CAPTURE(name);
    CHECK(svg.find(">" + name + "</text>") != std::string::npos);
    char share[32];
    std::snprintf(share, sizeof share, "%.1f%%", node["key_share"].get<double>() * 100);
    CHECK(svg.find("<title>" + name + ": key share " + share) != std::string::npos);
  }
  const Result again = run_with({"ring", "examples/sharded-db.toml", "--set", "sharding.keys=20000", "--plot", path});
  CHECK(read_file(path) == svg);
  const Result compare = run_with({"ring", "examples/sharded-db.toml", "--compare", "--plot", path});
  CHECK(compare.code == 2);
  CHECK(compare.err.find("ring --compare: --plot draws one algorithm's shares") != std::string::npos);
  std::filesystem::remove(path);
}

TEST_CASE("avail --plot draws the downtime each block contributes", "[cli][run]") {
  const std::string path = (std::filesystem::temp_directory_path() / "headroom-avail-test.svg").string();
  const Result r = run_with({"avail", "examples/payments-api.toml", "--plot", path, "-f", "json"});
  REQUIRE(r.code == 0);
  const auto doc = nlohmann::json::parse(r.out);
  const std::string svg = read_file(path);
  CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
  // The system, then each block in avail's order, its bar's title its downtime a year.
  const auto& blocks = doc["blocks"];
  CHECK(count_of(svg, "<title>") == blocks.size() + 1);
  size_t last = svg.find(">the system</text>");
  CHECK(last != std::string::npos);
  for (const auto& b : blocks) {
    const std::string name = b["name"];
    const size_t at = svg.find(">" + name + "</text>");
    CAPTURE(name);
    CHECK(at != std::string::npos);
    CHECK(at > last);
    last = at;
  }
  std::filesystem::remove(path);
  const Result bad = run_with({"avail", "examples/payments-api.toml", "--plot", "/nonexistent-dir/x.svg"});
  CHECK(bad.code == 2);
  CHECK(bad.out.empty());  // refused before the run
}
