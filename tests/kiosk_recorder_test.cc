// Kiosk recordings: Ogg Opus that a real decoder (opusdec) reads back at
// the right length, and bytes that do not change from run to run.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "channels/kiosk/ogg_opus.h"
#include "test_support.h"

namespace fs = std::filesystem;
using publish::EncodeOggOpus;
using publish::IsCompleteOggOpus;
using publish::test::TempDir;

namespace {

// Two seconds of a gliding tone with a little noise-like ripple at
// espeak-ng's rate: enough structure for the encoder to work at.
std::vector<short> TestSamples(int rate = 22050, double seconds = 2.0) {
  std::vector<short> samples(static_cast<size_t>(rate * seconds));
  double phase = 0;
  for (size_t i = 0; i < samples.size(); ++i) {
    double t = static_cast<double>(i) / rate;
    phase += 2 * M_PI * (200 + 300 * t) / rate;
    samples[i] = static_cast<short>(8000 * std::sin(phase) + 800 * std::sin(37.0 * phase));
  }
  return samples;
}

std::string Program(const std::string& name) {
  for (const char* folder : {"/usr/bin/", "/usr/local/bin/"}) {
    if (fs::exists(std::string(folder) + name)) return std::string(folder) + name;
  }
  return "";
}

// Seconds of audio in a RIFF/WAVE file, walking its chunks (opusdec's
// header is not always 44 bytes); -1 when it is not one.
double WavSeconds(const std::string& wav) {
  auto u16 = [&](size_t at) {
    return static_cast<uint32_t>(static_cast<unsigned char>(wav[at])) |
           static_cast<uint32_t>(static_cast<unsigned char>(wav[at + 1])) << 8;
  };
  auto u32 = [&](size_t at) { return u16(at) | u16(at + 2) << 16; };
  if (wav.size() < 12 || wav.compare(0, 4, "RIFF") != 0 || wav.compare(8, 4, "WAVE") != 0) return -1;
  uint32_t rate = 0;
  uint32_t frame_bytes = 0;
  for (size_t at = 12; at + 8 <= wav.size();) {
    std::string id = wav.substr(at, 4);
    uint32_t size = u32(at + 4);
    if (id == "fmt " && at + 8 + 16 <= wav.size()) {
      rate = u32(at + 12);
      frame_bytes = u16(at + 20);
    } else if (id == "data") {
      if (rate == 0 || frame_bytes == 0) return -1;
      // opusdec writing to a file fixes the size up; trust the bytes there.
      uint64_t bytes = std::min<uint64_t>(size, wav.size() - at - 8);
      return static_cast<double>(bytes) / frame_bytes / rate;
    }
    at += 8 + size + (size & 1);
  }
  return -1;
}

// Seconds opusdec decodes from `opus`, or nullopt (with a warning) when
// opus-tools is not installed.
std::optional<double> DecodedSeconds(const std::string& opus) {
  std::string opusdec = Program("opusdec");
  if (opusdec.empty()) {
    WARN("opusdec is not installed (scripts/setup installs opus-tools): the stream is not decoded");
    return std::nullopt;
  }
  TempDir work;
  publish::test::WriteFile(work / "speech.opus", opus);
  auto result =
      publish::test::Run({opusdec, "--quiet", (work / "speech.opus").string(), (work / "speech.wav").string()});
  INFO(result.Describe());
  REQUIRE(result.exit_code == 0);
  return WavSeconds(publish::test::ReadFile(work / "speech.wav"));
}

}  // namespace

// -- the encoder ----------------------------------------------------------------

TEST_CASE("Ogg Opus: the same samples give the same bytes", "[kiosk][opus]") {
  auto samples = TestSamples();
  std::string error;
  auto one = EncodeOggOpus(samples, 22050, error);
  auto two = EncodeOggOpus(samples, 22050, error);
  INFO(error);
  REQUIRE(one.has_value());
  REQUIRE(two.has_value());
  CHECK(*one == *two);
  samples[1000] += 1000;
  auto changed = EncodeOggOpus(samples, 22050, error);
  REQUIRE(changed.has_value());
  CHECK(*changed != *one);
}

TEST_CASE("Ogg Opus: a real decoder reads the stream back at its length", "[kiosk][opus]") {
  auto samples = TestSamples(22050, 3.0);
  std::string error;
  auto opus = EncodeOggOpus(samples, 22050, error);
  INFO(error);
  REQUIRE(opus.has_value());
  CHECK(opus->substr(0, 4) == "OggS");
  CHECK(opus->substr(28, 8) == "OpusHead");
  CHECK(opus->find("OpusTags") != std::string::npos);
  CHECK(IsCompleteOggOpus(*opus));
  // Mono, and nothing in the tags but libopusenc's fixed vendor string.
  CHECK(static_cast<unsigned char>((*opus)[28 + 9]) == 1);
  CHECK(opus->find("ENCODER") == std::string::npos);
  CHECK(opus->find("DATE") == std::string::npos);
  // 24 kbit/s for 3 s is 9 kB; headers and Ogg framing add a little.
  CHECK(opus->size() < 12000);
  if (auto seconds = DecodedSeconds(*opus)) {
    INFO(*seconds << " s decoded");
    CHECK(std::abs(*seconds - 3.0) <= 0.3);
  }
}

TEST_CASE("Ogg Opus: silence, a single sample, and a bad rate", "[kiosk][opus]") {
  std::string error;
  // libopusenc 0.2.1 can abort when drained with no audio, depending on
  // what is in memory: each case several times, at both kinds of rate
  // (22,050 Hz is resampled, 48 kHz is not).
  for (int rate : {22050, 48000}) {
    for (int run = 0; run < 20; ++run) {
      INFO(rate << " Hz, run " << run);
      auto empty = EncodeOggOpus({}, rate, error);
      INFO(error);
      REQUIRE(empty.has_value());
      CHECK(IsCompleteOggOpus(*empty));
      auto one = EncodeOggOpus({1234}, rate, error);
      REQUIRE(one.has_value());
      CHECK(IsCompleteOggOpus(*one));
    }
  }
  CHECK_FALSE(EncodeOggOpus({1, 2, 3}, 0, error).has_value());
  CHECK(error == "the sample rate 0 cannot be encoded");
  CHECK_FALSE(EncodeOggOpus({1, 2, 3}, 1000000, error).has_value());
  CHECK(error == "the sample rate 1000000 cannot be encoded");
}

TEST_CASE("Ogg Opus: a truncated or damaged stream is not taken for whole", "[kiosk][opus]") {
  std::string error;
  auto opus = EncodeOggOpus(TestSamples(), 22050, error);
  REQUIRE(opus.has_value());
  REQUIRE(IsCompleteOggOpus(*opus));
  CHECK_FALSE(IsCompleteOggOpus(""));
  CHECK_FALSE(IsCompleteOggOpus("OggS"));
  CHECK_FALSE(IsCompleteOggOpus(std::string(1000, 'x')));
  for (size_t cut : {size_t{4}, size_t{27}, size_t{100}, opus->size() / 2, opus->size() - 1}) {
    INFO("cut at " << cut);
    CHECK_FALSE(IsCompleteOggOpus(opus->substr(0, cut)));
  }
  std::string damaged = *opus;
  damaged[damaged.size() / 2] ^= 0x10;
  CHECK_FALSE(IsCompleteOggOpus(damaged));
  CHECK_FALSE(IsCompleteOggOpus(*opus + "x"));
  CHECK_FALSE(IsCompleteOggOpus(*opus + *opus));  // two streams: not one of ours
}
