// libFuzzer target over the whole per-page pipeline: front matter, Markdown,
// link resolution, checks and rendering to every channel there is. The
// input is one page; a line "%%%" splits off a site.yaml before it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "channels/registry.h"
#include "libpublish/pipeline/pipeline.h"

namespace {

constexpr std::string_view kSiteYaml =
    "title: Fuzz Borough Council\nbase_url: https://fuzz.example.gov.uk/\nkiosk:\n  sections: [bins]\n";
constexpr std::string_view kOtherPage =
    "---\ntitle: Collection days\ntype: service\nservice:\n  online: no\n  contact:\n    phone: 01632 960 000\n"
    "  hours:\n    - {days: Monday to Friday, opens: \"09:00\", closes: \"17:00\"}\n---\n\n## Days\n\nText.\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view site_yaml = kSiteYaml;
  size_t split = input.find("\n%%%\n");
  if (split != std::string_view::npos) {
    site_yaml = input.substr(0, split);
    input = input.substr(split + 5);
  }
  publish::MemorySiteFiles files;
  files.Add("site.yaml", std::string(site_yaml));
  files.Add("content/_index.md", std::string(input));
  files.Add("content/bins/_index.md", "---\ntitle: Bins\n---\n");
  files.Add("content/bins/collection-days.md", std::string(kOtherPage));
  files.Add("content/bins/map.png", "not really a png");

  std::vector<std::unique_ptr<publish::Channel>> channels;
  std::vector<publish::Channel*> pointers;
  for (const auto& name : publish::AvailableChannelNames()) {
    channels.push_back(publish::MakeChannel(name));
    pointers.push_back(channels.back().get());
  }
  publish::BuildOptions options;
  options.known_channels = publish::AvailableChannels();
  options.today = {2026, 11, 28};
  publish::MemoryOutput output;
  publish::Diagnostics diagnostics;
  publish::BuildSite(files, pointers, options, output, diagnostics);
  for (const auto& diagnostic : diagnostics.items()) {
    // Every diagnostic names a file and, when it has a line, a real column.
    if (diagnostic.position.line > 0 && diagnostic.position.column < 1) __builtin_trap();
    if (diagnostic.check_id.empty() || diagnostic.message.empty()) __builtin_trap();
  }
  // Raw HTML must never reach any output that a browser or a speech engine
  // reads as markup. Plain text shows a code block's words as they are, so
  // "<script>" written in a code block rightly appears there.
  if (input.find("<script>fuzz</script>") != std::string_view::npos) {
    for (const auto& [path, contents] : output.files()) {
      if (path.rfind("text/", 0) == 0) continue;
      if (contents.find("<script>fuzz</script>") != std::string::npos) __builtin_trap();
    }
  }
  return 0;
}
