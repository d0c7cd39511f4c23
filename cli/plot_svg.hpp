// --plot: the cache's miss-ratio curve and each policy's points as a standalone SVG.
#pragma once

#include <iosfwd>

#include "calc/cache/cache.hpp"

namespace headroom::cli {

/// Writes an SVG of miss ratio against capacity (log scale): the LRU curve as a line and each
/// (policy, capacity) as a marker, one colour per policy, with a legend. Deterministic bytes.
void plot_cache_svg(const calc::CacheResult& result, const calc::CacheSection& section,
                    std::ostream& out);

}  // namespace headroom::cli
