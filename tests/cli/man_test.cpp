#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "calc/schema.hpp"
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

TEST_CASE("every TOML key is documented in headroom.toml.5", "[cli][man]") {
  const std::string page = read_file(std::string(HEADROOM_SOURCE_DIR) + "/man/headroom.toml.5");
  for (const headroom::calc::KeySpec& k : headroom::calc::schema()) {
    CAPTURE(k.table, k.key);
    CHECK(page.find(".B " + roff(std::string(k.key))) != std::string::npos);
  }
}
