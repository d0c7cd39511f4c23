// libFuzzer harness: the trace reader in every format (key, key size, csv; plain, gzip, zstd by
// magic number) on any bytes. The first byte picks the format; the rest is the file. Every
// request read has a size of at least 1 and at most 2^40; a bad line is an Error, never a crash.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "calc/error.hpp"
#include "calc/request_source.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  using namespace headroom::calc;
  if (size == 0) return 0;
  static const std::string path = [] {
    // Memory-backed when there is /dev/shm: writing a disk file per input is most of the time.
    const char* dir = std::getenv("TMPDIR");
    const std::string base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : dir ? dir : "/tmp";
    return base + "/headroom-fuzz-trace-" + std::to_string(getpid());
  }();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data + 1, 1, size - 1, f);
  std::fclose(f);
  CacheWorkload w;
  w.trace = path;
  w.trace_loc = headroom::SourceLoc{"fuzz.toml", 1, 1};
  w.trace_format = data[0] % 3 == 0 ? TraceFormat::kKey : data[0] % 3 == 1 ? TraceFormat::kKeySize : TraceFormat::kCsv;
  if (data[0] & 4) w.size_column = "bytes";
  try {
    auto source = trace_source(w, {});
    std::vector<Request> buffer(257);
    while (const size_t n = source->next(buffer)) {
      for (size_t i = 0; i < n; ++i)
        if (buffer[i].size < 1 || buffer[i].size > kMaxObjectSize) std::abort();
    }
  } catch (const headroom::Error&) {
  }
  return 0;
}
