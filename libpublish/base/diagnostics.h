// Diagnostics: every user-facing problem, with a position, a stable check id
// and an optional suggestion. The library reports through these, never prints.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "libpublish/base/check_ids.h"

namespace publish {

// A place in a source file. `file` is relative to the site folder
// ("content/bins/collection-days.md"); line and column are 1-based and the
// column counts code points. Line 0 means "the whole file".
struct SourcePosition {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  SourcePosition position;
  std::string message;   // lower case, plain words, suggestion included
  std::string check_id;  // stable, e.g. "unknown-key" (Check::id)
};

// "content/a.md:12:5: error: message [check-id]", always one line: control
// characters and invalid UTF-8 in the file, message or check id are shown
// escaped (\x1b, \n, \xff), never raw.
std::string FormatDiagnostic(const Diagnostic& diagnostic);

// A site's own severity for some checks (site.yaml `checks:`), by check
// id; nullopt turns the check off.
using SeverityOverrides = std::map<std::string, std::optional<Severity>, std::less<>>;

// Collects diagnostics from one run. Safe to add to from several threads.
class Diagnostics {
 public:
  // A Check, not a string: only the registry's constants (check_ids.h) name one.
  void Error(SourcePosition position, std::string message, const Check& check);
  void Warning(SourcePosition position, std::string message, const Check& check);
  void Add(Diagnostic diagnostic);
  void Append(const Diagnostics& other);

  // From now on, every diagnostic added (or appended) of a check in
  // `overrides` takes the site's severity, or is dropped when off. Set it
  // once the settings are read, before threads add diagnostics.
  void SetSeverityOverrides(SeverityOverrides overrides);

  // Turns every warning into an error (--strict).
  void PromoteWarnings();

  bool HasErrors() const;
  int ErrorCount() const;
  int WarningCount() const;

  // Sorted by file, line, column, then message: output does not depend on
  // the order threads finished in.
  std::vector<Diagnostic> Sorted() const;
  const std::vector<Diagnostic>& items() const { return items_; }

  Diagnostics() = default;
  Diagnostics(const Diagnostics& other);
  Diagnostics& operator=(const Diagnostics& other);

 private:
  // False when the site turned the diagnostic's check off. Call with mutex_ held.
  bool ApplyOverride(Diagnostic& diagnostic) const;

  mutable std::mutex mutex_;
  std::vector<Diagnostic> items_;
  SeverityOverrides overrides_;
};

// Appends " (did you mean 'x'?)" style suggestions: the candidate closest to
// `wanted` by edit distance, or "" when none is close enough.
std::string ClosestMatch(const std::string& wanted, const std::vector<std::string>& candidates);
// The candidate with the smallest edit distance to `wanted` (first wins a
// tie), and that distance; "" and npos when there are none.
std::pair<std::string, size_t> Nearest(const std::string& wanted, const std::vector<std::string>& candidates);
std::string DidYouMean(const std::string& wanted, const std::vector<std::string>& candidates);

// How many forbidden characters one file reports one by one; the rest are
// summed up in one more diagnostic, so a binary file gives a handful.
inline constexpr size_t kMaxForbiddenCharacterReports = 10;
// An error, check checks::kControlCharacter, at the line and column of each
// control character or noncharacter in `text` (IsForbiddenCharacter in
// text.h), the contents of `file`. Returns how many there are.
int ReportForbiddenCharacters(const std::string& file, std::string_view text, Diagnostics& diagnostics);

}  // namespace publish
