#include "libpublish/base/output.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <sstream>
#include <system_error>

#include "libpublish/base/check_ids.h"
#include "libpublish/base/paths.h"
#include "libpublish/base/unique_fd.h"

namespace fs = std::filesystem;

namespace publish {
namespace {

constexpr const char* kToolFolder = ".publish";
constexpr const char* kLockFile = "lock";
constexpr const char* kMarkerFile = "output";
constexpr const char* kJournalFile = "swap";
constexpr const char* kStagingPrefix = "staging-";
// Where the fallback swap (for file systems without RENAME_EXCHANGE) parks
// the previous channel folder for a moment.
constexpr const char* kPreviousSuffix = ".previous";

std::string ErrnoText(int error) { return std::strerror(error); }

bool SyncFolder(const fs::path& folder, int& error) {
  UniqueFd fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid() || ::fsync(fd.get()) != 0) {
    error = errno;
    return false;
  }
  return true;
}

// The tool's own small files (marker, journal): written whole to a
// temporary name, synced, renamed over the old one, the folder synced.
bool WriteDurably(const fs::path& path, std::string_view contents, int& error) {
  fs::path temporary = path;
  temporary += ".new";
  bool written = false;
  {
    UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0666));
    if (!fd.valid()) {
      error = errno;
      return false;
    }
    written = WriteAll(fd.get(), contents, error);
    if (written && (::fsync(fd.get()) != 0 || !fd.Close())) {
      error = errno;
      written = false;
    }
  }
  if (written && ::rename(temporary.c_str(), path.c_str()) != 0) {
    error = errno;
    written = false;
  }
  if (!written) {
    ::unlink(temporary.c_str());  // a half-written file is never left behind
    return false;
  }
  return SyncFolder(path.parent_path(), error);
}

std::optional<std::string> ReadSmallFile(const fs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  if (!fd.valid()) return std::nullopt;
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode) || info.st_size > (1 << 20)) return std::nullopt;
  std::string contents(static_cast<size_t>(info.st_size), '\0');
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t got = ::read(fd.get(), contents.data() + done, contents.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return std::nullopt;
    done += static_cast<size_t>(got);
  }
  return contents;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.front() != '#') lines.push_back(line);
  }
  return lines;
}

struct FileId {
  dev_t device = 0;
  ino_t inode = 0;
  bool operator==(const FileId&) const = default;
};

std::optional<FileId> IdOf(const fs::path& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return std::nullopt;
  return FileId{info.st_dev, info.st_ino};
}

bool Exists(const fs::path& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

// Puts `staged` at `live` and what was at `live` at `staged`, atomically
// where the file system can. Returns 0 or an errno.
int ExchangeFolders(const fs::path& staged, const fs::path& live) {
  if (!Exists(live)) {
    return ::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, live.c_str(), RENAME_NOREPLACE) == 0 ? 0 : errno;
  }
  if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, live.c_str(), RENAME_EXCHANGE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return errno;
  // No RENAME_EXCHANGE here (NFS, some FUSE): three renames, which leave a
  // moment without the channel folder; a crash in between is undone by
  // Recover() from the parked copy.
  fs::path previous = staged;
  previous += kPreviousSuffix;
  if (::rename(live.c_str(), previous.c_str()) != 0) return errno;
  if (::rename(staged.c_str(), live.c_str()) != 0) {
    int error = errno;
    ::rename(previous.c_str(), live.c_str());
    return error;
  }
  return ::rename(previous.c_str(), staged.c_str()) == 0 ? 0 : errno;
}

// Undoes ExchangeFolders: `live` goes back to `staged` and the previous
// folder, if there was one, back to `live`.
int UndoExchange(const fs::path& staged, const fs::path& live, bool had_previous) {
  fs::path previous = staged;
  previous += kPreviousSuffix;
  if (Exists(previous)) {  // the fallback was cut short half way
    if (Exists(live) && !Exists(staged) && ::rename(live.c_str(), staged.c_str()) != 0) return errno;
    return ::rename(previous.c_str(), live.c_str()) == 0 ? 0 : errno;
  }
  if (Exists(staged)) {
    if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, live.c_str(), RENAME_EXCHANGE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return errno;
    fs::path parked = staged;
    parked += ".undo";
    if (::rename(live.c_str(), parked.c_str()) != 0) return errno;
    if (::rename(staged.c_str(), live.c_str()) != 0) return errno;
    return ::rename(parked.c_str(), staged.c_str()) == 0 ? 0 : errno;
  }
  if (had_previous) return ENOENT;  // the previous folder is gone: keep the new one
  return ::rename(live.c_str(), staged.c_str()) == 0 ? 0 : errno;
}

struct StagedChannel {
  std::string name;
  FileId id;                  // of the staged (new) folder
  bool had_previous = false;  // OUT/<name> existed before the swap
};

std::string Journal(const std::string& staging_name, const std::vector<StagedChannel>& staged) {
  std::string text =
      "# a swap in progress; the next build undoes it if it is still here\nstaging " + staging_name + "\n";
  for (const auto& channel : staged) {
    text += "channel " + std::to_string(channel.id.device) + " " + std::to_string(channel.id.inode) + " " +
            (channel.had_previous ? "1 " : "0 ") + channel.name + "\n";
  }
  return text;
}

}  // namespace

bool OutputSink::Copy(const std::vector<std::string>& relative_paths, const SiteFiles& files, std::string_view source,
                      Diagnostics& diagnostics) {
  std::string error;
  auto contents = files.ReadFile(source, &error);
  if (!contents) {
    diagnostics.Error({std::string(source)}, "cannot read the file to copy it: " + error, checks::kUnreadableFile);
    return false;
  }
  for (const auto& path : relative_paths) {
    if (!Write(path, *contents, diagnostics)) return false;
  }
  return true;
}

bool MemoryOutput::Write(std::string_view relative_path, std::string_view contents, Diagnostics& diagnostics) {
  if (!IsSafeRelativePath(relative_path)) {
    diagnostics.Error({}, "refused to write outside the output folder: '" + std::string(relative_path) + "'",
                      checks::kPathOutsideOutput);
    return false;
  }
  std::lock_guard lock(mutex_);
  files_[std::string(relative_path)] = std::string(contents);
  return true;
}

StagedDiskOutput::StagedDiskOutput(fs::path out_dir, std::vector<std::string> channels)
    : out_dir_(fs::absolute(std::move(out_dir)).lexically_normal()), channels_(std::move(channels)) {
  if (out_dir_.filename().empty()) out_dir_ = out_dir_.parent_path();  // "out/" -> "out"
  tool_dir_ = out_dir_ / kToolFolder;
  staging_dir_ = tool_dir_ / (kStagingPrefix + std::to_string(::getpid()));
}

StagedDiskOutput::~StagedDiskOutput() {
  std::error_code error;
  if (staging_made_) fs::remove_all(staging_dir_, error);
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

bool StagedDiskOutput::Fail(const std::string& message, const std::string& detail, Diagnostics& diagnostics) const {
  diagnostics.Error({}, message + (detail.empty() ? "" : ": " + detail), checks::kOutputUnwritable);
  return false;
}

bool StagedDiskOutput::CheckOwnership(Diagnostics& diagnostics) const {
  std::string out = out_dir_.string();
  struct stat info {};
  if (::stat(out_dir_.c_str(), &info) != 0) {
    if (errno == ENOENT) return true;
    return Fail("cannot use the output folder '" + out + "'", ErrnoText(errno), diagnostics);
  }
  if (!S_ISDIR(info.st_mode)) {
    diagnostics.Error({}, "the output folder '" + out + "' is a file, not a folder; choose another --out",
                      checks::kOutputFolder);
    return false;
  }
  auto marker = ReadSmallFile(tool_dir_ / kMarkerFile);
  std::vector<std::string> owned = marker ? Lines(*marker) : std::vector<std::string>{};
  std::vector<std::string> foreign;
  std::error_code error;
  for (fs::directory_iterator it(out_dir_, error), end; !error && it != end; it.increment(error)) {
    std::string name = it->path().filename().string();
    if (name == kToolFolder) continue;
    bool replaced = std::find(channels_.begin(), channels_.end(), name) != channels_.end();
    bool ours = std::find(owned.begin(), owned.end(), name) != owned.end();
    // Without the marker nothing here is ours; with it, only what it lists.
    if (!marker || (replaced && !ours)) foreign.push_back(name);
  }
  if (error) return Fail("cannot read the output folder '" + out + "'", error.message(), diagnostics);
  if (foreign.empty()) return true;
  std::sort(foreign.begin(), foreign.end());
  std::string names;
  for (size_t i = 0; i < foreign.size() && i < 5; ++i) names += (i ? ", " : "") + foreign[i];
  if (foreign.size() > 5) names += " and " + std::to_string(foreign.size() - 5) + " more";
  diagnostics.Error({},
                    "the output folder '" + out + "' holds " + names +
                        ", which publish did not write; a build replaces its output folder's contents, so choose a "
                        "new or empty folder for --out (or delete these if they are an older build's output)",
                    checks::kOutputFolder);
  return false;
}

bool StagedDiskOutput::Lock(Diagnostics& diagnostics) {
  if (lock_fd_ >= 0) return true;
  std::string out = out_dir_.string();
  if (::mkdir(tool_dir_.c_str(), 0777) != 0 && errno != EEXIST) {
    return Fail("cannot write to the output folder '" + out + "'", ErrnoText(errno), diagnostics);
  }
  int fd = ::open((tool_dir_ / kLockFile).c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
  if (fd < 0) return Fail("cannot write to the output folder '" + out + "'", ErrnoText(errno), diagnostics);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) {
      diagnostics.Error(
          {}, "another publish build is writing to '" + out + "'; wait for it to finish, or build into another --out",
          checks::kOutputLocked);
      return false;
    }
    return Fail("cannot lock the output folder '" + out + "'", ErrnoText(error), diagnostics);
  }
  lock_fd_ = fd;
  return true;
}

// Under the lock, so no live build owns what is found here.
bool StagedDiskOutput::Recover(Diagnostics& diagnostics) {
  fs::path journal_path = tool_dir_ / kJournalFile;
  if (auto journal = ReadSmallFile(journal_path)) {
    fs::path staging;
    std::vector<StagedChannel> swapped;
    for (const auto& line : Lines(*journal)) {
      std::istringstream in(line);
      std::string word;
      in >> word;
      if (word == "staging") {
        std::string name;
        in >> name;
        if (name.rfind(kStagingPrefix, 0) == 0 && name.find('/') == std::string::npos) staging = tool_dir_ / name;
      } else if (word == "channel") {
        unsigned long long device = 0, inode = 0;
        int had_previous = 0;
        std::string name;
        in >> device >> inode >> had_previous;
        std::getline(in >> std::ws, name);
        if (IsSafeRelativePath(name) && name.find('/') == std::string::npos) {
          swapped.push_back({name, FileId{static_cast<dev_t>(device), static_cast<ino_t>(inode)}, had_previous == 1});
        }
      }
    }
    // Without its staging folder the swap had finished and its previous
    // output was removed: there is nothing to undo.
    if (!staging.empty() && Exists(staging)) {
      for (const auto& channel : swapped) {
        fs::path live = out_dir_ / channel.name;
        fs::path staged = staging / channel.name;
        fs::path previous = staged;
        previous += kPreviousSuffix;
        bool swapped_in = IdOf(live) == std::optional<FileId>(channel.id);
        if (!swapped_in && !Exists(previous)) continue;
        if (swapped_in && channel.had_previous && !Exists(staged) && !Exists(previous)) continue;
        if (int error = UndoExchange(staged, live, channel.had_previous); error != 0) {
          return Fail("cannot undo the swap an interrupted build left in '" + out_dir_.string() + "'", ErrnoText(error),
                      diagnostics);
        }
      }
      int error = 0;
      if (!SyncFolder(out_dir_, error))
        return Fail("cannot sync '" + out_dir_.string() + "'", ErrnoText(error), diagnostics);
    }
    if (::unlink(journal_path.c_str()) != 0 && errno != ENOENT) {
      return Fail("cannot remove '" + journal_path.string() + "'", ErrnoText(errno), diagnostics);
    }
  }
  // Staging folders of builds that died: every live build holds the lock.
  // Versions before OUT/.publish/ staged at the top of OUT.
  std::error_code error;
  std::vector<fs::path> stale;
  for (fs::directory_iterator it(out_dir_, error), end; !error && it != end; it.increment(error)) {
    std::string name = it->path().filename().string();
    if (name.rfind(".publish-staging-", 0) == 0 || name.rfind(".publish-old-", 0) == 0) stale.push_back(it->path());
  }
  error.clear();
  for (fs::directory_iterator it(tool_dir_, error), end; !error && it != end; it.increment(error)) {
    std::string name = it->path().filename().string();
    bool temporary = name.size() > 4 && name.compare(name.size() - 4, 4, ".new") == 0;
    if (name.rfind(kStagingPrefix, 0) == 0 || temporary) stale.push_back(it->path());
  }
  for (const auto& path : stale) {
    fs::remove_all(path, error);
    if (error) return Fail("cannot remove the leftovers of an interrupted build", error.message(), diagnostics);
  }
  return true;
}

bool StagedDiskOutput::Open(Diagnostics& diagnostics) {
  if (!CheckOwnership(diagnostics)) return false;
  // A folder this tool has not written to yet has nothing to recover, and
  // a build that fails its checks leaves it as it was.
  if (!Exists(tool_dir_)) return true;
  return Lock(diagnostics) && Recover(diagnostics);
}

bool StagedDiskOutput::Begin(Diagnostics& diagnostics) {
  std::error_code error;
  if (!Exists(out_dir_)) {
    fs::create_directories(out_dir_, error);
    if (error) {
      return Fail("cannot create the output folder '" + out_dir_.string() + "'", error.message(), diagnostics);
    }
  }
  if (!Lock(diagnostics) || !Recover(diagnostics)) return false;
  if (::mkdir(staging_dir_.c_str(), 0777) != 0) {
    return Fail("cannot create a folder in '" + tool_dir_.string() + "'", ErrnoText(errno), diagnostics);
  }
  staging_made_ = true;
  for (const auto& name : channels_) {
    if (::mkdir((staging_dir_ / name).c_str(), 0777) != 0) {
      return Fail("cannot create a folder in '" + staging_dir_.string() + "'", ErrnoText(errno), diagnostics);
    }
    made_folders_.insert(name);
  }
  return true;
}

bool StagedDiskOutput::MakeFolderFor(std::string_view relative_path, Diagnostics& diagnostics) {
  if (!IsSafeRelativePath(relative_path)) {
    diagnostics.Error({}, "refused to write outside the output folder: '" + std::string(relative_path) + "'",
                      checks::kPathOutsideOutput);
    return false;
  }
  if (!staging_made_) return Fail("the output was written to before it was begun", "", diagnostics);
  // Thousands of files share few folders: create each folder once.
  std::string folder = ParentFolder(relative_path);
  {
    std::lock_guard lock(mutex_);
    if (folder.empty() || made_folders_.count(folder) > 0) return true;
  }
  std::error_code error;
  fs::create_directories(staging_dir_ / folder, error);
  if (error) {
    return Fail("cannot create the folder '" + (out_dir_ / folder).string() + "'", error.message(), diagnostics);
  }
  std::lock_guard lock(mutex_);
  made_folders_.insert(folder);
  return true;
}

bool StagedDiskOutput::Write(std::string_view relative_path, std::string_view contents, Diagnostics& diagnostics) {
  if (!MakeFolderFor(relative_path, diagnostics)) return false;
  std::string shown = (out_dir_ / std::string(relative_path)).string();
  fs::path path = staging_dir_ / std::string(relative_path);
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0666));
  int error = 0;
  if (!fd.valid()) return Fail("cannot write '" + shown + "'", ErrnoText(errno), diagnostics);
  if (!WriteAll(fd.get(), contents, error)) return Fail("cannot write '" + shown + "'", ErrnoText(error), diagnostics);
  if (!fd.Close()) return Fail("cannot write '" + shown + "'", ErrnoText(errno), diagnostics);
  return true;
}

bool StagedDiskOutput::Copy(const std::vector<std::string>& relative_paths, const SiteFiles& files,
                            std::string_view source, Diagnostics& diagnostics) {
  std::vector<UniqueFd> targets;
  std::vector<std::string> shown;
  for (const auto& relative_path : relative_paths) {
    if (!MakeFolderFor(relative_path, diagnostics)) return false;
    shown.push_back((out_dir_ / relative_path).string());
    fs::path path = staging_dir_ / relative_path;
    targets.emplace_back(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0666));
    if (!targets.back().valid()) return Fail("cannot write '" + shown.back() + "'", ErrnoText(errno), diagnostics);
  }
  int write_error = 0;
  size_t failed_target = 0;
  std::string read_error;
  bool read = files.ReadInChunks(
      source,
      [&](std::string_view chunk) {
        for (size_t i = 0; i < targets.size(); ++i) {
          if (!WriteAll(targets[i].get(), chunk, write_error)) {
            failed_target = i;
            return false;
          }
        }
        return true;
      },
      read_error);
  if (write_error != 0) {
    return Fail("cannot write '" + shown[failed_target] + "'", ErrnoText(write_error), diagnostics);
  }
  if (!read) {
    diagnostics.Error({std::string(source)}, "cannot read the file to copy it: " + read_error, checks::kUnreadableFile);
    return false;
  }
  for (size_t i = 0; i < targets.size(); ++i) {
    if (!targets[i].Close()) return Fail("cannot write '" + shown[i] + "'", ErrnoText(errno), diagnostics);
  }
  return true;
}

bool StagedDiskOutput::Commit(Diagnostics& diagnostics, const std::atomic<bool>* cancel) {
  if (!staging_made_) return Fail("the output was committed before it was begun", "", diagnostics);
  std::string out = out_dir_.string();
  int error = 0;
  // One syncfs makes every staged file durable at the cost of one flush,
  // where a sync per file would cost thousands.
  {
    UniqueFd fd(::open(staging_dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid() || ::syncfs(fd.get()) != 0) {
      return Fail("cannot make the new output durable in '" + out + "'", ErrnoText(errno), diagnostics);
    }
  }
  if (cancel != nullptr && cancel->load()) return false;  // the sync can be long
  // The marker first: once a channel folder is swapped in, it is ours.
  auto old_marker = ReadSmallFile(tool_dir_ / kMarkerFile);
  std::vector<std::string> owned = old_marker ? Lines(*old_marker) : std::vector<std::string>{};
  for (const auto& name : channels_) {
    if (std::find(owned.begin(), owned.end(), name) == owned.end()) owned.push_back(name);
  }
  std::sort(owned.begin(), owned.end());
  std::string marker = "# the folders publish wrote here; a build replaces only these\n";
  for (const auto& name : owned) marker += name + "\n";
  if (!WriteDurably(tool_dir_ / kMarkerFile, marker, error)) {
    return Fail("cannot write to the output folder '" + out + "'", ErrnoText(error), diagnostics);
  }
  std::vector<StagedChannel> staged;
  for (const auto& name : channels_) {
    auto id = IdOf(staging_dir_ / name);
    if (!id) return Fail("the staged '" + name + "' output is missing", ErrnoText(errno), diagnostics);
    staged.push_back({name, *id, Exists(out_dir_ / name)});
  }
  fs::path journal = tool_dir_ / kJournalFile;
  if (!WriteDurably(journal, Journal(staging_dir_.filename().string(), staged), error)) {
    ::unlink(journal.c_str());  // nothing was swapped: a journal would only mislead
    if (old_marker) WriteDurably(tool_dir_ / kMarkerFile, *old_marker, error);
    return Fail("cannot write to the output folder '" + out + "'", ErrnoText(error), diagnostics);
  }
  size_t done = 0;
  std::string what;
  for (; done < staged.size(); ++done) {
    error = ExchangeFolders(staging_dir_ / staged[done].name, out_dir_ / staged[done].name);
    if (error != 0) {
      what = "cannot move the new '" + staged[done].name + "' output into place in '" + out + "'";
      break;
    }
  }
  // The swap is over only once the journal is gone for good.
  if (what.empty() && !SyncFolder(out_dir_, error)) what = "cannot sync the output folder '" + out + "'";
  if (what.empty() && ::unlink(journal.c_str()) != 0) {
    error = errno;
    what = "cannot finish the swap in '" + out + "'";
  }
  if (what.empty() && !SyncFolder(tool_dir_, error)) what = "cannot sync the output folder '" + out + "'";
  if (!what.empty()) {
    // All or nothing: put back what was swapped in.
    bool undone = true;
    for (size_t i = done; i-- > 0;) {
      undone =
          UndoExchange(staging_dir_ / staged[i].name, out_dir_ / staged[i].name, staged[i].had_previous) == 0 && undone;
    }
    int ignored = 0;
    if (undone && SyncFolder(out_dir_, ignored)) {
      ::unlink(journal.c_str());
      if (old_marker) WriteDurably(tool_dir_ / kMarkerFile, *old_marker, ignored);
    } else {
      staging_made_ = false;  // keep the previous output where the next build can put it back
    }
    return Fail(what + (undone ? "; the previous output is as it was" : "; the next build will restore it"),
                ErrnoText(error), diagnostics);
  }
  // The previous output now sits in the staging folder; the destructor
  // removes it (and the next build does, if this one is killed first).
  return true;
}

}  // namespace publish
