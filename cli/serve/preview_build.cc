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

PreviewBuild PreviewBuilder::Build(const std::atomic<bool>* cancel) const {
  auto started = std::chrono::steady_clock::now();
  PreviewBuild build;
  BuildOptions options;
  options.known_channels = AvailableChannels();
  options.jobs = settings_.jobs;
  options.strict = settings_.strict;
  options.cancel = cancel;
  options.on_rendered = [&build](const ChannelInfo& channel, const RenderedPage& page) {
    if (page.page == nullptr) return;
    for (const auto& file : page.files) build.page_sources[channel.name + "/" + file.path] = page.page->source_path;
  };
  std::string error;
  Today(options.today, error);  // checked by Create; the day may have turned since
  std::vector<Channel*> channels;
  for (const auto& channel : channels_) channels.push_back(channel.get());
  DiskSiteFiles files(settings_.site);
  MemoryOutput output;
  BuildResult result = BuildSite(files, channels, options, output, build.diagnostics);
  build.outcome = result.outcome;
  for (const auto& [name, count] : result.pages_per_channel) build.pages += count;
  if (result.outcome == Outcome::kSuccess) {
    build.files = output.files();
  } else {
    build.page_sources.clear();
  }
  build.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return build;
}

}  // namespace publish::cli
