#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "calc/input/schema.hpp"
#include "cli/run.hpp"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// roff writes '-' as '\-' in option names.
std::string roff(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '-') out += "\\-";
    else out += c;
  }
  return out;
}

}  // namespace

TEST_CASE("every option and command is documented in headroom.1 and has help", "[cli][man]") {
  const std::string page = read_file(std::string(HEADROOM_SOURCE_DIR) + "/man/headroom.1");
  for (const headroom::cli::OptionDoc& o : headroom::cli::documented_options()) {
    CAPTURE(o.command, o.name);
    CHECK_FALSE(o.help.empty());
    CHECK(page.find(roff(o.name)) != std::string::npos);
  }
}

// The man page's heading for a schema table: "components.*" is documented as
// "[components.NAME]", "check[]" as "[[check]]".
std::string section_heading(std::string_view table) {
  std::string t(table);
  if (t.size() > 2 && t.substr(t.size() - 2) == ".*") return "[" + t.substr(0, t.size() - 2) + ".NAME]";
  if (t.size() > 2 && t.substr(t.size() - 2) == "[]") return "[[" + t.substr(0, t.size() - 2) + "]]";
  return "[" + t + "]";
}

// Where the section headed `heading` starts: a ".SH" line that is the heading, or lists it
// among others that share one description (".SH [quorum.write], [quorum.ack]").
size_t find_section(const std::string& page, const std::string& heading) {
  for (size_t at = page.find(".SH "); at != std::string::npos; at = page.find("\n.SH ", at + 1)) {
    const size_t begin = page[at] == '\n' ? at + 1 : at;
    const size_t eol = page.find('\n', begin);
    std::string line = page.substr(begin + 4, eol - begin - 4);
    for (size_t pos = 0;;) {
      const size_t comma = line.find(", ", pos);
      if (line.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos) == heading) return begin;
      if (comma == std::string::npos) break;
      pos = comma + 2;
    }
  }
  return std::string::npos;
}

TEST_CASE("every TOML key is documented under its section in headroom.toml.5", "[cli][man]") {
  const std::string page = read_file(std::string(HEADROOM_SOURCE_DIR) + "/man/headroom.toml.5");
  for (const headroom::calc::KeySpec& k : headroom::calc::schema()) {
    CAPTURE(k.table, k.key);
    if (k.table.empty()) {  // a top-level section is documented by its own heading
      const std::string name(k.key);
      CHECK((find_section(page, "[" + name + "]") != std::string::npos ||
             find_section(page, "[" + name + ".NAME]") != std::string::npos ||
             find_section(page, "[[" + name + "]]") != std::string::npos));
      continue;
    }
    const size_t start = find_section(page, section_heading(k.table));
    REQUIRE(start != std::string::npos);
    const size_t end = page.find("\n.SH ", start + 1);
    const std::string section = page.substr(start, end - start);
    const size_t at = section.find("\n.B " + roff(std::string(k.key)) + "\n");
    CHECK(at != std::string::npos);
    if (!k.choices || at == std::string::npos) continue;
    // The key's paragraph names every choice the schema (and so the loader) takes.
    const size_t next = section.find("\n.TP", at + 1);
    const std::string paragraph = section.substr(at, next == std::string::npos ? next : next - at);
    for (const std::string& choice : k.choices()) {
      CAPTURE(choice);
      CHECK((paragraph.find(choice) != std::string::npos || paragraph.find(roff(choice)) != std::string::npos));
    }
  }
}
