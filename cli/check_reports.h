// The reports of `publish check`: one renderer per format, each taking the
// sorted diagnostics and the files checked and returning what it rendered.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libpublish/base/diagnostics.h"

namespace publish::cli {

enum class ReportFormat { kText, kJson, kJunit, kSarif, kGithub };

// The names --format takes, in the order help lists them.
std::vector<std::string> ReportFormatNames();
std::optional<ReportFormat> ReportFormatNamed(std::string_view name);

struct CheckResult {
  std::vector<Diagnostic> diagnostics;  // as Diagnostics::Sorted gives them
  std::vector<std::string> files;       // every file checked, site.yaml included
  size_t pages = 0;                     // how many of `files` are pages
};

struct ReportOptions {
  // Show every warning in the formats a person reads (text, github), not
  // only the first kShownPerCheck of each check.
  bool show_all = false;
  std::string tool_version;
  std::string information_uri;  // SARIF tool.driver.informationUri; left out when empty
  // The text report's lines for one diagnostic, newline included, when they
  // differ from the contract's one line (on a terminal: the source line too).
  std::function<std::string(const Diagnostic&)> format_diagnostic;
};

// Warnings of one check shown one by one in text and github reports; the
// rest are counted in one note.
inline constexpr size_t kShownPerCheck = 10;

// "publish: checked 12 pages: 1 error, 0 warnings"
std::string CheckSummary(const CheckResult& result);

std::string RenderCheckReport(ReportFormat format, const CheckResult& result, const ReportOptions& options);

}  // namespace publish::cli
