#include "cli/serve/preview_build.h"

#include <chrono>

#include "cli/common.h"
#include "libpublish/base/output.h"
#include "libpublish/base/site_files.h"

namespace publish::cli {

std::unique_ptr<PreviewBuilder> PreviewBuilder::Create(PreviewSettings settings, std::string& error) {
  Date today;
  if (!Today(today, error)) return nullptr;
  std::unique_ptr<PreviewBuilder> builder(new PreviewBuilder());
  ChannelOptions& options = settings.options;
  // The public site at / even when base_url has a path of its own.
  options.public_base_path = "/";
  options.intranet_base_path = kIntranetPath;
  options.kiosk.base_path = kKioskPath;
  // Speech is made on demand by the server, never for every page.
  options.audio.record_wav = false;
  options.kiosk.record = false;
  if (!MakeChannels({}, options, builder->channels_, error)) return nullptr;
  builder->settings_ = std::move(settings);
  return builder;
}

PreviewBuild PreviewBuilder::Build(const std::atomic<bool>* cancel, const std::vector<std::string>* changed_paths) {
  auto started = std::chrono::steady_clock::now();
  PreviewBuild build;
  Date today;
  std::string error;
  if (!Today(today, error)) today = built_for_;  // checked by Create; keep the last day
  if (incremental_ == nullptr || today != built_for_ || cancel != cancel_) {
    // A new day changes review dates everywhere: start afresh.
    BuildOptions options;
    options.known_channels = AvailableChannels();
    options.jobs = settings_.jobs;
    options.strict = settings_.strict;
    options.include_drafts = true;  // an editor previews what is not published yet
    options.cancel = cancel;
    options.today = today;
    options.on_rendered = [this](const ChannelInfo& channel, const RenderedPage& page) {
      if (page.page == nullptr) return;
      for (const auto& file : page.files) rendered_now_[channel.name + "/" + file.path] = page.page->source_path;
    };
    std::vector<Channel*> channels;
    for (const auto& channel : channels_) channels.push_back(channel.get());
    files_ = std::make_unique<DiskSiteFiles>(settings_.site);
    incremental_ = std::make_unique<IncrementalBuild>(*files_, std::move(channels), std::move(options));
    built_for_ = today;
    cancel_ = cancel;
    page_sources_.clear();
    changed_paths = nullptr;
  }
  rendered_now_.clear();
  RebuildResult result = incremental_->Rebuild(build.diagnostics, changed_paths);
  build.outcome = result.outcome;
  for (auto& [output, source] : rendered_now_) page_sources_[output] = std::move(source);
  rendered_now_.clear();
  if (result.outcome == Outcome::kSuccess) {
    for (const auto& removed : result.removed) page_sources_.erase(removed);
    build.files = incremental_->files();
    build.page_sources = page_sources_;
    if (const Site* site = incremental_->site()) {
      for (const auto& page : site->pages) {
        for (const auto& channel : channels_) build.pages += site->Holds(channel->Name(), *page) ? 1 : 0;
      }
    }
  }
  build.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return build;
}

}  // namespace publish::cli
