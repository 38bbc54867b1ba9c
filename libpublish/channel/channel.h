// The channel interface: one way of delivering the site (public website,
// intranet, kiosk, text, audio). A new channel is a new folder under
// channels/ implementing this, plus one line in channels/registry.cc.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "libpublish/base/diagnostics.h"
#include "libpublish/base/output.h"
#include "libpublish/base/rendered_contents.h"
#include "libpublish/base/site_files.h"
#include "libpublish/content/channel_info.h"
#include "libpublish/content/site.h"

namespace publish {

struct OutputFile {
  std::string path;  // relative to the channel's own output folder
  std::string contents;
};

// What rendering one page produced. The build writes `files` as soon as a
// page is done, shows the record to whoever watches the build
// (BuildOptions::on_rendered), then drops the files' contents and
// `contents`, keeping the paths: at 10,000 pages and five channels the
// words alone would hold a few hundred megabytes until the end. `kept` is
// what the channel's Finish needs of the page later (the script it records).
struct RenderedPage {
  const Page* page = nullptr;
  std::vector<OutputFile> files;
  std::string kept;
  // Read back from the files: what a reader of this channel finds in them.
  RenderedContents contents;
};

// Where a channel's files go; false after a diagnostic when one cannot be
// written (the build then stops).
using FileWriter = std::function<bool(const OutputFile& file)>;

// One build of one channel over one resolved site, made by Channel::Begin.
class ChannelBuild {
 public:
  virtual ~ChannelBuild() = default;
  // Renders one page the channel holds. Called from several threads at once.
  virtual RenderedPage RenderPage(const Page& page, Diagnostics& diagnostics) const = 0;
  // Runs once every page is rendered, with the pages in site order: the
  // files that belong to no single page (listings, sitemap, redirects,
  // theme assets, recordings), written one by one as they are made.
  virtual bool Finish(const std::vector<RenderedPage>& pages, const FileWriter& write, Diagnostics& diagnostics) = 0;

  // Whether RenderPage fills RenderedPage::contents. The build turns it on
  // only when someone watches it: reading back every file costs about a
  // sixth of the rendering time.
  void ReadBackContents(bool on) { read_back_contents_ = on; }

 protected:
  bool reads_back_contents() const { return read_back_contents_; }

 private:
  bool read_back_contents_ = false;
};

// A channel: stateless, so one object serves any number of builds.
class Channel {
 public:
  virtual ~Channel() = default;
  virtual const ChannelInfo& Info() const = 0;
  const std::string& Name() const { return Info().name; }
  // Set-up for one build once links are resolved (themes, listings).
  // nullptr, after diagnostics, when the channel cannot render this site.
  virtual std::unique_ptr<ChannelBuild> Begin(const Site& site, const SiteFiles& files,
                                              Diagnostics& diagnostics) const = 0;
};

}  // namespace publish
