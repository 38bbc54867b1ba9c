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
  // Each script is spoken and encoded in a process of its own, from the
  // engine's first state (see EspeakSynthesizer), so a recording's bytes
  // depend on its script alone, and a rebuild from the cache gives the
  // bytes a clean build gives. Safe to call from several threads at once:
  // each call is its own process, on its own core.
  bool Record(std::string_view ssml, const std::string& voice, std::string& opus, bool& from_cache, std::string& error);

  // Removes the cache entries no Record of this recorder used, and
  // temporary files an interrupted build left more than an hour ago; call
  // it at the end of a successful build so the cache does not grow
  // forever. Only regular files named as entries are touched, symbolic
  // links are never followed, and a folder it cannot read is left alone.
  void PruneUnused();

  // Once every Record has returned.
  const Stats& stats() const { return stats_; }

 private:
  KioskRecorder(std::string cache_folder, std::unique_ptr<EspeakSynthesizer> synthesizer);
  // True when stored; else `problem` says why.
  bool Store(const std::string& name, std::string_view opus, std::string& problem) const;

  std::string cache_folder_;
  std::unique_ptr<EspeakSynthesizer> synthesizer_;
  std::string key_prefix_;      // the key's fields that are the same for every script
  std::set<std::string> used_;  // names Record has used, kept by PruneUnused
  std::mutex mutex_;            // for used_ and stats_: Record runs on several threads
  Stats stats_;
};

}  // namespace publish
