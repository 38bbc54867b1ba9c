// The write side of the disk: one build's output behind an interface, so
// tests run in memory and nothing is written outside the output folder.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

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
  // Copies the site file `source` (site-relative) to `relative_path`.
  // Returns false (and adds a diagnostic) when it cannot be read or written
  // whole.
  virtual bool Copy(std::string_view relative_path, const SiteFiles& files, std::string_view source,
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

// Writes into a staging folder inside the output folder; Commit() swaps
// each finished top-level folder (one per channel) into place, so a failed
// or abandoned build leaves the previous output untouched.
class StagedDiskOutput : public OutputSink {
 public:
  explicit StagedDiskOutput(std::filesystem::path out_dir);
  ~StagedDiskOutput() override;  // removes the staging folder if not committed
  StagedDiskOutput(const StagedDiskOutput&) = delete;
  StagedDiskOutput& operator=(const StagedDiskOutput&) = delete;

  // Creates the staging folder; false with a diagnostic when it cannot.
  bool Begin(Diagnostics& diagnostics);
  bool Write(std::string_view relative_path, std::string_view contents, Diagnostics& diagnostics) override;
  // Replaces OUT/<name> by the staged one for each of `top_level_names`.
  bool Commit(const std::vector<std::string>& top_level_names, Diagnostics& diagnostics);

 private:
  std::filesystem::path out_dir_;
  std::filesystem::path staging_dir_;
  bool committed_ = false;
  std::mutex mutex_;
  std::set<std::string> made_folders_;  // already created below the staging folder
};

}  // namespace publish
