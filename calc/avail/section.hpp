// [availability]: the request path through the components and groups, and its target.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calc/input/model.hpp"

namespace headroom::calc {

struct AvailabilitySection {
  static constexpr std::string_view kName = "availability";
  SourceLoc loc;
  std::vector<std::string> path;
  std::optional<formulas::Availability> target;
  SourceLoc target_loc;
};

class Diagnostics;
class TableReader;
struct KeySpec;

/// The keys of [availability] and of the tables inside it, for the schema.
const std::vector<KeySpec>& availability_keys();
/// Reads [availability] into the model (model.section<AvailabilitySection>()).
void load_availability(TableReader& reader, Model& model, Diagnostics& diag);

}  // namespace headroom::calc
