// Watches a site folder with inotify: site.yaml, and content/, static/ and
// themes/ with every folder below them, folders made later included.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace publish::cli {

class SiteWatcher {
 public:
  // nullptr with `error` set when inotify cannot start.
  static std::unique_ptr<SiteWatcher> Open(const std::filesystem::path& site, std::string& error);
  ~SiteWatcher();  // closes the inotify descriptor (and so every watch)
  SiteWatcher(const SiteWatcher&) = delete;
  SiteWatcher& operator=(const SiteWatcher&) = delete;

  // Waits up to `timeout` for a change to the site. After the first, keeps
  // reading until `quiet` passes without another (an editor's save is
  // several events; a checkout is hundreds), so one rebuild covers them.
  // True when something changed.
  bool WaitForChange(std::chrono::milliseconds timeout, std::chrono::milliseconds quiet);
  // The site-relative paths (files and folders) changed since the last
  // call, for an incremental rebuild; false when events were lost (the
  // queue overflowed), so that every file must be compared.
  bool TakeChangedPaths(std::vector<std::string>& paths);

 private:
  SiteWatcher(std::filesystem::path site, int fd);
  void WatchTree(const std::filesystem::path& folder);
  bool WatchFolder(const std::filesystem::path& folder);
  // Reads what is waiting; true when any of it is a change to the site.
  bool ReadEvents();

  std::filesystem::path site_;
  int fd_ = -1;
  std::map<int, std::filesystem::path> folders_;  // watch descriptor -> folder
  std::set<std::string> changed_;                 // site-relative, since TakeChangedPaths
  bool lost_events_ = false;
};

}  // namespace publish::cli
