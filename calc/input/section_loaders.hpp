// Internal to calc/*.cpp: one loader per group of TOML sections, all sharing one Diagnostics.
#pragma once

#include "calc/input/model_loader.hpp"
#include "calc/input/table_reader.hpp"

namespace headroom::calc {

void load_system(TableReader& reader, Model& model);
void load_traffic(TableReader& reader, Model& model);
void load_storage(TableReader& reader, Model& model);
/// [components.*] and [groups.*], then their references and cycles.
void load_components(TableReader& root, Model& model, Diagnostics& diag);
void load_checks(const toml::array& checks, Model& model, Diagnostics& diag);
/// Applies --set overrides to the parsed document, reporting bad paths into `diag`.
void apply_overrides(toml::table& root, const std::vector<Override>& overrides,
                     Diagnostics& diag);

}  // namespace headroom::calc
