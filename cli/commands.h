// One function per command; each returns the process exit code.
#pragma once

#include <string>
#include <vector>

#include "channels/registry.h"
#include "libpublish/channel/channel.h"

namespace publish::cli {

struct BuildArguments {
  std::string site;  // default: the nearest folder at or above the current one with site.yaml
  std::string out;   // default SITE/_site
  std::vector<std::string> channels;
  int jobs = 0;  // 0: all cores
  bool strict = false;
  bool drafts = false;  // also build `draft: true` pages
  ChannelOptions options;
};
int RunBuild(const BuildArguments& arguments);

struct CheckArguments {
  std::string site;  // default: the nearest folder at or above the current one with site.yaml
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

struct NewArguments {
  std::string type;  // page, service or news
  std::string path;  // the new file, under SITE/content/
  std::string title;
  std::string site;  // default: the nearest folder above PATH with site.yaml
};
int RunNew(const NewArguments& arguments);
struct ServeArguments {
  std::string site;  // default: the nearest folder at or above this one with site.yaml
  int port = 1313;   // 0: any free port (the first line on stderr names it)
  std::string bind = "127.0.0.1";
  ChannelOptions options;
};
int RunServe(const ServeArguments& arguments);

}  // namespace publish::cli
