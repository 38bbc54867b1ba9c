#include "channels/kiosk/ogg_opus.h"

#include <opus.h>
#include <opusenc.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>

namespace publish {
namespace {

struct CommentsFree {
  void operator()(OggOpusComments* comments) const { ope_comments_destroy(comments); }
};
using CommentsPtr = std::unique_ptr<OggOpusComments, CommentsFree>;

struct EncoderFree {
  void operator()(OggOpusEnc* encoder) const { ope_encoder_destroy(encoder); }
};
using EncoderPtr = std::unique_ptr<OggOpusEnc, EncoderFree>;

// Settings for one synthetic voice on a kiosk's speaker. espeak-ng's
// 22,050 Hz leaves 11 kHz of audio band, between what Xiph recommends for
// wideband (16-20 kbit/s) and fullband (28-40 kbit/s) speech: 24 kbit/s
// mono, about a fifteenth of the WAV. VOICE steers the mode decision
// towards the SILK speech coder. Encoding, not espeak-ng, is nearly all
// of a recording's time: complexity 5 encodes about 1.4 times as fast as
// 10 into files of much the same size (8 and up give the same bytes here).
constexpr opus_int32 kBitrate = 24000;
constexpr int kComplexity = 5;
// espeak-ng's samples are 16-bit, so the encoder need not keep anything
// quieter than that.
constexpr int kLsbDepth = 16;
// libopusenc draws the Ogg serial number from rand(); it only has to tell
// the streams of one file apart, and a file here holds one, so a constant
// keeps the bytes reproducible.
constexpr int kSerialNumber = 0x6b696f73;  // "kios"
// No room for tags to be edited in place later: none will be.
constexpr int kCommentPadding = 0;
constexpr int kMinRate = 8000;
constexpr int kMaxRate = 192000;
// ope_encoder_write takes an int count: feed long recordings in pieces.
constexpr size_t kChunkSamples = size_t{1} << 16;

int AppendBytes(void* user_data, const unsigned char* data, opus_int32 length) {
  if (length < 0) return 1;  // 1: failure
  static_cast<std::string*>(user_data)->append(reinterpret_cast<const char*>(data), static_cast<size_t>(length));
  return 0;
}

int CloseNothing(void*) { return 0; }

std::string OpeError(const char* what, int code) { return std::string(what) + ": " + ope_strerror(code); }

// The CRC of an Ogg page (RFC 3533): polynomial 0x04c11db7, MSB first,
// no reflection, starting at zero, with the page's own CRC field as zeros.
uint32_t OggCrc(std::string_view page) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t r = i << 24;
      for (int bit = 0; bit < 8; ++bit) r = (r & 0x80000000u) != 0 ? (r << 1) ^ 0x04c11db7u : r << 1;
      t[i] = r;
    }
    return t;
  }();
  uint32_t crc = 0;
  for (size_t i = 0; i < page.size(); ++i) {
    uint8_t byte = (i >= 22 && i < 26) ? 0 : static_cast<uint8_t>(page[i]);
    crc = (crc << 8) ^ table[((crc >> 24) ^ byte) & 0xFF];
  }
  return crc;
}

uint32_t Le32(std::string_view data, size_t at) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<uint8_t>(data[at + static_cast<size_t>(i)]);
  return value;
}

}  // namespace

std::optional<std::string> EncodeOggOpus(const std::vector<short>& samples, int sample_rate, std::string& error) {
  // libopusenc resamples any positive rate; outside these a caller has
  // mixed up its numbers.
  if (sample_rate < kMinRate || sample_rate > kMaxRate) {
    error = "the sample rate " + std::to_string(sample_rate) + " cannot be encoded";
    return std::nullopt;
  }
  CommentsPtr comments(ope_comments_create());
  if (!comments) {
    error = "libopusenc could not make the stream's tags";
    return std::nullopt;
  }
  std::string out;
  OpusEncCallbacks callbacks{AppendBytes, CloseNothing};
  int code = OPE_OK;
  // Family 0: plain mono, no channel mapping table.
  EncoderPtr encoder(ope_encoder_create_callbacks(&callbacks, &out, comments.get(), sample_rate, 1, 0, &code));
  if (!encoder) {
    error = OpeError("libopusenc refused the stream", code);
    return std::nullopt;
  }
  // Every setting is made before the first sample, while the headers are
  // still unwritten.
  if ((code = ope_encoder_ctl(encoder.get(), OPE_SET_SERIALNO(kSerialNumber))) != OPE_OK ||
      (code = ope_encoder_ctl(encoder.get(), OPE_SET_COMMENT_PADDING(kCommentPadding))) != OPE_OK ||
      (code = ope_encoder_ctl(encoder.get(), OPUS_SET_BITRATE(kBitrate))) != OPE_OK ||
      (code = ope_encoder_ctl(encoder.get(), OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE))) != OPE_OK ||
      (code = ope_encoder_ctl(encoder.get(), OPUS_SET_COMPLEXITY(kComplexity))) != OPE_OK ||
      (code = ope_encoder_ctl(encoder.get(), OPUS_SET_LSB_DEPTH(kLsbDepth))) != OPE_OK) {
    error = OpeError("libopusenc refused a setting", code);
    return std::nullopt;
  }
  for (size_t done = 0; done < samples.size();) {
    size_t count = std::min(kChunkSamples, samples.size() - done);
    if ((code = ope_encoder_write(encoder.get(), samples.data() + done, static_cast<int>(count))) != OPE_OK) {
      error = OpeError("libopusenc could not encode the recording", code);
      return std::nullopt;
    }
    done += count;
  }
  // libopusenc 0.2.1 (Debian 12) can fail an assertion, and abort, when a
  // stream is drained with no audio in it (xiph/libopusenc#24): a script
  // that speaks nothing gets one frame (20 ms) of silence instead.
  const size_t frame = static_cast<size_t>(sample_rate / 50);
  if (samples.size() < frame) {
    std::vector<short> silence(frame - samples.size(), 0);
    if ((code = ope_encoder_write(encoder.get(), silence.data(), static_cast<int>(silence.size()))) != OPE_OK) {
      error = OpeError("libopusenc could not encode the recording", code);
      return std::nullopt;
    }
  }
  if ((code = ope_encoder_drain(encoder.get())) != OPE_OK) {
    error = OpeError("libopusenc could not finish the recording", code);
    return std::nullopt;
  }
  return out;
}

std::string OggOpusEncoderId() {
  return "ogg-opus mono bitrate=" + std::to_string(kBitrate) +
         " signal=voice complexity=" + std::to_string(kComplexity) + " lsb=" + std::to_string(kLsbDepth) +
         " serial=" + std::to_string(kSerialNumber) + " padding=" + std::to_string(kCommentPadding) + "; " +
         opus_get_version_string() + "; " + ope_get_version_string();
}

bool IsCompleteOggOpus(std::string_view data) {
  constexpr size_t kHeaderBytes = 27;
  constexpr uint8_t kFirstPage = 0x02;
  constexpr uint8_t kLastPage = 0x04;
  size_t at = 0;
  bool first = true;
  uint32_t serial = 0;
  while (at < data.size()) {
    if (data.size() - at < kHeaderBytes || data.substr(at, 4) != "OggS" || data[at + 4] != 0) return false;
    const auto flags = static_cast<uint8_t>(data[at + 5]);
    const size_t segments = static_cast<uint8_t>(data[at + 26]);
    if (data.size() - at - kHeaderBytes < segments) return false;
    size_t body = 0;
    for (size_t i = 0; i < segments; ++i) body += static_cast<uint8_t>(data[at + kHeaderBytes + i]);
    const size_t page_bytes = kHeaderBytes + segments + body;
    if (data.size() - at < page_bytes) return false;
    std::string_view page = data.substr(at, page_bytes);
    if (OggCrc(page) != Le32(page, 22)) return false;
    if (first) {
      serial = Le32(page, 14);
      if ((flags & kFirstPage) == 0 || page.substr(kHeaderBytes + segments, 8) != "OpusHead") return false;
    } else if ((flags & kFirstPage) != 0 || Le32(page, 14) != serial) {
      return false;
    }
    at += page_bytes;
    if ((flags & kLastPage) != 0) return at == data.size();
    first = false;
  }
  return false;  // empty, or no page marked end of stream
}

}  // namespace publish
