#include "libpublish/base/site_files.h"


#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "libpublish/base/paths.h"

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

std::optional<std::string> DiskSiteFiles::ReadFile(std::string_view relative_path) const {
  if (!IsSafeRelativePath(relative_path)) return std::nullopt;
  fs::path path = root_ / fs::path(std::string(relative_path));
  std::error_code error;
  fs::path target = fs::weakly_canonical(path, error);
  if (error || !IsInside(target, root_)) return std::nullopt;
  std::ifstream in(target, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

std::vector<std::string> MemorySiteFiles::ListFiles(Diagnostics&) const {
  std::vector<std::string> names;
  for (const auto& [name, contents] : files_) names.push_back(name);
  return names;
}

std::optional<std::string> MemorySiteFiles::ReadFile(std::string_view relative_path) const {
  auto it = files_.find(relative_path);
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

}  // namespace publish
