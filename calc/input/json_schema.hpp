// `headroom schema`: the TOML format as a JSON Schema (draft-07, which Taplo and VS Code's Even
// Better TOML read), generated from the schema table so that an editor flags exactly what the
// loader refuses by name, type, form, range and choice.
#pragma once

#include <string>

namespace headroom::calc {

/// The JSON Schema of a headroom model file, as indented JSON text ending in a newline.
/// `version` is headroom's, written into the schema's description.
std::string json_schema(std::string_view version);

}  // namespace headroom::calc
