// Speech from SSML through libespeak-ng: the only code that includes it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace publish {

// espeak-ng keeps one global engine and is not thread-safe: every
// synthesiser in the process shares one engine (initialised by the first,
// terminated at exit). It also carries state from one script to the next
// (its pitch flutter), which no call resets, so a recording's bytes would
// depend on what was spoken before it. So the engine in this process never
// speaks: each script is spoken in a forked copy of the process, made
// while the engine is idle, which speaks it from the state the engine had
// when it started and ends. Recordings are then a function of their
// script alone, and several can be made at once, one process each.
class EspeakSynthesizer {
 public:
  // nullptr with `error` set when espeak-ng cannot start (no voice data).
  static std::unique_ptr<EspeakSynthesizer> Create(std::string& error);
  ~EspeakSynthesizer();
  EspeakSynthesizer(const EspeakSynthesizer&) = delete;
  EspeakSynthesizer& operator=(const EspeakSynthesizer&) = delete;

  // Speaks `ssml` with `voice` ("en-gb", "cy") into a RIFF/WAVE file:
  // 16-bit mono PCM at the engine's sample rate. False with `error` set
  // when espeak-ng refuses the text or the voice.
  bool SynthesizeWav(std::string_view ssml, const std::string& voice, std::string& wav, std::string& error) const;
  // The same speech as bare 16-bit mono samples at sample_rate(), for an
  // encoder; the same limits and errors as SynthesizeWav.
  bool SynthesizeSamples(std::string_view ssml, const std::string& voice, std::vector<short>& samples,
                         std::string& error) const;
  // Speaks `ssml`, then runs `finish` on the samples in the same forked
  // process (to encode them there, on another core) and returns its bytes
  // in `out`. False with `error` set when speaking, `finish` or the process
  // fails.
  using Finish = std::function<bool(const std::vector<short>& samples, std::string& out, std::string& error)>;
  bool SynthesizeThen(std::string_view ssml, const std::string& voice, const Finish& finish, std::string& out,
                      std::string& error) const;
  int sample_rate() const;
  // espeak-ng's version ("1.51"): a new version may speak differently, so
  // it belongs in any key of a cache of recordings.
  std::string version() const;

 private:
  struct Engine;
  explicit EspeakSynthesizer(const Engine* engine);
  const Engine* engine_;  // owned by Create's process-wide holder
};

// A RIFF header stores sizes in 32 bits: its RIFF chunk size (36 + the data
// bytes) must fit, so 16-bit mono holds at most this many samples (about
// 27 hours at espeak-ng's 22,050 Hz).
inline constexpr uint64_t kMaxWavSamples = (uint64_t{0xFFFFFFFF} - 36) / 2;

// The 44-byte RIFF/WAVE header for `sample_count` 16-bit mono samples;
// nullopt with `error` set when the sizes do not fit in the header.
std::optional<std::string> WavHeader(uint64_t sample_count, int sample_rate, std::string& error);

// A RIFF/WAVE file around 16-bit mono samples; nullopt with `error` set
// when the header cannot hold it.
std::optional<std::string> WavFile(const std::vector<short>& samples, int sample_rate, std::string& error);

}  // namespace publish
