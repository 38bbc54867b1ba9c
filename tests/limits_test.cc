// Limits that keep memory bounded: the WAV header's 32-bit sizes, tables,
// and the length of the script recorded per page.
#include <catch2/catch.hpp>

#include "channels/audio/espeak_synthesizer.h"
#include "tests/test_support.h"

using namespace publish;
using Strings = std::vector<std::string>;

namespace {

uint32_t U32At(const std::string& bytes, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(bytes[at])) |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 3])) << 24;
}

}  // namespace

TEST_CASE("WAV: the largest recording the header can hold is written, one sample more is refused", "[limits][wav]") {
  std::string error;
  auto largest = WavHeader(kMaxWavSamples, 22050, error);
  REQUIRE(largest);
  CHECK(largest->size() == 44);
  CHECK(U32At(*largest, 40) == uint64_t{2} * kMaxWavSamples);  // data bytes
  CHECK(U32At(*largest, 4) == 0xFFFFFFFEu);                    // RIFF size: 36 + data, no wrap
  CHECK(U32At(*largest, 24) == 22050u);
  CHECK(U32At(*largest, 28) == 44100u);

  auto over = WavHeader(kMaxWavSamples + 1, 22050, error);
  CHECK_FALSE(over);
  CHECK(error == "the recording would be longer than a WAV file can hold (2147483630 samples; at most 2147483629)");
  // Counts whose byte size would wrap 32 or 64 bits are refused, not wrapped.
  CHECK_FALSE(WavHeader(uint64_t{1} << 31, 22050, error));
  CHECK_FALSE(WavHeader(uint64_t{1} << 32, 22050, error));
  CHECK_FALSE(WavHeader(uint64_t{1} << 63, 22050, error));
  CHECK_FALSE(WavHeader(~uint64_t{0}, 22050, error));
}

TEST_CASE("WAV: sample rates the header cannot hold are refused", "[limits][wav]") {
  std::string error;
  CHECK_FALSE(WavHeader(10, 0, error));
  CHECK_FALSE(WavHeader(10, -1, error));
  // The byte rate (rate x 2) must fit in 32 bits.
  CHECK(WavHeader(10, 0x7FFFFFFF, error));
  CHECK(U32At(*WavHeader(10, 0x7FFFFFFF, error), 28) == 0xFFFFFFFEu);
}

TEST_CASE("WAV: a short recording is a well-formed file", "[limits][wav]") {
  std::string error;
  auto wav = WavFile({1, -1, 0x1234}, 16000, error);
  REQUIRE(wav);
  CHECK(wav->size() == 44 + 6);
  CHECK(wav->substr(0, 4) == "RIFF");
  CHECK(U32At(*wav, 4) == 36 + 6);
  CHECK(U32At(*wav, 40) == 6);
  CHECK(wav->substr(44) == std::string("\x01\x00\xff\xff\x34\x12", 6));
}
