// The channel interface: one way of delivering the site (public website,
// intranet, kiosk, text, audio). A new channel is a new folder under
// channels/ implementing this, plus one line in channels/registry.cc.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "libpublish/base/diagnostics.h"
#include "libpublish/base/output.h"
#include "libpublish/base/site_files.h"
#include "libpublish/content/site.h"

namespace publish {

// Settings a technician chooses per build (command-line options), as
// opposed to site settings in site.yaml.
struct ChannelSettings {
  int text_width = 72;     // text channel: columns to wrap at (0: do not wrap)
  bool audio_wav = false;  // audio channel: also write a WAV beside each SSML file
};

struct OutputFile {
  std::string path;  // relative to the channel's own output folder
  std::string contents;
  // When set, the file is a copy of this site file (site-relative), streamed
  // by the output rather than held in `contents`.
  std::string copy_of = {};
};

class Channel {
 public:
  virtual ~Channel() = default;
  virtual std::string Name() const = 0;
  // Whether the channel holds this page at all.
  virtual bool Holds(const Page& page) const = 0;
  // Per-build set-up after links are resolved (themes, listings). Returns
  // false after adding diagnostics when the channel cannot render.
  virtual bool Prepare(const Site& site, const SiteFiles& files, Diagnostics& diagnostics) = 0;
  // Renders one page it holds. Called from several threads at once.
  virtual void RenderPage(const Page& page, std::vector<OutputFile>& out, Diagnostics& diagnostics) const = 0;
  // Files that belong to no single page: listings, sitemap, redirects,
  // copied assets.
  virtual void RenderSiteFiles(std::vector<OutputFile>& out, Diagnostics& diagnostics) const = 0;
};

// The contract's rule: `channels:` can only take a page out of a channel,
// and internal pages never reach a public channel.
inline bool HoldsByDefault(const Page& page, const std::string& channel, bool public_only) {
  if (public_only && !page.IsPublic()) return false;
  if (page.meta.channels) {
    const auto& list = *page.meta.channels;
    return std::find(list.begin(), list.end(), channel) != list.end();
  }
  return true;
}

}  // namespace publish
