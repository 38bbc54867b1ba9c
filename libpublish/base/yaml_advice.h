// Plain-English advice for YAML syntax errors: what a newcomer most likely
// did (a tab, a colon in a value, a missing space, an unclosed quote, a
// misaligned key) and what to write instead, from the parser's report and
// the text around it. Pure text functions, so each case is testable.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace publish {

// The parser's report; lines and columns are 0-based within the YAML text,
// columns in code points.
struct YamlSyntaxError {
  std::string problem;  // "mapping values are not allowed in this context"
  std::string context;  // "while scanning a quoted scalar", or ""
  int problem_line = 0;
  int problem_column = 0;
  int context_line = 0;
  int context_column = 0;
  int first_line = 1;  // the file's line number of the text's first line, for messages naming lines
};

// Where to report and what to say (0-based line and column in the text).
struct YamlSyntaxAdvice {
  int line = 0;
  int column = 0;
  std::string message;
};

YamlSyntaxAdvice ExplainYamlSyntaxError(std::string_view text, const YamlSyntaxError& error);

// For a plain value such as "summary:Pay online" where a key was wanted:
// the advice to put a space after the colon, or nullopt when the text does
// not look like a key and value run together.
std::optional<std::string> MissingSpaceAfterColon(std::string_view value);

// `value` quoted for YAML the simplest way: "Council tax: how to pay", or
// in single quotes when it holds a double quote or a backslash.
std::string QuoteForYaml(std::string_view value);

}  // namespace publish
