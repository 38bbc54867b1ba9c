#include "channels/audio/espeak_synthesizer.h"

#include <espeak-ng/speak_lib.h>

#include <cstdint>
#include <mutex>

namespace publish {
namespace {

// Guards every call into espeak-ng, and the shared engine's life.
std::mutex& EspeakMutex() {
  static std::mutex mutex;
  return mutex;
}

// Samples for the call in progress; espeak-ng hands them to a C callback.
struct Capture {
  std::vector<short> samples;
};

int OnSamples(short* wav, int count, espeak_EVENT* events) {
  if (wav == nullptr || count <= 0 || events == nullptr) return 0;
  auto* capture = static_cast<Capture*>(events->user_data);
  if (capture != nullptr) capture->samples.insert(capture->samples.end(), wav, wav + count);
  return 0;  // 0: carry on
}

void PutLittleEndian(std::string& out, uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

}  // namespace

// RAII for espeak_Initialize / espeak_Terminate. One per process, from the
// first synthesiser to exit: espeak-ng 1.51 cannot be initialised again
// after espeak_Terminate (tested: the next synthesis never finishes).
struct EspeakSynthesizer::Engine {
  int sample_rate = 0;
  explicit Engine(int rate) : sample_rate(rate) {}
  ~Engine() { espeak_Terminate(); }
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
};

std::unique_ptr<EspeakSynthesizer> EspeakSynthesizer::Create(std::string& error) {
  static std::unique_ptr<Engine> engine;
  static std::string failure;
  std::lock_guard lock(EspeakMutex());
  if (!engine && failure.empty()) {
    // DONT_EXIT: without it espeak-ng calls exit() when its data is missing.
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0) {
      failure = "espeak-ng could not start (is the espeak-ng-data package installed?)";
    } else {
      espeak_SetSynthCallback(OnSamples);
      engine = std::make_unique<Engine>(rate);
    }
  }
  if (!engine) {
    error = failure;
    return nullptr;
  }
  return std::unique_ptr<EspeakSynthesizer>(new EspeakSynthesizer(engine.get()));
}

EspeakSynthesizer::EspeakSynthesizer(const Engine* engine) : engine_(engine) {}

EspeakSynthesizer::~EspeakSynthesizer() = default;

int EspeakSynthesizer::sample_rate() const { return engine_->sample_rate; }

bool EspeakSynthesizer::SynthesizeWav(std::string_view ssml, const std::string& voice, std::string& wav,
                                      std::string& error) const {
  Capture capture;
  {
    std::lock_guard lock(EspeakMutex());
    // "en-gb" is a language, not a voice name: select by language as the
    // espeak-ng command does when the name matches no voice.
    espeak_VOICE wanted{};
    wanted.languages = voice.c_str();
    if (espeak_SetVoiceByName(voice.c_str()) != EE_OK && espeak_SetVoiceByProperties(&wanted) != EE_OK) {
      error = "espeak-ng has no voice '" + voice + "'";
      return false;
    }
    std::string text(ssml);  // espeak-ng wants a NUL-terminated buffer
    espeak_ERROR result = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                       espeakCHARS_UTF8 | espeakSSML, nullptr, &capture);
    // AUDIO_OUTPUT_SYNCHRONOUS: espeak_Synth returns when synthesis is done
    // (espeak_Synchronize is for the asynchronous modes).
    if (result != EE_OK) {
      error = "espeak-ng could not speak the script (error " + std::to_string(static_cast<int>(result)) + ")";
      return false;
    }
  }
  wav = WavFile(capture.samples, engine_->sample_rate);
  return true;
}

std::string WavFile(const std::vector<short>& samples, int sample_rate) {
  constexpr uint32_t kChannels = 1;
  constexpr uint32_t kBitsPerSample = 16;
  const uint32_t block_align = kChannels * kBitsPerSample / 8;
  const uint32_t data_bytes = static_cast<uint32_t>(samples.size()) * block_align;
  std::string out;
  out.reserve(44 + data_bytes);
  out += "RIFF";
  PutLittleEndian(out, 36 + data_bytes, 4);
  out += "WAVE";
  out += "fmt ";
  PutLittleEndian(out, 16, 4);  // PCM format chunk size
  PutLittleEndian(out, 1, 2);   // PCM
  PutLittleEndian(out, kChannels, 2);
  PutLittleEndian(out, static_cast<uint32_t>(sample_rate), 4);
  PutLittleEndian(out, static_cast<uint32_t>(sample_rate) * block_align, 4);  // byte rate
  PutLittleEndian(out, block_align, 2);
  PutLittleEndian(out, kBitsPerSample, 2);
  out += "data";
  PutLittleEndian(out, data_bytes, 4);
  for (short sample : samples) PutLittleEndian(out, static_cast<uint16_t>(sample), 2);
  return out;
}

}  // namespace publish
