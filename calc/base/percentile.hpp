// Percentile names as files write them: "p50", "p99", "p999" (the digits of the percentage,
// its point after the second digit) or "p99.9" (the point written).
#pragma once

#include <optional>
#include <string_view>

namespace headroom::calc {

/// The probability a percentile name stands for ("p95" → 0.95, "p999" and "p99.9" → 0.999),
/// the double nearest its decimal; nullopt unless it is 'p' then two or more digits (a point
/// only after the first two, with digits after it), at most 10 characters, strictly inside (0, 1).
std::optional<double> percentile_of(std::string_view name);

}  // namespace headroom::calc
