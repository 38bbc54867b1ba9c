#include "libpublish/base/yaml.h"

#include <yaml.h>

#include <algorithm>
#include <cstring>

#include "libpublish/base/check_ids.h"
#include "libpublish/base/yaml_advice.h"

namespace publish {
namespace {

constexpr size_t kMaxYamlBytes = 256 * 1024;
constexpr int kMaxDepth = 64;
constexpr size_t kMaxNodes = 20000;

// libyaml's parser and loaded document, freed however the parse ends.
class YamlParser {
 public:
  explicit YamlParser(std::string_view text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  ~YamlParser() {
    if (loaded_) yaml_document_delete(&document_);
    yaml_parser_delete(&parser_);
  }
  YamlParser(const YamlParser&) = delete;
  YamlParser& operator=(const YamlParser&) = delete;

  bool Load() {
    loaded_ = yaml_parser_load(&parser_, &document_) != 0;
    return loaded_;
  }
  yaml_document_t& document() { return document_; }
  const yaml_parser_t& parser() const { return parser_; }

 private:
  yaml_parser_t parser_{};
  yaml_document_t document_{};
  bool loaded_ = false;
};

// libyaml marks are 0-based and count characters (code points), as the
// contract's columns do.
void Place(const yaml_mark_t& mark, int first_line, YamlNode& node) {
  node.line = first_line + static_cast<int>(mark.line);
  node.column = static_cast<int>(mark.column) + 1;
}

class Converter {
 public:
  Converter(yaml_document_t& document, int first_line) : document_(document), first_line_(first_line) {}

  bool Convert(const yaml_node_t* in, YamlNode& out, int depth) {
    if (in == nullptr) return true;
    if (depth > kMaxDepth || ++count_ > kMaxNodes) return false;
    Place(in->start_mark, first_line_, out);
    switch (in->type) {
      case YAML_SCALAR_NODE: {
        out.kind = YamlNode::Kind::kScalar;
        out.scalar.assign(reinterpret_cast<const char*>(in->data.scalar.value), in->data.scalar.length);
        out.quoted = in->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
        // Plain "", "null" and "~" are nulls in the core schema.
        if (!out.quoted && (out.scalar.empty() || out.scalar == "~" || out.scalar == "null" || out.scalar == "Null" ||
                            out.scalar == "NULL")) {
          out.kind = YamlNode::Kind::kNull;
          out.scalar.clear();
        }
        return true;
      }
      case YAML_SEQUENCE_NODE:
        out.kind = YamlNode::Kind::kSequence;
        for (yaml_node_item_t* item = in->data.sequence.items.start; item < in->data.sequence.items.top; ++item) {
          out.items.emplace_back();
          if (!Convert(Node(*item), out.items.back(), depth + 1)) return false;
        }
        return true;
      case YAML_MAPPING_NODE:
        out.kind = YamlNode::Kind::kMap;
        for (yaml_node_pair_t* pair = in->data.mapping.pairs.start; pair < in->data.mapping.pairs.top; ++pair) {
          out.entries.emplace_back();
          YamlEntry& entry = out.entries.back();
          if (!Convert(Node(pair->key), entry.first, depth + 1)) return false;
          if (!Convert(Node(pair->value), entry.second, depth + 1)) return false;
          // An empty value has no place of its own: put it at its key.
          if (entry.second.IsNull()) {
            entry.second.line = entry.first.line;
            entry.second.column = entry.first.column;
          }
        }
        return true;
      default:
        out.kind = YamlNode::Kind::kNull;
        return true;
    }
  }

 private:
  const yaml_node_t* Node(int index) { return yaml_document_get_node(&document_, index); }

  yaml_document_t& document_;
  int first_line_;
  size_t count_ = 0;
};

// Flow collections nest without indentation; refuse absurd depths before
// the parser sees them.
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
  YamlParser parser(text);
  if (!parser.Load()) {
    const yaml_parser_t& state = parser.parser();
    YamlSyntaxError error;
    error.problem = state.problem != nullptr ? state.problem : "the parser ran out of memory";
    error.context = state.context != nullptr ? state.context : "";
    error.problem_line = static_cast<int>(state.problem_mark.line);
    error.problem_column = static_cast<int>(state.problem_mark.column);
    error.context_line = static_cast<int>(state.context_mark.line);
    error.context_column = static_cast<int>(state.context_mark.column);
    error.first_line = first_line;
    YamlSyntaxAdvice advice = ExplainYamlSyntaxError(text, error);
    diagnostics.Error({file, first_line + advice.line, advice.column + 1}, advice.message, checks::kYamlSyntax);
    return std::nullopt;
  }
  YamlNode out;
  out.line = first_line;
  out.column = 1;
  const yaml_node_t* root = yaml_document_get_root_node(&parser.document());
  Converter converter(parser.document(), first_line);
  if (!converter.Convert(root, out, 0)) {
    diagnostics.Error({file, first_line, 1}, "yaml is too large or too deeply nested (aliases expand too far)",
                      checks::kYamlTooDeep);
    return std::nullopt;
  }
  if (root == nullptr || out.IsNull()) {
    out.line = first_line;
    out.column = 1;
  }
  return out;
}

}  // namespace publish
