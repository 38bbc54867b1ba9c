// How long the internal link check takes inside a build: loads a site,
// then times ResolveLinks (every link, image, related entry and alias
// against pages, headings and files) separately from loading, the content
// checks and a whole public-channel build into memory. Medians of --runs.
//
// Usage: internal_links_benchmark SITE [--runs N] [--jobs N] [--resolve-only]
// (--resolve-only skips the content checks and the build, for profilers.)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "channels/registry.h"
#include "libpublish/base/diagnostics.h"
#include "libpublish/base/output.h"
#include "libpublish/base/site_files.h"
#include "libpublish/checks/content_checks.h"
#include "libpublish/content/site.h"
#include "libpublish/links/link_resolver.h"
#include "libpublish/pipeline/pipeline.h"

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: internal_links_benchmark SITE [--runs N] [--jobs N] [--resolve-only]\n");
    return 2;
  }
  std::string site_dir = argv[1];
  int runs = 5;
  int jobs = 2;
  bool resolve_only = false;
  for (int i = 2; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--resolve-only") {
      resolve_only = true;
    } else if ((flag == "--runs" || flag == "--jobs") && i + 1 < argc) {
      (flag == "--runs" ? runs : jobs) = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "internal_links_benchmark: unknown argument '%s'\n", flag.c_str());
      return 2;
    }
  }
  publish::DiskSiteFiles files(site_dir);
  publish::SiteLoadOptions load_options;
  load_options.channels = publish::AvailableChannels();
  load_options.today = publish::Date{2026, 12, 1};
  load_options.jobs = jobs;

  std::vector<double> load_times, resolve_times, check_times, build_times;
  size_t pages = 0, links = 0, anchors = 0;
  int errors = 0;
  for (int run = 0; run < runs; ++run) {
    publish::Diagnostics diagnostics;
    auto start = Clock::now();
    auto site = publish::LoadSite(files, load_options, diagnostics);
    load_times.push_back(SecondsSince(start));
    if (!site) {
      std::fprintf(stderr, "internal_links_benchmark: %s does not load\n", site_dir.c_str());
      return 2;
    }
    start = Clock::now();
    publish::ResolveLinks(*site, diagnostics, jobs);
    publish::CheckOutputPaths(*site, diagnostics);
    resolve_times.push_back(SecondsSince(start));
    pages = site->pages.size();
    links = anchors = 0;
    for (const auto& page : site->pages) {
      links += page->links.size();
      anchors += page->heading_ids.size();
    }
    errors = diagnostics.ErrorCount();
    if (resolve_only) continue;
    start = Clock::now();
    publish::CheckSite(*site, diagnostics, jobs);
    check_times.push_back(SecondsSince(start));

    auto channel = publish::MakeChannel("public");
    std::vector<publish::Channel*> channels{channel.get()};
    publish::BuildOptions build_options;
    build_options.known_channels = load_options.channels;
    build_options.today = load_options.today;
    build_options.jobs = jobs;
    publish::MemoryOutput output;
    publish::Diagnostics build_diagnostics;
    start = Clock::now();
    publish::BuildSite(files, channels, build_options, output, build_diagnostics);
    build_times.push_back(SecondsSince(start));
  }
  double resolve = Median(resolve_times);
  if (resolve_only) {
    std::printf("site: %zu pages, %zu links and images, %zu heading anchors; resolve links %.3f s (median of %d)\n",
                pages, links, anchors, resolve, runs);
    return 0;
  }
  double build = Median(build_times);
  std::printf("site: %zu pages, %zu links and images, %zu heading anchors (%zu in all), %d errors\n", pages, links,
              anchors, links + anchors, errors);
  std::printf(
      "median of %d runs, %d jobs: load %.3f s, resolve links %.3f s, content checks %.3f s, "
      "whole public build %.3f s\n",
      runs, jobs, Median(load_times), resolve, Median(check_times), build);
  std::printf(
      "internal link check: %.3f s, %.1f%% of the public build; %.0f links per second; "
      "ratio to the 0.5 s target: %.2f\n",
      resolve, 100.0 * resolve / build, links / resolve, resolve / 0.5);
  return 0;
}
