#include "calc/size/traffic.hpp"

#include <fmt/format.h>

#include "formulas/units.hpp"

namespace headroom::calc {
namespace tc = formulas::time_constants;

TrafficSplit split_traffic(const TrafficSection& t) {
  TrafficSplit s;
  s.peak_to_average = t.peak_to_average;
  if (t.daily_active_users) {
    s.total = Rate(*t.daily_active_users * *t.requests_per_user_per_day / tc::kDay.value());
    s.how = fmt::format("requests/s = {} users × {} requests/day / 86400 s = {:.4g}",
                        *t.daily_active_users, *t.requests_per_user_per_day, s.total.value());
  } else if (t.request_rate) {
    s.total = *t.request_rate;
    s.how = fmt::format("requests/s = {:.4g} (given)", s.total.value());
  } else if (t.read_rate && t.write_rate) {
    s.reads = t.read_rate, s.writes = t.write_rate;
    s.total = *t.read_rate + *t.write_rate;
    s.how = fmt::format("requests/s = reads + writes = {:.4g} + {:.4g}", s.reads->value(),
                        s.writes->value());
    return s;
  } else if (t.read_rate) {
    s.reads = t.read_rate, s.writes = *t.read_rate / *t.read_write_ratio;
    s.total = *s.reads + *s.writes;
    s.how = fmt::format("writes/s = reads / {} = {:.4g}", *t.read_write_ratio, s.writes->value());
    return s;
  } else {
    s.writes = t.write_rate, s.reads = *t.write_rate * *t.read_write_ratio;
    s.total = *s.reads + *s.writes;
    s.how = fmt::format("reads/s = writes × {} = {:.4g}", *t.read_write_ratio, s.reads->value());
    return s;
  }
  if (t.read_write_ratio) {
    const double r = *t.read_write_ratio;
    s.reads = s.total * (r / (r + 1));
    s.writes = s.total / (r + 1);
    s.how += fmt::format("; reads = total × r/(r+1), writes = total/(r+1), r = {}", r);
  }
  return s;
}

}  // namespace headroom::calc
