#include "channels/audio/espeak_synthesizer.h"

#include <espeak-ng/speak_lib.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <mutex>

#include "libpublish/base/unique_fd.h"

namespace publish {
namespace {

// Guards every call into espeak-ng, and the shared engine's life.
std::mutex& EspeakMutex() {
  static std::mutex mutex;
  return mutex;
}

constexpr size_t kWavHeaderBytes = 44;

void PutLittleEndian(std::string& out, uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

void PutSamples(std::string& out, const short* samples, size_t count) {
  for (size_t i = 0; i < count; ++i) PutLittleEndian(out, static_cast<uint16_t>(samples[i]), 2);
}

// Samples for the call in progress; espeak-ng hands them to a C callback.
// Capture stops (and synthesis is aborted) once the recording could no
// longer be written, so memory stays bounded whatever the script.
// The samples go straight into their one destination (a WAV file after
// room for its header, or a sample array), so a recording is held once.
struct Capture {
  std::string* wav = nullptr;
  std::vector<short>* samples = nullptr;
  uint64_t count = 0;
  bool too_long = false;
};

int OnSamples(short* wav, int count, espeak_EVENT* events) {
  if (wav == nullptr || count <= 0 || events == nullptr) return 0;
  auto* capture = static_cast<Capture*>(events->user_data);
  if (capture == nullptr) return 0;
  if (static_cast<uint64_t>(count) > kMaxWavSamples - capture->count) {
    capture->too_long = true;
    return 1;  // 1: abort synthesis
  }
  if (capture->wav != nullptr) PutSamples(*capture->wav, wav, static_cast<size_t>(count));
  if (capture->samples != nullptr) capture->samples->insert(capture->samples->end(), wav, wav + count);
  capture->count += static_cast<uint64_t>(count);
  return 0;  // 0: carry on
}

// Speaks `ssml` into `capture`, holding the engine for the whole call.
bool Speak(std::string_view ssml, const std::string& voice, Capture& capture, std::string& error) {
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
  espeak_ERROR result = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8 | espeakSSML,
                                     nullptr, &capture);
  // AUDIO_OUTPUT_SYNCHRONOUS: espeak_Synth returns when synthesis is done
  // (espeak_Synchronize is for the asynchronous modes).
  if (capture.too_long) {
    error = "the recording would be longer than a WAV file can hold";
    return false;
  }
  if (result != EE_OK) {
    error = "espeak-ng could not speak the script (error " + std::to_string(static_cast<int>(result)) + ")";
    return false;
  }
  return true;
}

// Runs `work` in a forked copy of this process and returns its bytes. The
// fork happens while holding the engine's lock, as pthread_atfork handlers
// do, so no thread is inside espeak-ng at that moment and the copy's lock
// is released when the guard ends in both processes. The child writes one
// status byte and its bytes (or its error) to a pipe and ends with _exit.
bool RunInChild(const std::function<bool(std::string& out, std::string& error)>& work, std::string& out,
                std::string& error) {
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0) {
    error = std::string("cannot make a pipe for speech: ") + std::strerror(errno);
    return false;
  }
  UniqueFd read_end(ends[0]);
  UniqueFd write_end(ends[1]);
  pid_t child;
  {
    std::lock_guard lock(EspeakMutex());
    child = ::fork();
  }
  if (child == 0) {
    read_end.Reset();
    std::string bytes, problem;
    bool ok = work(bytes, problem);
    int failure = 0;
    bool written =
        WriteAll(write_end.get(), ok ? "1" : "0", failure) && WriteAll(write_end.get(), ok ? bytes : problem, failure);
    ::_exit(written ? 0 : 1);  // no destructors or atexit handlers of the parent's
  }
  if (child < 0) {
    error = std::string("cannot start a process for speech: ") + std::strerror(errno);
    return false;
  }
  write_end.Reset();
  std::string received;
  char buffer[65536];
  while (true) {
    ssize_t count = ::read(read_end.get(), buffer, sizeof buffer);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) break;
    received.append(buffer, static_cast<size_t>(count));
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    error = "the speech process was ended by signal " + std::to_string(WTERMSIG(status));
    return false;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || received.empty()) {
    error = "the speech process failed";
    return false;
  }
  if (received[0] != '1') {
    error = received.substr(1);
    return false;
  }
  out = received.substr(1);
  return true;
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

std::string EspeakSynthesizer::version() const {
  std::lock_guard lock(EspeakMutex());
  const char* data_path = nullptr;
  const char* version = espeak_Info(&data_path);
  return version != nullptr ? version : "";
}

bool EspeakSynthesizer::SynthesizeWav(std::string_view ssml, const std::string& voice, std::string& wav,
                                      std::string& error) const {
  const int rate = engine_->sample_rate;
  return RunInChild(
      [&](std::string& out, std::string& problem) {
        std::string file(kWavHeaderBytes, '\0');
        Capture capture;
        capture.wav = &file;
        if (!Speak(ssml, voice, capture, problem)) return false;
        auto header = WavHeader(capture.count, rate, problem);
        if (!header) return false;
        file.replace(0, kWavHeaderBytes, *header);
        out = std::move(file);
        return true;
      },
      wav, error);
}

bool EspeakSynthesizer::SynthesizeSamples(std::string_view ssml, const std::string& voice, std::vector<short>& samples,
                                          std::string& error) const {
  std::string bytes;
  bool spoken = SynthesizeThen(
      ssml, voice,
      [](const std::vector<short>& speech, std::string& out, std::string&) {
        out.assign(reinterpret_cast<const char*>(speech.data()), speech.size() * sizeof(short));
        return true;
      },
      bytes, error);
  if (!spoken) return false;
  samples.resize(bytes.size() / sizeof(short));
  std::memcpy(samples.data(), bytes.data(), samples.size() * sizeof(short));
  return true;
}

bool EspeakSynthesizer::SynthesizeThen(std::string_view ssml, const std::string& voice, const Finish& finish,
                                       std::string& out, std::string& error) const {
  return RunInChild(
      [&](std::string& bytes, std::string& problem) {
        std::vector<short> speech;
        Capture capture;
        capture.samples = &speech;
        return Speak(ssml, voice, capture, problem) && finish(speech, bytes, problem);
      },
      out, error);
}

std::optional<std::string> WavHeader(uint64_t sample_count, int sample_rate, std::string& error) {
  constexpr uint32_t kChannels = 1;
  constexpr uint32_t kBitsPerSample = 16;
  constexpr uint32_t kBlockAlign = kChannels * kBitsPerSample / 8;
  if (sample_count > kMaxWavSamples) {
    error = "the recording would be longer than a WAV file can hold (" + std::to_string(sample_count) +
            " samples; at most " + std::to_string(kMaxWavSamples) + ")";
    return std::nullopt;
  }
  // The byte rate is a 32-bit field too.
  if (sample_rate <= 0 || static_cast<uint64_t>(sample_rate) * kBlockAlign > 0xFFFFFFFF) {
    error = "the sample rate " + std::to_string(sample_rate) + " cannot be written in a WAV header";
    return std::nullopt;
  }
  // Both fit in 32 bits: checked above, in 64-bit arithmetic.
  const auto data_bytes = static_cast<uint32_t>(sample_count * kBlockAlign);
  const auto rate = static_cast<uint32_t>(sample_rate);
  std::string out;
  out.reserve(kWavHeaderBytes);
  out += "RIFF";
  PutLittleEndian(out, 36 + data_bytes, 4);
  out += "WAVE";
  out += "fmt ";
  PutLittleEndian(out, 16, 4);  // PCM format chunk size
  PutLittleEndian(out, 1, 2);   // PCM
  PutLittleEndian(out, kChannels, 2);
  PutLittleEndian(out, rate, 4);
  PutLittleEndian(out, rate * kBlockAlign, 4);  // byte rate
  PutLittleEndian(out, kBlockAlign, 2);
  PutLittleEndian(out, kBitsPerSample, 2);
  out += "data";
  PutLittleEndian(out, data_bytes, 4);
  return out;
}

std::optional<std::string> WavFile(const std::vector<short>& samples, int sample_rate, std::string& error) {
  auto out = WavHeader(samples.size(), sample_rate, error);
  if (!out) return std::nullopt;
  out->reserve(out->size() + samples.size() * 2);
  PutSamples(*out, samples.data(), samples.size());
  return out;
}

}  // namespace publish
