// libFuzzer harness: the quantity parser on any bytes. A parse either fails with a message or
// gives a finite value; never a crash, a hang or UB (ASan + UBSan).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "calc/input/quantity_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const headroom::calc::ParsedQuantity q = headroom::calc::parse_quantity(text);
  if (q.ok && (!std::isfinite(q.si_value) || !std::isfinite(q.complement))) std::abort();
  if (!q.ok && q.error.empty()) std::abort();
  return 0;
}
