// The disk behind interfaces: reading a site's files and writing output, so
// tests run in memory and nothing escapes the site or output folder.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "libpublish/base/diagnostics.h"

namespace publish {

// Read side: the files of one site, by site-relative path.
class SiteFiles {
 public:
  virtual ~SiteFiles() = default;
  // Every regular file below the site folder, sorted, as relative paths.
  // Problems (links leaving the site, unreadable folders) become diagnostics.
  virtual std::vector<std::string> ListFiles(Diagnostics& diagnostics) const = 0;
  virtual std::optional<std::string> ReadFile(std::string_view relative_path) const = 0;
};

class DiskSiteFiles : public SiteFiles {
 public:
  // `excluded` folders (the output folder when it sits inside the site) are
  // never listed.
  DiskSiteFiles(std::filesystem::path root, std::vector<std::filesystem::path> excluded = {});
  std::vector<std::string> ListFiles(Diagnostics& diagnostics) const override;
  std::optional<std::string> ReadFile(std::string_view relative_path) const override;

 private:
  std::filesystem::path root_;
  std::vector<std::filesystem::path> excluded_;
};

class MemorySiteFiles : public SiteFiles {
 public:
  void Add(std::string path, std::string contents) { files_[std::move(path)] = std::move(contents); }
  std::vector<std::string> ListFiles(Diagnostics& diagnostics) const override;
  std::optional<std::string> ReadFile(std::string_view relative_path) const override;

 private:
  std::map<std::string, std::string, std::less<>> files_;
};

// Write side: one build's output. Paths are relative to the output folder
// and are checked before anything is written.
class OutputSink {
 public:
  virtual ~OutputSink() = default;
  // Returns false (and adds a diagnostic) when the file cannot be written.
  virtual bool Write(std::string_view relative_path, std::string_view contents, Diagnostics& diagnostics) = 0;
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
