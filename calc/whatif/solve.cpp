#include "calc/whatif/solve.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace headroom::calc {
namespace {

constexpr int kGrid = 9;            // probes across the range, before bisection
constexpr int kMaxBisections = 64;
constexpr double kTolerance = 1e-6;  // relative, on a continuous key
constexpr int kMaxExpansions = 48;   // doublings (or halvings) out from the file's value

class Search {
 public:
  Search(Evaluator& evaluator, const SolveRequest& request, std::string like)
      : evaluator_(evaluator), request_(request), like_(std::move(like)) {}

  VariedValue value(double x) const { return value_like(x, like_); }

  /// Every check and target passes at x (cached by x).
  bool passes(double x) { return outcome(x).failed() == 0; }

  const PointResult& outcome(double x) {
    for (auto& [v, r] : done_)
      if (v == x) return r;
    done_.emplace_back(x, evaluator_.evaluate(point(x)));
    probes_.push_back({x, done_.back().second.failed() == 0});
    return done_.back().second;
  }

  /// Evaluates the xs on `jobs` threads first (the results are the same; this is for speed).
  void prefetch(const std::vector<double>& xs, unsigned jobs) {
    std::vector<PointResult> results(xs.size());
    std::vector<Point> points;
    for (double x : xs) points.push_back(point(x));
    for (const Point& p : points) evaluator_.load(p);  // a refused value stops before any run
    for_each_point(xs.size(), jobs, [&](size_t i) { results[i] = evaluator_.evaluate(points[i]); }, nullptr);
    for (size_t i = 0; i < xs.size(); ++i) {
      done_.emplace_back(xs[i], std::move(results[i]));
      probes_.push_back({xs[i], done_.back().second.failed() == 0});
    }
  }

  const std::vector<SolveProbe>& probes() const { return probes_; }

 private:
  // The key at x, named in messages as "solve KEY=VALUE".
  Point point(double x) const {
    const VariedValue v = value(x);
    return {Override{request_.key, v.toml, fmt::format("solve {}={}", request_.key, v.label)}};
  }

  Evaluator& evaluator_;
  const SolveRequest& request_;
  std::string like_;
  std::vector<std::pair<double, PointResult>> done_;
  std::vector<SolveProbe> probes_;
};

// The decimal with the fewest significant digits in [x, limit] (or [limit, x]), nearest x.
double shortest_decimal(double x, double limit) {
  if (!std::isfinite(x) || x == limit) return x;
  const double magnitude = std::floor(std::log10(std::max(std::abs(x), std::abs(limit))));
  for (int digits = 1; digits <= 17; ++digits) {
    const double step = std::pow(10, magnitude - digits + 1);
    const double d = limit > x ? std::ceil(x / step) * step : std::floor(x / step) * step;
    if (limit > x ? d <= limit : d >= limit) return d;
  }
  return x;
}

}  // namespace

SolveResult solve(Evaluator& evaluator, const ParsedDocument& document, const SolveRequest& request,
                  unsigned jobs) {
  const KeySpec& spec = varied_key(request.key, request.maximise ? "--max" : "--min");
  switch (spec.type) {
    case ValueType::kString: case ValueType::kBool: case ValueType::kStringList:
    case ValueType::kNumberPairs: case ValueType::kQuantityList:
      throw Error::usage(fmt::format("solve: '{}' is not a number", request.key),
                         "solve searches a numeric key; to compare names, sweep a list: --vary KEY=[a,b]");
    default: break;
  }
  SolveResult out;
  out.key = request.key;
  out.maximise = request.maximise;
  std::string like;
  double lo = 0, hi = 0;
  std::optional<double> start;  // the file's value, when the search grows out from it
  if (request.within) {
    const WrittenRange written = written_range(parse_range(request.key, *request.within, "--within"));
    like = written.like, lo = written.lo, hi = written.hi;
    if (lo == hi) throw Error::usage(fmt::format("--within {}: the range is one value", *request.within));
  } else {
    const std::optional<std::string> text = document.value_text(request.key);
    double v = 0;
    std::string unit;
    if (!text || !split_number(*text, v, unit) || !parse_quantity(*text).ok)
      throw Error::usage(fmt::format("solve: the file gives no number for '{}' to start from", request.key),
                         fmt::format("give the range: --within LO..HI"));
    if (v <= 0)
      throw Error::usage(fmt::format("solve: '{}' is {} in the file; give the range: --within LO..HI", request.key, *text));
    like = *text;
    start = v;
  }
  // A count written with a multiplier ("40k" objects) is searched in whole things, not in
  // thousands: the loader takes only whole counts.
  const ParsedQuantity written = parse_quantity(like);
  bool integer = spec.type == ValueType::kInteger;
  if (spec.type == ValueType::kQuantity && (written.kind == QuantityKind::kCount || written.kind == QuantityKind::kNumber)) {
    double number = 0;
    std::string unit;
    split_number(like, number, unit);
    const double scale = number != 0 ? written.si_value / number : 1.0;
    lo *= scale, hi *= scale;
    if (start) *start *= scale;
    like = "1";
    integer = true;
  }
  Search search(evaluator, request, like);
  {
    double number = 0;
    split_number(like, number, out.unit);
  }
  const bool max = request.maximise;

  if (start) {
    // Out from the file's value by doubling (or halving) until the answer is bracketed.
    double pass_side = 0, fail_side = 0;
    bool bracketed = false;
    const bool passes_here = search.passes(*start);
    double x = *start;
    for (int i = 0; i < kMaxExpansions && !bracketed; ++i) {
      // Towards failing when it passes (up for --max), towards passing when it fails.
      const bool up = passes_here == max;
      double next = up ? x * 2 : x / 2;
      if (integer) next = up ? std::max(next, x + 1) : std::floor(next);
      if (integer && next < 1) break;
      if (search.passes(next) != passes_here) {
        pass_side = passes_here ? x : next;
        fail_side = passes_here ? next : x;
        bracketed = true;
      }
      x = next;
    }
    if (!bracketed) {
      out.lo = std::min(*start, x), out.hi = std::max(*start, x);
      out.probes = search.probes();
      out.found = out.whole_range = passes_here;
      out.value = passes_here ? x : *start;
      const VariedValue v = search.value(out.value);
      out.label = v.label, out.si = v.si;
      return out;
    }
    lo = std::min(pass_side, fail_side), hi = std::max(pass_side, fail_side);
  } else {
    // A grid across the range: the passes must be one run at the low end (--max) or the high
    // end (--min) for bisection; otherwise the best grid cell is refined, with a warning.
    if (integer) {
      lo = std::ceil(lo), hi = std::floor(hi);
      if (lo > hi) throw Error::usage(fmt::format("--within {}: no whole number in the range", *request.within));
    }
    std::vector<double> grid;
    const bool geometric = lo > 0 && hi / lo >= 100;
    for (int i = 0; i < kGrid; ++i) {
      const double t = static_cast<double>(i) / (kGrid - 1);
      double x = geometric ? lo * std::pow(hi / lo, t) : lo + (hi - lo) * t;
      if (integer) x = std::round(x);
      if (i == kGrid - 1) x = hi;
      if (grid.empty() || x != grid.back()) grid.push_back(x);
    }
    search.prefetch(grid, jobs);
    std::vector<bool> pass;
    for (double x : grid) pass.push_back(search.passes(x));
    size_t changes = 0;
    for (size_t i = 1; i < pass.size(); ++i) changes += pass[i] != pass[i - 1];
    const bool any = std::find(pass.begin(), pass.end(), true) != pass.end();
    out.lo = grid.front(), out.hi = grid.back();
    out.monotone = changes == 0 || (changes == 1 && pass.front() == max);
    if (!any) {
      out.probes = search.probes();
      out.found = false;
      // The check that fails at the end nearest passing: the one that binds.
      const double at = max ? grid.front() : grid.back();
      out.value = at;
      const VariedValue v = search.value(at);
      out.label = v.label, out.si = v.si;
      for (const CheckOutcome& c : search.outcome(at).checks)
        if (!c.passed) {
          out.binding_check = c.metric;
          break;
        }
      return out;
    }
    // The passing grid point furthest in the direction asked, and its failing neighbour.
    size_t best = 0;
    if (!max) {
      best = grid.size() - 1;
      for (size_t i = grid.size(); i-- > 0;)
        if (pass[i]) best = i;
    } else {
      for (size_t i = 0; i < grid.size(); ++i)
        if (pass[i]) best = i;
    }
    const bool at_end = max ? best + 1 == grid.size() : best == 0;
    if (at_end) {
      out.found = true;
      out.whole_range = true;
      out.value = grid[best];
      const VariedValue v = search.value(out.value);
      out.label = v.label, out.si = v.si;
      out.probes = search.probes();
      return out;
    }
    const double neighbour = max ? grid[best + 1] : grid[best - 1];
    lo = std::min(grid[best], neighbour), hi = std::max(grid[best], neighbour);
  }

  // Bisection between the passing end and the failing end.
  double pass_x = max ? lo : hi, fail_x = max ? hi : lo;  // as the bracket was found
  for (int i = 0; i < kMaxBisections; ++i) {
    const double gap = std::abs(fail_x - pass_x);
    if (integer ? gap <= 1 : gap <= kTolerance * std::max(std::abs(pass_x), std::abs(fail_x))) break;
    double mid = (pass_x > 0 && fail_x > 0 && std::max(pass_x, fail_x) / std::min(pass_x, fail_x) > 4)
                     ? std::sqrt(pass_x * fail_x)
                     : (pass_x + fail_x) / 2;
    if (integer) mid = std::floor(mid);
    if (mid == pass_x || mid == fail_x) mid = integer ? (pass_x < fail_x ? pass_x + 1 : pass_x - 1) : mid;
    (search.passes(mid) ? pass_x : fail_x) = mid;
  }
  if (!integer) {
    // The answer in as few digits as the bracket allows: the shortest decimal between it and
    // the failing end when that passes (210 for 209.9998), else the shortest within the
    // tolerance on the passing side; past it, the shortest as close on the failing side.
    const double width = kTolerance * std::max(std::abs(pass_x), std::abs(fail_x));
    const double inside = shortest_decimal(pass_x, fail_x + (fail_x > pass_x ? -width : width) * 1e-3);
    if (inside != pass_x && search.passes(inside)) {
      pass_x = inside;
    } else {
      const double back = shortest_decimal(pass_x, pass_x + (fail_x > pass_x ? -width : width));
      if (search.passes(back)) pass_x = back;
    }
    const double past = shortest_decimal(fail_x, fail_x + (fail_x > pass_x ? width : -width));
    if (!search.passes(past)) fail_x = past;
  }
  out.found = true;
  out.value = pass_x;
  const VariedValue v = search.value(pass_x);
  out.label = v.label, out.si = v.si;
  out.next_value = fail_x;
  out.next_label = search.value(fail_x).label;
  // The binding check: failing just past the answer; its margin at the answer.
  const PointResult& past = search.outcome(fail_x);
  const PointResult& at = search.outcome(pass_x);
  for (const CheckOutcome& c : past.checks) {
    if (c.passed) continue;
    out.binding_check = c.metric;
    for (const CheckOutcome& a : at.checks) {
      if (a.metric != c.metric || a.is_target != c.is_target) continue;
      out.margin = c.max ? *a.max - a.value : a.value - *a.min;
      out.margin_unit = a.unit;
    }
    break;
  }
  out.probes = search.probes();
  return out;
}

Node solve_document(const SolveResult& r) {
  Node doc = Node::object();
  doc.add("schema_version", Node::count(kSchemaVersion));
  Node& s = doc.add("solve", Node::object());
  s.add("key", Node::string(r.key));
  s.add("direction", Node::string(r.maximise ? "max" : "min"));
  s.add("found", Node::boolean(r.found));
  s.add("value", r.found && r.si ? Node::number(*r.si) : Node::null());
  s.add("value_as_written", r.found ? Node::string(r.label) : Node::null());
  s.add("limit_beyond_range", Node::boolean(r.whole_range));
  s.add("next_value", r.next_value ? Node::string(r.next_label) : Node::null());
  s.add("binding_check", r.binding_check.empty() ? Node::null() : Node::string(r.binding_check));
  s.add("margin", r.binding_check.empty() || !r.found ? Node::null() : Node::number(r.margin, r.margin_unit));
  s.add("monotone", Node::boolean(r.monotone));
  s.add("evaluations", Node::count(static_cast<double>(r.probes.size())));
  return doc;
}

}  // namespace headroom::calc
