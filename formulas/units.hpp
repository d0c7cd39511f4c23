// Strong types for dimensioned values, in SI base units, modelled on std::chrono::duration.
// Cross-unit operations are added one at a time, only where they mean something.
#pragma once

#include <compare>

namespace headroom::formulas {

template <class Tag>
class Quantity {
 public:
  constexpr Quantity() = default;
  constexpr explicit Quantity(double si_value) : value_(si_value) {}

  /// The value in SI base units (seconds, bytes, per second, bytes per second).
  constexpr double value() const { return value_; }

  constexpr Quantity operator+(Quantity o) const { return Quantity(value_ + o.value_); }
  constexpr Quantity operator-(Quantity o) const { return Quantity(value_ - o.value_); }
  constexpr Quantity operator*(double k) const { return Quantity(value_ * k); }
  constexpr Quantity operator/(double k) const { return Quantity(value_ / k); }
  /// The ratio of two quantities of one kind is a plain number.
  constexpr double operator/(Quantity o) const { return value_ / o.value_; }
  constexpr auto operator<=>(const Quantity&) const = default;

 private:
  double value_ = 0.0;
};

template <class Tag>
constexpr Quantity<Tag> operator*(double k, Quantity<Tag> q) {
  return q * k;
}

struct DurationTag {};
struct RateTag {};
struct BytesTag {};
struct BytesPerSecondTag {};

using Duration = Quantity<DurationTag>;              // seconds
using Rate = Quantity<RateTag>;                      // events per second
using Bytes = Quantity<BytesTag>;                    // bytes
using BytesPerSecond = Quantity<BytesPerSecondTag>;  // bytes per second

/// Offered load: events per second times seconds is a number of events.
constexpr double operator*(Rate r, Duration d) { return r.value() * d.value(); }
constexpr double operator*(Duration d, Rate r) { return r * d; }
/// Event rate times size per event is a bandwidth.
constexpr BytesPerSecond operator*(Rate r, Bytes b) { return BytesPerSecond(r.value() * b.value()); }
constexpr BytesPerSecond operator*(Bytes b, Rate r) { return r * b; }

namespace time_constants {
/// Calendar lengths used across headroom (SPEC §2): a year is 365.25 days, a month a twelfth of it.
inline constexpr Duration kMinute{60.0};
inline constexpr Duration kHour{3600.0};
inline constexpr Duration kDay{86400.0};
inline constexpr Duration kWeek{7 * 86400.0};
inline constexpr Duration kYear{365.25 * 86400.0};
inline constexpr Duration kMonth{365.25 * 86400.0 / 12.0};
}  // namespace time_constants

}  // namespace headroom::formulas
