// --set KEY=VALUE: what-if overrides applied to the parsed document before validation, so that
// an override is checked exactly like the file and an error in one names the override.
#include <algorithm>
#include <fmt/format.h>
#include <memory>

#include "calc/input/section_loaders.hpp"
#include "calc/input/toml_limits.hpp"
#include "calc/base/spelling.hpp"

namespace headroom::calc {
namespace {

std::vector<std::string> split_dotted(const std::string& key) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

bool is_index(const std::string& s) {
  return !s.empty() && s.size() < 9 && s.find_first_not_of("0123456789") == std::string::npos;
}

// The override's value as a TOML document "v = VALUE"; a bare word becomes a string.
toml::table parse_value(const Override& o, const std::string& origin) {
  try {
    return toml::parse("v = " + o.value, std::string_view(origin));
  } catch (const toml::parse_error&) {
    std::string quoted = "v = \"";
    for (char c : o.value) {
      if (c == '"' || c == '\\') quoted += '\\';
      if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) quoted += c;
    }
    return toml::parse(quoted + "\"", std::string_view(origin));
  }
}

}  // namespace

void apply_overrides(toml::table& root, const std::vector<Override>& overrides,
                     Diagnostics& diag) {
  for (const Override& o : overrides) {
    const std::string origin = o.origin.empty() ? fmt::format("--set {}={}", o.key, o.value) : o.origin;
    toml::source_region region;
    region.path = std::make_shared<const std::string>(origin);
    const std::vector<std::string> parts = split_dotted(o.key);
    if (std::find(parts.begin(), parts.end(), std::string()) != parts.end()) {
      diag.error(region, o.key, fmt::format("'{}' has an empty part between dots", o.key),
                 "e.g. --set traffic.peak_to_average=4");
      continue;
    }
    if (static_cast<int>(parts.size()) > kMaxKeyParts) {
      diag.error(region, o.key,
                 fmt::format("a key of {} dotted parts; headroom reads at most {}", parts.size(),
                             kMaxKeyParts));
      continue;
    }
    if (o.value.find_first_of("\n\r") != std::string::npos) {
      diag.error(region, o.key, "the value has a line break; an override is one value",
                 "e.g. --set 'components.db.mttr=\"1 h\"'");
      continue;
    }
    toml::table parsed;
    try {
      parsed = parse_value(o, origin);
    } catch (const toml::parse_error& e) {
      diag.error(region, o.key, "cannot read the value: " + std::string(e.description()));
      continue;
    }
    if (parsed.size() != 1 || !parsed.get("v")) {
      diag.error(region, o.key, "the value is more than one TOML value",
                 "quote a string: --set 'system.name=\"a b\"'");
      continue;
    }

    toml::table* table = &root;
    bool ok = true;
    for (size_t i = 0; i + 1 < parts.size() && ok; ++i) {
      toml::node* next = table->get(parts[i]);
      if (!next && i == 1 && (parts[0] == "components" || parts[0] == "groups")) {
        // A what-if on a block that is not there would create it, silently.
        std::vector<std::string> names;
        for (auto&& [k, v] : *table) names.emplace_back(k.str());
        const std::string hint = did_you_mean(parts[1], names);
        diag.error(region, o.key,
                   fmt::format("no {} named '{}' in the file", parts[0] == "groups" ? "group" : "component",
                               parts[1]),
                   hint.empty() && !names.empty() && names.size() <= 12 ? fmt::format("{}: {}", parts[0], fmt::join(names, ", "))
                                                  : hint);
        ok = false;
        break;
      }
      if (!next) {
        table->insert_or_assign(toml::key(parts[i], region), toml::table{});
        next = table->get(parts[i]);
      }
      if (next->is_array_of_tables() && i + 1 < parts.size()) {
        // An entry by index (budget.stage.1.servers) or by its name (budget.stage.db.servers).
        toml::array& arr = *next->as_array();
        const std::string array = fmt::format("{}", fmt::join(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(i) + 1, "."));
        if (is_index(parts[i + 1])) {
          const size_t index = std::stoul(parts[i + 1]);
          if (index >= arr.size()) {
            diag.error(region, o.key,
                       fmt::format("index {} is past the end of [[{}]], which has {} entries",
                                   index, array, arr.size()));
            ok = false;
            break;
          }
          next = arr.get(index);
        } else {
          std::vector<std::string> names;
          toml::node* named = nullptr;
          size_t matches = 0;
          for (toml::node& entry : arr) {
            const auto* name = entry.as_table() ? entry.as_table()->get_as<std::string>("name") : nullptr;
            if (!name) continue;
            names.push_back(name->get());
            if (name->get() == parts[i + 1]) named = &entry, ++matches;
          }
          if (matches != 1) {
            const std::string hint = did_you_mean(parts[i + 1], names);
            diag.error(region, o.key,
                       matches == 0 ? fmt::format("no [[{}]] named '{}' in the file", array, parts[i + 1])
                                    : fmt::format("{} entries of [[{}]] are named '{}'; name one by index", matches, array, parts[i + 1]),
                       matches == 0 && hint.empty() && !names.empty() && names.size() <= 12
                           ? fmt::format("[[{}]] names: {}", array, fmt::join(names, ", "))
                           : hint);
            ok = false;
            break;
          }
          next = named;
        }
        ++i;
        if (i + 1 >= parts.size()) {
          diag.error(region, o.key, "an override sets a value, not a whole table",
                     "name a key inside it, e.g. check.0.max");
          ok = false;
          break;
        }
      }
      if (!next->is_table()) {
        diag.error(region, o.key,
                   fmt::format("'{}' is {}, not a table", parts[i], describe_node(*next)));
        ok = false;
        break;
      }
      table = next->as_table();
    }
    if (!ok) continue;
    parsed.get("v")->visit([&](auto&& value) {
      table->insert_or_assign(toml::key(parts.back(), region), std::move(value));
    });
  }
}

}  // namespace headroom::calc
