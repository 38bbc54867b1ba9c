#include "libpublish/base/yaml.h"

#include <yaml-cpp/yaml.h>

#include <exception>

#include "libpublish/base/check_ids.h"
#include "libpublish/base/text.h"

namespace publish {
namespace {

constexpr size_t kMaxYamlBytes = 256 * 1024;
constexpr int kMaxDepth = 64;
constexpr size_t kMaxNodes = 20000;

class Converter {
 public:
  Converter(std::string_view text, int first_line) : text_(text), first_line_(first_line) {
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      lines_.push_back(text.substr(start, end - start));
      start = end + 1;
    }
  }

  // Fills line and column from a yaml-cpp mark (0-based, column in bytes).
  void Place(const YAML::Mark& mark, YamlNode& node) const {
    node.line = first_line_ + std::max(0, mark.line);
    int column = std::max(0, mark.column);
    if (mark.line >= 0 && static_cast<size_t>(mark.line) < lines_.size()) {
      std::string_view line = lines_[static_cast<size_t>(mark.line)];
      column =
          static_cast<int>(CodePointCount(line.substr(0, std::min<size_t>(line.size(), static_cast<size_t>(column)))));
    }
    node.column = column + 1;
  }

  bool Convert(const YAML::Node& in, YamlNode& out, int depth) {
    if (depth > kMaxDepth || ++count_ > kMaxNodes) return false;
    Place(in.Mark(), out);
    switch (in.Type()) {
      case YAML::NodeType::Scalar:
        out.kind = YamlNode::Kind::kScalar;
        out.scalar = in.Scalar();
        out.quoted = in.Tag() == "!";
        // Plain "null" and "~" are nulls in the core schema.
        if (!out.quoted &&
            (out.scalar == "~" || out.scalar == "null" || out.scalar == "Null" || out.scalar == "NULL")) {
          out.kind = YamlNode::Kind::kNull;
        }
        return true;
      case YAML::NodeType::Sequence:
        out.kind = YamlNode::Kind::kSequence;
        for (const auto& item : in) {
          out.items.emplace_back();
          if (!Convert(item, out.items.back(), depth + 1)) return false;
        }
        return true;
      case YAML::NodeType::Map:
        out.kind = YamlNode::Kind::kMap;
        for (const auto& entry : in) {
          out.entries.emplace_back();
          if (!Convert(entry.first, out.entries.back().first, depth + 1)) return false;
          if (!Convert(entry.second, out.entries.back().second, depth + 1)) return false;
          // An empty value has no mark of its own: place it after its key.
          if (entry.second.Type() == YAML::NodeType::Null || !entry.second.IsDefined()) {
            out.entries.back().second.line = out.entries.back().first.line;
            out.entries.back().second.column = out.entries.back().first.column;
          }
        }
        return true;
      default:
        out.kind = YamlNode::Kind::kNull;
        return true;
    }
  }

 private:
  std::string_view text_;
  int first_line_;
  std::vector<std::string_view> lines_;
  size_t count_ = 0;
};

// Flow collections nest without indentation; yaml-cpp recurses on them, so
// refuse absurd depths before it sees them.
bool FlowDepthWithin(std::string_view text, int limit) {
  int depth = 0;
  for (char c : text) {
    if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

}  // namespace

std::string YamlNode::KindName() const {
  switch (kind) {
    case Kind::kScalar:
      return "text";
    case Kind::kSequence:
      return "a list";
    case Kind::kMap:
      return "a mapping";
    default:
      return "empty";
  }
}

std::optional<YamlNode> ParseYaml(std::string_view text, const std::string& file, int first_line,
                                  Diagnostics& diagnostics) {
  if (text.size() > kMaxYamlBytes) {
    diagnostics.Error({file, first_line, 1}, "yaml is longer than 256 KB; move long content into the body",
                      checks::kYamlTooLarge);
    return std::nullopt;
  }
  if (!FlowDepthWithin(text, kMaxDepth)) {
    diagnostics.Error({file, first_line, 1}, "yaml is nested more than 64 levels deep", checks::kYamlTooDeep);
    return std::nullopt;
  }
  try {
    YAML::Node root = YAML::Load(std::string(text));
    YamlNode out;
    Converter converter(text, first_line);
    if (!converter.Convert(root, out, 0)) {
      diagnostics.Error({file, first_line, 1}, "yaml is too large or too deeply nested (aliases expand too far)",
                        checks::kYamlTooDeep);
      return std::nullopt;
    }
    if (!root.IsDefined() || root.IsNull()) {
      out.line = first_line;
      out.column = 1;
    }
    return out;
  } catch (const YAML::Exception& error) {
    YamlNode placed;
    Converter(text, first_line).Place(error.mark, placed);
    std::string message = error.msg;
    for (auto& c : message) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    diagnostics.Error({file, placed.line, placed.column}, "invalid yaml: " + message, checks::kYamlSyntax);
  } catch (const std::exception& error) {
    diagnostics.Error({file, first_line, 1}, std::string("invalid yaml: ") + error.what(), checks::kYamlSyntax);
  }
  return std::nullopt;
}

}  // namespace publish
