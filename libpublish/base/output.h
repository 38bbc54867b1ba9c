// The write side of the disk: one build's output behind an interface, so
// tests run in memory and nothing is written outside the output folder.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "libpublish/base/diagnostics.h"
#include "libpublish/base/site_files.h"

namespace publish {

// Write side: one build's output. Paths are relative to the output folder
// and are checked before anything is written.
class OutputSink {
 public:
  virtual ~OutputSink() = default;
  // Returns false (and adds a diagnostic) when the file cannot be written.
  virtual bool Write(std::string_view relative_path, std::string_view contents, Diagnostics& diagnostics) = 0;
  // Copies the site file `source` (site-relative) to each of
  // `relative_paths`, reading it once. Returns false (and adds a diagnostic)
  // when it cannot be read or written whole.
  virtual bool Copy(const std::vector<std::string>& relative_paths, const SiteFiles& files, std::string_view source,
                    Diagnostics& diagnostics);
};

class MemoryOutput : public OutputSink {
 public:
  bool Write(std::string_view relative_path, std::string_view contents, Diagnostics& diagnostics) override;
  const std::map<std::string, std::string, std::less<>>& files() const { return files_; }

 private:
  std::mutex mutex_;
  std::map<std::string, std::string, std::less<>> files_;
};

// A build's output folder on disk, written so that no failure or
// interruption loses the previous output:
//   OUT/<channel>/            the channel folders, real directories
//   OUT/.publish/lock         held (flock) by the one build writing to OUT
//   OUT/.publish/output       the channel folders this tool wrote, a name a line
//   OUT/.publish/staging-PID/ the build being written (only while it runs)
//   OUT/.publish/swap         the journal of a swap in progress (ditto)
// Files are written to the staging folder, made durable with one syncfs,
// then every channel is exchanged into place at once (renameat2
// RENAME_EXCHANGE, so no moment lacks a channel folder); a swap that fails
// half way is undone, and one cut short by a crash is undone by the next
// build before it does anything else.
class StagedDiskOutput : public OutputSink {
 public:
  // `channels` are the top-level folders this build will replace.
  StagedDiskOutput(std::filesystem::path out_dir, std::vector<std::string> channels);
  ~StagedDiskOutput() override;  // removes the staging folder; releases the lock
  StagedDiskOutput(const StagedDiskOutput&) = delete;
  StagedDiskOutput& operator=(const StagedDiskOutput&) = delete;

  // Refuses an output folder that holds anything this tool did not write
  // where it would write. When OUT exists: takes its lock, undoes a swap a
  // crash cut short, and removes staging folders of dead builds. Touches
  // nothing when OUT does not exist yet. False with a diagnostic.
  bool Open(Diagnostics& diagnostics);
  // Creates OUT (if need be), its lock, and the staging folder.
  bool Begin(Diagnostics& diagnostics);
  bool Write(std::string_view relative_path, std::string_view contents, Diagnostics& diagnostics) override;
  bool Copy(const std::vector<std::string>& relative_paths, const SiteFiles& files, std::string_view source,
            Diagnostics& diagnostics) override;
  // Makes the staged files durable and swaps every channel folder into
  // place, all or nothing. False with a diagnostic (the previous output is
  // then as it was), or without one when `cancel` was set before the swap
  // began; once it has begun it is finished.
  bool Commit(Diagnostics& diagnostics, const std::atomic<bool>* cancel = nullptr);

 private:
  bool Lock(Diagnostics& diagnostics);
  bool Recover(Diagnostics& diagnostics);
  bool CheckOwnership(Diagnostics& diagnostics) const;
  bool MakeFolderFor(std::string_view relative_path, Diagnostics& diagnostics);
  bool Fail(const std::string& message, const std::string& detail, Diagnostics& diagnostics) const;

  std::filesystem::path out_dir_;
  std::filesystem::path tool_dir_;     // OUT/.publish
  std::filesystem::path staging_dir_;  // OUT/.publish/staging-PID
  std::vector<std::string> channels_;
  int lock_fd_ = -1;
  bool staging_made_ = false;
  std::mutex mutex_;
  std::set<std::string> made_folders_;  // already created below the staging folder
};

}  // namespace publish
