// Every channel built into memory for the preview server, again on each
// save: incrementally (libpublish/pipeline/incremental_build.h), so an edit
// redoes only what it touches.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "channels/registry.h"
#include "libpublish/base/date.h"
#include "libpublish/base/diagnostics.h"
#include "libpublish/base/site_files.h"
#include "libpublish/pipeline/incremental_build.h"
#include "libpublish/pipeline/pipeline.h"

namespace publish::cli {

// Output paths below the output folder ("public/bins/index.html") -> bytes.
using PreviewFiles = std::map<std::string, std::string, std::less<>>;

// Where the preview serves the HTML channels beside the public site; the
// channels' root-relative addresses are made to start there.
inline constexpr const char* kIntranetPath = "/intranet/";
inline constexpr const char* kKioskPath = "/kiosk/";

struct PreviewSettings {
  std::filesystem::path site;
  int jobs = 1;
  bool strict = false;
  ChannelOptions options;  // the serve paths are set by PreviewBuilder
};

struct PreviewBuild {
  Outcome outcome = Outcome::kSuccess;
  Diagnostics diagnostics;
  PreviewFiles files;  // empty unless the build succeeded
  // Output path -> the page file it was rendered from (what the pages
  // wrote; listings, assets and the like are no page's).
  std::map<std::string, std::string> page_sources;
  size_t pages = 0;
  double seconds = 0;
};

class PreviewBuilder {
 public:
  // nullptr with `error` set when the channels or "today" cannot be made.
  static std::unique_ptr<PreviewBuilder> Create(PreviewSettings settings, std::string& error);
  // Brings every channel of the site up to date in memory, redoing what
  // changed since the last Build. `changed_paths` (site-relative, from the
  // watcher) may be nullptr: then every file is compared. `cancel` (a
  // signal) stops it with Outcome::kCancelled. One Build at a time.
  PreviewBuild Build(const std::atomic<bool>* cancel, const std::vector<std::string>* changed_paths = nullptr);

 private:
  PreviewBuilder() = default;
  PreviewSettings settings_;
  std::vector<std::unique_ptr<Channel>> channels_;  // stateless across builds
  std::unique_ptr<DiskSiteFiles> files_;
  std::unique_ptr<IncrementalBuild> incremental_;  // made again when the day or `cancel` changes
  Date built_for_;
  const std::atomic<bool>* cancel_ = nullptr;
  // Output path -> page file, over every build so far (a rebuild reports
  // only the pages it rendered again).
  std::map<std::string, std::string> page_sources_;
  std::map<std::string, std::string> rendered_now_;
};

}  // namespace publish::cli
