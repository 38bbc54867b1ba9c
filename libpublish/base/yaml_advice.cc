#include "libpublish/base/yaml_advice.h"

#include <vector>

#include "libpublish/base/text.h"

namespace publish {
namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// The byte offset of code point `column` in `line` (its end when shorter).
size_t ByteOffset(std::string_view line, int column) {
  size_t offset = 0;
  for (int seen = 0; offset < line.size(); ++offset) {
    if ((static_cast<unsigned char>(line[offset]) & 0xC0) == 0x80) continue;
    if (seen++ == column) return offset;
  }
  return line.size();
}

int ColumnOf(std::string_view line, size_t offset) {
  return static_cast<int>(CodePointCount(line.substr(0, std::min(offset, line.size()))));
}

size_t Indent(std::string_view line) {
  size_t spaces = 0;
  while (spaces < line.size() && line[spaces] == ' ') ++spaces;
  return spaces;
}

bool IsBlankOrComment(std::string_view line) {
  size_t first = line.find_first_not_of(" \t");
  return first == std::string_view::npos || line[first] == '#';
}

std::string Trimmed(std::string_view text) {
  size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(start, end - start + 1));
}

// "  title: Pay" -> key "title", value at the offset of "Pay". A key is
// plain text up to the first ": " (or a ':' ending the line), after any
// "- " list markers.
struct KeyLine {
  std::string key;
  size_t key_offset = 0;
  size_t value_offset = std::string_view::npos;  // npos: nothing after the colon
};

std::optional<KeyLine> ReadKeyLine(std::string_view line) {
  size_t start = Indent(line);
  while (line.substr(start, 2) == "- ") start = line.find_first_not_of(' ', start + 2);
  if (start == std::string_view::npos || start >= line.size()) return std::nullopt;
  char first = line[start];
  if (first == '"' || first == '\'' || first == '[' || first == '{' || first == '#' || first == '-')
    return std::nullopt;
  for (size_t i = start; i < line.size(); ++i) {
    if (line[i] != ':') continue;
    if (i + 1 < line.size() && line[i + 1] != ' ' && line[i + 1] != '\t') continue;
    KeyLine key{std::string(line.substr(start, i - start)), start};
    size_t value = line.find_first_not_of(" \t", i + 1);
    if (value != std::string_view::npos && line[value] != '#') key.value_offset = value;
    return key;
  }
  return std::nullopt;
}

// "summary:Pay" at the start of a line: a key and value with no space.
std::optional<size_t> ColonWithoutSpace(std::string_view line) {
  size_t start = Indent(line);
  if (line.substr(start, 2) == "- ") start = line.find_first_not_of(' ', start + 2);
  if (start == std::string_view::npos || start >= line.size()) return std::nullopt;
  auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!is_letter(line[start])) return std::nullopt;
  size_t i = start;
  while (i < line.size() &&
         (is_letter(line[i]) || line[i] == '_' || line[i] == '-' || (line[i] >= '0' && line[i] <= '9')))
    ++i;
  if (i + 1 >= line.size() || line[i] != ':') return std::nullopt;
  char next = line[i + 1];
  if (next == ' ' || next == '\t' || next == '/' || next == ':') return std::nullopt;
  return i;
}

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// A short piece of a line for a message.
std::string Excerpt(std::string_view text) {
  std::string trimmed = Trimmed(text);
  if (CodePointCount(trimmed) <= 40) return trimmed;
  return trimmed.substr(0, ByteOffset(trimmed, 37)) + "...";
}

class Explainer {
 public:
  Explainer(std::string_view text, const YamlSyntaxError& error) : lines_(SplitLines(text)), error_(error) {}

  YamlSyntaxAdvice Explain() {
    if (auto advice = Tab()) return *advice;
    if (auto advice = Quote()) return *advice;
    if (auto advice = MissingSpace()) return *advice;
    if (auto advice = ColonInValue()) return *advice;
    if (auto advice = IndentedMore()) return *advice;
    if (auto advice = AfterQuoteOrList()) return *advice;
    if (auto advice = Misaligned()) return *advice;
    if (auto advice = UnclosedFlow()) return *advice;
    if (auto advice = SpecialFirstCharacter()) return *advice;
    std::string message = "invalid yaml: " + error_.problem;
    if (!error_.context.empty()) message += " " + error_.context;
    return {error_.problem_line, error_.problem_column, message};
  }

 private:
  std::string_view Line(int index) const {
    return index >= 0 && static_cast<size_t>(index) < lines_.size() ? lines_[static_cast<size_t>(index)]
                                                                    : std::string_view();
  }
  std::string_view ProblemLine() const { return Line(error_.problem_line); }
  size_t ProblemOffset() const { return ByteOffset(ProblemLine(), error_.problem_column); }
  char ProblemChar() const {
    size_t offset = ProblemOffset();
    return offset < ProblemLine().size() ? ProblemLine()[offset] : '\n';
  }
  bool ProblemIs(std::string_view problem) const { return error_.problem.find(problem) != std::string::npos; }
  bool ContextIs(std::string_view context) const { return error_.context.find(context) != std::string::npos; }

  // The nearest line above `line` holding YAML (not blank, not a comment).
  int LineAbove(int line) const {
    for (int i = line - 1; i >= 0; --i) {
      if (!IsBlankOrComment(Line(i))) return i;
    }
    return -1;
  }

  std::optional<YamlSyntaxAdvice> Tab() const {
    std::string_view line = ProblemLine();
    size_t tab = std::string_view::npos;
    if (ProblemChar() == '\t') {
      tab = ProblemOffset();
    } else if (ProblemIs("tab")) {
      tab = line.find('\t');
    }
    if (tab == std::string_view::npos) return std::nullopt;
    bool indenting = line.find_first_not_of(" \t") > tab;
    return YamlSyntaxAdvice{error_.problem_line, ColumnOf(line, tab),
                            indenting ? "this line is indented with a tab; YAML indents with spaces only, so replace "
                                        "the tab with spaces"
                                      : "a tab here; YAML allows only spaces between its parts, so replace the tab "
                                        "with a space"};
  }

  std::optional<YamlSyntaxAdvice> Quote() const {
    if (!ContextIs("quoted scalar")) return std::nullopt;
    std::string_view line = Line(error_.context_line);
    size_t open = ByteOffset(line, error_.context_column);
    if (open >= line.size()) return std::nullopt;
    char quote = line[open];
    if (ProblemIs("end of stream") || ProblemIs("document indicator")) {
      std::string example = Excerpt(line.substr(Indent(line))) + quote;
      return YamlSyntaxAdvice{error_.context_line, error_.context_column,
                              std::string("the quote ") + quote + " that starts this value is never closed; end " +
                                  "the value with " + quote + " on the same line (" + example +
                                  ") or remove the quote"};
    }
    if (ProblemIs("unknown escape")) {
      return YamlSyntaxAdvice{error_.problem_line, error_.problem_column,
                              "inside double quotes a backslash starts an escape such as \\n, and this one is not "
                              "an escape; put the value in single quotes instead, or write each backslash twice"};
    }
    return std::nullopt;
  }

  std::optional<YamlSyntaxAdvice> MissingSpace() const {
    if (!ProblemIs("could not find expected ':'") && !ProblemIs("mapping values are not allowed") &&
        !ProblemIs("did not find expected key")) {
      return std::nullopt;
    }
    std::vector<int> candidates;
    if (ContextIs("simple key")) candidates.push_back(error_.context_line);
    candidates.push_back(LineAbove(error_.problem_line));
    candidates.push_back(error_.problem_line);
    for (int index : candidates) {
      std::string_view line = Line(index);
      auto colon = ColonWithoutSpace(line);
      if (!colon) continue;
      std::string key(line.substr(line.find_first_not_of(" -"), *colon - line.find_first_not_of(" -")));
      std::string value = Excerpt(line.substr(*colon + 1));
      return YamlSyntaxAdvice{index, ColumnOf(line, *colon),
                              "put a space after the colon: write " + Quoted(key + ": " + value) +
                                  "; without the space YAML reads " + Quoted(key + ":" + value) +
                                  " as text, not as a key and its value"};
    }
    return std::nullopt;
  }

  std::optional<YamlSyntaxAdvice> ColonInValue() const {
    if (!ProblemIs("mapping values are not allowed")) return std::nullopt;
    std::string_view line = ProblemLine();
    auto key = ReadKeyLine(line);
    if (!key || key->value_offset == std::string_view::npos || ProblemOffset() <= key->value_offset) {
      return std::nullopt;
    }
    std::string value = Trimmed(line.substr(key->value_offset));
    return YamlSyntaxAdvice{error_.problem_line, error_.problem_column,
                            "the value of '" + key->key +
                                "' holds ': ', which YAML reads as the start of another key; put the whole value "
                                "in quotes: " +
                                key->key + ": " + QuoteForYaml(value)};
  }

  std::optional<YamlSyntaxAdvice> IndentedMore() const {
    if (!ProblemIs("mapping values are not allowed")) return std::nullopt;
    std::string_view line = ProblemLine();
    int above_index = LineAbove(error_.problem_line);
    std::string_view above = Line(above_index);
    auto key = ReadKeyLine(line);
    auto above_key = ReadKeyLine(above);
    if (!key || !above_key || Indent(line) <= Indent(above)) return std::nullopt;
    if (above_key->value_offset == std::string_view::npos) return std::nullopt;
    return YamlSyntaxAdvice{error_.problem_line, ColumnOf(line, key->key_offset),
                            "'" + key->key + "' is indented more than '" + above_key->key + "' on line " +
                                std::to_string(error_.first_line + above_index) +
                                ", so YAML reads it as more of the value of '" + above_key->key + "'; start '" +
                                key->key + "' in the same column as '" + above_key->key + "' (column " +
                                std::to_string(ColumnOf(above, above_key->key_offset) + 1) + ")"};
  }

  // "title: 'Council's tax'" or "title: [Draft] Pay": the value ended and
  // text follows it.
  std::optional<YamlSyntaxAdvice> AfterQuoteOrList() const {
    if (!ProblemIs("did not find expected key") && !ProblemIs("could not find expected ':'")) return std::nullopt;
    std::string_view line = ProblemLine();
    size_t at = ProblemOffset();
    if (at == 0 || at > line.size()) return std::nullopt;
    size_t before = line.find_last_not_of(" \t", at - 1);
    if (before == std::string_view::npos || at == Indent(line)) return std::nullopt;
    char closed = line[before];
    auto key = ReadKeyLine(line);
    std::string value =
        key && key->value_offset != std::string_view::npos ? Trimmed(line.substr(key->value_offset)) : Trimmed(line);
    std::string fixed = (key ? key->key + ": " : "") + QuoteForYaml(value);
    if (closed == '\'' && before + 1 == at) {
      return YamlSyntaxAdvice{error_.problem_line, ColumnOf(line, before),
                              "this apostrophe ends the value in single quotes; inside single quotes write an "
                              "apostrophe twice (''), or put the value in double quotes"};
    }
    if (closed == '\'' || closed == '"') {
      return YamlSyntaxAdvice{error_.problem_line, error_.problem_column,
                              "the value ends at its closing quote, but more text follows it; put all of the value "
                              "inside the quotes"};
    }
    if (closed == ']' || closed == '}') {
      bool list = closed == ']';
      return YamlSyntaxAdvice{error_.problem_line, error_.problem_column,
                              std::string("a value that starts with ") +
                                  (list ? "[ is read as a list" : "{ is read as a mapping") +
                                  ", and more text follows it; if it is text, put all of it in quotes: " + fixed};
    }
    return std::nullopt;
  }

  // A key whose indentation lines it up with no block above.
  std::optional<YamlSyntaxAdvice> Misaligned() const {
    if (!ProblemIs("did not find expected key") && !ProblemIs("did not find expected '-'")) return std::nullopt;
    std::string_view line = ProblemLine();
    if (ProblemOffset() != Indent(line) || IsBlankOrComment(line)) return std::nullopt;
    size_t indent = Indent(line);
    if (line.substr(indent, 2) == "- " || line.substr(indent) == "-") {
      return YamlSyntaxAdvice{error_.problem_line, error_.problem_column,
                              "a list item here, where YAML expects another key; a list belongs under a key with "
                              "nothing after its colon, such as 'aliases:', with its items indented below it"};
    }
    // The columns of the blocks still open above: each line less indented
    // than every line since.
    size_t deeper = std::string_view::npos;  // the nearest open column right of this line
    int deeper_line = -1;
    size_t shallower = std::string_view::npos;
    int shallower_line = -1;
    size_t smallest = std::string_view::npos;
    for (int i = error_.problem_line - 1; i >= 0; --i) {
      std::string_view candidate = Line(i);
      if (IsBlankOrComment(candidate)) continue;
      size_t column = Indent(candidate);
      if (column >= smallest) continue;
      smallest = column;
      if (column > indent) {
        deeper = column;
        deeper_line = i;
      } else if (column < indent) {
        shallower = column;
        shallower_line = i;
        break;
      }
    }
    auto key = ReadKeyLine(line);
    std::string name = key ? "'" + key->key + "'" : "this line";
    auto describe = [&](size_t column, int at) {
      auto other = ReadKeyLine(Line(at));
      return "column " + std::to_string(column + 1) +
             (other ? " with '" + other->key + "' (line " + std::to_string(error_.first_line + at) + ")" : "");
    };
    std::string message = name + " is indented " + std::to_string(indent) + (indent == 1 ? " space" : " spaces") +
                          ", which lines it up with no key above; keys of one block start in the same column";
    if (deeper_line >= 0 && shallower_line >= 0) {
      message += ": move it to " + describe(deeper, deeper_line) + ", or to " + describe(shallower, shallower_line);
    } else if (deeper_line >= 0) {
      message += ": move it to " + describe(deeper, deeper_line);
    }
    return YamlSyntaxAdvice{error_.problem_line, error_.problem_column, message};
  }

  std::optional<YamlSyntaxAdvice> UnclosedFlow() const {
    bool list = ContextIs("flow sequence");
    if (!list && !ContextIs("flow mapping")) return std::nullopt;
    return YamlSyntaxAdvice{error_.context_line, error_.context_column,
                            std::string("the ") + (list ? "list" : "mapping") + " that opens with " +
                                (list ? "'['" : "'{'") + " here is not closed; end it with " + (list ? "']'" : "'}'") +
                                ", and put any entry that holds a comma or ': ' in quotes"};
  }

  std::optional<YamlSyntaxAdvice> SpecialFirstCharacter() const {
    int line_index = error_.problem_line;
    int column = error_.problem_column;
    if (ContextIs("alias") || ContextIs("anchor")) {
      line_index = error_.context_line;
      column = error_.context_column;
    } else if (!ProblemIs("undefined alias") && !ProblemIs("cannot start any token")) {
      return std::nullopt;
    }
    std::string_view line = Line(line_index);
    size_t at = ByteOffset(line, column);
    if (at >= line.size()) return std::nullopt;
    char first = line[at];
    std::string meaning = first == '*'   ? ", which YAML reads as an alias"
                          : first == '&' ? ", which YAML reads as an anchor"
                          : first == '!' ? ", which YAML reads as a tag"
                                         : "";
    std::string value = Trimmed(line.substr(at));
    auto key = ReadKeyLine(line);
    return YamlSyntaxAdvice{line_index, column,
                            std::string("a value cannot start with ") + first + meaning +
                                " unless it is in quotes: " + (key ? key->key + ": " : "") + QuoteForYaml(value)};
  }

  std::vector<std::string_view> lines_;
  const YamlSyntaxError& error_;
};

}  // namespace

std::string QuoteForYaml(std::string_view value) {
  if (value.find('"') == std::string_view::npos && value.find('\\') == std::string_view::npos) {
    return "\"" + std::string(value) + "\"";
  }
  std::string out = "'";
  for (char c : value) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::optional<std::string> MissingSpaceAfterColon(std::string_view value) {
  if (value.find('\n') != std::string_view::npos) return std::nullopt;
  auto colon = ColonWithoutSpace(value);
  if (!colon) return std::nullopt;
  std::string key(value.substr(0, *colon));
  return "put a space after the colon: write " + Quoted(key + ": " + Excerpt(value.substr(*colon + 1))) +
         "; without the space YAML reads it as text, not as a key and its value";
}

YamlSyntaxAdvice ExplainYamlSyntaxError(std::string_view text, const YamlSyntaxError& error) {
  return Explainer(text, error).Explain();
}

}  // namespace publish
