// The traffic, split: the rate of requests, of reads and of writes, however [traffic] gives
// them. A shared result ("traffic" in the registry): size sizes servers with it, and budget
// will take its arrival rate from it.
#pragma once

#include <optional>
#include <string>

#include "calc/input/model.hpp"

namespace headroom::calc {

struct TrafficSplit {
  Rate total;                       // average requests per second, reads + writes
  std::optional<Rate> reads, writes;  // when the traffic splits
  double peak_to_average = 1.0;
  std::string how;                  // the formula with its numbers, for --explain
  Rate peak() const { return total * peak_to_average; }
};

/// Requires: a validated [traffic].
TrafficSplit split_traffic(const TrafficSection& traffic);

}  // namespace headroom::calc
