// The incremental rebuild benchmark's driver (bench/incremental_benchmark.sh
// runs it): builds a site on disk once, then times one-page edits, each
// from the file written to the rebuilt output ready in memory.
//
// Usage: incremental_benchmark SITE EDITS [JOBS]
// Prints the full build time and, per kind of edit, the median, 95th
// percentile and slowest rebuild in milliseconds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "channels/registry.h"
#include "libpublish/base/output.h"
#include "libpublish/pipeline/incremental_build.h"

namespace {

using Clock = std::chrono::steady_clock;

double Milliseconds(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

double Percentile(std::vector<double> values, double fraction) {
  std::sort(values.begin(), values.end());
  size_t at = static_cast<size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(at, values.size() - 1)];
}

void Report(const char* what, const std::vector<double>& times, size_t rendered) {
  std::printf("%-28s p50 %7.1f ms   p95 %7.1f ms   max %7.1f ms   (%zu edits, %.1f pairs rendered each)\n", what,
              Percentile(times, 0.5), Percentile(times, 0.95), *std::max_element(times.begin(), times.end()),
              times.size(), static_cast<double>(rendered) / static_cast<double>(times.size()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s SITE EDITS [JOBS]\n", argv[0]);
    return 2;
  }
  std::filesystem::path site = argv[1];
  int edits = std::atoi(argv[2]);
  int jobs = argc > 3 ? std::atoi(argv[3]) : 2;
  std::vector<std::unique_ptr<publish::Channel>> owned;
  std::vector<publish::Channel*> channels;
  for (const auto& name : publish::AvailableChannelNames()) {
    owned.push_back(publish::MakeChannel(name));
    channels.push_back(owned.back().get());
  }
  publish::BuildOptions options;
  options.known_channels = publish::AvailableChannels();
  options.today = {2026, 6, 1};
  options.jobs = jobs;
  publish::DiskSiteFiles files(site);

  auto start = Clock::now();
  {
    publish::MemoryOutput output;
    publish::Diagnostics diagnostics;
    auto result = publish::BuildSite(files, channels, options, output, diagnostics);
    if (result.outcome != publish::Outcome::kSuccess) {
      std::fprintf(stderr, "the site does not build (%d errors)\n", diagnostics.ErrorCount());
      return 2;
    }
    std::printf("full build, all channels, into memory: %8.1f ms  (%zu files)\n", Milliseconds(start),
                output.files().size());
  }

  publish::IncrementalBuild build(files, channels, options);
  start = Clock::now();
  publish::Diagnostics first;
  if (build.Rebuild(first).outcome != publish::Outcome::kSuccess) return 2;
  std::printf("first incremental build:               %8.1f ms\n", Milliseconds(start));
  start = Clock::now();
  publish::Diagnostics unhinted;
  build.Rebuild(unhinted);
  std::printf("rebuild, nothing changed, no hint:     %8.1f ms  (every file listed, read, compared)\n",
              Milliseconds(start));

  // Leaf pages, spread over the site, the same ones every run.
  std::vector<std::string> pages;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(site / "content")) {
    std::string path = entry.path().lexically_relative(site).generic_string();
    if (entry.is_regular_file() && entry.path().extension() == ".md" && entry.path().filename() != "_index.md") {
      pages.push_back(path);
    }
  }
  std::sort(pages.begin(), pages.end());
  if (pages.empty() || edits < 1) return 2;

  for (int kind = 0; kind < 2; ++kind) {
    std::vector<double> times;
    size_t rendered = 0;
    std::vector<std::pair<std::string, double>> steps;  // mean time of each step
    for (int i = 0; i < edits; ++i) {
      const std::string& path =
          pages[(static_cast<size_t>(i) * 7919 + static_cast<size_t>(kind) * 104729) % pages.size()];
      std::string text = ReadText(site / path);
      std::string tag = std::to_string(kind) + "-" + std::to_string(i);
      if (kind == 0) {
        text += "\nOne more sentence for the benchmark, " + tag + ".\n";
      } else {
        size_t at = text.find("\ntitle: ");
        if (at == std::string::npos) continue;
        text.replace(at, text.find('\n', at + 1) - at, "\ntitle: A changed title " + tag);
      }
      WriteText(site / path, text);
      start = Clock::now();
      std::vector<std::string> changed{path};
      publish::Diagnostics diagnostics;
      auto result = build.Rebuild(diagnostics, &changed);
      times.push_back(Milliseconds(start));
      if (result.outcome != publish::Outcome::kSuccess) {
        std::fprintf(stderr, "an edit of %s broke the build\n", path.c_str());
        return 2;
      }
      rendered += result.pages_rendered;
      if (std::getenv("BENCH_VERBOSE"))
        std::printf("  %s: parsed %zu, resolved %zu, checked %zu, rendered %zu, %zu files changed\n", path.c_str(),
                    result.pages_parsed, result.pages_resolved, result.pages_checked, result.pages_rendered,
                    result.changed.size());
      for (size_t t = 0; t < result.timings.size(); ++t) {
        if (steps.size() <= t) steps.push_back({result.timings[t].first, 0});
        steps[t].second += result.timings[t].second;
      }
    }
    Report(kind == 0 ? "one-page body edit:" : "one-page title edit:", times, rendered);
    std::printf("  mean per step:");
    for (const auto& [step, total] : steps)
      std::printf(" %s %.1f", step.c_str(), total / static_cast<double>(times.size()));
    std::printf(" (ms)\n");
  }
  return 0;
}
