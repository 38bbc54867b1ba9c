#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/external_check.h"
#include "libpublish/base/escape.h"
#include "libpublish/base/json.h"
#include "libpublish/base/text.h"

namespace fs = std::filesystem;

namespace publish::cli {
namespace {

// The report file appears whole or not at all: written beside its place,
// checked through close (a full disk shows only there), then renamed over.
bool WriteWholeFile(const std::string& path, const std::string& contents, std::string& error) {
  std::string temporary = path + ".publish-" + std::to_string(::getpid());
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  size_t done = 0;
  bool ok = true;
  while (ok && done < contents.size()) {
    ssize_t written = ::write(fd, contents.data() + done, contents.size() - done);
    if (written < 0 && errno == EINTR) continue;
    ok = written > 0;
    if (ok) done += static_cast<size_t>(written);
  }
  if (!ok) error = std::strerror(errno);
  if (::close(fd) != 0 && ok) {
    error = std::strerror(errno);
    ok = false;
  }
  if (ok && ::rename(temporary.c_str(), path.c_str()) != 0) {
    error = std::strerror(errno);
    ok = false;
  }
  if (!ok) ::unlink(temporary.c_str());
  return ok;
}

}  // namespace
namespace {

std::string TextReport(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += FormatDiagnostic(d) + "\n";
  return out;
}

std::string JsonReport(const std::vector<Diagnostic>& diagnostics, int errors, int warnings, size_t pages) {
  Json list = Json::array();
  for (const auto& d : diagnostics) {
    list.push_back({{"file", d.position.file},
                    {"line", d.position.line},
                    {"column", d.position.column},
                    {"severity", d.severity == Severity::kError ? "error" : "warning"},
                    {"check", d.check_id},
                    {"message", d.message}});
  }
  Json report{{"version", 1}, {"pages", pages}, {"errors", errors}, {"warnings", warnings}, {"diagnostics", list}};
  return JsonText(report, JsonLayout::kIndented);
}

// One test case per checked file, failing with its errors.
std::string JunitReport(const std::vector<Diagnostic>& diagnostics, const std::vector<std::string>& files) {
  std::map<std::string, std::vector<const Diagnostic*>> by_file;
  for (const auto& file : files) by_file[file];
  for (const auto& d : diagnostics) by_file[d.position.file.empty() ? "site" : d.position.file].push_back(&d);
  size_t failures = 0;
  for (const auto& [file, list] : by_file) {
    for (const Diagnostic* d : list) {
      if (d->severity == Severity::kError) {
        ++failures;
        break;
      }
    }
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"publish check\" tests=\"" +
                    std::to_string(by_file.size()) + "\" failures=\"" + std::to_string(failures) + "\">\n" +
                    "<testsuite name=\"content\" tests=\"" + std::to_string(by_file.size()) + "\" failures=\"" +
                    std::to_string(failures) + "\">\n";
  for (const auto& [file, list] : by_file) {
    // As the text report shows it: a newline or an escape in a file name is
    // seen as \n or \x1b, never dropped out of sight (EscapeXml would drop it).
    out += "<testcase classname=\"publish.check\" name=\"" + EscapeXml(VisiblyEscaped(file)) + "\"";
    std::string errors, warnings;
    for (const Diagnostic* d : list)
      (d->severity == Severity::kError ? errors : warnings) += FormatDiagnostic(*d) + "\n";
    if (errors.empty() && warnings.empty()) {
      out += "/>\n";
      continue;
    }
    out += ">\n";
    if (!errors.empty()) {
      out += "<failure message=\"" + EscapeXml(errors.substr(0, errors.find('\n'))) + "\">" + EscapeXml(errors) +
             "</failure>\n";
    }
    if (!warnings.empty()) out += "<system-out>" + EscapeXml(warnings) + "</system-out>\n";
    out += "</testcase>\n";
  }
  return out + "</testsuite>\n</testsuites>\n";
}

}  // namespace

int RunCheck(const CheckArguments& arguments) {
  BuildOptions options;
  options.known_channels = AvailableChannels();
  std::string error;
  if (!Today(options.today, error)) {
    std::fprintf(stderr, "publish: %s\n", VisiblyEscaped(error).c_str());
    return kExitUsage;
  }
  options.jobs = DefaultJobs();
  options.strict = arguments.strict;
  std::error_code fs_error;
  if (!fs::is_directory(arguments.site, fs_error)) {
    std::fprintf(stderr, "publish: the site folder does not exist: %s\n", VisiblyEscaped(arguments.site).c_str());
    return kExitUsage;
  }
  DiskSiteFiles files(arguments.site, {fs::path(arguments.site) / "_site"});
  Diagnostics diagnostics;
  Outcome outcome;
  auto site = LoadCheckedSite(files, options, diagnostics, outcome);
  if (site && arguments.external) {
    RunExternalCheck(*site, diagnostics);
    if (options.strict) diagnostics.PromoteWarnings();
    if (diagnostics.HasErrors() && outcome == Outcome::kSuccess) outcome = Outcome::kContentErrors;
  }
  std::vector<Diagnostic> sorted = diagnostics.Sorted();
  std::vector<std::string> checked{"site.yaml"};
  if (site) {
    for (const auto& page : site->pages) {
      if (!page->is_generated) checked.push_back(page->source_path);
    }
  }
  std::string report;
  if (arguments.format == "json") {
    report = JsonReport(sorted, diagnostics.ErrorCount(), diagnostics.WarningCount(), checked.size() - 1);
  } else if (arguments.format == "junit") {
    report = JunitReport(sorted, checked);
  } else {
    report = TextReport(sorted);
  }
  if (arguments.out.empty()) {
    std::fwrite(report.data(), 1, report.size(), stdout);
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
      std::fprintf(stderr, "publish: cannot write the report: %s\n", std::strerror(errno));
      return kExitUsage;
    }
  } else if (std::string error; !WriteWholeFile(arguments.out, report, error)) {
    std::fprintf(stderr, "publish: cannot write the report to %s: %s\n", VisiblyEscaped(arguments.out).c_str(),
                 error.c_str());
    return kExitUsage;
  }
  std::fprintf(stderr, "publish: checked %s: %s, %s\n", PluralCount(checked.size() - 1, "page", "pages").c_str(),
               PluralCount(static_cast<size_t>(diagnostics.ErrorCount()), "error", "errors").c_str(),
               PluralCount(static_cast<size_t>(diagnostics.WarningCount()), "warning", "warnings").c_str());
  return ExitCodeFor(outcome);
}

}  // namespace publish::cli
