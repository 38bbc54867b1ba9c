#include "channels/kiosk/recorder.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <vector>

#include "channels/audio/espeak_synthesizer.h"
#include "channels/kiosk/ogg_opus.h"
#include "libpublish/base/sha256.h"
#include "libpublish/base/unique_fd.h"

namespace publish {
namespace {

// Bump when anything outside the key's other fields changes the bytes
// (how the script reaches espeak-ng, what is done to the samples).
constexpr const char* kFormatVersion = "kiosk-recording 2";  // 2: each spoken from the engine's first state
constexpr size_t kNameHexDigits = 20;                        // 80 bits: no collision among any site's pages
constexpr std::string_view kExtension = ".opus";
// A recording of a very long page is a few MiB; anything larger in the
// cache is not ours, and is not read into memory.
constexpr off_t kMaxEntryBytes = off_t{64} << 20;
// A temporary file older than this was left by a build that was cut
// short; a younger one may be another build's write in progress.
constexpr time_t kStaleTemporarySeconds = 60 * 60;

// One field of a key, length-prefixed so no two lists of fields join into
// the same text.
std::string Field(std::string_view name, std::string_view value) {
  return std::string(name) + " " + std::to_string(value.size()) + ":" + std::string(value) + "\n";
}

bool IsHexName(std::string_view name) {
  if (name.size() != kNameHexDigits + kExtension.size() || name.substr(kNameHexDigits) != kExtension) return false;
  for (char c : name.substr(0, kNameHexDigits)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// ".<entry name>.<pid>.tmp": hidden, and never taken for an entry.
std::string TemporaryName(const std::string& name) { return "." + name + "." + std::to_string(::getpid()) + ".tmp"; }

bool IsTemporaryName(std::string_view name) {
  if (name.size() < 1 + kNameHexDigits + kExtension.size() + 6 || name.front() != '.') return false;
  name.remove_prefix(1);
  if (!IsHexName(name.substr(0, kNameHexDigits + kExtension.size()))) return false;
  name.remove_prefix(kNameHexDigits + kExtension.size());
  if (name.front() != '.' || name.substr(name.size() - 4) != ".tmp") return false;
  std::string_view pid = name.substr(1, name.size() - 5);
  if (pid.empty()) return false;
  for (char c : pid) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string ErrnoText(int error) { return std::strerror(error); }

// The entry's bytes, or nullopt when it is missing, not a regular file
// (a symbolic link is not followed), too large, or unreadable.
std::optional<std::string> ReadEntry(const std::string& path) {
  // O_NONBLOCK: a FIFO planted under an entry's name must not hang the build.
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  if (!fd.valid()) return std::nullopt;
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode) || info.st_size > kMaxEntryBytes) return std::nullopt;
  std::string contents(static_cast<size_t>(info.st_size), '\0');
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t got = ::read(fd.get(), contents.data() + done, contents.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return std::nullopt;  // shrank while read: a build elsewhere is replacing it
    done += static_cast<size_t>(got);
  }
  return contents;
}

// mkdir -p with mode 0755; 0 or an errno.
int MakeFolders(const std::string& folder) {
  std::filesystem::path so_far;
  for (const auto& part : std::filesystem::path(folder)) {
    so_far /= part;
    if (part == "/" || part.empty()) continue;
    if (::mkdir(so_far.c_str(), 0755) != 0 && errno != EEXIST) return errno;
  }
  struct stat info {};
  if (::stat(folder.c_str(), &info) != 0) return errno;
  return S_ISDIR(info.st_mode) ? 0 : ENOTDIR;
}

struct DirClose {
  void operator()(DIR* dir) const { ::closedir(dir); }
};
using DirPtr = std::unique_ptr<DIR, DirClose>;

}  // namespace

std::unique_ptr<KioskRecorder> KioskRecorder::Create(std::string cache_folder, std::string& error) {
  auto synthesizer = EspeakSynthesizer::Create(error);
  if (!synthesizer) return nullptr;
  return std::unique_ptr<KioskRecorder>(new KioskRecorder(std::move(cache_folder), std::move(synthesizer)));
}

KioskRecorder::KioskRecorder(std::string cache_folder, std::unique_ptr<EspeakSynthesizer> synthesizer)
    : cache_folder_(std::move(cache_folder)), synthesizer_(std::move(synthesizer)) {
  key_prefix_ = Field("format", kFormatVersion) + Field("espeak-ng", synthesizer_->version()) +
                Field("sample-rate", std::to_string(synthesizer_->sample_rate())) +
                Field("encoder", OggOpusEncoderId());
}

KioskRecorder::~KioskRecorder() = default;

std::string KioskRecorder::FileName(std::string_view ssml, const std::string& voice) const {
  std::string key = Sha256Hex(key_prefix_ + Field("voice", voice) + Field("script", ssml));
  if (key.size() < kNameHexDigits) return "";  // out of memory inside OpenSSL
  return key.substr(0, kNameHexDigits) + std::string(kExtension);
}

bool KioskRecorder::Record(std::string_view ssml, const std::string& voice, std::string& opus, bool& from_cache,
                           std::string& error) {
  from_cache = false;
  const std::string name = FileName(ssml, voice);
  if (name.empty()) {
    error = "cannot compute the recording's cache key";
    return false;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    used_.insert(name);
  }
  if (!cache_folder_.empty()) {
    // Anything but a whole Ogg Opus stream (a junk or truncated file) is
    // recorded again and replaced.
    auto cached = ReadEntry(cache_folder_ + "/" + name);
    if (cached && IsCompleteOggOpus(*cached)) {
      opus = std::move(*cached);
      from_cache = true;
      std::lock_guard<std::mutex> lock(mutex_);
      ++stats_.reused;
      return true;
    }
  }
  const int rate = synthesizer_->sample_rate();
  std::string encoded;
  bool recorded = synthesizer_->SynthesizeThen(
      ssml, voice,
      [rate](const std::vector<short>& samples, std::string& out, std::string& problem) {
        auto stream = EncodeOggOpus(samples, rate, problem);
        if (!stream) return false;
        out = std::move(*stream);
        return true;
      },
      encoded, error);
  if (!recorded) return false;
  std::string problem;
  bool stored = cache_folder_.empty() || Store(name, encoded, problem);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++stats_.recorded;
    if (!stored && stats_.not_stored++ == 0) stats_.store_problem = problem;
  }
  opus = std::move(encoded);
  return true;
}

bool KioskRecorder::Store(const std::string& name, std::string_view opus, std::string& problem) const {
  if (int made = MakeFolders(cache_folder_); made != 0) {
    problem = "cannot make the recordings cache folder '" + cache_folder_ + "': " + ErrnoText(made);
    return false;
  }
  const std::string temporary = cache_folder_ + "/" + TemporaryName(name);
  const std::string path = cache_folder_ + "/" + name;
  // O_EXCL: never write through a file (or link) someone else put there.
  UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644));
  if (!fd.valid() && errno == EEXIST) {
    // Left by an earlier process with our pid that was cut short.
    ::unlink(temporary.c_str());
    fd = UniqueFd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644));
  }
  if (!fd.valid()) {
    problem = "cannot write to the recordings cache '" + cache_folder_ + "': " + ErrnoText(errno);
    return false;
  }
  int error = 0;
  bool written = WriteAll(fd.get(), opus, error);
  if (written && !fd.Close()) {
    error = errno;
    written = false;
  }
  // No fsync: after a crash a lost or damaged entry is only recorded again.
  if (written && ::rename(temporary.c_str(), path.c_str()) != 0) {
    error = errno;
    written = false;
  }
  if (!written) {
    ::unlink(temporary.c_str());
    problem = "cannot write to the recordings cache '" + cache_folder_ + "': " + ErrnoText(error);
    return false;
  }
  return true;
}

void KioskRecorder::PruneUnused() {
  if (cache_folder_.empty()) return;
  UniqueFd folder(::open(cache_folder_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!folder.valid()) return;
  // fdopendir owns the descriptor it is given; `folder` keeps its own for
  // the *at calls.
  int listing_fd = ::dup(folder.get());
  if (listing_fd < 0) return;
  DirPtr listing(::fdopendir(listing_fd));
  if (!listing) {
    ::close(listing_fd);
    return;
  }
  std::vector<std::string> doomed;
  const time_t now = ::time(nullptr);
  while (const dirent* entry = ::readdir(listing.get())) {
    const std::string name = entry->d_name;
    const bool is_entry = IsHexName(name);
    if (!(is_entry && used_.count(name) == 0) && !IsTemporaryName(name)) continue;
    struct stat info {};
    if (::fstatat(folder.get(), name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(info.st_mode)) continue;
    if (!is_entry && now - info.st_mtime < kStaleTemporarySeconds) continue;
    doomed.push_back(name);
  }
  for (const auto& name : doomed) {
    // unlinkat removes the name itself, never what a link points to.
    if (::unlinkat(folder.get(), name.c_str(), 0) == 0 && IsHexName(name)) ++stats_.pruned;
  }
}

}  // namespace publish
