// Incremental rebuilds (publish serve): keeps what the last rebuild loaded,
// checked and rendered, and redoes only what an edit touches. The output
// and the diagnostics are exactly those of a clean BuildSite into a
// MemoryOutput over the same files (tests/incremental_build_test.cc).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "libpublish/base/diagnostics.h"
#include "libpublish/base/site_files.h"
#include "libpublish/channel/channel.h"
#include "libpublish/content/site.h"
#include "libpublish/pipeline/pipeline.h"

namespace publish {

struct RebuildResult {
  Outcome outcome = Outcome::kSuccess;
  // Output paths ("public/bins/index.html") written with new bytes, and
  // those no longer written; sorted, and empty unless the rebuild
  // succeeded (files() then still hold the last good output).
  std::vector<std::string> changed;
  std::vector<std::string> removed;
  // What the rebuild redid, for the curious and the benchmark.
  size_t pages_parsed = 0;    // page files read and parsed afresh
  size_t pages_resolved = 0;  // pages whose links were resolved afresh
  size_t pages_checked = 0;   // pages whose content checks ran afresh
  size_t pages_rendered = 0;  // (page, channel) pairs rendered afresh
  bool everything = false;    // the first rebuild, or site.yaml or a theme changed
  // Milliseconds spent in each step, in order ("load", "links"...).
  std::vector<std::pair<std::string, double>> timings;
};

// One site, built again and again as it is edited. Not thread-safe: one
// Rebuild at a time; files() and site() are stable until the next Rebuild.
//
// What is redone, per rebuild:
// - a page file is parsed again only when its bytes changed (SHA-256);
// - a page's links are resolved again when its bytes changed, or when
//   anything a link may lead to changed (files, pages' addresses,
//   channels, drafts, headings); every verdict is the full build's;
// - the output path check runs again when the files or the pages'
//   addresses, aliases or channels changed;
// - a page's content checks run again only when the page or the targets
//   of its links changed; the site-wide checks always run;
// - a (page, channel) pair is rendered again when its signature changed:
//   the page's own bytes, and the "public face" (title, summary, address,
//   dates, visibility, channels, service details...) of every page its
//   output reads: its ancestors (breadcrumbs), children (listings),
//   related pages and link targets, and the pages every page reads (home,
//   help and accessibility pages, pages taking a generated page's URL);
// - the site-wide files (A to Z, sitemap, redirects, editorial pages,
//   theme assets) are made again every time, and kept only when their
//   bytes differ;
// - site.yaml or any file under themes/ changing starts afresh.
class IncrementalBuild {
 public:
  // `files` and `channels` must outlive the build.
  IncrementalBuild(const SiteFiles& files, std::vector<Channel*> channels, BuildOptions options);
  ~IncrementalBuild();
  IncrementalBuild(const IncrementalBuild&) = delete;
  IncrementalBuild& operator=(const IncrementalBuild&) = delete;

  // Brings files() up to date with the site. `changed_paths` are the
  // site-relative paths ("content/bins/_index.md", a folder, a deleted
  // file) a watcher saw change since the last Rebuild; nullptr when that
  // is not known (the first rebuild, a watcher that overflowed): then
  // every file is listed, read and compared.
  RebuildResult Rebuild(Diagnostics& diagnostics, const std::vector<std::string>* changed_paths = nullptr);

  // The last good output, as BuildSite writes it into a MemoryOutput:
  // "<channel>/<path>" -> bytes.
  const std::map<std::string, std::string, std::less<>>& files() const { return output_; }
  // The site as the last rebuild loaded it (for overlays), or nullptr.
  const Site* site() const { return site_.get(); }

 private:
  struct State;
  RebuildResult RebuildSite(Diagnostics& diagnostics, const std::vector<std::string>* changed_paths);

  const SiteFiles& files_;
  std::vector<Channel*> channels_;
  BuildOptions options_;
  std::unique_ptr<State> state_;
  void FinishDiscarding();

  std::unique_ptr<Site> site_;
  std::unique_ptr<Site> retired_;  // the last site, once its pages are taken back
  std::thread discarding_;         // frees it after the rebuild, off the editor's wait
  std::map<std::string, std::string, std::less<>> output_;
};

}  // namespace publish
