// The pipeline: load, resolve links, check, render every (page, channel)
// pair in parallel, and write output only when the build has no errors.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "libpublish/base/date.h"
#include "libpublish/base/diagnostics.h"
#include "libpublish/base/output.h"
#include "libpublish/base/site_files.h"
#include "libpublish/channel/channel.h"
#include "libpublish/content/site.h"

namespace publish {

struct BuildOptions {
  // Every channel a page may name in `channels:`, built or not (the
  // registry's list); the channels being built are added when missing.
  std::vector<ChannelInfo> known_channels;
  Date today;  // "today" for review dates
  int jobs = 1;
  bool strict = false;          // warnings count as errors
  bool include_drafts = false;  // render `draft: true` pages (--drafts; serve shows them)
  // Called for every page each channel renders, once its files are written,
  // from the rendering threads one at a time (the build serialises the
  // calls), in no set order. The record's contents are dropped after it.
  std::function<void(const ChannelInfo& channel, const RenderedPage& page)> on_rendered;
  // Called now and then from the rendering threads with pages done so far.
  std::function<void(size_t done, size_t total)> progress;
  // When set and true, the build stops at the next page and writes nothing
  // (a CLI sets it from SIGINT/SIGTERM). Only read, from any thread.
  const std::atomic<bool>* cancel = nullptr;
};

enum class Outcome {
  kSuccess,           // exit 0
  kContentErrors,     // exit 1
  kEnvironmentError,  // exit 2: no site, unwritable output
  kCancelled,         // exit 2: BuildOptions::cancel was set; nothing written
};

struct BuildResult {
  Outcome outcome = Outcome::kSuccess;
  std::map<std::string, size_t> pages_per_channel;
  size_t files_written = 0;
};

// How the pipeline asks for the site to be loaded: the known channels (the
// ones being built added), today, jobs, the themes' reserved ids.
SiteLoadOptions LoadOptionsFor(const BuildOptions& options, const std::vector<Channel*>& building);

// A static/ file or content asset and the paths it is copied to below the
// output folder ("public/bins/map.png"), one per channel that takes it.
struct AssetCopy {
  std::string source;  // site-relative
  std::vector<std::string> targets;
};
// Every asset of the site and where it goes, in site order.
std::vector<AssetCopy> AssetCopies(const Site& site, const std::vector<Channel*>& channels);

// Loads, resolves and checks a site without rendering (publish check).
// `building` are the channels that will render it, if any.
std::unique_ptr<Site> LoadCheckedSite(const SiteFiles& files, const BuildOptions& options, Diagnostics& diagnostics,
                                      Outcome& outcome, const std::vector<Channel*>& building = {});

// Renders a loaded, checked site into `sink`.
BuildResult RenderSite(const Site& site, const SiteFiles& files, const std::vector<Channel*>& channels,
                       const BuildOptions& options, OutputSink& sink, Diagnostics& diagnostics);

// Loads, checks and renders into `sink`; the caller decides whether to keep the output (a
// StagedDiskOutput is committed only on success).
BuildResult BuildSite(const SiteFiles& files, const std::vector<Channel*>& channels, const BuildOptions& options,
                      OutputSink& sink, Diagnostics& diagnostics);

// Builds `site_dir` into `out_dir`/<channel>/, staging the output and
// swapping it in only when the build has no errors (see StagedDiskOutput).
// Refuses, touching nothing, an output folder that is or holds the site,
// lies where the site is read from (content/, static/, themes/), or holds
// files the tool did not write.
BuildResult BuildSiteToFolder(const std::filesystem::path& site_dir, const std::filesystem::path& out_dir,
                              const std::vector<Channel*>& channels, const BuildOptions& options,
                              Diagnostics& diagnostics);

}  // namespace publish
