// Name ↔ value tables for the choices of the model file (algorithms, policies, modes): one
// table per enum class, read by the loader's choice() reader, printed in outputs, and listed
// by the schema, so that a choice has one spelling everywhere.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace headroom::calc {

/// Name ↔ value, as the model file writes them and the outputs print them, in manual order.
template <class Enum>
using Names = std::vector<std::pair<std::string, Enum>>;

/// The name of `value` in `names`. Requires: it is listed.
template <class Enum>
const std::string& name_of(const Names<Enum>& names, Enum value) {
  for (const auto& [name, v] : names)
    if (v == value) return name;
  return names.front().first;  // unreachable: every value is listed
}

/// The value named `name`, or nullptr.
template <class Enum>
const Enum* value_named(const Names<Enum>& names, std::string_view name) {
  for (const auto& [n, v] : names)
    if (n == name) return &v;
  return nullptr;
}

/// The names alone, in order (for the schema and did-you-mean).
template <class Enum>
std::vector<std::string> names_only(const Names<Enum>& names) {
  std::vector<std::string> out;
  for (const auto& [n, v] : names) out.push_back(n);
  return out;
}

}  // namespace headroom::calc
