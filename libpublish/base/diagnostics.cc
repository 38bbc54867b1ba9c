#include "libpublish/base/diagnostics.h"

#include <algorithm>
#include <tuple>

#include "libpublish/base/text.h"

namespace publish {

std::string FormatDiagnostic(const Diagnostic& d) {
  // Every part may quote the input: escaped, it can neither forge a second
  // "file:line:col" line nor send a terminal an escape sequence.
  std::string out = d.position.file.empty() ? std::string("<site>") : VisiblyEscaped(d.position.file);
  if (d.position.line > 0) {
    out += ':' + std::to_string(d.position.line) + ':' + std::to_string(std::max(1, d.position.column));
  }
  out += d.severity == Severity::kError ? ": error: " : ": warning: ";
  out += VisiblyEscaped(d.message);
  out += " [" + VisiblyEscaped(d.check_id) + ']';
  return out;
}

int ReportForbiddenCharacters(const std::string& file, std::string_view text, Diagnostics& diagnostics) {
  size_t total = 0;
  auto found = FindForbiddenCharacters(text, kMaxForbiddenCharacterReports + 1, &total);
  auto name = [](const ForbiddenCharacter& character) {
    return std::string(character.code_point < 0xA0 ? "control character " : "noncharacter ") +
           CodePointName(character.code_point);
  };
  for (size_t i = 0; i < found.size(); ++i) {
    const ForbiddenCharacter& character = found[i];
    if (i == kMaxForbiddenCharacterReports && total > found.size()) {
      // The rest in one, at the first of them, so it sorts after the others.
      diagnostics.Error({file, character.line, character.column},
                        name(character) + " and " + std::to_string(total - found.size()) +
                            " more control characters or noncharacters after it are not allowed; delete them, or "
                            "if this is not a text file, move it out of the site",
                        checks::kControlCharacter);
      break;
    }
    diagnostics.Error({file, character.line, character.column},
                      name(character) + " is not allowed; delete it (most editors do not show it)",
                      checks::kControlCharacter);
  }
  return static_cast<int>(total);
}

void Diagnostics::Error(SourcePosition position, std::string message, const Check& check) {
  Add({Severity::kError, std::move(position), std::move(message), std::string(check.id)});
}

void Diagnostics::Warning(SourcePosition position, std::string message, const Check& check) {
  Add({Severity::kWarning, std::move(position), std::move(message), std::string(check.id)});
}

void Diagnostics::Add(Diagnostic diagnostic) {
  std::lock_guard lock(mutex_);
  if (ApplyOverride(diagnostic)) items_.push_back(std::move(diagnostic));
}

void Diagnostics::SetSeverityOverrides(SeverityOverrides overrides) {
  std::lock_guard lock(mutex_);
  overrides_ = std::move(overrides);
}

bool Diagnostics::ApplyOverride(Diagnostic& diagnostic) const {
  if (overrides_.empty()) return true;
  auto found = overrides_.find(diagnostic.check_id);
  if (found == overrides_.end()) return true;
  if (!found->second) return false;
  diagnostic.severity = *found->second;
  return true;
}

void Diagnostics::Append(const Diagnostics& other) {
  if (&other == this) return;
  std::vector<Diagnostic> copy;
  {
    std::lock_guard lock(other.mutex_);
    copy = other.items_;
  }
  std::lock_guard lock(mutex_);
  for (Diagnostic& diagnostic : copy) {
    if (ApplyOverride(diagnostic)) items_.push_back(std::move(diagnostic));
  }
}

void Diagnostics::PromoteWarnings() {
  std::lock_guard lock(mutex_);
  for (auto& d : items_) d.severity = Severity::kError;
}

bool Diagnostics::HasErrors() const { return ErrorCount() > 0; }

int Diagnostics::ErrorCount() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(
      std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

int Diagnostics::WarningCount() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(items_.size()) -
         static_cast<int>(std::count_if(items_.begin(), items_.end(),
                                        [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

std::vector<Diagnostic> Diagnostics::Sorted() const {
  std::vector<Diagnostic> sorted;
  {
    std::lock_guard lock(mutex_);
    sorted = items_;
  }
  auto key = [](const Diagnostic& d) {
    return std::tie(d.position.file, d.position.line, d.position.column, d.message, d.check_id);
  };
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  sorted.erase(std::unique(sorted.begin(), sorted.end(),
                           [&](const Diagnostic& a, const Diagnostic& b) {
                             return key(a) == key(b) && a.severity == b.severity;
                           }),
               sorted.end());
  return sorted;
}

Diagnostics::Diagnostics(const Diagnostics& other) {
  std::lock_guard lock(other.mutex_);
  items_ = other.items_;
  overrides_ = other.overrides_;
}

Diagnostics& Diagnostics::operator=(const Diagnostics& other) {
  if (this != &other) {
    std::vector<Diagnostic> copy;
    SeverityOverrides overrides;
    {
      std::lock_guard lock(other.mutex_);
      copy = other.items_;
      overrides = other.overrides_;
    }
    std::lock_guard lock(mutex_);
    items_ = std::move(copy);
    overrides_ = std::move(overrides);
  }
  return *this;
}

std::pair<std::string, size_t> Nearest(const std::string& wanted, const std::vector<std::string>& candidates) {
  return NameIndex(candidates).Nearest(wanted);
}

std::string ClosestMatch(const std::string& wanted, const std::vector<std::string>& candidates) {
  auto [best, best_distance] = Nearest(wanted, candidates);
  // Close enough to be a typo: at most a third of the longer name differs.
  size_t longest = std::max(CodePointCount(wanted), CodePointCount(best));
  if (best.empty() || best_distance == 0 || best_distance * 3 > longest + 1) return "";
  return best;
}

std::string DidYouMean(const std::string& wanted, const std::vector<std::string>& candidates) {
  std::string match = ClosestMatch(wanted, candidates);
  return match.empty() ? "" : " (did you mean '" + match + "'?)";
}

}  // namespace publish
