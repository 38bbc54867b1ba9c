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

// One file of a site as a listing gives it.
struct SiteFileEntry {
  std::string path;  // site-relative: "content/bins/map.png"
  // For a symbolic link, the site-relative path of the file it points to
  // ("content/staff/bands.csv"), so visibility can follow the target;
  // otherwise "".
  std::string link_target;

  bool operator==(const SiteFileEntry& other) const = default;
};

// Read side: the files of one site, by site-relative path.
//
// What a listing holds (every implementation keeps these rules): site.yaml
// and the publishable files under content/, static/ and themes/. Left out,
// with a diagnostic each: hidden names (a leading '.', warning
// [hidden-file]; one for a hidden folder, never one per file inside it;
// static/.well-known/ is published on purpose, hidden names inside it are
// not) and names that are not valid UTF-8 or hold control characters or
// non-characters (error [bad-file-name], shown escaped). The disk listing
// also leaves out, as errors: pipes, sockets and devices [special-file],
// paths longer than the system allows [path-too-long], and symbolic links
// to anything but a publishable file under the same top-level folder
// ([bad-symlink], or [path-outside-site] when the target leaves the site).
class SiteFiles {
 public:
  virtual ~SiteFiles() = default;
  // Every listed file, sorted, as relative paths.
  virtual std::vector<std::string> ListFiles(Diagnostics& diagnostics) const = 0;
  // The same files with the targets of symbolic links. The default has no
  // links.
  virtual std::vector<SiteFileEntry> ListEntries(Diagnostics& diagnostics) const;
  // The whole file; nullopt (with the reason in `error` when given) when it
  // cannot be read whole.
  virtual std::optional<std::string> ReadFile(std::string_view relative_path, std::string* error = nullptr) const = 0;
  // Streams a file in pieces, so assets larger than memory can be copied.
  // `chunk` returns false to stop early. False, with the reason in `error`,
  // when the file cannot be read whole.
  virtual bool ReadInChunks(std::string_view relative_path, const std::function<bool(std::string_view)>& chunk,
                            std::string& error) const;
};

// The site folder on disk.
//
// content/, static/ and themes/ may each be a symbolic link to a folder
// elsewhere (a content checkout, a shared folder of static files), so long
// as it is not `/`, the site folder or a folder holding it, a hidden folder
// of the site, the output folder, or overlapping another of the three:
// pages, static files and themes stay apart. Inside them, a symbolic link
// is followed only to a regular, publishable file under the same
// top-level folder (and under content/, a page only to a page, a file only
// to a file); a link to a folder there is not followed (warning
// [symlink-folder]). Reads follow the same rule.
class DiskSiteFiles : public SiteFiles {
 public:
  // `excluded` folders (the output folder when it sits inside the site) are
  // never listed.
  DiskSiteFiles(std::filesystem::path root, std::vector<std::filesystem::path> excluded = {});
  std::vector<std::string> ListFiles(Diagnostics& diagnostics) const override;
  std::vector<SiteFileEntry> ListEntries(Diagnostics& diagnostics) const override;
  std::optional<std::string> ReadFile(std::string_view relative_path, std::string* error = nullptr) const override;
  bool ReadInChunks(std::string_view relative_path, const std::function<bool(std::string_view)>& chunk,
                    std::string& error) const override;

 private:
  struct TopFolder;
  // content/, static/ or themes/ as it really is on disk; `problem` says
  // why it cannot be used, or is empty.
  TopFolder ResolveTop(std::string_view name, bool check_overlap = true) const;

  std::filesystem::path root_;
  std::vector<std::filesystem::path> excluded_;
};

class MemorySiteFiles : public SiteFiles {
 public:
  void Add(std::string path, std::string contents) { files_[std::move(path)] = std::move(contents); }
  // A symbolic link at `path` to the file `target` (both site-relative);
  // it reads as the target.
  void AddLink(std::string path, std::string target) { links_[std::move(path)] = std::move(target); }
  // Takes a file or link out, as deleting it on disk would.
  void Remove(std::string_view path) {
    if (auto file = files_.find(path); file != files_.end()) files_.erase(file);
    if (auto link = links_.find(path); link != links_.end()) links_.erase(link);
  }
  std::vector<std::string> ListFiles(Diagnostics& diagnostics) const override;
  std::vector<SiteFileEntry> ListEntries(Diagnostics& diagnostics) const override;
  std::optional<std::string> ReadFile(std::string_view relative_path, std::string* error = nullptr) const override;

 private:
  std::map<std::string, std::string, std::less<>> files_;
  std::map<std::string, std::string, std::less<>> links_;
};

// The rules on names every listing applies, for one name of a path:
// empty when `name` may be used, else what is wrong with it ("is not valid
// UTF-8 (\xff)", "holds the control character \x1b").
std::string BadNameProblem(std::string_view name);
// `path` fit to print: bytes that are not UTF-8 as \xff, control
// characters as \x1b or \u009b, non-characters as \ufffe, and '\' as '\\'.
std::string EscapedPath(std::string_view path);

}  // namespace publish
