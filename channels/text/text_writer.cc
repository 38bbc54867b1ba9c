#include "channels/text/text_writer.h"

#include <algorithm>

#include "libpublish/base/text.h"

namespace publish {
namespace {

using Range = std::pair<size_t, size_t>;

// Below this many columns a deeply nested line stops shrinking and runs
// past the width instead: one word per line helps nobody.
constexpr int kMinimumRoom = 20;
// The length of a rule when lines are not wrapped.
constexpr int kUnwrappedRule = 72;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

std::string RightTrimmed(std::string_view text) {
  size_t end = text.size();
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  return std::string(text.substr(0, end));
}

std::string Spaces(int count) { return std::string(static_cast<size_t>(std::max(0, count)), ' '); }

// A word of the text with its byte range.
struct Token {
  size_t start;
  size_t end;
  std::string_view text;
};

std::vector<Token> Tokens(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
    size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\n') ++i;
    if (i > start) tokens.push_back({start, i, text.substr(start, i - start)});
  }
  return tokens;
}

// The token without the punctuation that may wrap it in running text.
std::string_view Core(std::string_view token) {
  constexpr std::string_view kOpening = "(<\"'[";
  constexpr std::string_view kClosing = ")>\"'].,;:!?";
  while (!token.empty() && kOpening.find(token.front()) != std::string_view::npos) token.remove_prefix(1);
  while (!token.empty() && kClosing.find(token.back()) != std::string_view::npos) token.remove_suffix(1);
  return token;
}

bool IsAddress(std::string_view token) {
  std::string_view core = Core(token);
  if (core.find("://") != std::string_view::npos || core.rfind("www.", 0) == 0) return true;
  size_t at = core.find('@');
  return at != std::string_view::npos && at > 0 && core.find('.', at) != std::string_view::npos &&
         core.find('.', at) + 1 < core.size();
}

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return IsDigit(c); });
}

// "01632 960 000", "+44 1632 960000", "(01632) 960 000": the tokens from
// `first` that make up one UK phone number, or 0.
size_t PhoneLength(const std::vector<Token>& tokens, size_t first) {
  std::string_view head = Core(tokens[first].text);
  if (head.rfind("+44", 0) == 0) {
    head.remove_prefix(3);
  } else if (head.empty() || head.front() != '0') {
    return 0;
  }
  if (!head.empty() && !AllDigits(head)) return 0;
  size_t digits = head.size();
  size_t count = 1;
  while (first + count < tokens.size() && digits < 11) {
    std::string_view next = Core(tokens[first + count].text);
    if (!AllDigits(next) || tokens[first + count].start != tokens[first + count - 1].end + 1) break;
    digits += next.size();
    ++count;
  }
  return count >= 2 && digits >= 9 && digits <= 11 ? count : 0;
}

// "NB1 1AA": an outward code then an inward code.
bool IsPostcode(std::string_view outward, std::string_view inward) {
  outward = Core(outward);
  inward = Core(inward);
  if (outward.size() < 2 || outward.size() > 4 || inward.size() != 3) return false;
  size_t i = 0;
  while (i < outward.size() && i < 2 && IsUpper(outward[i])) ++i;
  if (i == 0 || i >= outward.size() || !IsDigit(outward[i])) return false;
  for (size_t j = i + 1; j < outward.size(); ++j) {
    if (!IsDigit(outward[j]) && !IsUpper(outward[j])) return false;
  }
  return IsDigit(inward[0]) && IsUpper(inward[1]) && IsUpper(inward[2]);
}

// "9am", "5:30pm", "midday".
bool IsClockTime(std::string_view token) {
  token = Core(token);
  if (token == "midday" || token == "midnight") return true;
  if (token.size() < 3) return false;
  std::string_view suffix = token.substr(token.size() - 2);
  if (suffix != "am" && suffix != "pm") return false;
  std::string_view number = token.substr(0, token.size() - 2);
  size_t colon = number.find(':');
  if (colon == std::string_view::npos) return AllDigits(number) && number.size() <= 2;
  return AllDigits(number.substr(0, colon)) && colon <= 2 && AllDigits(number.substr(colon + 1)) &&
         number.size() - colon - 1 == 2;
}

bool IsRangeWord(std::string_view token) { return token == "to" || token == "i" || token == "tan"; }

bool IsWeekday(std::string_view token) {
  static const char* const kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  token = Core(token);
  return std::any_of(std::begin(kDays), std::end(kDays), [&](const char* day) { return token == day; });
}

// English and Welsh month names, for dates such as "1 April 2026".
bool IsMonth(std::string_view token) {
  static const char* const kMonths[] = {"January",    "February", "March",     "April",   "May",      "June",
                                        "July",       "August",   "September", "October", "November", "December",
                                        "Ionawr",     "Chwefror", "Mawrth",    "Ebrill",  "Mai",      "Mehefin",
                                        "Gorffennaf", "Awst",     "Medi",      "Hydref",  "Tachwedd", "Rhagfyr"};
  token = Core(token);
  return std::any_of(std::begin(kMonths), std::end(kMonths), [&](const char* month) { return token == month; });
}

// "1 April", "1 April 2026": the tokens from `first` that make up a date, or 0.
size_t DateLength(const std::vector<Token>& tokens, size_t first) {
  std::string_view day = tokens[first].text;
  if (!AllDigits(day) || day.size() > 2 || first + 1 >= tokens.size() || !IsMonth(tokens[first + 1].text)) return 0;
  bool month_ends_clause = Core(tokens[first + 1].text).size() != tokens[first + 1].text.size();
  if (!month_ends_clause && first + 2 < tokens.size()) {
    std::string_view year = Core(tokens[first + 2].text);
    if (year.size() == 4 && AllDigits(year)) return 3;
  }
  return 2;
}

// Pieces of running text a reader needs on one line: addresses, phone
// numbers, postcodes, dates, and ranges of times or days.
std::vector<Range> FindBindings(std::string_view text) {
  std::vector<Range> ranges;
  std::vector<Token> tokens = Tokens(text);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    if (IsAddress(token.text)) {
      ranges.push_back({token.start, token.end});
      continue;
    }
    if (size_t count = PhoneLength(tokens, i); count > 0) {
      ranges.push_back({token.start, tokens[i + count - 1].end});
      i += count - 1;
      continue;
    }
    if (i + 1 < tokens.size() && IsPostcode(token.text, tokens[i + 1].text)) {
      ranges.push_back({token.start, tokens[i + 1].end});
      ++i;
      continue;
    }
    if (size_t count = DateLength(tokens, i); count > 0) {
      ranges.push_back({token.start, tokens[i + count - 1].end});
      i += count - 1;
      continue;
    }
    bool times = IsClockTime(token.text) && i + 2 < tokens.size() && IsClockTime(tokens[i + 2].text);
    bool days = IsWeekday(token.text) && i + 2 < tokens.size() && IsWeekday(tokens[i + 2].text);
    if ((times || days) && tokens[i].text == Core(tokens[i].text) && IsRangeWord(tokens[i + 1].text)) {
      ranges.push_back({token.start, tokens[i + 2].end});
      i += 2;
    }
  }
  return ranges;
}

std::string Aligned(const std::string& cell, int width, ColumnAlign align) {
  int gap = width - DisplayWidth(cell);
  switch (align) {
    case ColumnAlign::kRight:
      return Spaces(gap) + cell;
    case ColumnAlign::kCentre:
      return Spaces(gap / 2) + cell + Spaces(gap - gap / 2);
    default:
      return cell + Spaces(gap);
  }
}

}  // namespace

// InlineText -----------------------------------------------------------------

void InlineText::AddRaw(std::string_view text) { text_.append(text); }

InlineText& InlineText::Words(std::string_view text) {
  std::string normal;
  normal.reserve(text.size());
  bool space = text_.empty() || EndsWithSpace();
  for (char c : text) {
    if (IsSpace(c)) {
      if (!space) normal += ' ';
      space = true;
    } else {
      normal += c;
      space = false;
    }
  }
  AddRaw(normal);
  return *this;
}

InlineText& InlineText::Unbreakable(std::string_view text) {
  while (!text.empty() && IsSpace(text.front()) && (text_.empty() || EndsWithSpace())) text.remove_prefix(1);
  if (text.empty()) return *this;
  size_t start = text_.size();
  AddRaw(text);
  unbreakable_.push_back({start, text_.size()});
  return *this;
}

InlineText& InlineText::Glued(std::string_view text) {
  while (!text.empty() && text.front() == ' ' && (text_.empty() || EndsWithSpace())) text.remove_prefix(1);
  if (text.empty()) return *this;
  size_t start = text_.size();
  AddRaw(text);
  unbreakable_.push_back({start, text_.size()});
  no_break_at_.push_back(start);
  return *this;
}

InlineText& InlineText::LineBreak() {
  while (!text_.empty() && text_.back() == ' ') text_.pop_back();
  text_ += '\n';
  return *this;
}

InlineText& InlineText::Append(const InlineText& other) {
  size_t skip = EndsWithSpace() && !other.text_.empty() && other.text_.front() == ' ' ? 1 : 0;
  size_t base = text_.size();
  text_.append(other.text_, skip, std::string::npos);
  auto shift = [&](size_t offset) { return base + (offset >= skip ? offset - skip : 0); };
  for (const auto& [start, end] : other.unbreakable_) unbreakable_.push_back({shift(start), shift(end)});
  for (size_t at : other.no_break_at_) no_break_at_.push_back(shift(at));
  return *this;
}

std::string InlineText::Flat() const {
  std::string flat = text_;
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  while (!flat.empty() && flat.back() == ' ') flat.pop_back();
  return flat;
}

// TextWriter -----------------------------------------------------------------

TextWriter::TextWriter(int width, const std::string& language_tag)
    : width_(std::max(0, width)), breaker_(std::make_unique<LineBreaker>(language_tag)) {}

TextWriter::~TextWriter() = default;

void TextWriter::PushPrefix(std::string first, std::string rest) {
  prefixes_.push_back({std::move(first), std::move(rest), false});
}

void TextWriter::PopPrefix() {
  if (prefixes_.empty()) return;
  // An empty list item still shows its marker.
  if (!prefixes_.back().used && !RightTrimmed(prefixes_.back().first).empty()) EmitLine("");
  prefixes_.pop_back();
}

void TextWriter::BlankLine() { blank_pending_ = true; }

std::string TextWriter::CurrentPrefix(bool for_blank_line) const {
  std::string prefix;
  for (const auto& frame : prefixes_) {
    // A blank line before a block belongs outside the block's own prefix.
    if (for_blank_line && !frame.used) break;
    prefix += frame.used ? frame.rest : frame.first;
  }
  return prefix;
}

int TextWriter::Room(bool first_line) const {
  if (width_ == 0) return 0;
  int used = 0;
  for (const auto& frame : prefixes_) used += DisplayWidth(first_line && !frame.used ? frame.first : frame.rest);
  return std::max(width_ - used, std::min(width_, kMinimumRoom));
}

void TextWriter::EmitLine(std::string_view content) {
  if (blank_pending_ && !out_.empty()) out_ += RightTrimmed(CurrentPrefix(true)) + "\n";
  blank_pending_ = false;
  std::string line = CurrentPrefix(false);
  line += content;
  for (auto& frame : prefixes_) frame.used = true;
  out_ += RightTrimmed(line);
  out_ += '\n';
}

std::vector<std::string> TextWriter::Wrap(const InlineText& inline_text, int first_room, int rest_room) {
  const std::string& text = inline_text.text();
  std::vector<std::string> lines;
  if (text.empty()) return lines;

  // Sorted and merged where they overlap, so each look-up is a binary
  // search: a long paragraph full of links must not take quadratic time.
  std::vector<Range> bound = inline_text.unbreakable();
  for (const Range& range : FindBindings(text)) bound.push_back(range);
  std::sort(bound.begin(), bound.end());
  std::vector<Range> merged;
  for (const Range& range : bound) {
    if (!merged.empty() && range.first < merged.back().second) {
      merged.back().second = std::max(merged.back().second, range.second);
    } else {
      merged.push_back(range);
    }
  }
  std::vector<size_t> no_break = inline_text.no_break_at();
  std::sort(no_break.begin(), no_break.end());
  // The merged range starting last before `offset`, or end().
  auto range_before = [&](size_t offset) {
    auto it = std::lower_bound(merged.begin(), merged.end(), Range{offset, 0});
    return it == merged.begin() ? merged.end() : std::prev(it);
  };
  auto allowed = [&](const LineBreakOpportunity& at) {
    if (at.mandatory || at.offset >= text.size()) return true;
    if (std::binary_search(no_break.begin(), no_break.end(), at.offset)) return false;
    auto it = range_before(at.offset);
    return it == merged.end() || at.offset >= it->second;
  };
  auto overlaps_bound = [&](size_t start, size_t end) {
    auto it = range_before(end);
    return it != merged.end() && start < it->second;
  };

  int room = first_room;
  std::string line;
  int line_width = 0;
  bool has_content = false;
  std::string pending;  // spaces after the last piece, kept only if more follows on the line
  auto finish_line = [&] {
    lines.push_back(line);
    line.clear();
    line_width = 0;
    has_content = false;
    pending.clear();
    room = rest_room;
  };
  // Starts a line with `piece`; a piece wider than the line with nothing
  // that must stay whole in it (a long word, not an address) is cut.
  auto start_line = [&](std::string_view piece, int piece_width, bool may_cut) {
    while (may_cut && room > 0 && piece_width > room) {
      size_t cut = PrefixWithinWidth(piece, room);
      if (cut == 0) cut = PrefixWithinWidth(piece, 2);  // a wide character in a one-column room
      if (cut == 0 || cut >= piece.size()) break;
      line.assign(piece.substr(0, cut));
      piece_width -= DisplayWidth(line);
      finish_line();
      piece.remove_prefix(cut);
    }
    line.assign(piece);
    line_width = piece_width;
    has_content = true;
  };

  size_t start = 0;
  for (const LineBreakOpportunity& at : breaker_->Opportunities(text)) {
    if (!allowed(at)) continue;
    std::string_view unit(text.data() + start, at.offset - start);
    bool hard = !unit.empty() && unit.back() == '\n';
    if (hard) unit.remove_suffix(1);
    size_t content_end = unit.size();
    while (content_end > 0 && unit[content_end - 1] == ' ') --content_end;
    std::string_view content = unit.substr(0, content_end);
    std::string_view spaces = unit.substr(content_end);
    if (!content.empty()) {
      int width = DisplayWidth(content);
      bool may_cut = !overlaps_bound(start, start + content.size());
      if (!has_content) {
        start_line(content, width, may_cut);
      } else if (room == 0 || line_width + static_cast<int>(pending.size()) + width <= room) {
        line += pending;
        line += content;
        line_width += static_cast<int>(pending.size()) + width;
      } else {
        finish_line();
        start_line(content, width, may_cut);
      }
      pending.assign(spaces);
    } else if (has_content) {
      pending += spaces;
    }
    if (hard) finish_line();
    start = at.offset;
  }
  if (has_content) lines.push_back(line);
  return lines;
}

void TextWriter::Paragraph(const InlineText& text) {
  for (const std::string& line : Wrap(text, Room(true), Room(false))) EmitLine(line);
}

void TextWriter::Heading(const InlineText& text, char underline) {
  std::vector<std::string> lines = Wrap(text, Room(true), Room(false));
  if (lines.empty()) return;
  int widest = 0;
  for (const std::string& line : lines) {
    EmitLine(line);
    widest = std::max(widest, DisplayWidth(line));
  }
  if (width_ > 0) widest = std::min(widest, Room(false));
  EmitLine(std::string(static_cast<size_t>(widest), underline));
}

void TextWriter::Verbatim(std::string_view line) { EmitLine(line); }

void TextWriter::Rule() {
  int length = width_ == 0 ? kUnwrappedRule : Room(true);
  EmitLine(std::string(static_cast<size_t>(length), '-'));
}

void TextWriter::Table(const std::vector<std::vector<InlineText>>& rows, const std::vector<ColumnAlign>& alignments) {
  if (rows.empty()) return;
  size_t columns = 0;
  for (const auto& row : rows) columns = std::max(columns, row.size());
  if (columns == 0) return;
  std::vector<std::vector<std::string>> cells;
  std::vector<int> widths(columns, 0);
  for (const auto& row : rows) {
    cells.emplace_back();
    for (size_t i = 0; i < columns; ++i) {
      cells.back().push_back(i < row.size() ? row[i].Flat() : std::string());
      widths[i] = std::max(widths[i], DisplayWidth(cells.back().back()));
    }
  }
  int total = 2 * static_cast<int>(columns - 1);
  for (int width : widths) total += width;
  if (width_ == 0 || total <= std::min(Room(true), Room(false)) || rows.size() == 1) {
    Columns(cells, widths, alignments);
    return;
  }
  // Too wide: each row as "Header: value" lines, the way a screen reader
  // would want it anyway.
  const std::vector<InlineText>& header = rows.front();
  for (size_t r = 1; r < rows.size(); ++r) {
    if (r > 1) BlankLine();
    for (size_t i = 0; i < rows[r].size(); ++i) {
      if (rows[r][i].empty()) continue;
      InlineText line;
      if (i < header.size() && !header[i].empty()) {
        line.Append(header[i]);
        line.Glued(":");
        line.Words(" ");
      }
      line.Append(rows[r][i]);
      PushPrefix("", "  ");
      Paragraph(line);
      PopPrefix();
    }
  }
}

void TextWriter::Columns(const std::vector<std::vector<std::string>>& cells, const std::vector<int>& widths,
                         const std::vector<ColumnAlign>& alignments) {
  auto row_line = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += "  ";
      line += Aligned(row[i], widths[i], i < alignments.size() ? alignments[i] : ColumnAlign::kLeft);
    }
    return line;
  };
  EmitLine(row_line(cells.front()));
  std::string rule;
  for (size_t i = 0; i < widths.size(); ++i) {
    if (i > 0) rule += "  ";
    rule += std::string(static_cast<size_t>(std::max(1, widths[i])), '-');
  }
  EmitLine(rule);
  for (size_t r = 1; r < cells.size(); ++r) EmitLine(row_line(cells[r]));
}

std::string TextWriter::Finish() {
  // The one way out of the writer: whatever a caller passed in, no control
  // character a terminal would obey and no invalid UTF-8 leaves it.
  std::string text = WithoutForbiddenCharacters(out_);
  // A carriage return inside a line would make a terminal write over it.
  std::replace(text.begin(), text.end(), '\r', ' ');
  while (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty()) text += '\n';
  return text;
}

}  // namespace publish
