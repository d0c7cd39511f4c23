// libFuzzer harness: the trace reader in every format (key, key size, csv, oracleGeneral,
// twitter, or detected; plain, gzip, zstd by magic number) on any bytes. The first byte picks
// the format; the rest is the file. Every
// request read has a size of at least 1 and at most 2^40; a bad line is an Error, never a crash.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <zlib.h>
#include <zstd.h>

#include "calc/base/error.hpp"
#include "calc/cache/request_source.hpp"

namespace {

// Inputs that decompress to more than 64 KiB are skipped: a 4 KB gzip of newlines is 4 MB of
// blank lines, and reading them teaches the fuzzer nothing while taking most of its time.
constexpr size_t kMaxExpanded = size_t{1} << 16;

bool expands_too_far(const std::uint8_t* data, size_t size, const std::string& path) {
  std::vector<char> out(64 << 10);
  size_t total = 0;
  if (size >= 4 && data[0] == 0x28 && data[1] == 0xb5 && data[2] == 0x2f && data[3] == 0xfd) {
    ZSTD_DStream* z = ZSTD_createDStream();
    ZSTD_inBuffer in{data, size, 0};
    while (in.pos < in.size) {
      ZSTD_outBuffer o{out.data(), out.size(), 0};
      if (ZSTD_isError(ZSTD_decompressStream(z, &o, &in))) break;
      total += o.pos;
      if (total > kMaxExpanded) break;
      if (o.pos == 0 && in.pos < in.size && o.size > 0) {
        // Progress without output: keep going while input is consumed.
      }
    }
    ZSTD_freeDStream(z);
    return total > kMaxExpanded;
  }
  if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
    gzFile g = gzopen(path.c_str(), "rb");
    if (!g) return false;
    int got;
    while ((got = gzread(g, out.data(), static_cast<unsigned>(out.size()))) > 0) {
      total += static_cast<size_t>(got);
      if (total > kMaxExpanded) break;
    }
    gzclose(g);
    return total > kMaxExpanded;
  }
  return false;
}

}  // namespace

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
  if (expands_too_far(data + 1, size - 1, path)) return 0;
  CacheWorkload w;
  w.trace = path;
  w.trace_loc = headroom::SourceLoc{"fuzz.toml", 1, 1};
  // The first byte: the format (0..4 as listed, 5 detected), a csv's size column, reads only.
  constexpr TraceFormat kFormats[] = {TraceFormat::kKey, TraceFormat::kKeySize, TraceFormat::kCsv,
                                      TraceFormat::kOracleGeneral, TraceFormat::kTwitter};
  const unsigned pick = data[0] % 6;
  if (data[0] & 0x40) w.size_column = "bytes";
  w.reads_only = (data[0] & 0x80) != 0;
  try {
    w.trace_format = pick < 5 ? kFormats[pick] : detect_trace_format(path, w.trace_loc).format;
    auto source = trace_source(w, {});
    // At most 4k requests an input: a small gzip or zstd input can expand to gigabytes, and
    // the lines past the first blocks exercise nothing new (a profile showed the parse of
    // those lines taking most of each execution, at 600 a second).
    std::vector<Request> buffer(257);
    size_t read = 0;
    while (const size_t n = source->next(buffer)) {
      for (size_t i = 0; i < n; ++i)
        if (buffer[i].size < 1 || buffer[i].size > kMaxObjectSize) std::abort();
      if ((read += n) > (size_t{1} << 12)) break;
    }
  } catch (const headroom::Error&) {
  }
  return 0;
}
