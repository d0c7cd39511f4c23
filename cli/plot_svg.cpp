#include "cli/plot_svg.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <functional>
#include <optional>
#include <fmt/format.h>
#include <ostream>

#include "calc/base/error.hpp"
#include "cli/humanize.hpp"
#include "cli/render_junit.hpp"

namespace headroom::cli {
namespace {

constexpr double kWidth = 720, kHeight = 440, kLeft = 70, kRight = 160, kTop = 30, kBottom = 50;
constexpr const char* kColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

struct BarRow {
  std::string label;
  std::vector<std::optional<double>> values;  // one per series; empty: no bar
  std::optional<double> mark;                 // a reference drawn across the row
  std::string note;                           // after the bars
};

// Horizontal bars from zero, a row per item, one bar per series in the series' colours, with a
// legend, the values' axis along the top and each bar's value in its tooltip.
void horizontal_bars(const std::string& title, const std::vector<std::string>& series,
                     const std::string& mark_name, const std::vector<BarRow>& rows,
                     const std::function<std::string(double)>& format, std::ostream& out) {
  constexpr double kLabel = 190, kBar = 9, kRowGap = 10, kNote = 110;
  double hi = 0;
  for (const BarRow& r : rows) {
    for (const auto& v : r.values) if (v && std::isfinite(*v)) hi = std::max(hi, *v);
    if (r.mark) hi = std::max(hi, *r.mark);
  }
  if (!(hi > 0)) hi = 1;
  hi *= 1.05;
  const double row_h = kBar * static_cast<double>(series.size()) + kRowGap;
  const double top = kTop + 40, plot_w = kWidth - kLabel - kNote - 20;
  const double height = top + row_h * static_cast<double>(rows.size()) + 20;
  auto px = [&](double v) { return kLabel + plot_w * std::clamp(v, 0.0, hi) / hi; };
  out << fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{:.0f}\" "
                     "font-family=\"sans-serif\" font-size=\"12\">\n", kWidth, height);
  out << fmt::format("<text x=\"10\" y=\"{}\" font-weight=\"bold\">{}</text>\n", kTop - 12, xml_escape(title));
  double lx = kLabel;
  for (size_t s = 0; s < series.size(); ++s) {
    out << fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{:.1f}\" y=\"{}\">{}</text>\n",
                       lx, kTop - 2, kColours[s % 10], lx + 14, kTop + 7, xml_escape(series[s]));
    lx += 24 + 7.0 * static_cast<double>(series[s].size());
  }
  if (!mark_name.empty()) {
    out << fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#000\" stroke-width=\"2\"/><text x=\"{3:.1f}\" y=\"{4}\">{5}</text>\n",
                       lx + 5, kTop - 3, kTop + 9, lx + 12, kTop + 7, xml_escape(mark_name));
  }
  for (int t = 0; t <= 4; ++t) {
    const double v = hi * t / 4;
    out << fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" stroke=\"#ddd\"/>\n", px(v),
                       top - 6, height - 20);
    out << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", px(v), top - 10,
                       xml_escape(format(v)));
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    const double y0 = top + row_h * static_cast<double>(r);
    const double middle = y0 + kBar * static_cast<double>(series.size()) / 2 + 4;
    out << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", kLabel - 8, middle,
                       xml_escape(rows[r].label));
    for (size_t s = 0; s < rows[r].values.size(); ++s) {
      const auto& v = rows[r].values[s];
      if (!v || !std::isfinite(*v)) continue;
      out << fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"><title>{}: {} {}</title></rect>\n",
                         kLabel, y0 + kBar * static_cast<double>(s), px(*v) - kLabel, kBar - 1, kColours[s % 10],
                         xml_escape(rows[r].label), xml_escape(series[s]), xml_escape(format(*v)));
    }
    if (rows[r].mark) {
      out << fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" stroke=\"#000\" stroke-width=\"2\"><title>{3}: {4}</title></line>\n",
                         px(*rows[r].mark), y0 - 2, y0 + kBar * static_cast<double>(series.size()) + 1,
                         xml_escape(mark_name), xml_escape(format(*rows[r].mark)));
    }
    if (!rows[r].note.empty()) {
      out << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", kLabel + plot_w + 8, middle,
                         xml_escape(rows[r].note));
    }
  }
  out << "</svg>\n";
}

std::string share(double v) { return humanize(v, calc::Unit::kRatio); }

}  // namespace

void plot_ring_svg(const calc::RingResult& r, std::ostream& out) {
  const bool arcs = std::any_of(r.nodes.begin(), r.nodes.end(), [](const calc::NodeShare& n) { return n.arc_share.has_value(); });
  std::vector<std::string> series = {"key share"};
  if (arcs) series.push_back("arc share");
  series.push_back("load share");
  std::vector<BarRow> rows;
  for (const calc::NodeShare& n : r.nodes) {
    BarRow row{n.name, {n.key_share}, n.fair_share, ""};
    if (arcs) row.values.push_back(n.arc_share);
    row.values.push_back(n.load_share);
    row.note = fmt::format("load {:.2f}× fair", n.fair_share > 0 ? n.load_share / n.fair_share : 0.0);
    rows.push_back(std::move(row));
  }
  horizontal_bars(fmt::format("{} ({}): each node's shares against its fair share", r.algorithm, r.hash), series,
                  "fair share", rows, share, out);
}

void plot_avail_svg(const calc::AvailResult& r, std::ostream& out) {
  namespace tc = formulas::time_constants;
  auto per_year = [](double down) { return humanize(down * tc::kYear.value(), calc::Unit::kSeconds); };
  std::vector<BarRow> rows;
  rows.push_back(BarRow{"the system", {r.availability.down}, std::nullopt, per_year(r.availability.down) + " a year"});
  for (const calc::BlockAvailability& b : r.blocks)
    rows.push_back(BarRow{b.name, {b.gain_if_perfect}, std::nullopt, per_year(b.gain_if_perfect) + " a year"});
  horizontal_bars("downtime a year: the system's, and each block's (what it would save were it never down)",
                  {"downtime a year"}, "", rows, per_year, out);
}

void open_plot(std::ofstream& out, const std::string& path) {
  out.open(path, std::ios::binary);
  if (!out) throw Error::usage(fmt::format("--plot: cannot write '{}': {}", path, std::strerror(errno)));
}

void finish_plot(std::ofstream& out, const std::string& path) {
  if (!out.flush()) throw Error::input(fmt::format("--plot: writing '{}' failed", path));
}

void plot_cache_svg(const calc::CacheResult& r, const calc::CacheSection& s, std::ostream& out) {
  // One axis for the curve and the policies: both count objects, or both bytes.
  const bool bytes = !s.capacities.empty() && s.capacities.front().bytes;
  double lo = 1e300, hi = 0;
  auto extend = [&](double c) { lo = std::min(lo, c), hi = std::max(hi, c); };
  for (const calc::CurvePoint& p : r.curve) extend(static_cast<double>(p.capacity));
  for (const calc::PolicyResult& p : r.policies) extend(p.capacity.value);
  lo = std::pow(10, std::floor(std::log10(std::max(lo, 1.0))));
  hi = std::max(hi, lo * 2);
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto x = [&](double c) { return kLeft + plot_w * std::log(std::max(c, lo) / lo) / std::log(hi / lo); };
  auto y = [&](double m) { return kTop + plot_h * (1 - m); };
  out << fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
                     "font-family=\"sans-serif\" font-size=\"12\">\n", kWidth, kHeight);
  out << fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#333\"/>\n",
                     kLeft, kTop, plot_w, plot_h);
  for (int i = 0; i <= 10; i += 2) {
    out << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}%</text>\n", kLeft - 6,
                       y(i / 10.0) + 4, i * 10);
  }
  for (double c = lo; c <= hi * 1.0001; c *= 10) {
    out << fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" stroke=\"#ddd\"/>\n",
                       x(c), kTop, kTop + plot_h);
    out << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", x(c),
                       kTop + plot_h + 16, bytes ? humanize(c, calc::Unit::kBytes) : fmt::format("{:g}", c));
  }
  out << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">capacity ({}, log scale)</text>\n",
                     kLeft + plot_w / 2, kHeight - 10, bytes ? "bytes" : "objects");
  out << fmt::format("<text x=\"16\" y=\"{:.1f}\" transform=\"rotate(-90 16 {:.1f})\" text-anchor=\"middle\">miss ratio</text>\n",
                     kTop + plot_h / 2, kTop + plot_h / 2);
  std::string points;
  for (const calc::CurvePoint& p : r.curve)
    points += fmt::format("{:.1f},{:.1f} ", x(static_cast<double>(p.capacity)), y(p.miss_ratio));
  out << fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\"/>\n", points);
  out << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">LRU curve{}</text>\n", kWidth - kRight + 12, kTop + 10,
                     r.sample_rate < 1 ? " (SHARDS)" : "");
  std::vector<std::string> seen;
  for (const calc::PolicyResult& p : r.policies) {
    auto it = std::find(seen.begin(), seen.end(), p.name());
    const size_t colour = static_cast<size_t>(it - seen.begin());
    if (it == seen.end()) {
      seen.push_back(p.name());
      const double ly = kTop + 30 + 18 * static_cast<double>(colour);
      out << fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\"/><text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n",
                         kWidth - kRight + 16, ly - 4, kColours[colour % 10], kWidth - kRight + 26, ly, p.name());
    }
    out << fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\"><title>{} at {}: {:.4f}</title></circle>\n",
                       x(p.capacity.value), y(1 - p.hit_ratio()), kColours[colour % 10], p.name(),
                       p.capacity.value, 1 - p.hit_ratio());
  }
  out << "</svg>\n";
}

void plot_usl_svg(const formulas::UslFit& f, const calc::ScalabilitySection& s, std::ostream& out) {
  // The axes reach past the measurements to the peak (when it is near), and a tenth beyond.
  double n_max = *std::max_element(s.concurrency.begin(), s.concurrency.end());
  if (f.peak_concurrency && *f.peak_concurrency < 4 * n_max) n_max = std::max(n_max, 1.5 * *f.peak_concurrency);
  n_max *= 1.1;
  constexpr int kCurve = 240;
  double x_max = *std::max_element(s.throughput.begin(), s.throughput.end());
  for (int i = 0; i <= kCurve; ++i) x_max = std::max(x_max, formulas::usl_throughput(f, n_max * i / kCurve));
  x_max *= 1.1;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto px = [&](double n) { return kLeft + plot_w * n / n_max; };
  auto py = [&](double x) { return kTop + plot_h * (1 - std::min(x, x_max) / x_max); };
  // Round tick steps: 1, 2 or 5 × 10^k, some five to ten of them.
  auto step_for = [](double range) {
    const double raw = range / 6, base = std::pow(10, std::floor(std::log10(raw)));
    return raw / base < 2 ? 2 * base : raw / base < 5 ? 5 * base : 10 * base;
  };
  out << fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
                     "font-family=\"sans-serif\" font-size=\"12\">\n", kWidth, kHeight);
  out << fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#333\"/>\n",
                     kLeft, kTop, plot_w, plot_h);
  const double ys = step_for(x_max);
  for (double v = 0; v <= x_max; v += ys) {
    out << fmt::format("<line x1=\"{0:.1f}\" x2=\"{1:.1f}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#ddd\"/>\n",
                       kLeft, kLeft + plot_w, py(v));
    out << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", kLeft - 6, py(v) + 4,
                       humanize(v, calc::Unit::kCount));
  }
  const double xs = step_for(n_max);
  for (double n = 0; n <= n_max; n += xs) {
    out << fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" stroke=\"#ddd\"/>\n",
                       px(n), kTop, kTop + plot_h);
    out << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{:g}</text>\n", px(n),
                       kTop + plot_h + 16, n);
  }
  out << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">concurrency N</text>\n",
                     kLeft + plot_w / 2, kHeight - 10);
  out << fmt::format("<text x=\"16\" y=\"{:.1f}\" transform=\"rotate(-90 16 {:.1f})\" text-anchor=\"middle\">throughput per second</text>\n",
                     kTop + plot_h / 2, kTop + plot_h / 2);
  // Linear scaling, γN, up to where it leaves the plot.
  const double n_ideal = f.gamma > 0 ? std::min(n_max, x_max / f.gamma) : n_max;
  out << fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#999\" stroke-dasharray=\"4 4\"/>\n",
                     px(0), py(0), px(n_ideal), py(f.gamma * n_ideal));
  std::string points;
  for (int i = 0; i <= kCurve; ++i) {
    const double n = n_max * i / kCurve;
    points += fmt::format("{:.1f},{:.1f} ", px(n), py(formulas::usl_throughput(f, n)));
  }
  out << fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>\n", points, kColours[0]);
  if (f.peak_concurrency && *f.peak_concurrency <= n_max) {
    out << fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\" stroke-dasharray=\"2 3\"/>\n",
                       px(*f.peak_concurrency), py(*f.peak_throughput), kTop + plot_h, kColours[3]);
    out << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"{}\">peak N = {:.1f}</text>\n",
                       px(*f.peak_concurrency), py(*f.peak_throughput) - 8, kColours[3], *f.peak_concurrency);
  }
  for (size_t i = 0; i < s.concurrency.size(); ++i) {
    out << fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\"><title>N = {:g}: {:g}/s measured, "
                       "{:.6g}/s fitted</title></circle>\n", px(s.concurrency[i]), py(s.throughput[i]), kColours[1],
                       s.concurrency[i], s.throughput[i], formulas::usl_throughput(f, s.concurrency[i]));
  }
  const double lx = kWidth - kRight + 12;
  out << fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\"/><text x=\"{:.1f}\" y=\"{:.1f}\">measured</text>\n",
                     lx + 4, kTop + 6, kColours[1], lx + 14, kTop + 10);
  out << fmt::format("<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"1.5\"/><text x=\"{:.1f}\" y=\"{:.1f}\">USL fit</text>\n",
                     lx, lx + 10, kTop + 24, kTop + 24, kColours[0], lx + 14, kTop + 28);
  out << fmt::format("<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#999\" stroke-dasharray=\"4 4\"/><text x=\"{:.1f}\" y=\"{:.1f}\">linear, γN</text>\n",
                     lx, lx + 10, kTop + 42, kTop + 42, lx + 14, kTop + 46);
  out << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">σ = {:.4g}</text>\n<text x=\"{:.1f}\" y=\"{:.1f}\">κ = {:.4g}</text>\n"
                     "<text x=\"{:.1f}\" y=\"{:.1f}\">γ = {:.4g}/s</text>\n<text x=\"{:.1f}\" y=\"{:.1f}\">R² = {:.4f}</text>\n",
                     lx, kTop + 76, f.sigma, lx, kTop + 94, f.kappa, lx, kTop + 112, f.gamma, lx, kTop + 130, f.r_squared);
  out << "</svg>\n";
}

void plot_sweep_svg(const calc::SweepResult& r, std::ostream& out) {
  constexpr double kPanel = 220, kGap = 40;
  const calc::Variation& key = r.keys.front();
  // The x of each value of the first key: its SI value when every one has one, else its place.
  bool numeric = true;
  for (const calc::VariedValue& v : key.values) numeric = numeric && v.si.has_value();
  const bool log_x = numeric && key.geometric;
  auto x_value = [&](size_t i) { return numeric ? *key.values[i].si : static_cast<double>(i); };
  double x_lo = x_value(0), x_hi = x_value(key.values.size() - 1);
  if (x_hi <= x_lo) x_hi = x_lo + 1;
  const double plot_w = kWidth - kLeft - kRight;
  auto px = [&](double v) {
    return kLeft + plot_w * (log_x ? std::log(v / x_lo) / std::log(x_hi / x_lo) : (v - x_lo) / (x_hi - x_lo));
  };
  // One line per combination of the other keys' values, in the rows' order.
  std::vector<std::string> series;
  auto series_of = [&](const calc::SweepRow& row) {
    std::vector<std::string> parts;
    for (size_t k = 1; k < r.keys.size(); ++k) parts.push_back(r.keys[k].key + " = " + r.keys[k].values[row.at[k]].label);
    const std::string name = fmt::format("{}", fmt::join(parts, ", "));
    auto it = std::find(series.begin(), series.end(), name);
    if (it == series.end()) series.push_back(name), it = series.end() - 1;
    return static_cast<size_t>(it - series.begin());
  };
  std::vector<size_t> row_series;
  for (const calc::SweepRow& row : r.rows) row_series.push_back(series_of(row));
  const double height = kTop + static_cast<double>(r.metrics.size()) * (kPanel + kGap) + kBottom - kGap;
  out << fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
                     "font-family=\"sans-serif\" font-size=\"12\">\n", kWidth, height);
  for (size_t m = 0; m < r.metrics.size(); ++m) {
    const double top = kTop + static_cast<double>(m) * (kPanel + kGap);
    double lo = 1e300, hi = -1e300;
    for (const calc::SweepRow& row : r.rows)
      if (row.values[m] && std::isfinite(*row.values[m])) lo = std::min(lo, *row.values[m]), hi = std::max(hi, *row.values[m]);
    if (lo > hi) lo = 0, hi = 1;
    if (lo > 0 && lo < hi / 3) lo = 0;  // from zero, unless the values sit far above it
    if (hi - lo <= 0) hi = lo + (lo == 0 ? 1 : std::abs(lo) * 0.1), lo -= (hi - lo);
    auto py = [&](double v) { return top + kPanel * (1 - (v - lo) / (hi - lo)); };
    out << fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#333\"/>\n",
                       kLeft, top, plot_w, kPanel);
    out << fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-weight=\"bold\">{}</text>\n", kLeft, top - 8, xml_escape(r.metrics[m]));
    for (int t = 0; t <= 4; ++t) {
      const double v = lo + (hi - lo) * t / 4;
      out << fmt::format("<line x1=\"{0}\" x2=\"{1:.1f}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#ddd\"/>\n",
                         kLeft, kLeft + plot_w, py(v));
      out << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", kLeft - 6, py(v) + 4,
                         humanize(v, r.units[m]));
    }
    for (size_t i = 0; i < key.values.size(); ++i) {
      if (key.values.size() > 12 && i % ((key.values.size() + 11) / 12) != 0) continue;
      out << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", px(x_value(i)),
                         top + kPanel + 16, xml_escape(key.values[i].label));
    }
    for (size_t s = 0; s < series.size(); ++s) {
      // A run of points with values is one polyline; a point without one breaks it.
      std::string points;
      auto flush = [&] {
        if (!points.empty())
          out << fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>\n", points,
                             kColours[s % 10]);
        points.clear();
      };
      for (size_t i = 0; i < r.rows.size(); ++i) {
        if (row_series[i] != s) continue;
        const std::optional<double>& v = r.rows[i].values[m];
        if (!v || !std::isfinite(*v)) {
          flush();
          continue;
        }
        const double x = px(x_value(r.rows[i].at[0])), y = py(*v);
        points += fmt::format("{:.1f},{:.1f} ", x, y);
        out << fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"><title>{} = {}: {}</title></circle>\n", x, y,
                           kColours[s % 10], xml_escape(key.key), xml_escape(key.values[r.rows[i].at[0]].label), humanize(*v, r.units[m]));
      }
      flush();
    }
  }
  out << fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}{}</text>\n", kLeft + plot_w / 2,
                     height - 10, xml_escape(key.key), log_x ? " (log scale)" : "");
  if (series.size() > 1) {
    for (size_t s = 0; s < series.size(); ++s) {
      const double ly = kTop + 10 + 18 * static_cast<double>(s);
      out << fmt::format("<line x1=\"{0:.1f}\" x2=\"{1:.1f}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\" stroke-width=\"2\"/>"
                         "<text x=\"{4:.1f}\" y=\"{5:.1f}\" font-size=\"10\">{6}</text>\n",
                         kWidth - kRight + 8, kWidth - kRight + 20, ly - 4, kColours[s % 10], kWidth - kRight + 24, ly,
                         xml_escape(series[s]));
    }
  }
  out << "</svg>\n";
}

}  // namespace headroom::cli
