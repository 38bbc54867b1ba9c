// What the commands share: exit codes, "today", channel choice, and
// printing diagnostics to stderr.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "channels/registry.h"
#include "libpublish/base/date.h"
#include "libpublish/base/diagnostics.h"
#include "libpublish/channel/channel.h"
#include "libpublish/pipeline/pipeline.h"

namespace publish::cli {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitContentErrors = 1;
inline constexpr int kExitUsage = 2;

int ExitCodeFor(Outcome outcome);
// SOURCE_DATE_EPOCH when set (reproducible builds), else the clock.
// Returns false with a message when SOURCE_DATE_EPOCH is malformed.
bool Today(Date& today, std::string& error);
int DefaultJobs();
// Makes the named channels (all available ones when `names` is empty).
// Returns false with a message naming the unknown one.
bool MakeChannels(const std::vector<std::string>& names, const ChannelOptions& options,
                  std::vector<std::unique_ptr<Channel>>& channels, std::string& error);
// The nearest folder at or above `start` holding site.yaml, if any.
std::optional<std::filesystem::path> NearestSiteAbove(const std::filesystem::path& start);
// The site folder `command` ("check", "build") works on: `given` as typed,
// or when empty the nearest folder at or above the current one holding
// site.yaml ("." when it is the current one). False with a one-line message
// naming the folder tried, and the site above it when there is one.
bool FindSite(const std::string& command, const std::string& given, std::filesystem::path& site, std::string& error);

// How diagnostics look where they go: on a terminal (and TERM is not
// "dumb") each one shows its source line with a caret under the column,
// in colour unless NO_COLOR is set; anywhere else, in CI or piped, only
// the contract's one line.
struct DiagnosticStyle {
  bool excerpt = false;
  bool colour = false;
  int width = 80;  // the terminal's columns
};
DiagnosticStyle StyleFor(int fd);

// Formats diagnostics in a style, reading source lines from the site
// folder (each file once) for excerpts.
class DiagnosticFormatter {
 public:
  DiagnosticFormatter(std::filesystem::path site, DiagnosticStyle style);
  ~DiagnosticFormatter();
  DiagnosticFormatter(const DiagnosticFormatter&) = delete;
  DiagnosticFormatter& operator=(const DiagnosticFormatter&) = delete;
  // The contract's line (coloured when the style says so), then the excerpt
  // lines when there are any; every line ends with a newline.
  std::string Format(const Diagnostic& diagnostic);
  // Only the lines below the contract's line ("" when there are none).
  std::string Excerpt(const Diagnostic& diagnostic);
  const DiagnosticStyle& style() const { return style_; }

 private:
  const std::vector<std::string>* LinesOf(const std::string& file);

  std::filesystem::path site_;
  DiagnosticStyle style_;
  struct Cache;
  std::unique_ptr<Cache> cache_;
};

// Every diagnostic to stderr, sorted, in stderr's style; `site` is where
// their files are, for excerpts.
void PrintDiagnostics(const Diagnostics& diagnostics, const std::filesystem::path& site = {});
std::string PluralCount(size_t count, const char* singular, const char* plural);
// A file that appears whole or not at all: written beside its place,
// checked through close (a full disk shows only there), then renamed over.
bool WriteWholeFile(const std::string& path, const std::string& contents, std::string& error);

}  // namespace publish::cli
