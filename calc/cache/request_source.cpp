#include "calc/cache/request_source.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <optional>
#include <cstring>
#include <fmt/format.h>
#include <random>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include "formulas/hash64.hpp"
#include "formulas/normal.hpp"
#include "formulas/zipf_sampler.hpp"

namespace headroom::calc {
namespace {

constexpr size_t kReadBlock = 4 << 20;

// Eight bytes of text as a little-endian word: the first character in the low byte.
std::uint64_t load8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// How many of the first characters of w are ASCII digits (0..8). A byte is a digit when its
// high nibble is 3 both as it is and after adding 6 (which carries out of a low nibble above
// 9); a carry out of a byte can only spoil bytes after the first non-digit.
[[gnu::always_inline]] inline int digit_run(std::uint64_t w) {
  constexpr std::uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ULL, kThrees = 0x3030303030303030ULL;
  const std::uint64_t off = ((w & kHigh) ^ kThrees) | (((w + 0x0606060606060606ULL) & kHigh) ^ kThrees);
  return off ? std::countr_zero(off) / 8 : 8;
}

// The value of the first n (1..8) characters of w, all digits: shifted so that they end at the
// top byte, then pairs, quads and octets combined by multiplication (Lemire's SWAR method).
[[gnu::always_inline]] inline std::uint64_t digits_value(std::uint64_t w, int n) {
  w = (w << (8 * (8 - n))) & 0x0F0F0F0F0F0F0F0FULL;
  w = (w * 2561) >> 8 & 0x00FF00FF00FF00FFULL;
  w = (w * 6553601) >> 16 & 0x0000FFFF0000FFFFULL;
  return (w * 42949672960001ULL) >> 32;
}

// A decimal number of 1 to 19 digits at p, eight digits at a time; returns the characters it
// took, or 0 when there is no digit or more than 19 (so it may not fit: the caller decides).
// Requires: 24 readable bytes at p.
[[gnu::always_inline]] inline int read_number(const char* p, std::uint64_t& value) {
  constexpr std::uint64_t kPow[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
  std::uint64_t w = load8(p);
  int n = digit_run(w);
  if (n == 0) return 0;
  value = digits_value(w, n);
  if (n < 8) return n;
  for (int taken = 8; taken < 24; taken += 8) {
    w = load8(p + taken);
    const int more = digit_run(w);
    if (more == 0) return taken;
    if (taken + more > 19) return 0;
    value = value * kPow[more] + digits_value(w, more);
    if (more < 8) return taken + more;
  }
  return 0;
}

// The size of object `id` under a distribution: drawn once from the id's hash, so an object
// keeps its size without any memory per object; whole bytes, at least 1.
std::uint64_t size_of(const SizeDistribution& d, std::uint64_t id) {
  const double u = (static_cast<double>(formulas::fmix64(id ^ 0x53495A4553ULL) >> 11) + 0.5) * 0x1p-53;
  double size = 0;
  switch (d.kind) {
    case SizeDistribution::Kind::kUniform: size = d.a + u * (d.b - d.a); break;
    case SizeDistribution::Kind::kLognormal: size = d.a * std::exp(d.b * formulas::inverse_normal_cdf(u)); break;
    case SizeDistribution::Kind::kPareto: size = d.a * std::pow(1 - u, -1 / d.b); break;
  }
  // Drawn sizes past the largest object a simulation takes are cut to it (documented).
  return static_cast<std::uint64_t>(std::max(1.0, std::min(std::round(size), static_cast<double>(kMaxObjectSize))));
}

class SyntheticSource : public RequestSource {
 public:
  SyntheticSource(const CacheWorkload& w, std::uint64_t seed)
      : sampler_(w.objects, w.zipf),
        left_(w.requests),
        size_(w.object_size ? static_cast<std::uint64_t>(w.object_size->value()) : 1),
        sizes_(w.object_sizes),
        rng_(seed) {}
  size_t next(std::span<Request> out) override {
    auto uniform = [this] { return static_cast<double>(rng_() >> 11) * 0x1p-53; };
    size_t n = 0;
    for (; left_ > 0 && n < out.size(); ++n, --left_) {
      const std::uint64_t id = sampler_(uniform);
      out[n] = Request{id, sizes_ ? size_of(*sizes_, id) : size_};
    }
    return n;
  }

 private:
  formulas::ZipfSampler sampler_;
  std::uint64_t left_, size_;
  std::optional<SizeDistribution> sizes_;
  std::mt19937_64 rng_;
};

// Bytes of a file, decompressed if it is gzip or zstd (by magic number).
class ByteReader {
 public:
  // Errors are reported at `loc`, where the model names the trace.
  ByteReader(const std::string& path, SourceLoc loc) : path_(path), loc_(std::move(loc)) {
    struct stat st {};
    if (stat(path.c_str(), &st) == 0) total_ = static_cast<std::uint64_t>(st.st_size);
    FILE* probe = std::fopen(path.c_str(), "rb");
    if (!probe) fail(fmt::format("cannot open trace '{}'", path));
    unsigned char magic[4] = {};
    const size_t got = std::fread(magic, 1, 4, probe);
    std::fclose(probe);
    if (got == 4 && magic[0] == 0x28 && magic[1] == 0xB5 && magic[2] == 0x2F && magic[3] == 0xFD) {
      zstd_file_ = std::fopen(path.c_str(), "rb");
      zstd_ = ZSTD_createDStream();
      in_buffer_.resize(ZSTD_DStreamInSize());
    } else {
      gz_ = gzopen(path.c_str(), "rb");  // reads plain files as they are
      if (!gz_) fail(fmt::format("cannot open trace '{}'", path));
      gzbuffer(gz_, 1 << 17);
    }
  }
  ~ByteReader() {
    if (gz_) gzclose(gz_);
    if (zstd_) ZSTD_freeDStream(zstd_);
    if (zstd_file_) std::fclose(zstd_file_);
  }
  /// Reads up to n bytes to `to`; returns how many (0 at the end).
  size_t read(char* to, size_t n) {
    size_t got = 0;
    if (gz_) {
      const int r = gzread(gz_, to, static_cast<unsigned>(n));
      int code = Z_OK;
      std::string_view why = gzerror(gz_, &code);
      // A gzip stream cut short reads as an early end, with Z_BUF_ERROR set.
      if (r < 0 || (code != Z_OK && code != Z_STREAM_END)) {
        if (why.starts_with(path_ + ": ")) why.remove_prefix(path_.size() + 2);  // zlib names the file
        fail(fmt::format("cannot read trace '{}': {} (corrupt or cut-short gzip data)", path_, why));
      }
      got = static_cast<size_t>(r);
      done_ = static_cast<std::uint64_t>(gzoffset(gz_));
    } else {
      ZSTD_outBuffer o{to, n, 0};
      while (o.pos == 0) {
        if (in_.pos == in_.size && !zstd_eof_) {
          const size_t r = std::fread(in_buffer_.data(), 1, in_buffer_.size(), zstd_file_);
          if (r == 0) zstd_eof_ = true;
          done_ += r;
          in_ = ZSTD_inBuffer{in_buffer_.data(), r, 0};
        }
        // At the end of the file this flushes what the decoder still holds.
        const size_t in_before = in_.pos;
        const size_t code = ZSTD_decompressStream(zstd_, &o, &in_);
        if (ZSTD_isError(code)) {
          fail(fmt::format("cannot read trace '{}': {}", path_, ZSTD_getErrorName(code)));
        }
        if (in_.pos != in_before || o.pos != 0) frame_left_ = code;  // 0: a frame ended, flushed
        if (zstd_eof_ && o.pos == 0) {
          if (frame_left_ != 0) {
            fail(fmt::format("cannot read trace '{}': the zstd data ends in the middle of a frame (cut short?)", path_));
          }
          break;
        }
      }
      got = o.pos;
    }
    return got;
  }
  std::uint64_t done() const { return done_; }
  std::uint64_t total() const { return total_; }

 private:
  [[noreturn]] void fail(const std::string& message) const { throw Error::at(loc_, "cache.workload.trace", message); }
  std::string path_;
  SourceLoc loc_;
  gzFile gz_ = nullptr;
  FILE* zstd_file_ = nullptr;
  ZSTD_DStream* zstd_ = nullptr;
  std::vector<char> in_buffer_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  bool zstd_eof_ = false;
  size_t frame_left_ = 0;  // the decoder's last hint: 0 when a frame has ended
  std::uint64_t done_ = 0, total_ = 0;
};

// Calls f(field, index, start) for each comma-separated field of `line` (no quoting), `start`
// its offset in the line; returns how many fields there are.
template <class F>
size_t for_each_field(std::string_view line, F f) {
  for (size_t start = 0, field = 0;; ++field) {
    const size_t comma = line.find(',', start);
    f(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start), field, start);
    if (comma == std::string_view::npos) return field + 1;
    start = comma + 1;
  }
}

bool is_twitter_operation(std::string_view op) {
  for (std::string_view o : {"get", "gets", "set", "add", "replace", "cas", "append", "prepend", "delete", "incr", "decr"})
    if (op == o) return true;
  return false;
}

[[noreturn]] void undetected(const std::string& path, const SourceLoc& loc, const std::string& why) {
  throw Error::at(loc, "cache.workload.trace", fmt::format("cannot tell the format of '{}': {}", path, why),
                  "set trace_format: key, key size, csv, oracleGeneral or twitter");
}

std::uint64_t key_id(std::string_view key) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), v);
  if (ec == std::errc() && end == key.data() + key.size()) return v;
  return formulas::xxh64(key);
}

class TraceSource : public RequestSource {
 public:
  TraceSource(const CacheWorkload& w, Progress progress)
      : w_(w), reader_(w.trace, w.trace_loc), progress_(std::move(progress)) {
    if (w.trace_format == TraceFormat::kCsv) read_header();
  }

  size_t next(std::span<Request> out) override {
    size_t n = 0;
    std::string_view line;
    while (n < out.size()) {
      // The common case, "123 4096\n" or "123\n" with integer keys, parsed eight characters at
      // a time; a line of any other shape, or near the end of the buffer, goes through the
      // general parser below (which reads more behind a partial last line).
      if (w_.trace_format == TraceFormat::kKey || w_.trace_format == TraceFormat::kKeySize)
        n += fast_lines(out.subspan(n));
      if (n == out.size() || !next_line(line)) break;
      // Blank lines (nothing, or only spaces and tabs) are skipped; so are the blanks
      // around a line's fields.
      const size_t first = line.find_first_not_of(" \t");
      if (first == std::string_view::npos) continue;
      const size_t last = line.find_last_not_of(" \t");
      if (w_.trace_format == TraceFormat::kTwitter) {
        if (!twitter(line, out[n])) ++skipped_;
        else ++n;
        continue;
      }
      out[n++] = w_.trace_format == TraceFormat::kCsv ? parse(line, 0)
                                                      : parse(line.substr(first, last + 1 - first), first);
    }
    if (progress_) progress_(reader_.done(), reader_.total());
    return n;
  }

  std::uint64_t skipped() const override { return skipped_; }

 private:
  // A twitter line, "timestamp,key,key_size,value_size,client_id,operation,ttl": the request
  // (its size the key's plus the value's), or false for one operations = "reads" skips.
  bool twitter(std::string_view line, Request& out) const {
    std::string_view fields[7];
    const size_t count = for_each_field(line, [&](std::string_view value, size_t i, size_t) {
      if (i < 7) fields[i] = value;
    });
    if (count != 7) {
      fail(1, fmt::format("expected 7 fields (timestamp,key,key_size,value_size,client_id,operation,ttl), got '{}'", line));
    }
    const std::string_view op = fields[5];
    if (!is_twitter_operation(op)) {
      fail(1, fmt::format("unknown operation '{}': a twitter trace's are get, gets, set, add, replace, cas, "
                          "append, prepend, delete, incr and decr", op));
    }
    if (w_.reads_only && op != "get" && op != "gets") return false;
    std::uint64_t key_size = 0, value_size = 0;
    for (const auto& [text, value] : {std::pair{fields[2], &key_size}, std::pair{fields[3], &value_size}}) {
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
      if (ec != std::errc() || end != text.data() + text.size() || *value > kMaxObjectSize) {
        fail(1, fmt::format("expected a size in bytes for the key and the value, got '{}'", text));
      }
    }
    if (key_size + value_size == 0) fail(1, "an object of size 0: the key's and the value's sizes are both 0");
    out = Request{key_id(fields[1]), std::min(key_size + value_size, kMaxObjectSize)};
    return true;
  }

  // Parses whole "digits[ digits]\n" lines while the buffer holds 48 bytes past the line's start
  // (the longest such line, 40 bytes, and the reads past it); stops at the first line of any
  // other shape, consuming nothing of it.
  size_t fast_lines(std::span<Request> out) {
    const bool with_size = w_.trace_format == TraceFormat::kKeySize;
    const char* p = buffer_.data() + pos_;
    const char* const end = buffer_.data() + size_;
    size_t n = 0;
    while (n < out.size() && end - p >= 48) {
      std::uint64_t key = 0, size = 1;
      const int k = read_number(p, key);
      if (k == 0) break;
      const char* q = p + k;
      if (with_size) {
        if (*q != ' ') break;
        const int digits = read_number(q + 1, size);
        if (digits == 0 || size == 0 || size > kMaxObjectSize) break;
        q += 1 + digits;
      }
      if (*q != '\n') break;
      out[n++] = Request{key, size};
      p = q + 1;
    }
    pos_ = static_cast<size_t>(p - buffer_.data());
    line_ += n;
    return n;
  }

  // The next line without its end ("\n" or "\r\n"); the buffer keeps a partial last line and
  // reads more behind it as needed.
  bool next_line(std::string_view& line) {
    while (true) {
      const char* begin = buffer_.data() + pos_;
      const size_t left = size_ - pos_;
      const char* nl = left ? static_cast<const char*>(std::memchr(begin, '\n', left)) : nullptr;
      if (nl || (eof_ && left > 0)) {
        const size_t len = nl ? static_cast<size_t>(nl - begin) : left;
        line = std::string_view(begin, len);
        pos_ += nl ? len + 1 : len;
        ++line_;
        if (len > kMaxLine) too_long();
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (const void* cr = std::memchr(line.data(), '\r', line.size())) {
          fail(static_cast<size_t>(static_cast<const char*>(cr) - line.data()) + 1,
               "a carriage return inside a line: lines end with \\n or \\r\\n (CR-only line endings are not read)");
        }
        return true;
      }
      if (eof_) return false;
      if (left > kMaxLine) ++line_, too_long();
      // Keep the partial line, read behind it.
      if (size_ > pos_) std::memmove(buffer_.data(), buffer_.data() + pos_, size_ - pos_);
      size_ -= pos_;
      pos_ = 0;
      // Reads start at 4 KiB and double up to kReadBlock: a small trace never pays for a
      // large buffer, a large one soon reads in large blocks.
      if (buffer_.size() < size_ + block_) buffer_.resize(size_ + block_);
      const size_t got = reader_.read(buffer_.data() + size_, block_);
      block_ = std::min(2 * block_, kReadBlock);
      size_ += got;
      if (got == 0) eof_ = true;
    }
  }

  [[noreturn]] void too_long() const {
    fail(1, fmt::format("a line longer than {} bytes (1 MiB): is this a trace of one request per line?",
                        kMaxLine));
  }

  [[noreturn]] void fail(size_t column, const std::string& message) const {
    throw Error::at(SourceLoc{w_.trace, static_cast<int>(line_), static_cast<int>(column)},
                    "cache.workload.trace", message);
  }

  std::uint64_t parse_size(std::string_view text, size_t column) const {
    std::uint64_t size = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), size);
    const bool all_digits = end == text.data() + text.size();
    if (all_digits && (ec == std::errc::result_out_of_range || (ec == std::errc() && size > kMaxObjectSize))) {
      fail(column, fmt::format("object size '{}' is over the largest a simulation takes, 2^40 bytes (1 TiB)", text));
    }
    if (ec != std::errc() || !all_digits || size == 0) {
      fail(column, fmt::format("expected a size in bytes (a whole number above 0), got '{}'", text));
    }
    return size;
  }

  // `line` has no blanks at either end; `offset` is where it starts in the file's line.
  Request parse(std::string_view line, size_t offset) const {
    if (w_.trace_format == TraceFormat::kKey) {
      const size_t space = line.find_first_of(" \t");
      if (space != std::string_view::npos) {
        fail(offset + space + 1, fmt::format("expected one key per line (trace_format = \"key\"), got '{}'", line));
      }
      return {key_id(line), 1};
    }
    if (w_.trace_format == TraceFormat::kKeySize) {
      const size_t space = line.find_first_of(" \t");
      if (space == std::string_view::npos) fail(offset + line.size() + 1, "expected 'key size', got no size");
      const size_t size_at = line.find_first_not_of(" \t", space);  // found: no blank at the end
      const std::string_view size = line.substr(size_at);
      if (size.find_first_of(" \t") != std::string_view::npos) {
        fail(offset + size_at + 1, fmt::format("expected 'key size', got '{}'", line));
      }
      return {key_id(line.substr(0, space)), parse_size(size, offset + size_at + 1)};
    }
    // csv: split at commas (fields without quotes).
    std::string_view key, size;
    size_t size_column_at = 0;
    const size_t field = for_each_field(line, [&](std::string_view value, size_t i, size_t start) {
      if (i == key_field_) key = value;
      if (i == size_field_) size = value, size_column_at = start + 1;
    });
    if (field != header_fields_) {
      fail(1, fmt::format("expected {} fields as the header has, got {}", header_fields_, field));
    }
    return {key_id(key), size_field_ == kNoField ? 1 : parse_size(size, size_column_at)};
  }

  void read_header() {
    std::string_view header;
    if (!next_line(header)) {
      line_ = 1;
      fail(1, "the csv trace is empty; it needs a header line naming the columns");
    }
    header_fields_ = for_each_field(header, [&](std::string_view name, size_t i, size_t) {
      if (name == w_.key_column) key_field_ = i;
      if (name == w_.size_column) size_field_ = i;
    });
    if (key_field_ == kNoField) {
      fail(1, fmt::format("the header has no column '{}' for the key", w_.key_column));
    }
  }

  static constexpr size_t kNoField = ~size_t{0};
  // The longest line read: a key of this length is not a request, and the buffer stays small.
  static constexpr size_t kMaxLine = size_t{1} << 20;
  const CacheWorkload& w_;
  ByteReader reader_;
  Progress progress_;
  std::vector<char> buffer_;  // bytes [pos_, size_) not yet parsed
  size_t size_ = 0;
  bool eof_ = false;
  size_t pos_ = 0;
  size_t block_ = size_t{4} << 10;  // the next read's size
  std::uint64_t line_ = 0;
  size_t key_field_ = kNoField, size_field_ = kNoField, header_fields_ = 0;
  std::uint64_t skipped_ = 0;
};

// libCacheSim's oracleGeneral: 24-byte little-endian records, read through the same
// decompression as text (plain, gzip or zstd). A record of size 0 is skipped, as libCacheSim's
// reader skips it by default.
class OracleGeneralSource : public RequestSource {
 public:
  OracleGeneralSource(const CacheWorkload& w, Progress progress)
      : w_(w), reader_(w.trace, w.trace_loc), progress_(std::move(progress)), buffer_(kRecord * 8192) {}

  size_t next(std::span<Request> out) override {
    size_t n = 0;
    while (n < out.size()) {
      if (size_ - pos_ < kRecord && !refill()) break;
      const char* p = buffer_.data() + pos_;
      const size_t records = std::min((size_ - pos_) / kRecord, out.size() - n);
      for (size_t i = 0; i < records; ++i, p += kRecord) {
        std::uint64_t id;
        std::uint32_t size;
        std::memcpy(&id, p + 4, 8);
        std::memcpy(&size, p + 12, 4);
        if (size == 0) {
          ++skipped_;
          continue;
        }
        out[n++] = Request{id, size};
      }
      pos_ += records * kRecord;
      record_ += records;
    }
    if (progress_) progress_(reader_.done(), reader_.total());
    return n;
  }
  std::uint64_t skipped() const override { return skipped_; }

 private:
  static_assert(std::endian::native == std::endian::little, "oracleGeneral records are little-endian");
  static constexpr size_t kRecord = 24;

  // Moves the partial record to the front and reads behind it; false at the end.
  bool refill() {
    const size_t left = size_ - pos_;
    std::memmove(buffer_.data(), buffer_.data() + pos_, left);
    size_ = left, pos_ = 0;
    while (size_ < kRecord) {
      const size_t got = reader_.read(buffer_.data() + size_, buffer_.size() - size_);
      if (got == 0) {
        if (size_ == 0) return false;
        throw Error::at(w_.trace_loc, "cache.workload.trace",
                        fmt::format("the oracleGeneral trace '{}' ends {} bytes into record {} of 24 bytes (cut short, or not "
                                    "oracleGeneral?)", w_.trace, size_, record_ + 1));
      }
      size_ += got;
    }
    return true;
  }

  const CacheWorkload& w_;
  ByteReader reader_;
  Progress progress_;
  std::vector<char> buffer_;
  size_t size_ = 0, pos_ = 0;
  std::uint64_t record_ = 0, skipped_ = 0;
};

}  // namespace

DetectedFormat detect_trace_format(const std::string& path, const SourceLoc& loc) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  for (std::string_view z : {".zst", ".gz"})
    if (name.ends_with(z)) name.resize(name.size() - z.size());
  if (name.find("oracleGeneral") != std::string::npos) return {TraceFormat::kOracleGeneral, "its name"};
  ByteReader reader(path, loc);
  std::string head(4096, '\0');
  size_t got = 0;
  while (got < head.size()) {
    const size_t n = reader.read(head.data() + got, head.size() - got);
    if (n == 0) break;
    got += n;
  }
  head.resize(got);
  auto fail = [&](const std::string& why) { undetected(path, loc, why); };
  if (head.empty()) fail("it is empty");
  // Binary: a NUL or another control character. oracleGeneral is the binary format headroom
  // reads, and only when its first records look like oracleGeneral's: a next access of -1 or
  // after the record itself.
  const bool binary = std::any_of(head.begin(), head.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 && c != '\n' && c != '\r' && c != '\t';
  });
  if (binary) {
    const size_t records = head.size() / 24;
    bool oracle = records > 0;
    for (size_t i = 0; i < records && oracle; ++i) {
      std::int64_t next;
      std::memcpy(&next, head.data() + 24 * i + 16, 8);
      oracle = next == -1 || (next > static_cast<std::int64_t>(i) && next < (std::int64_t{1} << 50));
    }
    if (!oracle) fail("binary data that is not libCacheSim's oracleGeneral records");
    return {TraceFormat::kOracleGeneral, "its content"};
  }
  std::string_view line = std::string_view(head).substr(0, head.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find(',') != std::string_view::npos) {
    std::vector<std::string_view> fields;
    for_each_field(line, [&](std::string_view value, size_t, size_t) { fields.push_back(value); });
    const bool digits = !fields[0].empty() && fields[0].find_first_not_of("0123456789") == std::string_view::npos;
    if (fields.size() == 7 && digits && is_twitter_operation(fields[5])) return {TraceFormat::kTwitter, "its content"};
    return {TraceFormat::kCsv, name.ends_with(".csv") ? "its name" : "its content"};
  }
  const size_t a = line.find_first_not_of(" \t");
  if (a == std::string_view::npos) fail("its first line is blank");
  const size_t gap = line.find_first_of(" \t", a);
  const size_t b = gap == std::string_view::npos ? gap : line.find_first_not_of(" \t", gap);
  if (b == std::string_view::npos) return {TraceFormat::kKey, "its content"};
  const size_t gap2 = line.find_first_of(" \t", b);
  if (gap2 == std::string_view::npos || line.find_first_not_of(" \t", gap2) == std::string_view::npos)
    return {TraceFormat::kKeySize, "its content"};
  undetected(path, loc, "its first line has more than two fields and no commas");
}

double SizeDistribution::mean() const {
  switch (kind) {
    case Kind::kUniform: return (a + b) / 2;
    case Kind::kLognormal: return a * std::exp(b * b / 2);
    case Kind::kPareto: return b * a / (b - 1);
  }
  return 1;
}

std::uint64_t object_size_of(const SizeDistribution& d, std::uint64_t id) { return size_of(d, id); }

std::unique_ptr<RequestSource> synthetic_source(const CacheWorkload& w, std::uint64_t seed) {
  return std::make_unique<SyntheticSource>(w, seed);
}

std::unique_ptr<RequestSource> trace_source(const CacheWorkload& w, Progress progress) {
  if (w.trace_format == TraceFormat::kOracleGeneral) return std::make_unique<OracleGeneralSource>(w, std::move(progress));
  return std::make_unique<TraceSource>(w, std::move(progress));
}

}  // namespace headroom::calc
