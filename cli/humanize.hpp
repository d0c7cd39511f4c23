// Numbers for people: SI values scaled to a readable unit with three significant figures.
#pragma once

#include <string>

#include "calc/report/document.hpp"

namespace headroom::cli {

/// "4.38 h", "12.7 GB", "40.5k/s", "99.950%", "3.31". Requires: a number node's value and unit.
/// With `binary`, bytes in IEC units ("64 KiB"), as the model wrote its sizes.
std::string humanize(double value, calc::Unit unit, bool binary = false);

/// The decimals a ratio takes as a percentage on its own: one, or enough for two significant
/// figures of a small value or of the shortfall from 100% ("99.950%", "0.0012%").
int percent_decimals(double ratio);
/// A ratio as a percentage with exactly `decimals` decimals (a table column's common precision).
std::string percent_with(double ratio, int decimals);

/// A scalar node as text for a table cell: numbers humanised, booleans yes/no, null "n/a".
std::string humanize(const calc::Node& node, bool binary = false);

/// A key as a label: "downtime_seconds" → "downtime", "error_budget_used" → "error budget used".
std::string label_of(const std::string& key);

/// The one place ANSI colour is applied. Without colour, text is returned as is.
std::string paint(const std::string& text, const char* ansi_code, bool color);

}  // namespace headroom::cli
