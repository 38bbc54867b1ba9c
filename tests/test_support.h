// Helpers the tests share: in-memory sites, diagnostics as text, running the
// publish binary with a timeout, temporary folders and whole-tree reads.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libpublish/base/date.h"
#include "libpublish/base/diagnostics.h"
#include "libpublish/base/json.h"
#include "libpublish/base/output.h"
#include "libpublish/base/site_files.h"
#include "libpublish/pipeline/pipeline.h"

namespace publish::test {

// The fixed "today" of every in-memory test.
inline constexpr Date kToday{2026, 6, 1};
// 2026-06-01T00:00:00Z, the same day, for SOURCE_DATE_EPOCH in CLI tests.
inline constexpr const char* kSourceDateEpoch = "1780272000";

// The repository root (the sample site), the tests/ folder, and the CLI.
std::filesystem::path SourceDir();
std::filesystem::path TestsDir();
std::filesystem::path PublishBinary();

// Every diagnostic formatted the way the CLI prints it, sorted the same way.
std::vector<std::string> Lines(const Diagnostics& diagnostics);
// Only the lines carrying `check_id`.
std::vector<std::string> LinesWith(const Diagnostics& diagnostics, const std::string& check_id);
// Text split on '\n', without a trailing empty line.
std::vector<std::string> SplitLines(std::string_view text);

// A small site in memory: site.yaml plus pages written as front matter and
// body. Paths are site-relative ("content/bins/_index.md").
class SiteBuilder {
 public:
  SiteBuilder();
  SiteBuilder& SiteYaml(std::string text);
  // `front` is the YAML between the --- lines, without them.
  SiteBuilder& Page(const std::string& path, const std::string& front, const std::string& body = "");
  SiteBuilder& File(const std::string& path, std::string contents);
  const MemorySiteFiles& files() const { return files_; }

 private:
  MemorySiteFiles files_;
};

// Loads, resolves and checks (publish check).
struct Checked {
  std::unique_ptr<Site> site;
  Diagnostics diagnostics;
  Outcome outcome = Outcome::kSuccess;
};
Checked CheckSite(const SiteBuilder& site);

// Builds with the public channel into memory.
struct Built {
  MemoryOutput output;
  Diagnostics diagnostics;
  BuildResult result;
  // The file at `path` below public/, or "" when there is none.
  std::string Public(const std::string& path) const;
  bool HasPublic(const std::string& path) const;
  // Every public/ file, path below public/ -> contents.
  std::map<std::string, std::string> AllPublic() const;
};
std::unique_ptr<Built> BuildPublic(const SiteFiles& files, int jobs = 1);

// How many times `needle` occurs in `text` (non-overlapping).
size_t Count(std::string_view text, std::string_view needle);

// Running the CLI.
struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  int signal = 0;      // the signal that ended it, if any
  bool timed_out = false;
  std::string out;
  std::string err;
  // stderr lines, without the final "publish: ..." summary line.
  std::vector<std::string> DiagnosticLines() const;
  // The diagnostic lines of a `check` text report on stdout: its lines but
  // the last, which must be the summary ("" marks a missing summary).
  std::vector<std::string> ReportLines() const;
  std::string Describe() const;  // for failure messages
};
// Runs `arguments` (argv[0] is the program) with extra environment
// variables (an empty value unsets the variable) in `cwd` (or the current
// folder), killing it after `timeout_seconds`.
ProcessResult Run(const std::vector<std::string>& arguments, const std::map<std::string, std::string>& env = {},
                  int timeout_seconds = 30, const std::filesystem::path& cwd = {});
// Runs the publish binary with SOURCE_DATE_EPOCH fixed unless `env` sets it.
ProcessResult RunPublish(const std::vector<std::string>& arguments, std::map<std::string, std::string> env = {},
                         int timeout_seconds = 30, const std::filesystem::path& cwd = {});

// A fresh folder under the system temporary folder, removed afterwards.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

std::string ReadFile(const std::filesystem::path& path);
// What a real decoder (zbarimg) reads from a QR code in SVG drawn to pixels
// (rsvg-convert), or "" when it reads no code.
std::string DecodedQrCode(const std::string& svg);
void WriteFile(const std::filesystem::path& path, std::string_view contents);
// Every file below `root` (hidden ones included), relative path -> bytes.
std::map<std::string, std::string> ReadTree(const std::filesystem::path& root);
void CopyTree(const std::filesystem::path& from, const std::filesystem::path& to);
// Copies the sample site (site.yaml, content/, themes/) into `to`.
void CopySampleSite(const std::filesystem::path& to);
// The first difference between two trees, or "" when they are the same.
std::string TreeDifference(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b);

// Golden files are rewritten instead of compared when UPDATE_GOLDEN=1.
bool UpdateGolden();

// nlohmann's strict parser (invalid UTF-8 is refused), for checking the
// reports and JSON-LD: nullopt (and `error` set) when `text` is not one
// well-formed JSON value.
std::optional<Json> ParseJson(std::string_view text, std::string* error = nullptr);
// True when `text` is well-formed XML as far as a report needs: one root
// element, balanced tags, quoted attributes, known entities only.
bool IsWellFormedXml(std::string_view text, std::string* error = nullptr);

}  // namespace publish::test
