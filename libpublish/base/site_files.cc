#include "libpublish/base/site_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <system_error>
#include <utility>

#include "libpublish/base/check_ids.h"
#include "libpublish/base/paths.h"
#include "libpublish/base/text.h"
#include "libpublish/base/unique_fd.h"

namespace fs = std::filesystem;

namespace publish {
namespace {

constexpr std::array<std::string_view, 3> kTopFolders{"content", "static", "themes"};
// RFC 8615: the one hidden folder a site publishes on purpose.
constexpr std::string_view kWellKnown = "static/.well-known";

bool IsInside(const fs::path& child, const fs::path& parent) {
  auto mismatch = std::mismatch(parent.begin(), parent.end(), child.begin(), child.end());
  return mismatch.first == parent.end();
}

bool IsTopFolder(std::string_view name) {
  return std::find(kTopFolders.begin(), kTopFolders.end(), name) != kTopFolders.end();
}

// The code point of valid UTF-8 starting at `i`; moves `i` past it.
char32_t NextCodePoint(std::string_view text, size_t& i) {
  auto byte = [&](size_t at) { return static_cast<unsigned char>(text[at]); };
  unsigned char lead = byte(i);
  int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  char32_t c = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
  for (int k = 1; k < length && i + k < text.size(); ++k) c = (c << 6) | (byte(i + k) & 0x3F);
  i += static_cast<size_t>(length);
  return c;
}

// Any control character (a file name has no use for tab or newline) and
// what text.h forbids everywhere.
bool IsUnprintable(char32_t c) { return c < 0x20 || IsForbiddenCharacter(static_cast<int32_t>(c)); }

bool IsHiddenName(std::string_view name) { return !name.empty() && name.front() == '.'; }

std::string ErrnoText(int error) { return std::strerror(error); }

// What a non-regular, non-folder file is, for messages.
std::string KindOf(mode_t mode) {
  if (S_ISFIFO(mode)) return "a named pipe";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "not a regular file";
}

std::optional<fs::path> RealPath(const fs::path& path, int& error) {
  char buffer[PATH_MAX];
  if (::realpath(path.c_str(), buffer) == nullptr) {
    error = errno;
    return std::nullopt;
  }
  error = 0;
  return fs::path(buffer);
}

std::string LinkText(const fs::path& path) {
  char buffer[PATH_MAX];
  ssize_t length = ::readlink(path.c_str(), buffer, sizeof buffer);
  if (length < 0) return "?";
  return EscapedPath(std::string_view(buffer, static_cast<size_t>(length)));
}

std::string PathTooLong(size_t length) {
  return "the path is " + std::to_string(length) + " bytes long, more than the system allows (" +
         std::to_string(PATH_MAX - 1) + "), so the file is not used; shorten the names of its folders";
}

// The hidden or unusable name in `relative` (a path below a top-level
// folder `top`), or "" when every name may be published there.
std::string UnpublishableName(std::string_view top, std::string_view relative) {
  size_t start = 0;
  bool first = true;
  while (start <= relative.size()) {
    size_t end = relative.find('/', start);
    if (end == std::string_view::npos) end = relative.size();
    std::string_view name = relative.substr(start, end - start);
    bool well_known = first && top == "static" && name == ".well-known";
    if ((IsHiddenName(name) && !well_known) || !BadNameProblem(name).empty()) return std::string(name);
    first = false;
    start = end + 1;
  }
  return "";
}

}  // namespace

std::string BadNameProblem(std::string_view name) {
  size_t invalid = FindInvalidUtf8(name);
  if (invalid != std::string_view::npos) {
    return "is not valid UTF-8 (" + VisiblyEscaped(name.substr(invalid, 1)) + ")";
  }
  for (size_t i = 0; i < name.size();) {
    char32_t c = NextCodePoint(name, i);
    if (IsUnprintable(c)) {
      return std::string(c <= 0x9F ? "holds the control character " : "holds the non-character ") +
             CodePointName(static_cast<int32_t>(c));
    }
  }
  return "";
}

// A path for a message: diagnostics print one line whatever the bytes.
std::string EscapedPath(std::string_view path) { return VisiblyEscaped(path); }

std::vector<SiteFileEntry> SiteFiles::ListEntries(Diagnostics& diagnostics) const {
  std::vector<SiteFileEntry> entries;
  for (auto& path : ListFiles(diagnostics)) entries.push_back({std::move(path), ""});
  return entries;
}

struct DiskSiteFiles::TopFolder {
  bool present = false;
  fs::path real;        // the folder itself, every link resolved
  std::string problem;  // why it cannot be used; "" when it can
  const Check* check = nullptr;
};

DiskSiteFiles::DiskSiteFiles(fs::path root, std::vector<fs::path> excluded) {
  std::error_code error;
  root_ = fs::weakly_canonical(fs::absolute(root), error);
  if (error) root_ = fs::absolute(root);
  for (auto& path : excluded) {
    fs::path canonical = fs::weakly_canonical(fs::absolute(path), error);
    excluded_.push_back(error ? fs::absolute(path) : canonical);
  }
}

// A top-level folder that is a symbolic link is taken as the folder it
// names, within limits: never `/`, the site or a folder holding it (that
// would publish site.yaml, .env and everything else), a hidden folder of
// the site, the output, or a folder overlapping another top-level folder.
DiskSiteFiles::TopFolder DiskSiteFiles::ResolveTop(std::string_view name, bool check_overlap) const {
  TopFolder top;
  fs::path path = root_ / std::string(name);
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) {
    if (errno != ENOENT) {
      top.present = true;
      top.problem = "cannot read the folder: " + ErrnoText(errno);
      top.check = &checks::kSiteUnreadable;
    }
    return top;
  }
  top.present = true;
  top.check = &checks::kBadSymlink;
  bool is_link = S_ISLNK(info.st_mode);
  std::string shown = is_link ? std::string(name) + "/ is a symbolic link to '" + LinkText(path) + "', " : "";
  int error = 0;
  auto real = RealPath(path, error);
  if (!real) {
    top.problem = error == ENOENT  ? shown + "which does not exist; point it at a folder of the site's files"
                  : error == ELOOP ? shown + "which leads round in a loop; point it at a folder"
                                   : std::string(name) + "/ cannot be followed: " + ErrnoText(error);
    return top;
  }
  top.real = *real;
  struct stat target {};
  if (::stat(real->c_str(), &target) != 0 || !S_ISDIR(target.st_mode)) {
    top.problem = is_link ? shown + "which is not a folder; point it at a folder"
                          : std::string(name) + " must be a folder; replace the file with a folder";
    return top;
  }
  for (const auto& out : excluded_) {
    if (IsInside(*real, out)) {
      top.problem = shown + "which is inside the output folder; point it at the site's own files";
      return top;
    }
  }
  if (!is_link) return top;
  if (IsInside(root_, *real)) {
    top.problem = shown +
                  "a folder that holds the whole site, site.yaml and all; point it at a folder that holds only " +
                  "the files to publish";
    return top;
  }
  if (IsInside(*real, root_)) {
    std::string inside = real->lexically_relative(root_).generic_string();
    std::string hidden = UnpublishableName("", inside);
    if (!hidden.empty()) {
      top.problem = shown + "inside the hidden folder '" + EscapedPath(hidden) + "', which is never published";
      return top;
    }
  }
  for (std::string_view other : kTopFolders) {
    if (other == name || !check_overlap) continue;
    // One that is refused on its own (static -> /) overlaps nothing.
    TopFolder other_top = ResolveTop(other, false);
    if (!other_top.present || !other_top.problem.empty()) continue;
    const fs::path* other_real = &other_top.real;
    if (IsInside(*real, *other_real) || IsInside(*other_real, *real)) {
      top.problem = shown + "which overlaps " + std::string(other) +
                    "/; pages, static files and themes must be kept in separate folders";
      return top;
    }
  }
  return top;
}

namespace {

// One walk of content/, static/ or themes/, by real paths, never following
// a link to a folder (so it cannot loop) and never reading a file.
class Walk {
 public:
  Walk(const fs::path& root, const std::vector<fs::path>& excluded, std::string top, fs::path real_top,
       std::vector<SiteFileEntry>& out, Diagnostics& diagnostics)
      : root_(root),
        excluded_(excluded),
        top_(std::move(top)),
        real_top_(std::move(real_top)),
        out_(out),
        diagnostics_(diagnostics) {}

  void Run() {
    struct stat info {};
    if (::stat(real_top_.c_str(), &info) == 0) open_folders_.insert({info.st_dev, info.st_ino});
    Folder(top_, real_top_.string());
  }

 private:
  bool Excluded(const fs::path& real) const {
    return std::any_of(excluded_.begin(), excluded_.end(), [&](const fs::path& out) { return IsInside(real, out); });
  }

  void Folder(const std::string& relative, const std::string& real) {
    DIR* folder = ::opendir(real.c_str());
    if (folder == nullptr) {
      int error = errno;
      if (error == ENAMETOOLONG) {
        diagnostics_.Error({relative}, PathTooLong(real.size()), checks::kPathTooLong);
      } else {
        diagnostics_.Error({relative}, "cannot read the folder: " + ErrnoText(error), checks::kSiteUnreadable);
      }
      return;
    }
    // Names first, folder closed, then each name: one open folder at a time.
    std::vector<std::string> names;
    errno = 0;
    while (dirent* entry = ::readdir(folder)) {
      std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(std::move(name));
      errno = 0;
    }
    int read_error = errno;
    ::closedir(folder);
    if (read_error != 0) {
      diagnostics_.Error({relative}, "cannot read the folder: " + ErrnoText(read_error), checks::kSiteUnreadable);
    }
    std::sort(names.begin(), names.end());
    for (const auto& name : names) Entry(relative, real, name);
  }

  void Entry(const std::string& parent_relative, const std::string& parent_real, const std::string& name) {
    std::string relative = parent_relative + "/" + name;
    std::string real = parent_real + "/" + name;
    std::string shown = parent_relative + "/" + EscapedPath(name);
    if (Excluded(real)) return;
    size_t longest = std::max(real.size(), (root_ / relative).string().size());
    if (longest >= PATH_MAX || name.size() > NAME_MAX) {
      diagnostics_.Error({shown}, PathTooLong(longest), checks::kPathTooLong);
      return;
    }
    struct stat info {};
    if (::lstat(real.c_str(), &info) != 0) {
      int error = errno;
      if (error == ENOENT) return;  // removed while we looked
      if (error == ENAMETOOLONG) {
        diagnostics_.Error({shown}, PathTooLong(longest), checks::kPathTooLong);
      } else {
        diagnostics_.Error({shown}, "cannot read the file: " + ErrnoText(error), checks::kSiteUnreadable);
      }
      return;
    }
    bool is_folder = S_ISDIR(info.st_mode);
    std::string what = is_folder ? "folder" : "file";
    std::string problem = BadNameProblem(name);
    if (!problem.empty()) {
      diagnostics_.Error({shown},
                         "the " + what + " name " + problem + ", so the " + what +
                             (is_folder ? " and everything in it are" : " is") +
                             " not used; rename it with printable UTF-8 characters",
                         checks::kBadFileName);
      return;
    }
    if (IsHiddenName(name) && relative != kWellKnown) {
      std::string hint = name == ".well-known" ? " (a site publishes .well-known/ from static/.well-known/)" : "";
      diagnostics_.Warning({relative},
                           is_folder ? "hidden folder is never published and nothing in it is read" + hint +
                                           "; remove it from " + top_ + "/"
                                     : "hidden file is never published; remove it from " + top_ + "/",
                           checks::kHiddenFile);
      return;
    }
    if (is_folder) {
      auto [it, inserted] = open_folders_.insert({info.st_dev, info.st_ino});
      if (!inserted) {
        diagnostics_.Error({relative}, "the folder leads back to one that holds it, so it is not walked again",
                           checks::kSiteUnreadable);
        return;
      }
      Folder(relative, real);
      open_folders_.erase(it);
    } else if (S_ISREG(info.st_mode)) {
      out_.push_back({relative, ""});
    } else if (S_ISLNK(info.st_mode)) {
      Link(relative, real);
    } else {
      diagnostics_.Error({relative},
                         "this is " + KindOf(info.st_mode) +
                             ", not a regular file, so it is never read or published; replace it with a regular file",
                         checks::kSpecialFile);
    }
  }

  void Link(const std::string& relative, const std::string& real) {
    std::string points = "symbolic link points to '" + LinkText(real) + "'";
    auto refuse = [&](const std::string& why, const Check& check_id) {
      diagnostics_.Error({relative}, points + ", " + why, check_id);
    };
    int error = 0;
    auto target = RealPath(real, error);
    if (!target) {
      if (error == ENAMETOOLONG) {
        refuse("a path longer than the system allows; it is not used", checks::kPathTooLong);
      } else if (error == ENOENT) {
        refuse("which does not exist; fix or remove the link", checks::kBadSymlink);
      } else if (error == ELOOP) {
        refuse("which leads round in a loop; fix or remove the link", checks::kBadSymlink);
      } else {
        refuse("which cannot be followed (" + ErrnoText(error) + "); fix or remove the link", checks::kBadSymlink);
      }
      return;
    }
    if (!IsInside(*target, real_top_)) {
      if (!IsInside(*target, root_)) {
        refuse("outside the site folder; it is not published: copy the file into " + top_ + "/ instead",
               checks::kPathOutsideSite);
      } else {
        refuse("which is not under " + top_ + "/; a link there may only point to a file under " + top_ +
                   "/, so it is not published: copy the file instead",
               checks::kBadSymlink);
      }
      return;
    }
    if (Excluded(*target)) {
      refuse("inside the output folder; it is not published", checks::kBadSymlink);
      return;
    }
    std::string inside = target->lexically_relative(real_top_).generic_string();
    std::string hidden = UnpublishableName(top_, inside);
    if (!hidden.empty()) {
      refuse("a file under the hidden or unusable name '" + EscapedPath(hidden) + "', which is never published",
             checks::kBadSymlink);
      return;
    }
    struct stat info {};
    if (::stat(target->c_str(), &info) != 0) {
      refuse("which cannot be read (" + ErrnoText(errno) + ")", checks::kBadSymlink);
      return;
    }
    if (S_ISDIR(info.st_mode)) {
      diagnostics_.Warning({relative},
                           points + ", a folder; links to folders are not followed, so move the folder here",
                           checks::kSymlinkFolder);
      return;
    }
    if (!S_ISREG(info.st_mode)) {
      refuse("which is " + KindOf(info.st_mode) + ", not a regular file, so it is never read or published",
             checks::kSpecialFile);
      return;
    }
    bool link_is_page = Extension(relative) == ".md";
    bool target_is_page = Extension(inside) == ".md";
    if (top_ == "content" && link_is_page != target_is_page) {
      refuse(target_is_page ? "a page's source; link to the page with a Markdown link instead of copying it"
                            : "which is not a page; a page must be a Markdown file",
             checks::kBadSymlink);
      return;
    }
    out_.push_back({relative, top_ + "/" + inside});
  }

  const fs::path& root_;
  const std::vector<fs::path>& excluded_;
  std::string top_;
  fs::path real_top_;
  std::vector<SiteFileEntry>& out_;
  Diagnostics& diagnostics_;
  std::set<std::pair<dev_t, ino_t>> open_folders_;
};

}  // namespace

std::vector<SiteFileEntry> DiskSiteFiles::ListEntries(Diagnostics& diagnostics) const {
  std::vector<SiteFileEntry> files;
  // site.yaml is read (and any problem with it reported) by the config loader.
  struct stat info {};
  if (::stat((root_ / "site.yaml").c_str(), &info) == 0 && S_ISREG(info.st_mode)) files.push_back({"site.yaml", ""});
  // Only the site's own folders are its business; tools and build trees
  // beside them are not read.
  for (std::string_view name : kTopFolders) {
    TopFolder top = ResolveTop(name);
    if (!top.present) continue;
    if (!top.problem.empty()) {
      diagnostics.Error({std::string(name)}, top.problem, *top.check);
      continue;
    }
    Walk(root_, excluded_, std::string(name), top.real, files, diagnostics).Run();
  }
  std::sort(files.begin(), files.end(), [](const SiteFileEntry& a, const SiteFileEntry& b) { return a.path < b.path; });
  return files;
}

std::vector<std::string> DiskSiteFiles::ListFiles(Diagnostics& diagnostics) const {
  std::vector<std::string> names;
  for (auto& entry : ListEntries(diagnostics)) names.push_back(std::move(entry.path));
  return names;
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
// never through a symbolic link that leaves the top-level folder it is
// under (or the site, for site.yaml), and reads exactly the size the file
// had when it was opened: a shorter read is an error, never a truncated
// copy.
bool DiskSiteFiles::ReadInChunks(std::string_view relative_path, const std::function<bool(std::string_view)>& chunk,
                                 std::string& error) const {
  if (!IsSafeRelativePath(relative_path)) {
    error = "the path leaves the site folder";
    return false;
  }
  fs::path allowed = root_;
  std::string_view first = relative_path.substr(0, relative_path.find('/'));
  if (first.size() < relative_path.size() && IsTopFolder(first)) {
    TopFolder top = ResolveTop(first);
    if (!top.problem.empty() || !top.present) {
      error = top.present ? top.problem : "no such file";
      return false;
    }
    allowed = top.real;
  }
  fs::path path = root_ / fs::path(std::string(relative_path));
  std::error_code fs_error;
  fs::path target = fs::weakly_canonical(path, fs_error);
  if (fs_error || !IsInside(target, allowed)) {
    error = fs_error ? fs_error.message() : "the file is outside the folder it is listed in";
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

// The same name rules as the disk walk, so a site in memory lists what the
// same site on disk would.
std::vector<SiteFileEntry> MemorySiteFiles::ListEntries(Diagnostics& diagnostics) const {
  std::vector<SiteFileEntry> entries;
  std::set<std::string> reported;
  auto usable = [&](const std::string& path) {
    std::string_view top = std::string_view(path).substr(0, path.find('/'));
    if (top.size() == path.size() || !IsTopFolder(top)) return true;
    std::string inside = path.substr(top.size() + 1);
    std::string name = UnpublishableName(top, inside);
    if (name.empty()) return true;
    // The first unusable name, and the path up to it.
    size_t at = 0;
    for (size_t start = 0;; start = at + 1) {
      at = inside.find('/', start);
      if (inside.compare(start, (at == std::string::npos ? inside.size() : at) - start, name) == 0 ||
          at == std::string::npos) {
        break;
      }
    }
    bool is_folder = at != std::string::npos;
    std::string prefix = std::string(top) + "/" + inside.substr(0, at);
    if (!reported.insert(prefix).second) return false;
    std::string problem = BadNameProblem(name);
    std::string what = is_folder ? "folder" : "file";
    if (!problem.empty()) {
      diagnostics.Error({EscapedPath(prefix)},
                        "the " + what + " name " + problem + ", so the " + what +
                            (is_folder ? " and everything in it are" : " is") +
                            " not used; rename it with printable UTF-8 characters",
                        checks::kBadFileName);
    } else {
      diagnostics.Warning({prefix},
                          is_folder ? "hidden folder is never published and nothing in it is read; remove it from " +
                                          std::string(top) + "/"
                                    : "hidden file is never published; remove it from " + std::string(top) + "/",
                          checks::kHiddenFile);
    }
    return false;
  };
  for (const auto& [name, contents] : files_) {
    if (usable(name)) entries.push_back({name, ""});
  }
  for (const auto& [name, target] : links_) {
    if (!usable(name)) continue;
    std::string top = name.substr(0, name.find('/') + 1);
    bool same_kind = (Extension(name) == ".md") == (Extension(target) == ".md");
    if (files_.count(target) == 0 || target.rfind(top, 0) != 0 || !usable(target) || !same_kind) {
      diagnostics.Error({name},
                        "symbolic link points to '" + EscapedPath(target) +
                            "', which is not a file it may "
                            "point to; it is not published",
                        checks::kBadSymlink);
      continue;
    }
    entries.push_back({name, target});
  }
  std::sort(entries.begin(), entries.end(),
            [](const SiteFileEntry& a, const SiteFileEntry& b) { return a.path < b.path; });
  return entries;
}

std::vector<std::string> MemorySiteFiles::ListFiles(Diagnostics& diagnostics) const {
  std::vector<std::string> names;
  for (auto& entry : ListEntries(diagnostics)) names.push_back(std::move(entry.path));
  return names;
}

std::optional<std::string> MemorySiteFiles::ReadFile(std::string_view relative_path, std::string* error) const {
  if (auto link = links_.find(relative_path); link != links_.end()) relative_path = link->second;
  auto it = files_.find(relative_path);
  if (it == files_.end()) {
    if (error != nullptr) *error = "no such file";
    return std::nullopt;
  }
  return it->second;
}

}  // namespace publish
