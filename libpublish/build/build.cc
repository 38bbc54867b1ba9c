#include "libpublish/build/build.h"

#include <atomic>
#include <exception>

#include "libpublish/base/parallel.h"
#include "libpublish/checks/content_checks.h"
#include "libpublish/links/link_resolver.h"

namespace publish {

std::unique_ptr<Site> LoadCheckedSite(const SiteFiles& files, const BuildOptions& options, Diagnostics& diagnostics,
                                      Outcome& outcome) {
  outcome = Outcome::kSuccess;
  SiteLoadOptions load_options;
  load_options.today = options.today;
  load_options.jobs = options.jobs;
  bool environment_error = false;
  auto site = LoadSite(files, load_options, diagnostics, &environment_error);
  if (!site) {
    outcome = environment_error ? Outcome::kEnvironmentError : Outcome::kContentErrors;
    return nullptr;
  }
  ResolveLinks(*site, diagnostics, options.jobs);
  CheckSite(*site, diagnostics, options.jobs);
  if (options.strict) diagnostics.PromoteWarnings();
  if (diagnostics.HasErrors()) outcome = Outcome::kContentErrors;
  return site;
}

BuildResult RenderSite(const Site& site, const SiteFiles& files, const std::vector<Channel*>& channels,
                       const BuildOptions& options, OutputSink& sink, Diagnostics& diagnostics) {
  BuildResult result;
  for (Channel* channel : channels) {
    if (!channel->Prepare(site, files, diagnostics)) result.outcome = Outcome::kContentErrors;
  }
  if (result.outcome != Outcome::kSuccess) return result;

  // Every (page, channel) pair is independent once the site is immutable.
  std::vector<std::pair<Channel*, const Page*>> work;
  for (Channel* channel : channels) {
    size_t& count = result.pages_per_channel[channel->Name()];
    for (const auto& page : site.pages) {
      if (channel->Holds(*page)) {
        work.emplace_back(channel, page.get());
        ++count;
      }
    }
  }
  std::atomic<size_t> done{0};
  std::atomic<size_t> written{0};
  std::atomic<bool> failed{false};
  ParallelFor(work.size() + channels.size(), options.jobs, [&](size_t i) {
    if (failed) return;
    std::vector<OutputFile> out;
    Channel* channel = i < work.size() ? work[i].first : channels[i - work.size()];
    if (i < work.size()) {
      channel->RenderPage(*work[i].second, out, diagnostics);
    } else {
      channel->RenderSiteFiles(out, diagnostics);
    }
    for (const auto& file : out) {
      std::string path = channel->Name() + "/" + file.path;
      bool ok = file.copy_of.empty() ? sink.Write(path, file.contents, diagnostics)
                                     : sink.Copy(path, files, file.copy_of, diagnostics);
      if (!ok) failed = true;
      ++written;
    }
    size_t finished = ++done;
    if (options.progress && finished <= work.size() && (finished % 256 == 0 || finished == work.size())) {
      options.progress(finished, work.size());
    }
  });
  result.files_written = written;
  if (options.strict) diagnostics.PromoteWarnings();
  if (failed) {
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
    auto site = LoadCheckedSite(files, options, diagnostics, result.outcome);
    if (!site || result.outcome != Outcome::kSuccess) return result;
    result = RenderSite(*site, files, channels, options, sink, diagnostics);
  } catch (const std::exception& error) {
    diagnostics.Error({}, std::string("internal error: ") + error.what(), "internal-error");
    result.outcome = Outcome::kEnvironmentError;
  }
  return result;
}

BuildResult BuildSiteToFolder(const std::filesystem::path& site_dir, const std::filesystem::path& out_dir,
                              const std::vector<Channel*>& channels, const BuildOptions& options,
                              Diagnostics& diagnostics) {
  BuildResult result;
  try {
    std::error_code error;
    if (!std::filesystem::is_directory(site_dir, error)) {
      diagnostics.Error({site_dir.string()}, "the site folder does not exist", "missing-site");
      result.outcome = Outcome::kEnvironmentError;
      return result;
    }
    DiskSiteFiles files(site_dir, {out_dir});
    StagedDiskOutput output(out_dir);
    // Check before touching the output folder, so a broken site leaves no trace.
    auto site = LoadCheckedSite(files, options, diagnostics, result.outcome);
    if (!site || result.outcome != Outcome::kSuccess) return result;
    if (!output.Begin(diagnostics)) {
      result.outcome = Outcome::kEnvironmentError;
      return result;
    }
    result = RenderSite(*site, files, channels, options, output, diagnostics);
    if (result.outcome != Outcome::kSuccess) return result;
    std::vector<std::string> names;
    for (Channel* channel : channels) names.push_back(channel->Name());
    if (!output.Commit(names, diagnostics)) result.outcome = Outcome::kEnvironmentError;
  } catch (const std::exception& error) {
    diagnostics.Error({}, std::string("internal error: ") + error.what(), "internal-error");
    result.outcome = Outcome::kEnvironmentError;
  }
  return result;
}

}  // namespace publish
