// JUnit XML for CI dashboards: one test case per check or target.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "calc/report/report.hpp"

namespace headroom::cli {

void render_junit(const std::vector<calc::CheckOutcome>& outcomes, const std::string& file,
                  std::ostream& out);

/// Text with XML's five special characters escaped (JUnit, SVG plots).
std::string xml_escape(const std::string& s);

/// "≥ 99.95%", "≤ 250 ms", "99.9% to 100%", "≤ 300 ms; rise ≤ 10.0%": a check's bounds for people.
std::string describe_bounds(const calc::CheckOutcome& o);
/// The change from the baseline for people: "+12.0 ms (+5.0%)", "0", "n/a"; "" without a baseline.
std::string describe_change(const calc::CheckOutcome& o, bool binary = false);

}  // namespace headroom::cli
