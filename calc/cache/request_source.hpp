// Where cache requests come from: a synthetic Zipf stream (seeded) or a trace file streamed a
// block at a time (plain text, gzip or zstd), never loaded whole.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "calc/cache/section.hpp"

namespace headroom::calc {

struct Request {
  std::uint64_t key;
  std::uint64_t size;
};

/// Progress of a long read: done and total in bytes (total 0 when unknown).
using Progress = std::function<void(std::uint64_t done, std::uint64_t total)>;

class RequestSource {
 public:
  virtual ~RequestSource() = default;
  /// Fills the front of `out` with up to out.size() requests; returns how many (0 at the end).
  /// Throws: Error at the trace's line and column for a malformed line.
  virtual size_t next(std::span<Request> out) = 0;
  /// Requests read but not replayed: a twitter trace's writes under operations = "reads", an
  /// oracleGeneral record of size 0 (as libCacheSim skips them).
  virtual std::uint64_t skipped() const { return 0; }
};

/// IRM with Zipf(α) over `objects` (key = popularity rank, 1 the most popular), `requests`
/// long; each object of object_size, of the size object_sizes gives it, or of 1.
std::unique_ptr<RequestSource> synthetic_source(const CacheWorkload& workload, std::uint64_t seed);

/// The size object `id` has under a distribution (drawn once from the id; whole bytes, >= 1).
std::uint64_t object_size_of(const SizeDistribution& d, std::uint64_t id);

/// The trace of `workload`. A key that is a decimal integer is its own id; any other key is
/// identified by its 64-bit xxh64 hash. Sizes come from the trace ("key size", csv with a size
/// column), else 1.
std::unique_ptr<RequestSource> trace_source(const CacheWorkload& workload, Progress progress);

struct DetectedFormat {
  TraceFormat format;
  std::string from;  // "its name" or "its content"
};
/// The format of the trace at `path` from its name (".oracleGeneral", ".csv", under .gz or
/// .zst) and its first bytes (decompressed): binary records, a twitter line, a csv header, or
/// one or two fields a line. Throws: Error at `loc` when it cannot be read or told.
DetectedFormat detect_trace_format(const std::string& path, const SourceLoc& loc);

}  // namespace headroom::calc
