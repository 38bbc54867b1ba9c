#include "libpublish/pipeline/pipeline.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>

#include "libpublish/base/check_ids.h"
#include "libpublish/base/parallel.h"
#include "libpublish/base/paths.h"
#include "libpublish/checks/content_checks.h"
#include "libpublish/links/link_resolver.h"
#include "libpublish/template/template.h"

namespace publish {

SiteLoadOptions LoadOptionsFor(const BuildOptions& options, const std::vector<Channel*>& building) {
  SiteLoadOptions load_options;
  load_options.channels = options.known_channels;
  for (const Channel* channel : building) {
    bool known = std::any_of(load_options.channels.begin(), load_options.channels.end(),
                             [&](const ChannelInfo& info) { return info.name == channel->Name(); });
    if (!known) load_options.channels.push_back(channel->Info());
  }
  load_options.today = options.today;
  load_options.jobs = options.jobs;
  load_options.include_drafts = options.include_drafts;
  load_options.reserved_ids = BuiltinThemeIds();
  return load_options;
}

std::unique_ptr<Site> LoadCheckedSite(const SiteFiles& files, const BuildOptions& options, Diagnostics& diagnostics,
                                      Outcome& outcome, const std::vector<Channel*>& building) {
  outcome = Outcome::kSuccess;
  SiteLoadOptions load_options = LoadOptionsFor(options, building);
  bool environment_error = false;
  auto site = LoadSite(files, load_options, diagnostics, &environment_error);
  if (!site) {
    outcome = environment_error ? Outcome::kEnvironmentError : Outcome::kContentErrors;
    return nullptr;
  }
  if (options.cancel != nullptr && *options.cancel) {
    outcome = Outcome::kCancelled;
    return nullptr;
  }
  ResolveLinks(*site, diagnostics, options.jobs);
  CheckOutputPaths(*site, diagnostics);
  CheckSite(*site, diagnostics, options.jobs);
  if (options.strict) diagnostics.PromoteWarnings();
  if (diagnostics.HasErrors()) outcome = Outcome::kContentErrors;
  return site;
}

namespace {

// static/ files and content assets: each read once and written to every
// channel that takes assets.
bool CopyAssets(const Site& site, const SiteFiles& files, const std::vector<Channel*>& channels,
                const BuildOptions& options, OutputSink& sink, Diagnostics& diagnostics, std::atomic<size_t>& written) {
  std::vector<AssetCopy> assets = AssetCopies(site, channels);
  std::atomic<bool> failed{false};
  ParallelFor(assets.size(), options.jobs, [&](size_t i) {
    if (failed) return;
    const AssetCopy& asset = assets[i];
    if (asset.targets.empty()) return;
    if (!sink.Copy(asset.targets, files, asset.source, diagnostics)) {
      failed = true;
      return;
    }
    written += asset.targets.size();
  });
  return !failed;
}

}  // namespace

std::vector<AssetCopy> AssetCopies(const Site& site, const std::vector<Channel*>& channels) {
  std::vector<AssetCopy> assets;
  for (const auto& path : site.files) {
    std::string target;
    if (path.rfind("static/", 0) == 0) {
      target = path.substr(7);
    } else if (path.rfind("content/", 0) == 0 && Extension(path) != ".md") {
      target = path.substr(8);
    } else {
      continue;
    }
    AssetCopy copy{path, {}};
    // Files of internal sections reach staff channels only (Site::IsInternalAsset).
    bool internal = path.rfind("content/", 0) == 0 && site.IsInternalAsset(target);
    for (Channel* channel : channels) {
      if (channel->Info().takes_assets && (!internal || channel->Info().audience == Audience::kStaff)) {
        copy.targets.push_back(channel->Name() + "/" + target);
      }
    }
    assets.push_back(std::move(copy));
  }
  return assets;
}

BuildResult RenderSite(const Site& site, const SiteFiles& files, const std::vector<Channel*>& channels,
                       const BuildOptions& options, OutputSink& sink, Diagnostics& diagnostics) {
  BuildResult result;
  std::vector<std::unique_ptr<ChannelBuild>> builds;
  for (Channel* channel : channels) {
    builds.push_back(channel->Begin(site, files, diagnostics));
    if (!builds.back()) {
      result.outcome = Outcome::kContentErrors;
    } else {
      builds.back()->ReadBackContents(static_cast<bool>(options.on_rendered));
    }
  }
  if (result.outcome != Outcome::kSuccess) return result;

  // Every (page, channel) pair is independent once the site is immutable.
  struct Work {
    size_t channel;
    const Page* page;
  };
  std::vector<Work> work;
  for (size_t c = 0; c < channels.size(); ++c) {
    size_t& count = result.pages_per_channel[channels[c]->Name()];
    for (const auto& page : site.pages) {
      if (site.Holds(channels[c]->Name(), *page)) {
        work.push_back({c, page.get()});
        ++count;
      }
    }
  }
  std::atomic<size_t> done{0};
  std::atomic<size_t> written{0};
  std::atomic<bool> failed{false};
  auto cancelled = [&] { return options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed); };
  auto write = [&](size_t channel, const OutputFile& file) {
    if (!sink.Write(channels[channel]->Name() + "/" + file.path, file.contents, diagnostics)) {
      failed = true;
      return false;
    }
    ++written;
    return true;
  };
  std::vector<RenderedPage> rendered(work.size());
  std::mutex observer_mutex;
  ParallelFor(work.size(), options.jobs, [&](size_t i) {
    if (failed || cancelled()) return;
    RenderedPage page = builds[work[i].channel]->RenderPage(*work[i].page, diagnostics);
    for (auto& file : page.files) {
      if (!write(work[i].channel, file)) return;
      std::string().swap(file.contents);  // written: only the path is kept
    }
    if (options.on_rendered) {
      std::lock_guard lock(observer_mutex);
      options.on_rendered(channels[work[i].channel]->Info(), page);
    }
    page.contents = {};
    rendered[i] = std::move(page);
    size_t finished = ++done;
    if (options.progress && (finished % 256 == 0 || finished == work.size())) options.progress(finished, work.size());
  });
  if (!failed && !cancelled() && !CopyAssets(site, files, channels, options, sink, diagnostics, written)) {
    failed = true;
  }
  // Each channel finishes with its own pages, in site order.
  std::vector<std::vector<RenderedPage>> pages_of(channels.size());
  for (size_t i = 0; i < work.size(); ++i) pages_of[work[i].channel].push_back(std::move(rendered[i]));
  ParallelFor(channels.size(), options.jobs, [&](size_t c) {
    if (failed || cancelled()) return;
    FileWriter writer = [&, c](const OutputFile& file) { return write(c, file); };
    if (!builds[c]->Finish(pages_of[c], writer, diagnostics)) failed = true;
  });
  result.files_written = written;
  if (options.strict) diagnostics.PromoteWarnings();
  if (cancelled()) {
    result.outcome = Outcome::kCancelled;
  } else if (failed) {
    result.outcome = Outcome::kEnvironmentError;
  } else if (diagnostics.HasErrors()) {
    result.outcome = Outcome::kContentErrors;
  }
  return result;
}

BuildResult BuildSite(const SiteFiles& files, const std::vector<Channel*>& channels, const BuildOptions& options,
                      OutputSink& sink, Diagnostics& diagnostics) {
  BuildResult result;
  try {
    auto site = LoadCheckedSite(files, options, diagnostics, result.outcome, channels);
    if (!site || result.outcome != Outcome::kSuccess) return result;
    result = RenderSite(*site, files, channels, options, sink, diagnostics);
  } catch (const std::exception& error) {
    diagnostics.Error({}, std::string("internal error: ") + error.what(), checks::kInternalError);
    result.outcome = Outcome::kEnvironmentError;
  }
  return result;
}

namespace {

// The output folder must not be, hold, or sit where the build reads: a
// build replaces its output folder's channel folders.
bool CheckOutputPlace(const std::filesystem::path& site_dir, const std::filesystem::path& out_dir,
                      Diagnostics& diagnostics) {
  std::error_code error;
  auto site = std::filesystem::weakly_canonical(std::filesystem::absolute(site_dir), error);
  auto out = std::filesystem::weakly_canonical(std::filesystem::absolute(out_dir), error);
  if (error) {
    diagnostics.Error({}, "cannot use the output folder '" + out_dir.string() + "': " + error.message(),
                      checks::kOutputFolder);
    return false;
  }
  std::string shown = out_dir.string();
  if (IsWithin(site, out)) {
    diagnostics.Error({},
                      "the output folder '" + shown + "' " + (site == out ? "is" : "holds") +
                          " the site folder, and a build replaces what is in its output folder; use the default "
                          "SITE/_site or another folder",
                      checks::kOutputFolder);
    return false;
  }
  for (const char* folder : {"content", "static", "themes"}) {
    auto read_from = std::filesystem::weakly_canonical(site / folder, error);
    if (!error && IsWithin(out, read_from)) {
      diagnostics.Error({},
                        "the output folder '" + shown + "' is inside the site's " + folder +
                            "/ folder, which the build reads and would overwrite; use the default SITE/_site or a "
                            "folder outside " +
                            folder + "/",
                        checks::kOutputFolder);
      return false;
    }
  }
  return true;
}

}  // namespace

BuildResult BuildSiteToFolder(const std::filesystem::path& site_dir, const std::filesystem::path& out_dir,
                              const std::vector<Channel*>& channels, const BuildOptions& options,
                              Diagnostics& diagnostics) {
  BuildResult result;
  try {
    std::error_code error;
    if (!std::filesystem::is_directory(site_dir, error)) {
      diagnostics.Error({site_dir.string()}, "the site folder does not exist", checks::kMissingSite);
      result.outcome = Outcome::kEnvironmentError;
      return result;
    }
    if (!CheckOutputPlace(site_dir, out_dir, diagnostics)) {
      result.outcome = Outcome::kEnvironmentError;
      return result;
    }
    std::vector<std::string> names;
    for (Channel* channel : channels) names.push_back(channel->Name());
    // Opening takes the folder's lock and undoes what a killed build left,
    // before anything else, so even a build that fails its checks does so.
    StagedDiskOutput output(out_dir, names);
    if (!output.Open(diagnostics)) {
      result.outcome = Outcome::kEnvironmentError;
      return result;
    }
    DiskSiteFiles files(site_dir, {out_dir});
    // Check before writing, so a broken site leaves no trace.
    auto site = LoadCheckedSite(files, options, diagnostics, result.outcome, channels);
    if (!site || result.outcome != Outcome::kSuccess) return result;
    if (!output.Begin(diagnostics)) {
      result.outcome = Outcome::kEnvironmentError;
      return result;
    }
    result = RenderSite(*site, files, channels, options, output, diagnostics);
    if (result.outcome != Outcome::kSuccess) return result;
    if (options.cancel != nullptr && *options.cancel) {
      result.outcome = Outcome::kCancelled;
      return result;
    }
    if (!output.Commit(diagnostics, options.cancel)) {
      bool cancelled = options.cancel != nullptr && *options.cancel && !diagnostics.HasErrors();
      result.outcome = cancelled ? Outcome::kCancelled : Outcome::kEnvironmentError;
    }
  } catch (const std::exception& error) {
    diagnostics.Error({}, std::string("internal error: ") + error.what(), checks::kInternalError);
    result.outcome = Outcome::kEnvironmentError;
  }
  return result;
}

}  // namespace publish
