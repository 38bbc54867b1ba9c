// Kiosk recordings: Ogg Opus that a real decoder (opusdec) reads back at
// the right length, bytes that do not change from run to run, and a cache
// that records only what changed and survives junk, a full or unwritable
// disk, and pruning.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <regex>

#include "channels/audio/espeak_synthesizer.h"
#include "channels/kiosk/ogg_opus.h"
#include "channels/kiosk/recorder.h"
#include "test_support.h"

namespace fs = std::filesystem;
using publish::EncodeOggOpus;
using publish::EspeakSynthesizer;
using publish::IsCompleteOggOpus;
using publish::KioskRecorder;
using publish::test::TempDir;

namespace {

constexpr const char* kScript =
    "<speak version=\"1.1\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"en-GB\">Pay your council "
    "tax.</speak>";
constexpr const char* kOtherScript =
    "<speak version=\"1.1\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"en-GB\">Report a missed bin "
    "collection.</speak>";

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

std::unique_ptr<KioskRecorder> Recorder(const std::string& cache) {
  std::string error;
  auto recorder = KioskRecorder::Create(cache, error);
  INFO(error);
  REQUIRE(recorder);
  return recorder;
}

std::string Record(KioskRecorder& recorder, const std::string& ssml, bool& from_cache,
                   const std::string& voice = "en-gb") {
  std::string opus;
  std::string error;
  INFO(error);
  REQUIRE(recorder.Record(ssml, voice, opus, from_cache, error));
  return opus;
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

// -- the recorder ---------------------------------------------------------------

TEST_CASE("Kiosk recorder: a short page is Ogg Opus, decodable, much smaller than its WAV", "[kiosk][recorder]") {
  TempDir cache;
  auto recorder = Recorder((cache / "recordings").string());
  bool from_cache = true;
  std::string opus = Record(*recorder, kScript, from_cache);
  CHECK_FALSE(from_cache);
  CHECK(opus.substr(0, 4) == "OggS");
  CHECK(opus.find("OpusHead") != std::string::npos);
  CHECK(IsCompleteOggOpus(opus));

  std::string error;
  auto synthesizer = EspeakSynthesizer::Create(error);
  REQUIRE(synthesizer);
  std::string wav;
  REQUIRE(synthesizer->SynthesizeWav(kScript, "en-gb", wav, error));
  double speech = (wav.size() - 44) / 2.0 / synthesizer->sample_rate();
  INFO(wav.size() << " bytes of WAV, " << opus.size() << " of Opus, " << speech << " s");
  CHECK(opus.size() * 8 < wav.size());
  if (auto seconds = DecodedSeconds(opus)) {
    INFO(*seconds << " s decoded");
    CHECK(std::abs(*seconds - speech) <= 0.1 * speech);
  }
}

TEST_CASE("Kiosk recorder: samples and WAV are the same speech", "[kiosk][recorder]") {
  std::string error;
  auto synthesizer = EspeakSynthesizer::Create(error);
  REQUIRE(synthesizer);
  CHECK(std::regex_match(synthesizer->version(), std::regex("[0-9]+\\.[0-9]+.*")));
  std::vector<short> samples;
  std::string wav;
  REQUIRE(synthesizer->SynthesizeSamples(kScript, "en-gb", samples, error));
  REQUIRE(synthesizer->SynthesizeWav(kScript, "en-gb", wav, error));
  // espeak-ng carries a little state from one utterance to the next, so
  // compare the length, not the bytes.
  CHECK(samples.size() > 10000);
  CHECK(std::abs(static_cast<double>(samples.size()) - (wav.size() - 44) / 2.0) < 0.05 * synthesizer->sample_rate());
  auto expected = publish::WavFile(samples, synthesizer->sample_rate(), error);
  REQUIRE(expected.has_value());
  CHECK(expected->substr(8, 28) == wav.substr(8, 28));  // the same format
  CHECK_FALSE(synthesizer->SynthesizeSamples(kScript, "zz", samples, error));
  CHECK(error == "espeak-ng has no voice 'zz'");
}

TEST_CASE("Kiosk recorder: the second build reads the recording from the cache", "[kiosk][recorder]") {
  TempDir cache;
  const std::string folder = (cache / "a" / "b" / "recordings").string();  // made on the first store
  std::string first;
  std::string name;
  {
    auto recorder = Recorder(folder);
    bool from_cache = true;
    first = Record(*recorder, kScript, from_cache);
    CHECK_FALSE(from_cache);
    name = recorder->FileName(kScript, "en-gb");
    CHECK(recorder->stats().recorded == 1);
    CHECK(recorder->stats().not_stored == 0);
  }
  struct stat info {};
  REQUIRE(::stat(folder.c_str(), &info) == 0);
  CHECK(S_ISDIR(info.st_mode));
  CHECK((info.st_mode & 0022) == 0);  // 0755 at most, whatever the umask
  CHECK(publish::test::ReadFile(fs::path(folder) / name) == first);
  CHECK(fs::directory_iterator(folder) != fs::directory_iterator());
  for (const auto& entry : fs::directory_iterator(folder)) CHECK(entry.path().filename() == name);  // no temp left

  auto recorder = Recorder(folder);
  bool from_cache = false;
  CHECK(Record(*recorder, kScript, from_cache) == first);
  CHECK(from_cache);
  CHECK(recorder->stats().reused == 1);
  CHECK(recorder->stats().recorded == 0);

  // A changed script is another entry, recorded anew.
  std::string other = Record(*recorder, kOtherScript, from_cache);
  CHECK_FALSE(from_cache);
  CHECK(other != first);
  CHECK(fs::exists(fs::path(folder) / recorder->FileName(kOtherScript, "en-gb")));
}

TEST_CASE("Kiosk recorder: a junk or truncated cache entry is recorded again", "[kiosk][recorder]") {
  TempDir cache;
  const fs::path folder = cache / "recordings";
  auto recorder = Recorder(folder.string());
  const fs::path entry = folder / recorder->FileName(kScript, "en-gb");
  bool from_cache = true;
  const std::string good = Record(*recorder, kScript, from_cache);
  REQUIRE(IsCompleteOggOpus(good));
  for (const std::string& junk : {std::string("not a recording"), std::string(), std::string("OggS"),
                                  good.substr(0, good.size() / 2), good.substr(0, good.size() - 1)}) {
    INFO(junk.size() << " bytes of junk");
    publish::test::WriteFile(entry, junk);
    std::string again = Record(*recorder, kScript, from_cache);
    CHECK_FALSE(from_cache);
    CHECK(IsCompleteOggOpus(again));
    CHECK(publish::test::ReadFile(entry) == again);  // replaced by a whole one
  }
  // A folder or a link in the entry's place is not read either.
  fs::remove(entry);
  fs::create_directory(entry);
  Record(*recorder, kScript, from_cache);
  CHECK_FALSE(from_cache);
  fs::remove(entry);
  publish::test::WriteFile(cache / "elsewhere.opus", good);
  fs::create_symlink(cache / "elsewhere.opus", entry);
  Record(*recorder, kScript, from_cache);
  CHECK_FALSE(from_cache);
  CHECK(publish::test::ReadFile(cache / "elsewhere.opus") == good);  // not written through
}

TEST_CASE("Kiosk recorder: an unwritable cache still gives the recording", "[kiosk][recorder]") {
  TempDir cache;
  // A file where a folder should be stops even root (the tests may run as root).
  publish::test::WriteFile(cache / "file", "x");
  auto recorder = Recorder((cache / "file" / "recordings").string());
  bool from_cache = true;
  std::string opus = Record(*recorder, kScript, from_cache);
  CHECK_FALSE(from_cache);
  CHECK(IsCompleteOggOpus(opus));
  CHECK(recorder->stats().not_stored == 1);
  CHECK_THAT(recorder->stats().store_problem, Catch::StartsWith("cannot make the recordings cache folder '" +
                                                                (cache / "file" / "recordings").string() + "': "));
  Record(*recorder, kScript, from_cache);
  CHECK_FALSE(from_cache);
  CHECK(recorder->stats().not_stored == 2);
  recorder->PruneUnused();  // nothing to prune, nothing to fail

  // No cache at all: every script is recorded, nothing is stored.
  auto uncached = Recorder("");
  CHECK(Record(*uncached, kScript, from_cache).substr(0, 4) == "OggS");
  CHECK_FALSE(from_cache);
  CHECK(uncached->stats().not_stored == 0);
}

TEST_CASE("Kiosk recorder: pruning removes only unused entries", "[kiosk][recorder]") {
  TempDir cache;
  const fs::path folder = cache / "recordings";
  std::string old_name;
  {
    auto recorder = Recorder(folder.string());
    bool from_cache = false;
    Record(*recorder, kOtherScript, from_cache);
    old_name = recorder->FileName(kOtherScript, "en-gb");
  }
  REQUIRE(fs::exists(folder / old_name));
  publish::test::WriteFile(folder / "notes.txt", "kept");
  publish::test::WriteFile(folder / "ABCDEF0123456789ABCD.opus", "kept: not a name we give");
  publish::test::WriteFile(folder / "0123456789abcdef0123.opus.bak", "kept");
  fs::create_directory(folder / "0123456789abcdef0124.opus");
  publish::test::WriteFile(cache / "target.txt", "kept");
  fs::create_symlink(cache / "target.txt", folder / "0123456789abcdef0125.opus");
  // Temporary files: a stale one goes, a fresh one may be another build's.
  const fs::path stale = folder / ("." + old_name + ".99999999.tmp");
  const fs::path fresh = folder / ("." + old_name + ".99999998.tmp");
  publish::test::WriteFile(stale, "half");
  publish::test::WriteFile(fresh, "half");
  fs::last_write_time(stale, fs::file_time_type::clock::now() - std::chrono::hours(2));

  auto recorder = Recorder(folder.string());
  bool from_cache = false;
  Record(*recorder, kScript, from_cache);
  const std::string used = recorder->FileName(kScript, "en-gb");
  recorder->PruneUnused();
  CHECK(recorder->stats().pruned == 1);
  CHECK(fs::exists(folder / used));
  CHECK_FALSE(fs::exists(folder / old_name));
  CHECK_FALSE(fs::exists(stale));
  CHECK(fs::exists(fresh));
  CHECK(fs::exists(folder / "notes.txt"));
  CHECK(fs::exists(folder / "ABCDEF0123456789ABCD.opus"));
  CHECK(fs::exists(folder / "0123456789abcdef0123.opus.bak"));
  CHECK(fs::is_directory(folder / "0123456789abcdef0124.opus"));
  CHECK(fs::is_symlink(folder / "0123456789abcdef0125.opus"));
  CHECK(publish::test::ReadFile(cache / "target.txt") == "kept");

  // A cache hit counts as a use too.
  auto next = Recorder(folder.string());
  Record(*next, kScript, from_cache);
  CHECK(from_cache);
  next->PruneUnused();
  CHECK(next->stats().pruned == 0);
  CHECK(fs::exists(folder / used));
}

TEST_CASE("Kiosk recorder: file names are pure and differ by voice and script", "[kiosk][recorder]") {
  auto one = Recorder("");
  auto two = Recorder("");
  const std::string name = one->FileName(kScript, "en-gb");
  CHECK(std::regex_match(name, std::regex("[0-9a-f]{20}\\.opus")));
  CHECK(two->FileName(kScript, "en-gb") == name);
  CHECK(one->FileName(kScript, "cy") != name);
  CHECK(one->FileName(kOtherScript, "en-gb") != name);
  // The fields cannot run into each other.
  CHECK(one->FileName("a", "bc") != one->FileName("ab", "c"));
}
