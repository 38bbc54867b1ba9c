// One build of every channel into memory for the preview server: the one
// function an incremental rebuild will take the place of.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "channels/registry.h"
#include "libpublish/base/diagnostics.h"
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
  // Builds every channel of the site from disk into memory. `cancel` (a
  // signal) stops it with Outcome::kCancelled.
  PreviewBuild Build(const std::atomic<bool>* cancel) const;

 private:
  PreviewBuilder() = default;
  PreviewSettings settings_;
  std::vector<std::unique_ptr<Channel>> channels_;  // stateless across builds
};

}  // namespace publish::cli
