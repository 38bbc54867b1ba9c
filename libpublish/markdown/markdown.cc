#include "libpublish/markdown/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <cstring>
#include <memory>
#include <mutex>

#include "libpublish/base/text.h"

namespace publish {
namespace {

struct ParserDeleter {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct NodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
using ParserPtr = std::unique_ptr<cmark_parser, ParserDeleter>;
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;

// cmark-gfm keeps its special-character table in a global that each parse
// writes (github/cmark-gfm#176), so parses are serialised; converting the
// finished tree runs in parallel.
std::mutex& ParseMutex() {
  static std::mutex mutex;
  return mutex;
}

void RegisterExtensionsOnce() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

constexpr int kMaxNesting = 200;

class Converter {
 public:
  Converter(std::string_view body, const std::string& file, int first_line, Diagnostics& diagnostics)
      : file_(file), first_line_(first_line), diagnostics_(diagnostics) {
    size_t start = 0;
    while (start <= body.size()) {
      size_t end = body.find('\n', start);
      if (end == std::string_view::npos) end = body.size();
      std::string_view line = body.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      lines_.push_back(line);
      start = end + 1;
    }
  }

  void Convert(cmark_node* in, MdNode& out, int depth) {
    // Positions serve diagnostics: blocks need them, and links and images
    // (placed below); plain inline text never does, so skip the counting.
    if ((cmark_node_get_type(in) & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_INLINE) {
      out.line = first_line_ + std::max(0, cmark_node_get_start_line(in) - 1);
      out.column = ColumnOf(cmark_node_get_start_line(in), cmark_node_get_start_column(in));
    }
    const char* type_name = cmark_node_get_type_string(in);
    switch (cmark_node_get_type(in)) {
      case CMARK_NODE_DOCUMENT:
        out.type = MdType::kDocument;
        break;
      case CMARK_NODE_PARAGRAPH:
        out.type = MdType::kParagraph;
        break;
      case CMARK_NODE_HEADING:
        out.type = MdType::kHeading;
        out.level = cmark_node_get_heading_level(in);
        break;
      case CMARK_NODE_BLOCK_QUOTE:
        out.type = MdType::kBlockQuote;
        break;
      case CMARK_NODE_LIST:
        out.type = MdType::kList;
        out.ordered = cmark_node_get_list_type(in) == CMARK_ORDERED_LIST;
        out.start = cmark_node_get_list_start(in);
        out.tight = cmark_node_get_list_tight(in) != 0;
        break;
      case CMARK_NODE_ITEM:
        out.type = MdType::kItem;
        if (type_name != nullptr && std::strcmp(type_name, "tasklist") == 0) {
          out.is_task = true;
          out.checked = cmark_gfm_extensions_get_tasklist_item_checked(in);
        }
        break;
      case CMARK_NODE_CODE_BLOCK:
        out.type = MdType::kCodeBlock;
        out.literal = Literal(in);
        out.info = SafeString(cmark_node_get_fence_info(in));
        return;
      case CMARK_NODE_THEMATIC_BREAK:
        out.type = MdType::kThematicBreak;
        return;
      case CMARK_NODE_TEXT:
        out.type = MdType::kText;
        out.literal = Literal(in);
        return;
      case CMARK_NODE_CODE:
        out.type = MdType::kCode;
        out.literal = Literal(in);
        return;
      case CMARK_NODE_SOFTBREAK:
        out.type = MdType::kSoftBreak;
        return;
      case CMARK_NODE_LINEBREAK:
        out.type = MdType::kLineBreak;
        return;
      case CMARK_NODE_EMPH:
        out.type = MdType::kEmphasis;
        break;
      case CMARK_NODE_STRONG:
        out.type = MdType::kStrong;
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE:
        out.type = cmark_node_get_type(in) == CMARK_NODE_LINK ? MdType::kLink : MdType::kImage;
        out.url = SafeString(cmark_node_get_url(in));
        out.title = SafeString(cmark_node_get_title(in));
        PlaceDestination(in, out);
        break;
      default:
        if (type_name != nullptr && std::strcmp(type_name, "table") == 0) {
          out.type = MdType::kTable;
          uint16_t columns = cmark_gfm_extensions_get_table_columns(in);
          uint8_t* aligns = cmark_gfm_extensions_get_table_alignments(in);
          for (uint16_t i = 0; i < columns; ++i) {
            char a = aligns != nullptr ? static_cast<char>(aligns[i]) : 0;
            out.alignments.push_back(a == 'l'   ? MdAlign::kLeft
                                     : a == 'c' ? MdAlign::kCenter
                                     : a == 'r' ? MdAlign::kRight
                                                : MdAlign::kNone);
          }
        } else if (type_name != nullptr &&
                   (std::strcmp(type_name, "table_row") == 0 || std::strcmp(type_name, "table_header") == 0)) {
          out.type = MdType::kTableRow;
          out.header_row = cmark_gfm_extensions_get_table_row_is_header(in) != 0;
        } else if (type_name != nullptr && std::strcmp(type_name, "table_cell") == 0) {
          out.type = MdType::kTableCell;
        } else if (type_name != nullptr && std::strcmp(type_name, "strikethrough") == 0) {
          out.type = MdType::kStrikethrough;
        } else {
          // Unknown extension node: keep its text.
          out.type = MdType::kText;
          out.literal = Literal(in);
          return;
        }
    }
    if (depth >= kMaxNesting) {
      if (out.line == 0) {
        out.line = first_line_ + std::max(0, cmark_node_get_start_line(in) - 1);
        out.column = ColumnOf(cmark_node_get_start_line(in), cmark_node_get_start_column(in));
      }
      diagnostics_.Error(
          {file_, out.line, out.column},
          "content is nested more than " + std::to_string(kMaxNesting) + " levels deep; flatten the lists or quotes",
          "too-deep");
      return;
    }
    for (cmark_node* child = cmark_node_first_child(in); child != nullptr; child = cmark_node_next(child)) {
      cmark_node_type type = cmark_node_get_type(child);
      if (type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE) {
        ReportRawHtml(child);
        continue;
      }
      out.children.emplace_back();
      Convert(child, out.children.back(), depth + 1);
    }
  }

 private:
  static std::string SafeString(const char* text) { return text == nullptr ? std::string() : std::string(text); }
  static std::string Literal(cmark_node* node) { return SafeString(cmark_node_get_literal(node)); }

  int ColumnOf(int body_line, int byte_column) const {
    if (body_line < 1 || static_cast<size_t>(body_line) > lines_.size() || byte_column < 1)
      return std::max(1, byte_column);
    std::string_view line = lines_[static_cast<size_t>(body_line - 1)];
    size_t bytes = std::min(line.size(), static_cast<size_t>(byte_column - 1));
    return static_cast<int>(CodePointCount(line.substr(0, bytes))) + 1;
  }

  // cmark's inline columns are unreliable: find the destination text in the
  // source ourselves, after the previous one found in the same block.
  void PlaceDestination(cmark_node* in, MdNode& out) {
    cmark_node* block = in;
    while (block != nullptr && (cmark_node_get_type(block) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE) {
      block = cmark_node_parent(block);
    }
    if (block == nullptr) return;
    int from = cmark_node_get_start_line(block);
    int to = cmark_node_get_end_line(block);
    if (block != cursor_block_) {
      cursor_block_ = block;
      cursor_line_ = from;
      cursor_byte_ = 0;
    }
    // Until found: the start of the block the link sits in.
    out.line = first_line_ + std::max(0, from - 1);
    out.column = ColumnOf(from, cmark_node_get_start_column(block));
    if (out.url.empty()) return;
    // The destination as written after "](", then in <...>, then bare; an
    // autolink's visible text ("www.x" for "http://www.x") last.
    std::string link_text;
    for (cmark_node* child = cmark_node_first_child(in); child != nullptr; child = cmark_node_next(child)) {
      if (cmark_node_get_type(child) == CMARK_NODE_TEXT) link_text += SafeString(cmark_node_get_literal(child));
    }
    struct Pattern {
      std::string text;
      size_t skip;  // bytes before the destination itself
    };
    std::vector<Pattern> patterns{{"](" + out.url, 2}, {"<" + out.url, 1}, {out.url, 0}};
    if (!link_text.empty() && link_text != out.url) patterns.push_back({link_text, 0});
    for (const auto& pattern : patterns) {
      if (Find(pattern.text, pattern.skip, to, out)) return;
    }
    // Not found as written (escapes, reference links): the block's start stands.
  }

  // Looks for `wanted` from the cursor to the block's last line; on success
  // places `out` and moves the cursor past it.
  bool Find(const std::string& wanted, size_t skip, int last_line, MdNode& out) {
    for (int line = cursor_line_; line <= last_line && line >= 1 && static_cast<size_t>(line) <= lines_.size();
         ++line) {
      std::string_view text = lines_[static_cast<size_t>(line - 1)];
      size_t start = line == cursor_line_ ? cursor_byte_ : 0;
      size_t found = start <= text.size() ? text.find(wanted, start) : std::string_view::npos;
      if (found != std::string_view::npos) {
        out.line = first_line_ + line - 1;
        out.column = static_cast<int>(CodePointCount(text.substr(0, found + skip))) + 1;
        cursor_line_ = line;
        cursor_byte_ = found + wanted.size();
        return true;
      }
    }
    return false;
  }

  void ReportRawHtml(cmark_node* node) {
    int line = cmark_node_get_start_line(node);
    int column = cmark_node_get_start_column(node);
    if ((cmark_node_get_type(node) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE) {
      // Find the tag's '<' on the parent's lines.
      std::string literal = Literal(node);
      cmark_node* block = cmark_node_parent(node);
      while (block != nullptr && (cmark_node_get_type(block) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE) {
        block = cmark_node_parent(block);
      }
      line = block ? cmark_node_get_start_line(block) : line;
      int end = block ? cmark_node_get_end_line(block) : line;
      if (block != html_block_) {
        html_block_ = block;
        html_line_ = line;
        html_byte_ = 0;
      }
      std::string first = literal.substr(0, literal.find('\n'));
      // After the previous tag of this block, so a repeated tag gets its own column.
      for (int l = html_line_; l <= end && l >= 1 && static_cast<size_t>(l) <= lines_.size(); ++l) {
        std::string_view text = lines_[static_cast<size_t>(l - 1)];
        size_t start = l == html_line_ ? html_byte_ : 0;
        size_t found = start <= text.size() ? text.find(first, start) : std::string_view::npos;
        if (found != std::string_view::npos) {
          line = l;
          column = static_cast<int>(found) + 1;
          html_line_ = l;
          html_byte_ = found + first.size();
          break;
        }
      }
    }
    std::string snippet = Literal(node);
    snippet = snippet.substr(0, snippet.find('\n'));
    if (CodePointCount(snippet) > 40) snippet = snippet.substr(0, 40) + "...";
    diagnostics_.Error(
        {file_, first_line_ + std::max(0, line - 1), ColumnOf(line, column)},
        "raw HTML is not allowed: '" + snippet + "'; use Markdown instead (it is left out of every output)",
        "raw-html");
  }

  const std::string& file_;
  int first_line_;
  Diagnostics& diagnostics_;
  std::vector<std::string_view> lines_;
  cmark_node* cursor_block_ = nullptr;
  int cursor_line_ = 0;
  size_t cursor_byte_ = 0;
  cmark_node* html_block_ = nullptr;
  int html_line_ = 0;
  size_t html_byte_ = 0;
};

void PlainTextInto(const MdNode& node, std::string& out) {
  switch (node.type) {
    case MdType::kText:
    case MdType::kCode:
      out += node.literal;
      return;
    case MdType::kSoftBreak:
    case MdType::kLineBreak:
      out += ' ';
      return;
    default:
      for (const auto& child : node.children) PlainTextInto(child, out);
  }
}

}  // namespace

std::string PlainText(const MdNode& node) {
  std::string out;
  PlainTextInto(node, out);
  return out;
}

MdNode ParseMarkdown(std::string_view body, const std::string& file, int first_line, Diagnostics& diagnostics) {
  RegisterExtensionsOnce();
  MdNode root;
  ParserPtr parser(cmark_parser_new(CMARK_OPT_SOURCEPOS));
  if (!parser) return root;
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"}) {
    if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), extension);
    }
  }
  NodePtr document;
  {
    std::lock_guard lock(ParseMutex());
    cmark_parser_feed(parser.get(), body.data(), body.size());
    document.reset(cmark_parser_finish(parser.get()));
  }
  if (!document) return root;
  Converter(body, file, first_line, diagnostics).Convert(document.get(), root, 0);
  return root;
}

}  // namespace publish
