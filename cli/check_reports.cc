#include "cli/check_reports.h"

#include <map>

#include "cli/common.h"
#include "libpublish/base/check_ids.h"
#include "libpublish/base/escape.h"
#include "libpublish/base/json.h"
#include "libpublish/base/text.h"

namespace publish::cli {
namespace {

const char* LevelName(Severity severity) { return severity == Severity::kError ? "error" : "warning"; }

size_t ErrorCount(const CheckResult& result) {
  size_t errors = 0;
  for (const auto& d : result.diagnostics) errors += d.severity == Severity::kError;
  return errors;
}

// What a person reads: every error, and the first kShownPerCheck warnings
// of each check; how many more each check had, by check id. Errors are
// never hidden: each one fails the run, and a list that stopped at ten
// would let someone fix those, see the run still fail, and not know why.
struct ShownDiagnostics {
  std::vector<const Diagnostic*> shown;
  std::map<std::string, size_t> hidden_warnings;
};

ShownDiagnostics ShownTo(const CheckResult& result, const ReportOptions& options) {
  ShownDiagnostics out;
  std::map<std::string, size_t> seen;
  for (const auto& d : result.diagnostics) {
    if (d.severity == Severity::kWarning && !options.show_all && ++seen[d.check_id] > kShownPerCheck) {
      ++out.hidden_warnings[d.check_id];
    } else {
      out.shown.push_back(&d);
    }
  }
  return out;
}

// In the diagnostics' own line shape, so a tool reading those reads this.
std::string HiddenNote(const std::string& check_id, size_t count) {
  return "<site>: note: " + PluralCount(count, "more warning", "more warnings") +
         " of this check not shown; run publish check --all to see them [" + VisiblyEscaped(check_id) + "]";
}

std::string TextReport(const CheckResult& result, const ReportOptions& options) {
  ShownDiagnostics view = ShownTo(result, options);
  std::string out;
  for (const Diagnostic* d : view.shown)
    out += options.format_diagnostic ? options.format_diagnostic(*d) : FormatDiagnostic(*d) + "\n";
  // The notes come together at the end, next to the counts they explain.
  for (const auto& [check_id, count] : view.hidden_warnings) out += HiddenNote(check_id, count) + "\n";
  return out + CheckSummary(result) + "\n";
}

std::string JsonReport(const CheckResult& result) {
  Json list = Json::array();
  for (const auto& d : result.diagnostics) {
    list.push_back({{"file", d.position.file},
                    {"line", d.position.line},
                    {"column", d.position.column},
                    {"severity", LevelName(d.severity)},
                    {"check", d.check_id},
                    {"message", d.message}});
  }
  size_t errors = ErrorCount(result);
  Json report{{"version", 1},
              {"pages", result.pages},
              {"errors", errors},
              {"warnings", result.diagnostics.size() - errors},
              {"diagnostics", std::move(list)}};
  return JsonText(report, JsonLayout::kIndented);
}

// One test case per checked file, failing with its errors.
std::string JunitReport(const CheckResult& result) {
  std::map<std::string, std::vector<const Diagnostic*>> by_file;
  for (const auto& file : result.files) by_file[file];
  for (const auto& d : result.diagnostics) by_file[d.position.file.empty() ? "site" : d.position.file].push_back(&d);
  size_t failures = 0;
  for (const auto& [file, list] : by_file) {
    for (const Diagnostic* d : list) {
      if (d->severity == Severity::kError) {
        ++failures;
        break;
      }
    }
  }
  size_t errors = ErrorCount(result);
  std::string tests = std::to_string(by_file.size());
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"publish check\" tests=\"" + tests +
                    "\" failures=\"" + std::to_string(failures) + "\">\n" + "<testsuite name=\"content\" tests=\"" +
                    tests + "\" failures=\"" + std::to_string(failures) + "\">\n" + "<properties>\n" +
                    "<property name=\"pages\" value=\"" + std::to_string(result.pages) + "\"/>\n" +
                    "<property name=\"errors\" value=\"" + std::to_string(errors) + "\"/>\n" +
                    "<property name=\"warnings\" value=\"" + std::to_string(result.diagnostics.size() - errors) +
                    "\"/>\n</properties>\n";
  for (const auto& [file, list] : by_file) {
    // As the text report shows it: a newline or an escape in a file name is
    // seen as \n or \x1b, never dropped out of sight (EscapeXml would drop it).
    out += "<testcase classname=\"publish.check\" name=\"" + EscapeXml(VisiblyEscaped(file)) + "\"";
    std::string errors_text, warnings_text;
    for (const Diagnostic* d : list)
      (d->severity == Severity::kError ? errors_text : warnings_text) += FormatDiagnostic(*d) + "\n";
    if (errors_text.empty() && warnings_text.empty()) {
      out += "/>\n";
      continue;
    }
    out += ">\n";
    if (!errors_text.empty()) {
      out += "<failure message=\"" + EscapeXml(errors_text.substr(0, errors_text.find('\n'))) + "\">" +
             EscapeXml(errors_text) + "</failure>\n";
    }
    if (!warnings_text.empty()) out += "<system-out>" + EscapeXml(warnings_text) + "</system-out>\n";
    out += "</testcase>\n";
  }
  return out + "</testsuite>\n</testsuites>\n";
}

// A site-relative path as a relative URI reference: everything but the
// unreserved characters and '/' percent-encoded, bytes beyond ASCII
// included, so a ':' cannot pass for a scheme and any bytes give a URI.
std::string RelativeUri(std::string_view path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    unsigned char byte = static_cast<unsigned char>(c);
    if ((byte < 0x80 && std::isalnum(byte)) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

std::string SarifReport(const CheckResult& result, const ReportOptions& options) {
  Json rules = Json::array();
  std::map<std::string_view, size_t> rule_index;
  for (const Check* check : AllChecks()) {
    rule_index[check->id] = rules.size();
    rules.push_back({{"id", check->id},
                     {"shortDescription", {{"text", check->description}}},
                     {"fullDescription", {{"text", check->description}}},
                     {"help", {{"text", check->help}}},
                     {"defaultConfiguration", {{"level", LevelName(check->severity)}}}});
  }
  Json results = Json::array();
  for (const auto& d : result.diagnostics) {
    Json entry{{"ruleId", d.check_id}};
    // Every id comes from the registry, but a Diagnostic is plain data:
    // without a rule the result still names its ruleId.
    if (auto found = rule_index.find(d.check_id); found != rule_index.end()) entry["ruleIndex"] = found->second;
    entry["level"] = LevelName(d.severity);
    entry["message"] = {{"text", d.message}};
    // A site-wide problem has no file, so no location.
    if (!d.position.file.empty()) {
      Json physical{{"artifactLocation", {{"uri", RelativeUri(d.position.file)}}}};
      if (d.position.line > 0) {
        physical["region"] = {{"startLine", d.position.line}, {"startColumn", std::max(1, d.position.column)}};
      }
      entry["locations"] = Json::array({{{"physicalLocation", std::move(physical)}}});
    }
    results.push_back(std::move(entry));
  }
  Json driver{{"name", "publish"}};
  if (!options.information_uri.empty()) driver["informationUri"] = options.information_uri;
  driver["version"] = options.tool_version;
  driver["rules"] = std::move(rules);
  size_t errors = ErrorCount(result);
  Json run{
      {"tool", {{"driver", std::move(driver)}}},
      {"columnKind", "unicodeCodePoints"},
      {"results", std::move(results)},
      {"properties", {{"pages", result.pages}, {"errors", errors}, {"warnings", result.diagnostics.size() - errors}}}};
  Json sarif{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
             {"version", "2.1.0"},
             {"runs", Json::array({std::move(run)})}};
  return JsonText(sarif, JsonLayout::kIndented);
}

// GitHub's workflow-command escaping. Visibly escaped first, so no control
// character or escape sequence reaches the log raw and no newline can
// start a second (forged) command.
std::string GithubMessage(std::string_view text) {
  std::string out;
  for (char c : VisiblyEscaped(text)) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

std::string GithubProperty(std::string_view text) {
  std::string out;
  for (char c : GithubMessage(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

std::string GithubReport(const CheckResult& result, const ReportOptions& options) {
  ShownDiagnostics view = ShownTo(result, options);
  std::string out;
  for (const Diagnostic* d : view.shown) {
    std::string properties;
    if (!d->position.file.empty()) properties += "file=" + GithubProperty(d->position.file) + ",";
    if (d->position.line > 0) {
      properties +=
          "line=" + std::to_string(d->position.line) + ",col=" + std::to_string(std::max(1, d->position.column)) + ",";
    }
    properties += "title=" + GithubProperty(d->check_id);
    out += std::string("::") + LevelName(d->severity) + " " + properties + "::" + GithubMessage(d->message) + "\n";
  }
  for (const auto& [check_id, count] : view.hidden_warnings) {
    out += "::notice title=" + GithubProperty(check_id) + "::" +
           GithubMessage(PluralCount(count, "more warning", "more warnings") + " [" + check_id +
                         "] not shown; run publish check --all to see them") +
           "\n";
  }
  return out + "::notice::" + GithubMessage(CheckSummary(result)) + "\n";
}

}  // namespace

std::vector<std::string> ReportFormatNames() { return {"text", "json", "junit", "sarif", "github"}; }

std::optional<ReportFormat> ReportFormatNamed(std::string_view name) {
  if (name == "text") return ReportFormat::kText;
  if (name == "json") return ReportFormat::kJson;
  if (name == "junit") return ReportFormat::kJunit;
  if (name == "sarif") return ReportFormat::kSarif;
  if (name == "github") return ReportFormat::kGithub;
  return std::nullopt;
}

std::string CheckSummary(const CheckResult& result) {
  size_t errors = ErrorCount(result);
  return "publish: checked " + PluralCount(result.pages, "page", "pages") + ": " +
         PluralCount(errors, "error", "errors") + ", " +
         PluralCount(result.diagnostics.size() - errors, "warning", "warnings");
}

std::string RenderCheckReport(ReportFormat format, const CheckResult& result, const ReportOptions& options) {
  switch (format) {
    case ReportFormat::kJson:
      return JsonReport(result);
    case ReportFormat::kJunit:
      return JunitReport(result);
    case ReportFormat::kSarif:
      return SarifReport(result, options);
    case ReportFormat::kGithub:
      return GithubReport(result, options);
    case ReportFormat::kText:
      break;
  }
  return TextReport(result, options);
}

}  // namespace publish::cli
