// YAML documents as a small tree with positions: the only code that
// includes libyaml. Values stay strings (libyaml resolves no tags); callers
// type them against a schema, so the YAML 1.2 core schema holds ("yes" is
// the string "yes"). Syntax errors come out as plain advice (yaml_advice.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "libpublish/base/diagnostics.h"

namespace publish {

struct YamlEntry;

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };
  Kind kind = Kind::kNull;
  std::string scalar;              // for kScalar
  bool quoted = false;             // a quoted or block scalar: never a number or null
  int line = 0;                    // 1-based, in the file the YAML came from
  int column = 0;                  // 1-based, in code points
  std::vector<YamlNode> items;     // kSequence
  std::vector<YamlEntry> entries;  // kMap, in file order

  bool IsMap() const { return kind == Kind::kMap; }
  bool IsNull() const { return kind == Kind::kNull; }
  // "text", "a list", "a mapping", "empty" for messages.
  std::string KindName() const;
};

// One key and its value in a mapping.
struct YamlEntry {
  YamlNode first;   // the key
  YamlNode second;  // the value
};

// Parses `text`, which starts at line `first_line` of `file`. Returns the
// root, or nullopt after adding a positioned diagnostic. Oversized or
// too deeply nested documents are refused before parsing.
std::optional<YamlNode> ParseYaml(std::string_view text, const std::string& file, int first_line,
                                  Diagnostics& diagnostics);

}  // namespace publish
