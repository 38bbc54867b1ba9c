#include "libpublish/base/site_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "libpublish/base/paths.h"
#include "libpublish/base/unique_fd.h"

namespace fs = std::filesystem;

namespace publish {
namespace {

bool IsInside(const fs::path& child, const fs::path& parent) {
  auto mismatch = std::mismatch(parent.begin(), parent.end(), child.begin(), child.end());
  return mismatch.first == parent.end();
}

std::string Relative(const fs::path& path, const fs::path& root) {
  return path.lexically_relative(root).generic_string();
}

}  // namespace

DiskSiteFiles::DiskSiteFiles(fs::path root, std::vector<fs::path> excluded) {
  std::error_code error;
  root_ = fs::weakly_canonical(fs::absolute(root), error);
  if (error) root_ = fs::absolute(root);
  for (auto& path : excluded) {
    fs::path canonical = fs::weakly_canonical(fs::absolute(path), error);
    excluded_.push_back(error ? fs::absolute(path) : canonical);
  }
}

std::vector<std::string> DiskSiteFiles::ListFiles(Diagnostics& diagnostics) const {
  std::vector<std::string> files;
  std::error_code error;
  if (fs::is_regular_file(root_ / "site.yaml", error)) files.push_back("site.yaml");
  // Only the site's own folders are its business; tools and build trees
  // beside them are not read.
  for (const char* folder : {"content", "static", "themes"}) {
    fs::path top = root_ / folder;
    if (!fs::is_directory(top, error)) continue;
    bool is_static = std::string(folder) == "static";
    fs::recursive_directory_iterator it(top, fs::directory_options::skip_permission_denied, error);
    if (error) {
      diagnostics.Error({folder}, "cannot read the folder: " + error.message(), "site-unreadable");
      continue;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (error) {
        diagnostics.Error({folder}, "cannot read a folder of the site: " + error.message(), "site-unreadable");
        break;
      }
      const fs::path& path = it->path();
      std::string name = path.filename().string();
      bool excluded =
          std::any_of(excluded_.begin(), excluded_.end(), [&](const fs::path& out) { return IsInside(path, out); });
      // Hidden files are editor and version-control litter, except under
      // static/, where a site may publish .well-known/ on purpose.
      bool hidden = name.front() == '.' && (!is_static || name == ".git" || name == ".DS_Store");
      if (excluded || hidden) {
        if (it->is_directory(error) && !it->is_symlink(error)) it.disable_recursion_pending();
        continue;
      }
      std::string relative = Relative(path, root_);
      if (it->is_symlink(error)) {
        fs::path target = fs::weakly_canonical(path, error);
        if (error || !IsInside(target, root_)) {
          diagnostics.Error({relative}, "symbolic link points outside the site folder; it is ignored",
                            "path-outside-site");
          error.clear();
          continue;
        }
        if (fs::is_directory(target, error)) {
          diagnostics.Warning({relative}, "symbolic link to a folder is not followed; move the folder instead",
                              "symlink-folder");
          continue;
        }
      }
      if (fs::is_regular_file(path, error)) files.push_back(relative);
      error.clear();
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool SiteFiles::ReadInChunks(std::string_view relative_path, const std::function<bool(std::string_view)>& chunk,
                             std::string& error) const {
  auto contents = ReadFile(relative_path, &error);
  if (!contents) return false;
  chunk(*contents);
  return true;
}

namespace {

constexpr size_t kChunkBytes = 1 << 20;

}  // namespace

// Opens only regular files (a FIFO or device would block or never end),
// without following a last symbolic link that leaves the site, and reads
// exactly the size the file had when it was opened: a shorter read is an
// error, never a truncated copy.
bool DiskSiteFiles::ReadInChunks(std::string_view relative_path, const std::function<bool(std::string_view)>& chunk,
                                 std::string& error) const {
  if (!IsSafeRelativePath(relative_path)) {
    error = "the path leaves the site folder";
    return false;
  }
  fs::path path = root_ / fs::path(std::string(relative_path));
  std::error_code fs_error;
  fs::path target = fs::weakly_canonical(path, fs_error);
  if (fs_error || !IsInside(target, root_)) {
    error = fs_error ? fs_error.message() : "the file is outside the site folder";
    return false;
  }
  UniqueFd file(::open(target.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (file.get() < 0) {
    error = std::strerror(errno);
    return false;
  }
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) {
    error = std::strerror(errno);
    return false;
  }
  if (!S_ISREG(info.st_mode)) {
    error = "it is not a regular file (a pipe, device or socket is never read)";
    return false;
  }
  std::string buffer(std::min<size_t>(kChunkBytes, static_cast<size_t>(info.st_size) + 1), '\0');
  uint64_t total = 0;
  while (true) {
    ssize_t got = ::read(file.get(), buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      return false;
    }
    if (got == 0) break;
    total += static_cast<uint64_t>(got);
    if (!chunk(std::string_view(buffer.data(), static_cast<size_t>(got)))) return true;
  }
  if (total != static_cast<uint64_t>(info.st_size)) {
    error = "the file changed size while it was read (" + std::to_string(total) + " of " +
            std::to_string(info.st_size) + " bytes)";
    return false;
  }
  return true;
}

std::optional<std::string> DiskSiteFiles::ReadFile(std::string_view relative_path, std::string* error_out) const {
  std::string contents;
  std::string error;
  bool ok = false;
  try {
    ok = ReadInChunks(
        relative_path,
        [&](std::string_view piece) {
          contents.append(piece);
          return true;
        },
        error);
  } catch (const std::bad_alloc&) {
    error = "the file is too large to read into memory";
  }
  if (!ok) {
    if (error_out != nullptr) *error_out = error;
    return std::nullopt;
  }
  return contents;
}

std::vector<std::string> MemorySiteFiles::ListFiles(Diagnostics&) const {
  std::vector<std::string> names;
  for (const auto& [name, contents] : files_) names.push_back(name);
  return names;
}

std::optional<std::string> MemorySiteFiles::ReadFile(std::string_view relative_path, std::string* error) const {
  auto it = files_.find(relative_path);
  if (it == files_.end()) {
    if (error != nullptr) *error = "no such file";
    return std::nullopt;
  }
  return it->second;
}

}  // namespace publish
