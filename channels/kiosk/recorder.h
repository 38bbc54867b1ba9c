// Recordings for the kiosk's "Listen" button: each page's SSML script read
// by espeak-ng and encoded as Ogg Opus, kept between builds in a cache
// keyed by everything that changes the bytes, so a rebuild records only
// the pages that changed.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace publish {

class EspeakSynthesizer;

// espeak-ng is one process-wide engine that speaks one script at a time,
// and a recorder keeps the names it has used: call Record from one thread
// at a time.
class KioskRecorder {
 public:
  // What one build did with the cache, for its report.
  struct Stats {
    int recorded = 0;           // synthesised and encoded in this build
    int reused = 0;             // read from the cache
    int not_stored = 0;         // recorded, but the cache could not keep them
    std::string store_problem;  // why the first of those was not stored
    int pruned = 0;             // unused entries PruneUnused removed
  };

  // nullptr with `error` set when espeak-ng cannot start. `cache_folder`
  // need not exist yet: it is made (with its parents) when the first
  // recording is stored. "" keeps no cache: every script is recorded.
  static std::unique_ptr<KioskRecorder> Create(std::string cache_folder, std::string& error);
  ~KioskRecorder();
  KioskRecorder(const KioskRecorder&) = delete;
  KioskRecorder& operator=(const KioskRecorder&) = delete;

  // The file name a recording of this script gets in the kiosk output and
  // in the cache: "<first 20 hex digits of the key>.opus", the key being
  // the SHA-256 of a format version, espeak-ng's version and sample rate,
  // the encoder's settings and versions, the voice and the script. Pure:
  // the kiosk pages link to it before anything is recorded.
  std::string FileName(std::string_view ssml, const std::string& voice) const;

  // The Ogg Opus bytes for the script: from the cache when a whole Ogg
  // Opus file of that name is there (`from_cache`), else recorded now and
  // stored in the cache (written to a temporary file there and renamed
  // into place, so an interrupted build never leaves a truncated entry).
  // A cache that cannot be read or written is not an error: the recording
  // is still returned, and stats() says what was not stored and why.
  // False with `error` set when espeak-ng or the encoder fails.
  // espeak-ng carries its pitch flutter's phase from one script to the
  // next and nothing resets it, so a recording's bytes (never its words)
  // depend on what was recorded before it: call Record in site order, and
  // two builds from the same cache (or from none) give the same bytes.
  bool Record(std::string_view ssml, const std::string& voice, std::string& opus, bool& from_cache, std::string& error);

  // Record in two steps, so that encoding (nine tenths of the time) can
  // run on several threads while speech stays in site order. The first,
  // from one thread in site order: the cached recording (kCached, `opus`
  // set) or the spoken samples (kSpoken, `samples` set) for Encode.
  enum class Step { kCached, kSpoken, kFailed };
  Step Speak(std::string_view ssml, const std::string& voice, std::string& opus, std::vector<short>& samples,
             std::string& error);
  // The second, from any thread: `samples` of the recording named `name`
  // encoded as Ogg Opus and stored in the cache.
  std::optional<std::string> Encode(const std::string& name, const std::vector<short>& samples, std::string& error);

  // Removes the cache entries no Record of this recorder used, and
  // temporary files an interrupted build left more than an hour ago; call
  // it at the end of a successful build so the cache does not grow
  // forever. Only regular files named as entries are touched, symbolic
  // links are never followed, and a folder it cannot read is left alone.
  void PruneUnused();

  // Once every Encode has returned.
  const Stats& stats() const { return stats_; }

 private:
  KioskRecorder(std::string cache_folder, std::unique_ptr<EspeakSynthesizer> synthesizer);
  // True when stored; else `problem` says why.
  bool Store(const std::string& name, std::string_view opus, std::string& problem) const;

  std::string cache_folder_;
  std::unique_ptr<EspeakSynthesizer> synthesizer_;
  std::string key_prefix_;      // the key's fields that are the same for every script
  std::set<std::string> used_;  // names Record has used, kept by PruneUnused
  std::mutex stats_mutex_;      // Encode runs on several threads
  Stats stats_;
};

}  // namespace publish
