// The read side of the disk: a site's files behind an interface, so tests
// run in memory and nothing outside the site folder is read.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
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
  // The whole file; nullopt (with the reason in `error` when given) when it
  // cannot be read whole.
  virtual std::optional<std::string> ReadFile(std::string_view relative_path, std::string* error = nullptr) const = 0;
  // Streams a file in pieces, so assets larger than memory can be copied.
  // `chunk` returns false to stop early. False, with the reason in `error`,
  // when the file cannot be read whole.
  virtual bool ReadInChunks(std::string_view relative_path, const std::function<bool(std::string_view)>& chunk,
                            std::string& error) const;
};

class DiskSiteFiles : public SiteFiles {
 public:
  // `excluded` folders (the output folder when it sits inside the site) are
  // never listed.
  DiskSiteFiles(std::filesystem::path root, std::vector<std::filesystem::path> excluded = {});
  std::vector<std::string> ListFiles(Diagnostics& diagnostics) const override;
  std::optional<std::string> ReadFile(std::string_view relative_path, std::string* error = nullptr) const override;
  bool ReadInChunks(std::string_view relative_path, const std::function<bool(std::string_view)>& chunk,
                    std::string& error) const override;

 private:
  std::filesystem::path root_;
  std::vector<std::filesystem::path> excluded_;
};

class MemorySiteFiles : public SiteFiles {
 public:
  void Add(std::string path, std::string contents) { files_[std::move(path)] = std::move(contents); }
  std::vector<std::string> ListFiles(Diagnostics& diagnostics) const override;
  std::optional<std::string> ReadFile(std::string_view relative_path, std::string* error = nullptr) const override;

 private:
  std::map<std::string, std::string, std::less<>> files_;
};

}  // namespace publish
