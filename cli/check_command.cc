#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "cli/check_reports.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/external_check.h"
#include "libpublish/base/text.h"

namespace fs = std::filesystem;

namespace publish::cli {

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
  options.include_drafts = arguments.drafts;
  fs::path site_folder;
  if (!FindSite("check", arguments.site, site_folder, error)) {
    std::fprintf(stderr, "publish: %s\n", error.c_str());
    return kExitUsage;
  }
  DiskSiteFiles files(site_folder, {site_folder / "_site"});
  Diagnostics diagnostics;
  Outcome outcome;
  auto site = LoadCheckedSite(files, options, diagnostics, outcome);
  if (site && arguments.external) {
    if (!RunExternalCheck(*site, {arguments.cache, arguments.history}, diagnostics)) return kExitUsage;
    if (options.strict) diagnostics.PromoteWarnings();
    if (diagnostics.HasErrors() && outcome == Outcome::kSuccess) outcome = Outcome::kContentErrors;
  }
  CheckResult result;
  result.diagnostics = diagnostics.Sorted();
  result.files = {"site.yaml"};
  if (site) {
    for (const auto& page : site->pages) {
      if (!page->is_generated) result.files.push_back(page->source_path);
    }
  }
  result.pages = result.files.size() - 1;
  ReportOptions report_options;
  report_options.show_all = arguments.all;
  report_options.tool_version = PUBLISH_VERSION;
  report_options.information_uri = PUBLISH_HOMEPAGE_URL;
  // A person reading the text report on a terminal also sees each source line.
  DiagnosticFormatter formatter(site_folder, arguments.out.empty() ? StyleFor(STDOUT_FILENO) : DiagnosticStyle{});
  if (formatter.style().excerpt) {
    report_options.format_diagnostic = [&formatter](const Diagnostic& d) { return formatter.Format(d); };
  }
  ReportFormat format = ReportFormatNamed(arguments.format).value_or(ReportFormat::kText);
  std::string report = RenderCheckReport(format, result, report_options);
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
  // The text and github reports end with the summary; a person watching a
  // JSON, JUnit or SARIF report, or any report going to a file, sees it here.
  bool summary_shown = arguments.out.empty() && (format == ReportFormat::kText || format == ReportFormat::kGithub);
  if (!summary_shown) std::fprintf(stderr, "%s\n", CheckSummary(result).c_str());
  return ExitCodeFor(outcome);
}

}  // namespace publish::cli
