#include "cli/serve/site_watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace publish::cli {
namespace {

constexpr const char* kWatchedFolders[] = {"content", "static", "themes"};
constexpr uint32_t kFolderEvents = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CLOSE_WRITE | IN_MODIFY |
                                   IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;

// Names the site never reads (hidden files, editors' backups) change nothing.
bool Ignored(std::string_view name) { return !name.empty() && (name.front() == '.' || name.back() == '~'); }

bool IsWatchedTop(std::string_view name) {
  for (const char* top : kWatchedFolders) {
    if (name == top) return true;
  }
  return false;
}

}  // namespace

std::unique_ptr<SiteWatcher> SiteWatcher::Open(const std::filesystem::path& site, std::string& error) {
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) {
    error = std::string("cannot watch the site for changes: ") + std::strerror(errno);
    return nullptr;
  }
  std::unique_ptr<SiteWatcher> watcher(new SiteWatcher(site, fd));
  if (!watcher->WatchFolder(site)) {
    error = "cannot watch " + site.string() + " for changes: " + std::strerror(errno);
    return nullptr;
  }
  for (const char* top : kWatchedFolders) watcher->WatchTree(site / top);
  return watcher;
}

SiteWatcher::SiteWatcher(std::filesystem::path site, int fd) : site_(std::move(site)), fd_(fd) {}

SiteWatcher::~SiteWatcher() {
  if (fd_ >= 0) ::close(fd_);
}

bool SiteWatcher::WatchFolder(const std::filesystem::path& folder) {
  int wd = inotify_add_watch(fd_, folder.c_str(), kFolderEvents | IN_ONLYDIR);
  if (wd < 0) return false;
  folders_[wd] = folder;
  return true;
}

// A folder and every folder below it. inotify follows a symbolic link
// given as the folder itself (content/ may be one), as the site does.
void SiteWatcher::WatchTree(const std::filesystem::path& folder) {
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error) || !WatchFolder(folder)) return;
  for (auto it = std::filesystem::recursive_directory_iterator(folder, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (Ignored(it->path().filename().string())) {
      if (it->is_directory(error)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory(error) && !it->is_symlink(error)) WatchFolder(it->path());
  }
}

bool SiteWatcher::ReadEvents() {
  alignas(inotify_event) std::array<char, 64 * 1024> buffer;
  bool changed = false;
  for (;;) {
    ssize_t length = ::read(fd_, buffer.data(), buffer.size());
    if (length <= 0) return changed;  // EAGAIN: nothing more for now
    for (ssize_t at = 0; at < length;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      if (event->mask & IN_Q_OVERFLOW) {  // events lost: rebuild anyway, comparing everything
        changed = true;
        lost_events_ = true;
        continue;
      }
      auto folder = folders_.find(event->wd);
      if (folder == folders_.end()) continue;
      if (event->mask & IN_IGNORED) {  // the folder went
        folders_.erase(folder);
        continue;
      }
      std::string name = event->len > 0 ? std::string(event->name) : std::string();
      if (Ignored(name)) continue;
      bool at_root = folder->second == site_;
      if (at_root && !name.empty() && name != "site.yaml" && !IsWatchedTop(name)) continue;
      changed = true;
      std::filesystem::path path = (name.empty() ? folder->second : folder->second / name).lexically_relative(site_);
      if (path.empty() || path == ".") {
        lost_events_ = true;  // the site folder itself: compare everything
      } else {
        changed_.insert(path.generic_string());
      }
      if ((event->mask & IN_ISDIR) && (event->mask & (IN_CREATE | IN_MOVED_TO))) {
        WatchTree(folder->second / name);  // a new folder, and what was moved in with it
      }
    }
  }
}

bool SiteWatcher::TakeChangedPaths(std::vector<std::string>& paths) {
  paths.assign(changed_.begin(), changed_.end());
  changed_.clear();
  bool complete = !lost_events_;
  lost_events_ = false;
  return complete;
}

bool SiteWatcher::WaitForChange(std::chrono::milliseconds timeout, std::chrono::milliseconds quiet) {
  pollfd waiting{fd_, POLLIN, 0};
  if (::poll(&waiting, 1, static_cast<int>(timeout.count())) <= 0) return false;
  if (!ReadEvents()) return false;
  // Debounce: more events within `quiet` join this change, for up to a
  // second, so a stream of changes still rebuilds now and then.
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (std::chrono::steady_clock::now() < until && ::poll(&waiting, 1, static_cast<int>(quiet.count())) > 0) {
    ReadEvents();
  }
  return true;
}

}  // namespace publish::cli
