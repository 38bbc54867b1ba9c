// One function per command; each returns the process exit code.
#pragma once

#include <string>
#include <vector>

#include "channels/registry.h"
#include "libpublish/channel/channel.h"

namespace publish::cli {

struct BuildArguments {
  std::string site = ".";
  std::string out;  // default SITE/_site
  std::vector<std::string> channels;
  int jobs = 0;  // 0: all cores
  bool strict = false;
  bool drafts = false;  // also build `draft: true` pages
  ChannelOptions options;
};
int RunBuild(const BuildArguments& arguments);

struct CheckArguments {
  std::string site = ".";
  std::string format = "text";
  std::string out;  // report file; default stdout
  bool strict = false;
  bool external = false;  // also fetch every web address
  std::string cache;      // --external: verdicts kept between runs
  std::string history;    // --external: failures in a row, for scheduled runs
  bool all = false;       // every warning in text and github reports, not ten per check
  bool drafts = false;    // check as if `draft: true` pages were published
};
int RunCheck(const CheckArguments& arguments);

struct RenderArguments {
  std::string file;
  std::string channel;
  std::string site;  // default: the nearest folder above FILE with site.yaml
  ChannelOptions options;
};
int RunRender(const RenderArguments& arguments);

}  // namespace publish::cli
