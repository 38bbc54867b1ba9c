// What the preview server serves, swapped whole after each build: the
// output of the last good build, the errors of the latest one (by the page
// they concern), and a count of builds that tells browsers to reload.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cli/serve/preview_build.h"
#include "libpublish/base/diagnostics.h"

namespace publish::cli {

struct SiteState {
  uint64_t generation = 0;                                                 // builds published so far
  std::shared_ptr<const PreviewFiles> files;                               // the last good output; null before one
  std::shared_ptr<const std::map<std::string, std::string>> page_sources;  // of `files`
  bool latest_failed = false;                                              // the errors below kept the output back
  // The latest build's errors, by the page URL path ("bins/collection-days/",
  // "" for the home page) of the page file they are in...
  std::map<std::string, std::vector<Diagnostic>> page_errors;
  // ...and those of files that are no page being served (site.yaml, themes,
  // a page not yet built): shown on every page.
  std::vector<Diagnostic> site_errors;

  // The errors a page at `url_path` shows: its own, then the site's.
  std::vector<Diagnostic> ErrorsFor(const std::string& url_path) const;
  size_t ErrorCount() const;
};

// The URL path of the page a source file is ("content/bins/_index.md" ->
// "bins/"), or nullopt for a file that is no page.
std::optional<std::string> PageUrlPathOf(const std::string& source_path);

class LiveSite {
 public:
  // `site` is where page files are looked for after a failed build.
  explicit LiveSite(std::filesystem::path site) : site_(std::move(site)) {}
  std::shared_ptr<const SiteState> Current() const;
  // Publishes a build: a successful one's files replace the served ones, a
  // failed one's errors show over the last good output. Only then are the
  // waiting streams woken, so a reload never arrives before its output.
  void Publish(PreviewBuild build);
  // Waits until a build after `seen` is published (returns its
  // generation), `timeout` passes (returns `seen`), or Close (nullopt).
  std::optional<uint64_t> WaitForBuild(uint64_t seen, std::chrono::milliseconds timeout) const;
  // Ends every stream (the server is stopping).
  void Close();

  // Event streams open at once are limited: each holds a server thread.
  bool OpenStream();
  void CloseStream();

 private:
  static constexpr int kMaxStreams = 24;
  void DropDeletedPages(SiteState& state) const;

  std::filesystem::path site_;
  mutable std::mutex mutex_;
  mutable std::condition_variable published_;
  std::shared_ptr<const SiteState> state_ = std::make_shared<SiteState>();
  bool closed_ = false;
  int streams_ = 0;
};

}  // namespace publish::cli
