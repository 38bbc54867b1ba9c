#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "channels/registry.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "libpublish/base/text.h"

namespace fs = std::filesystem;

namespace publish::cli {

int RunRender(const RenderArguments& arguments) {
  std::error_code error;
  fs::path file = fs::weakly_canonical(fs::absolute(arguments.file), error);
  if (error || !fs::is_regular_file(file)) {
    std::fprintf(stderr, "publish: no such file: %s\n", VisiblyEscaped(arguments.file).c_str());
    return kExitUsage;
  }
  fs::path site;
  if (!arguments.site.empty()) {
    site = fs::weakly_canonical(fs::absolute(arguments.site), error);
  } else if (auto found = NearestSiteAbove(file.parent_path())) {
    site = *found;
  } else {
    std::fprintf(stderr, "publish: no site.yaml in any folder above %s; name the site with --site SITE\n",
                 VisiblyEscaped(arguments.file).c_str());
    return kExitUsage;
  }
  std::string relative = file.lexically_relative(site).generic_string();
  if (relative.rfind("content/", 0) != 0 || file.extension() != ".md") {
    std::fprintf(stderr, "publish: %s is not a page under %s/content/\n", arguments.file.c_str(),
                 site.string().c_str());
    return kExitUsage;
  }
  auto channel = MakeChannel(arguments.channel, arguments.options);
  if (!channel) {
    std::vector<std::unique_ptr<Channel>> unused;
    std::string message;
    MakeChannels({arguments.channel}, arguments.options, unused, message);
    std::fprintf(stderr, "publish: %s\n", message.c_str());
    return kExitUsage;
  }
  BuildOptions options;
  options.known_channels = AvailableChannels();
  std::string message;
  if (!Today(options.today, message)) {
    std::fprintf(stderr, "publish: %s\n", message.c_str());
    return kExitUsage;
  }
  options.jobs = DefaultJobs();
  DiskSiteFiles files(site, {site / "_site"});
  Diagnostics all;
  Outcome outcome;
  auto loaded = LoadCheckedSite(files, options, all, outcome);
  // Only this page's own problems matter here; the rest of the site may be mid-edit.
  Diagnostics mine;
  for (const auto& diagnostic : all.items()) {
    if (diagnostic.position.file == relative || diagnostic.position.file == "site.yaml") mine.Add(diagnostic);
  }
  if (!loaded) {
    PrintDiagnostics(all, site);
    return outcome == Outcome::kEnvironmentError ? kExitUsage : kExitContentErrors;
  }
  const Page* page = loaded->FindPage(relative.substr(8));
  if (page == nullptr || mine.HasErrors()) {
    PrintDiagnostics(mine, site);
    return kExitContentErrors;
  }
  if (!loaded->Holds(channel->Name(), *page)) {
    PrintDiagnostics(mine, site);
    const ChannelInfo& info = channel->Info();
    const auto& listed = page->meta.channels;
    const char* why = info.audience == Audience::kPublic && !page->IsPublic() ? "it is internal"
                      : listed && std::find(listed->begin(), listed->end(), info.name) == listed->end()
                          ? "its channels: leave it out"
                          : "site.yaml limits the channel to some sections";
    std::fprintf(stderr, "publish: %s is not in the %s channel: %s\n", relative.c_str(), arguments.channel.c_str(),
                 why);
    return kExitContentErrors;
  }
  std::vector<OutputFile> out;
  if (auto build = channel->Begin(*loaded, files, mine)) out = build->RenderPage(*page, mine).files;
  PrintDiagnostics(mine, site);
  if (mine.HasErrors() || out.empty()) return kExitContentErrors;
  std::fwrite(out.front().contents.data(), 1, out.front().contents.size(), stdout);
  return kExitSuccess;
}

}  // namespace publish::cli
