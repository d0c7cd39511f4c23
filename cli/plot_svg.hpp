// --plot: standalone SVGs — the cache's miss-ratio curve and each policy's points; the USL's
// fit beside a load test's measurements.
#pragma once

#include <fstream>
#include <iosfwd>
#include <string>

#include "calc/avail/avail.hpp"
#include "calc/budget/section.hpp"
#include "calc/cache/cache.hpp"
#include "calc/ring/ring.hpp"
#include "calc/whatif/sweep.hpp"
#include "formulas/usl.hpp"

namespace headroom::cli {

/// Opens the --plot file before the run, so that a path that cannot be written stops the
/// command before a long replay. Throws: Error (usage) naming the path and the reason.
void open_plot(std::ofstream& out, const std::string& path);
/// After drawing: throws Error (input) when the file could not be written out.
void finish_plot(std::ofstream& out, const std::string& path);

/// Writes an SVG of miss ratio against capacity (log scale): the LRU curve as a line and each
/// (policy, capacity) as a marker, one colour per policy, with a legend. Deterministic bytes.
void plot_cache_svg(const calc::CacheResult& result, const calc::CacheSection& section,
                    std::ostream& out);

/// Writes an SVG of throughput against concurrency: the measurements as markers, the fitted
/// X(N) as a line, linear scaling γN dashed, and the peak (when κ > 0) marked. Deterministic.
void plot_usl_svg(const formulas::UslFit& fit, const calc::ScalabilitySection& section, std::ostream& out);

/// Writes an SVG with a row per node: its key share, arc share (where the algorithm has arcs) and
/// load share as bars, and its fair share (weight / total weight) as a mark. Deterministic.
void plot_ring_svg(const calc::RingResult& result, std::ostream& out);

/// Writes an SVG with a bar per block, ranked as avail ranks them: the downtime a year it
/// contributes (what the system would save were the block never down), beside the system's own.
/// Deterministic.
void plot_avail_svg(const calc::AvailResult& result, std::ostream& out);

/// Writes an SVG with one panel per metric of a sweep, against the first varied key (a log
/// scale when it is geometric): one line for each combination of the other keys' values, broken
/// where the metric has no value. Deterministic.
void plot_sweep_svg(const calc::SweepResult& result, std::ostream& out);

}  // namespace headroom::cli
