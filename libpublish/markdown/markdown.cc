#include "libpublish/markdown/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <cmark-gfm/buffer.h>
#include <cmark-gfm/houdini.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "libpublish/base/check_ids.h"
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

// A link destination as cmark stores it: entities decoded, then backslash
// escapes (the order of cmark_clean_url, which is not exported).
std::string CleanDestination(std::string_view raw) {
  if (raw.find_first_of("&\\") == std::string_view::npos) return std::string(raw);
  cmark_strbuf buffer;
  cmark_strbuf_init(cmark_get_default_mem_allocator(), &buffer, 0);
  houdini_unescape_html_f(&buffer, reinterpret_cast<const uint8_t*>(raw.data()), static_cast<bufsize_t>(raw.size()));
  cmark_strbuf_unescape(&buffer);
  std::string clean(reinterpret_cast<const char*>(buffer.ptr), static_cast<size_t>(buffer.size));
  cmark_strbuf_free(&buffer);
  return clean;
}

bool IsSpaceOrTab(char c) { return c == ' ' || c == '\t'; }
bool IsCmarkSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsAsciiPunctuation(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

// Where a destination is written: its line (index into the body lines),
// byte span on that line, and its text as cmark cleans it.
struct WrittenDestination {
  size_t line = 0;
  size_t begin = 0;
};
struct WrittenDestinations {
  std::vector<WrittenDestination> places;
  size_t next = 0;  // the first not yet handed out
};

// Reads a link destination that starts at `at` in `text` (after "](" or a
// definition's "]:" and the spaces after them), the way cmark does: in
// <...> or bare with balanced parentheses, backslash escapes kept whole.
// Returns the written span, trimmed as cmark trims it. Each byte read
// costs one from `budget`; nullopt when it runs out.
std::optional<std::pair<size_t, size_t>> ReadDestination(std::string_view text, size_t at, size_t& budget) {
  if (at >= text.size()) return std::nullopt;
  text = text.substr(0, std::min(text.size(), at + budget));
  size_t begin = at, end = at;
  if (text[at] == '<') {
    size_t i = at + 1;
    while (i < text.size() && text[i] != '>' && text[i] != '<') {
      i += (text[i] == '\\' && i + 1 < text.size() && IsAsciiPunctuation(text[i + 1])) ? 2 : 1;
    }
    budget -= std::min(budget, i - at);
    if (i >= text.size() || text[i] != '>') return std::nullopt;
    begin = at + 1;
    end = i;
  } else {
    int depth = 0;
    size_t i = at;
    while (i < text.size()) {
      char c = text[i];
      if (c == '\\' && i + 1 < text.size() && IsAsciiPunctuation(text[i + 1])) {
        i += 2;
        continue;
      }
      if (static_cast<unsigned char>(c) <= ' ') break;
      if (c == '(') ++depth;
      if (c == ')') {
        if (depth == 0) break;
        --depth;
      }
      ++i;
    }
    budget -= std::min(budget, i - at);
    if (i == text.size() && budget == 0) return std::nullopt;
    end = i;
  }
  while (begin < end && IsCmarkSpace(text[begin])) ++begin;
  while (end > begin && IsCmarkSpace(text[end - 1])) --end;
  if (begin == end) return std::nullopt;
  return std::make_pair(begin, end);
}

// "the table has 1000000 rows; ...", or "" when the table is within the
// limits.
std::string TableProblem(size_t rows, size_t columns) {
  auto fix = "; split it into several tables, or publish the data as a CSV file and link to it";
  if (columns > kMaxTableColumns) {
    return "the table has " + std::to_string(columns) + " columns; a table may have at most " +
           std::to_string(kMaxTableColumns) + " columns" + fix;
  }
  if (rows > kMaxTableRows) {
    return "the table has " + std::to_string(rows) + " rows; a table may have at most " +
           std::to_string(kMaxTableRows) + " rows" + fix;
  }
  if (rows * columns > kMaxTableCells) {
    return "the table has " + std::to_string(rows * columns) + " cells; a table may have at most " +
           std::to_string(kMaxTableCells) + " cells" + fix;
  }
  return "";
}

// The line without indentation, block quote markers and (when `lists`)
// list markers; `offset` is where the rest starts.
std::string_view Content(std::string_view line, size_t& offset, bool lists = true) {
  offset = 0;
  while (offset < line.size()) {
    char c = line[offset];
    if (c == ' ' || c == '\t' || c == '>') {
      ++offset;
      continue;
    }
    if (!lists) break;
    size_t marker = offset;
    if (c == '-' || c == '*' || c == '+') {
      marker = offset + 1;
    } else {
      while (marker < line.size() && marker - offset < 9 && line[marker] >= '0' && line[marker] <= '9') ++marker;
      if (marker == offset || marker >= line.size() || (line[marker] != '.' && line[marker] != ')')) break;
      ++marker;
    }
    if (marker < line.size() && line[marker] != ' ' && line[marker] != '\t') break;
    offset = marker;
  }
  return line.substr(offset);
}

// Cells a GFM table row splits into: unescaped pipes separate them, and a
// leading and a trailing pipe are optional.
size_t RowCells(std::string_view row) {
  while (!row.empty() && (row.back() == ' ' || row.back() == '\t')) row.remove_suffix(1);
  size_t pipes = 0;
  bool trailing = false;
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\') {
      ++i;
      continue;
    }
    if (row[i] == '|') {
      ++pipes;
      trailing = i + 1 == row.size();
    }
  }
  bool leading = !row.empty() && row.front() == '|';
  return pipes + 1 - (leading ? 1 : 0) - (trailing && !(leading && row.size() == 1) ? 1 : 0);
}

// A delimiter row ("| - | :-: |"): its column count, or 0.
size_t DelimiterColumns(std::string_view row) {
  if (row.find('|') == std::string_view::npos || row.find('-') == std::string_view::npos) return 0;
  if (row.find_first_not_of("|:- \t") != std::string_view::npos) return 0;
  return RowCells(row);
}

// A line that ends a table: blank, or the start of a heading, fence or list.
bool EndsTable(std::string_view line) {
  size_t offset = 0;
  std::string_view content = Content(line, offset, false);
  if (content.empty()) return true;
  size_t hashes = std::min(content.find_first_not_of('#'), content.size());
  if (hashes >= 1 && hashes <= 6 && (hashes == content.size() || content[hashes] == ' ' || content[hashes] == '\t')) {
    return true;
  }
  if (content.rfind("```", 0) == 0 || content.rfind("~~~", 0) == 0) return true;
  size_t rest = 0;
  return Content(content, rest).size() != content.size() && rest > 0;
}

// The byte ranges of code spans in a block's text, as CommonMark finds
// them: a run of n backticks (not escaped) up to the next run of exactly n.
// Link syntax inside them is text. Each run is looked up once per length,
// so a line of many unmatched backticks stays linear.
std::vector<std::pair<size_t, size_t>> CodeSpans(std::string_view text) {
  std::unordered_map<size_t, std::vector<size_t>> runs;  // length -> starts, in order
  std::vector<std::pair<size_t, size_t>> all;            // (start, length)
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '`') {
      ++i;
      continue;
    }
    size_t end = text.find_first_not_of('`', i);
    if (end == std::string_view::npos) end = text.size();
    runs[end - i].push_back(i);
    all.emplace_back(i, end - i);
    i = end;
  }
  std::unordered_map<size_t, size_t> next;  // length -> first run not yet passed
  std::vector<std::pair<size_t, size_t>> spans;
  size_t position = 0;
  for (auto [start, length] : all) {
    if (start < position) continue;
    // An escaped first backtick is literal; the rest of the run opens.
    size_t slashes = 0;
    while (slashes < start && text[start - 1 - slashes] == '\\') ++slashes;
    if (slashes % 2 == 1) {
      ++start;
      --length;
      if (length == 0) continue;
    }
    const std::vector<size_t>& same = runs[length];
    size_t& at = next[length];
    while (at < same.size() && same[at] <= start) ++at;
    if (at == same.size()) continue;  // unmatched: literal backticks
    size_t close = same[at];
    spans.emplace_back(start, close + length);
    position = close + length;
  }
  return spans;
}

struct SourceTable {
  size_t first_line = 0;  // 0-based body lines, header row to last row
  size_t end_line = 0;    // one past the last row
  size_t offset = 0;      // byte of the header row's first character
  std::string problem;
};

// Tables beyond the limits, found on the source the way GFM starts and
// ends them (a header row, a delimiter row with as many cells, rows up to a
// blank line or another block), outside fenced code.
std::vector<SourceTable> OversizedTables(const std::vector<std::string_view>& lines) {
  std::vector<SourceTable> found;
  std::string_view fence;
  for (size_t i = 0; i < lines.size(); ++i) {
    size_t offset = 0;
    std::string_view content = Content(lines[i], offset);
    if (content.rfind("```", 0) == 0 || content.rfind("~~~", 0) == 0) {
      if (fence.empty()) {
        fence = content.substr(0, content.find_first_not_of(content.front()));
      } else if (content.rfind(fence, 0) == 0) {
        fence = {};
      }
      continue;
    }
    if (!fence.empty() || i + 1 >= lines.size() || content.find('|') == std::string_view::npos) continue;
    size_t delimiter_offset = 0;
    size_t columns = DelimiterColumns(Content(lines[i + 1], delimiter_offset));
    if (columns == 0 || RowCells(content) != columns) continue;
    size_t end = i + 2;
    while (end < lines.size() && !EndsTable(lines[end])) ++end;
    std::string problem = TableProblem(end - i - 1, columns);  // the header row counts, not the delimiters
    if (!problem.empty()) found.push_back({i, end, offset, std::move(problem)});
    i = end - 1;
  }
  return found;
}

struct StrandedImages {
  size_t first_line = 0;  // 0-based body lines of the paragraph
  size_t end_line = 0;
  size_t line = 0;  // the first '![' left open, 0-based, and its byte in that line
  size_t byte = 0;
  size_t open_images = 0;
};

// Paragraphs whose unclosed image openers would make cmark-gfm 0.29 walk
// more than kMaxImageBracketSteps (see markdown.h). The brackets are
// followed the way cmark's inline parser stacks them: escapes and code
// spans skipped, an opener taken off by the next ']', and a walk over the
// images below it when that ']' closes a link ('(' or '[' after it). It
// overestimates, never underestimates, and is linear in the text.
std::vector<StrandedImages> ParagraphsWithStrandedImages(const std::vector<std::string_view>& lines) {
  std::vector<StrandedImages> found;
  auto scan = [&](size_t first, size_t end) {
    const char* block_start = lines[first].data();
    std::string_view block(block_start,
                           static_cast<size_t>(lines[end - 1].data() + lines[end - 1].size() - block_start));
    if (block.find("![") == std::string_view::npos) return;
    auto spans = CodeSpans(block);
    size_t next_span = 0;
    std::vector<std::pair<bool, size_t>> stack;  // (image?, byte in block)
    size_t open_images = 0;
    size_t steps = 0;
    for (size_t i = 0; i < block.size(); ++i) {
      while (next_span < spans.size() && spans[next_span].second <= i) ++next_span;
      if (next_span < spans.size() && spans[next_span].first == i) {
        i = spans[next_span].second - 1;
        continue;
      }
      char c = block[i];
      if (c == '\\') {
        ++i;
      } else if (c == '!' && i + 1 < block.size() && block[i + 1] == '[') {
        stack.emplace_back(true, i);
        ++open_images;
        ++i;
      } else if (c == '[') {
        stack.emplace_back(false, i);
      } else if (c == ']' && !stack.empty()) {
        bool image = stack.back().first;
        stack.pop_back();
        if (image) {
          --open_images;
        } else if (i + 1 < block.size() && (block[i + 1] == '(' || block[i + 1] == '[')) {
          steps += open_images;
        }
      }
    }
    if (steps <= kMaxImageBracketSteps) return;
    size_t at = 0;
    for (const auto& [image, byte] : stack) {
      if (image) {
        at = byte;
        break;
      }
    }
    StrandedImages paragraph{first, end, first, 0, open_images};
    const char* opener = block_start + at;
    while (paragraph.line + 1 < end && lines[paragraph.line + 1].data() <= opener) ++paragraph.line;
    paragraph.byte = static_cast<size_t>(opener - lines[paragraph.line].data());
    found.push_back(paragraph);
  };
  std::string_view fence;
  size_t block_first = 0;
  bool in_block = false;
  for (size_t i = 0; i <= lines.size(); ++i) {
    bool blank = i == lines.size() || lines[i].find_first_not_of(" \t\r") == std::string_view::npos;
    bool fence_line = false;
    if (i < lines.size()) {
      size_t offset = 0;
      std::string_view content = Content(lines[i], offset);
      if (content.rfind("```", 0) == 0 || content.rfind("~~~", 0) == 0) {
        fence_line = true;
        if (fence.empty()) {
          fence = content.substr(0, content.find_first_not_of(content.front()));
        } else if (content.rfind(fence, 0) == 0) {
          fence = {};
        }
      }
    }
    bool text = !blank && !fence_line && fence.empty();
    if (text && !in_block) {
      block_first = i;
      in_block = true;
    } else if (!text && in_block) {
      scan(block_first, i);
      in_block = false;
    }
  }
  return found;
}

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
          size_t rows = 0;
          for (cmark_node* row = cmark_node_first_child(in); row != nullptr; row = cmark_node_next(row)) ++rows;
          if (std::string problem = TableProblem(rows, columns); !problem.empty()) {
            diagnostics_.Error({file_, out.line, out.column}, problem, checks::kTableTooLarge);
            out.type = MdType::kParagraph;
            return;
          }
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
          checks::kTooDeep);
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

  // cmark's inline columns are unreliable: find the destination in the
  // source ourselves. Each block's inline destinations ("](" then a
  // destination) are read once, decoded as cmark decodes them, and handed
  // out in order to the links with that destination; a reference link's
  // destination is found in its definition.
  void PlaceDestination(cmark_node* in, MdNode& out) {
    cmark_node* block = in;
    while (block != nullptr && (cmark_node_get_type(block) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE) {
      block = cmark_node_parent(block);
    }
    if (block == nullptr) return;
    // The cells of a table row share its line: they are read as one.
    const char* block_type = cmark_node_get_type_string(block);
    if (block_type != nullptr && std::strcmp(block_type, "table_cell") == 0 && cmark_node_parent(block) != nullptr) {
      block = cmark_node_parent(block);
    }
    int from = cmark_node_get_start_line(block);
    int to = cmark_node_get_end_line(block);
    if (block != cursor_block_) {
      cursor_block_ = block;
      cursor_line_ = from;
      cursor_byte_ = 0;
      ReadInlineDestinations(from, to);
    }
    // Until found: the start of the block the link sits in.
    out.line = first_line_ + std::max(0, from - 1);
    out.column = ColumnOf(from, cmark_node_get_start_column(block));
    if (out.url.empty()) return;
    auto inline_found = inline_destinations_.find(out.url);
    if (inline_found != inline_destinations_.end() && inline_found->second.next < inline_found->second.places.size()) {
      Place(inline_found->second.places[inline_found->second.next++], out);
      return;
    }
    ReadDefinitionsOnce();
    auto defined = definitions_.find(out.url);
    if (defined != definitions_.end()) {
      Place(defined->second, out);
      return;
    }
    // Autolinks: "<https://x>", or the visible text ("www.x" for
    // "http://www.x"), after the previous one found in the block.
    std::string link_text;
    for (cmark_node* child = cmark_node_first_child(in); child != nullptr; child = cmark_node_next(child)) {
      if (cmark_node_get_type(child) == CMARK_NODE_TEXT) link_text += SafeString(cmark_node_get_literal(child));
    }
    std::vector<std::pair<std::string, size_t>> patterns{{"<" + out.url, 1}, {out.url, 0}};
    if (!link_text.empty() && link_text != out.url) patterns.push_back({link_text, 0});
    for (const auto& [pattern, skip] : patterns) {
      if (Find(pattern, skip, to, out)) return;
    }
  }

  void Place(const WrittenDestination& place, MdNode& out) {
    out.line = first_line_ + static_cast<int>(place.line);
    out.column = CodePointColumn(place.line, place.begin);
  }

  // 1-based code-point column of byte `byte` on body line `line` (0-based);
  // counts on from the last call on the same line, so a line of many links
  // is counted once.
  int CodePointColumn(size_t line, size_t byte) {
    std::string_view text = lines_[line];
    byte = std::min(byte, text.size());
    if (line != count_line_ || byte < count_byte_) {
      count_line_ = line;
      count_byte_ = 0;
      count_points_ = 0;
    }
    count_points_ += CodePointCount(text.substr(count_byte_, byte - count_byte_));
    count_byte_ = byte;
    return static_cast<int>(count_points_) + 1;
  }

  // Every "](destination" on the block's lines (1-based, inclusive), by
  // cleaned destination, in source order. Reading is budgeted at a few
  // times the block's size: a line of many "](" with no space between
  // would otherwise be read to its end from each of them. Past the budget,
  // links are found by their plain text below.
  void ReadInlineDestinations(int from, int to) {
    inline_destinations_.clear();
    size_t budget = 64 * 1024;
    for (int line = std::max(1, from); line <= to && static_cast<size_t>(line) <= lines_.size(); ++line) {
      budget += 4 * (lines_[static_cast<size_t>(line - 1)].size() + 1);
    }
    if (from < 1 || from > to || static_cast<size_t>(from) > lines_.size()) return;
    // The lines are views of one buffer: the block is one run of it.
    std::string_view last = lines_[std::min(lines_.size(), static_cast<size_t>(to)) - 1];
    const char* block_start = lines_[static_cast<size_t>(from - 1)].data();
    std::vector<std::pair<size_t, size_t>> code =
        CodeSpans(std::string_view(block_start, static_cast<size_t>(last.data() + last.size() - block_start)));
    size_t code_at = 0;
    for (int line = std::max(1, from); line <= to && static_cast<size_t>(line) <= lines_.size(); ++line) {
      size_t index = static_cast<size_t>(line - 1);
      std::string_view text = lines_[index];
      for (size_t at = text.find("]("); at != std::string_view::npos && budget > 0; at = text.find("](", at + 2)) {
        auto offset = static_cast<size_t>(text.data() + at - block_start);
        while (code_at < code.size() && code[code_at].second <= offset) ++code_at;
        if (code_at < code.size() && code[code_at].first <= offset) continue;
        size_t index_here = index;
        std::string_view here = text;
        size_t start = at + 2;
        while (start < here.size() && IsSpaceOrTab(here[start])) ++start;
        // The destination may start on the next line of the block.
        if (start == here.size() && line < to && index + 1 < lines_.size()) {
          index_here = index + 1;
          here = lines_[index_here];
          start = 0;
          while (start < here.size() && IsSpaceOrTab(here[start])) ++start;
        }
        auto span = ReadDestination(here, start, budget);
        if (!span) continue;
        inline_destinations_[CleanDestination(here.substr(span->first, span->second - span->first))].places.push_back(
            {index_here, span->first});
      }
    }
  }

  // Link reference definitions ("[label]: destination", indented at most
  // three spaces) anywhere in the body; the first one for a destination.
  void ReadDefinitionsOnce() {
    if (definitions_read_) return;
    definitions_read_ = true;
    size_t budget = 64 * 1024;
    for (std::string_view line : lines_) budget += 4 * (line.size() + 1);
    for (size_t index = 0; index < lines_.size(); ++index) {
      std::string_view text = lines_[index];
      size_t start = 0;
      while (start < text.size() && start < 3 && text[start] == ' ') ++start;
      // Inside a block quote or list the definition follows its markers.
      while (start < text.size() && (text[start] == '>' || IsSpaceOrTab(text[start]))) ++start;
      if (start >= text.size() || text[start] != '[') continue;
      size_t close = text.find("]:", start);
      if (close == std::string_view::npos) continue;
      size_t at = close + 2;
      while (at < text.size() && IsSpaceOrTab(text[at])) ++at;
      size_t line = index;
      if (at == text.size() && index + 1 < lines_.size()) {
        line = index + 1;
        text = lines_[line];
        at = 0;
        while (at < text.size() && IsSpaceOrTab(text[at])) ++at;
      }
      auto span = ReadDestination(text, at, budget);
      if (!span) continue;
      definitions_.emplace(CleanDestination(text.substr(span->first, span->second - span->first)),
                           WrittenDestination{line, span->first});
    }
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
        checks::kRawHtml);
  }

  const std::string& file_;
  int first_line_;
  Diagnostics& diagnostics_;
  std::vector<std::string_view> lines_;
  cmark_node* cursor_block_ = nullptr;
  int cursor_line_ = 0;
  size_t cursor_byte_ = 0;
  std::unordered_map<std::string, WrittenDestinations> inline_destinations_;
  bool definitions_read_ = false;
  std::unordered_map<std::string, WrittenDestination> definitions_;
  size_t count_line_ = static_cast<size_t>(-1);
  size_t count_byte_ = 0;
  size_t count_points_ = 0;
  cmark_node* html_block_ = nullptr;
  int html_line_ = 0;
  size_t html_byte_ = 0;
};

void PlainTextInto(const MdNode& node, std::string& out) {
  WalkMarkdown(node, [&](const MdNode& each, MdEvent event) {
    if (event != MdEvent::kEnter) return;
    if (each.type == MdType::kText || each.type == MdType::kCode) {
      out += each.literal;
    } else if (each.type == MdType::kSoftBreak || each.type == MdType::kLineBreak) {
      out += ' ';
    }
  });
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
  // Tables beyond the limits are reported and blanked out (lines kept, so
  // positions stay) before cmark spends its time and memory on them.
  std::string blanked;
  std::string_view source = body;
  {
    std::vector<std::string_view> lines;
    for (size_t start = 0; start <= body.size();) {
      size_t end = std::min(body.find('\n', start), body.size());
      lines.push_back(body.substr(start, end - start));
      start = end + 1;
    }
    std::vector<SourceTable> tables = OversizedTables(lines);
    std::vector<StrandedImages> stranded = ParagraphsWithStrandedImages(lines);
    if (!tables.empty() || !stranded.empty()) blanked = std::string(body);
    for (const StrandedImages& paragraph : stranded) {
      diagnostics.Error({file, first_line + static_cast<int>(paragraph.line),
                         static_cast<int>(CodePointCount(lines[paragraph.line].substr(0, paragraph.byte))) + 1},
                        "the paragraph opens " + std::to_string(paragraph.open_images) +
                            " images with '![' that it never closes, too many to read in reasonable time; finish "
                            "each image as '![alt text](address)', or write '\\![' for the characters themselves",
                        checks::kUnclosedImages);
      size_t from = static_cast<size_t>(lines[paragraph.first_line].data() - body.data());
      size_t to = static_cast<size_t>(lines[paragraph.end_line - 1].data() + lines[paragraph.end_line - 1].size() -
                                      body.data());
      for (size_t i = from; i < to; ++i) {
        if (blanked[i] != '\n') blanked[i] = ' ';
      }
    }
    if (!stranded.empty()) source = blanked;
    if (!tables.empty()) {
      for (const SourceTable& table : tables) {
        std::string_view header = lines[table.first_line];
        diagnostics.Error({file, first_line + static_cast<int>(table.first_line),
                           static_cast<int>(CodePointCount(header.substr(0, table.offset))) + 1},
                          table.problem, checks::kTableTooLarge);
        size_t from = static_cast<size_t>(lines[table.first_line].data() - body.data());
        size_t to = table.end_line < lines.size() ? static_cast<size_t>(lines[table.end_line].data() - body.data())
                                                  : body.size();
        for (size_t i = from; i < to; ++i) {
          if (blanked[i] != '\n') blanked[i] = ' ';
        }
      }
      source = blanked;
    }
  }
  NodePtr document;
  {
    std::lock_guard lock(ParseMutex());
    cmark_parser_feed(parser.get(), source.data(), source.size());
    document.reset(cmark_parser_finish(parser.get()));
  }
  if (!document) return root;
  Converter(source, file, first_line, diagnostics).Convert(document.get(), root, 0);
  return root;
}

}  // namespace publish
