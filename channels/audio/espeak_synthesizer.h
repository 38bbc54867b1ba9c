// Speech from SSML through libespeak-ng: the only code that includes it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace publish {

// espeak-ng keeps one global engine and is not thread-safe: every
// synthesiser in the process shares one engine (initialised by the first,
// terminated at exit) and each call holds one process-wide lock, so pages
// rendered in parallel take turns.
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
  int sample_rate() const;

 private:
  struct Engine;
  explicit EspeakSynthesizer(const Engine* engine);
  const Engine* engine_;  // owned by Create's process-wide holder
};

// A RIFF/WAVE file around 16-bit mono samples.
std::string WavFile(const std::vector<short>& samples, int sample_rate);

}  // namespace publish
