// Loads [system], [traffic] and [storage].
#include <fmt/format.h>

#include "calc/input/section_loaders.hpp"

namespace headroom::calc {

void load_system(TableReader& r, Model& model) {
  SystemSection s;
  if (auto name = r.string("name")) s.name = *name;
  if (auto u = r.ratio("target_utilization")) {
    s.target_utilization = *u;
  }
  r.finish();
  model.system = std::move(s);
}

void load_traffic(TableReader& r, Model& model) {
  TrafficSection t;
  t.loc = r.loc();
  t.daily_active_users = r.number("daily_active_users");
  t.requests_per_user_per_day = r.number("requests_per_user_per_day");
  t.request_rate = r.rate("request_rate");
  t.read_rate = r.rate("read_rate");
  t.write_rate = r.rate("write_rate");
  t.read_write_ratio = r.number("read_write_ratio");
  if (auto p = r.number("peak_to_average")) t.peak_to_average = *p;
  t.request_size = r.size("request_size");
  t.response_size = r.size("response_size");

  // Exactly one way to say how many requests there are.
  const bool users = r.has("daily_active_users") || r.has("requests_per_user_per_day");
  const bool total = r.has("request_rate");
  const bool split = r.has("read_rate") || r.has("write_rate");
  if (users && !(r.has("daily_active_users") && r.has("requests_per_user_per_day"))) {
    r.error(r.has("daily_active_users") ? "daily_active_users" : "requests_per_user_per_day",
            "daily_active_users and requests_per_user_per_day go together",
            "give both, or give request_rate instead");
  }
  if (users + total + split > 1) {
    r.error(total ? "request_rate" : "read_rate",
            "traffic is given more than one way",
            "give users with requests per user, or request_rate, or read_rate and write_rate");
  } else if (users + total + split == 0) {
    r.error("", "traffic has no rate",
            "give daily_active_users and requests_per_user_per_day, request_rate, or "
            "read_rate and write_rate");
  }
  if (split) {
    const int given = r.has("read_rate") + r.has("write_rate") + r.has("read_write_ratio");
    if (given == 3) {
      r.error("read_write_ratio", "read_rate, write_rate and read_write_ratio over-determine "
                                  "the split",
              "drop read_write_ratio; it follows from the two rates");
    } else if (given == 1) {
      r.error(r.has("read_rate") ? "read_rate" : "write_rate",
              "the split between reads and writes is incomplete",
              "give both read_rate and write_rate, or one of them with read_write_ratio");
    }
  }
  r.finish();
  model.traffic = std::move(t);
}

void load_storage(TableReader& r, Model& model) {
  StorageSection s;
  s.loc = r.loc();
  if (auto size = r.size("object_size")) {
    s.object_size = *size;
  } else if (!r.has("object_size")) {
    r.error("object_size", "storage needs object_size, the bytes stored per write",
            "e.g. object_size = \"200 KiB\"");
  }
  s.retention = r.duration("retention");
  if (auto f = r.number("replication_factor")) s.replication_factor = *f;
  if (auto c = r.number("compression_ratio")) s.compression_ratio = *c;
  if (!model.traffic) {
    r.error("object_size", "storage growth needs the write rate from [traffic]",
            "add a [traffic] section with write_rate or read_write_ratio");
  } else {
    const TrafficSection& t = *model.traffic;
    if (!t.write_rate && !t.read_write_ratio) {
      r.error("object_size", "storage growth needs the write rate",
              "give traffic.write_rate, or traffic.read_write_ratio to split requests");
    }
  }
  r.finish();
  model.storage = std::move(s);
}

}  // namespace headroom::calc
