// Plain text laid out for a fixed-width reader: the writer the text channel
// renders through. It owns prefixes (list markers, "> " quotes, hanging
// indents), blank lines between blocks, wrapping with ICU line breaking,
// and table layout. It knows nothing of Markdown or pages.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace publish {

class LineBreaker;

// A run of inline text on its way into a paragraph: words that may wrap,
// pieces that must never be broken (addresses, phone numbers), and places
// where a line must or must not end.
class InlineText {
 public:
  // Ordinary words. Runs of spaces, tabs and newlines become one space. Web
  // and email addresses, UK phone numbers, postcodes, dates ("1 April 2026")
  // and ranges such as "9am to 5pm" and "Monday to Friday" found in them
  // are kept whole.
  InlineText& Words(std::string_view text);
  // Text that is never broken across lines: a URL, an email address.
  InlineText& Unbreakable(std::string_view text);
  // Text that stays on the line of what comes before it, such as a " [3]"
  // reference marker after a link's last word.
  InlineText& Glued(std::string_view text);
  // A hard line break.
  InlineText& LineBreak();
  InlineText& Append(const InlineText& other);

  bool empty() const { return text_.empty(); }
  // The text on one line: hard breaks become spaces.
  std::string Flat() const;

  // For the writer: the text with '\n' for hard breaks, the byte ranges
  // that cannot be broken, and offsets where a break is not allowed.
  const std::string& text() const { return text_; }
  const std::vector<std::pair<size_t, size_t>>& unbreakable() const { return unbreakable_; }
  const std::vector<size_t>& no_break_at() const { return no_break_at_; }

 private:
  void AddRaw(std::string_view text);
  bool EndsWithSpace() const { return !text_.empty() && (text_.back() == ' ' || text_.back() == '\n'); }

  std::string text_;
  std::vector<std::pair<size_t, size_t>> unbreakable_;
  std::vector<size_t> no_break_at_;
};

enum class ColumnAlign { kLeft, kCentre, kRight };

class TextWriter {
 public:
  // `width` is the column to wrap at; 0 never wraps. `language_tag` picks
  // ICU's line breaking rules.
  TextWriter(int width, const std::string& language_tag);
  ~TextWriter();
  TextWriter(const TextWriter&) = delete;
  TextWriter& operator=(const TextWriter&) = delete;

  int width() const { return width_; }

  // Prefixes stack: `first` goes before the first line written inside, then
  // `rest` before every later line ("- " then "  " for a list item; "> "
  // both times for a quote; "" then "  " for a hanging indent).
  void PushPrefix(std::string first, std::string rest);
  void PopPrefix();

  // One blank line before whatever is written next; several requests make
  // one blank line, and none is written at the top of the text.
  void BlankLine();

  // Wrapped to the width under the current prefixes.
  void Paragraph(const InlineText& text);
  // Wrapped, then underlined with `underline` as wide as its widest line.
  void Heading(const InlineText& text, char underline);
  // One line exactly as given (code, references): never wrapped, so it may
  // run past the width.
  void Verbatim(std::string_view line);
  // A line of '-' across the text width (72 when not wrapping).
  void Rule();
  // A table: aligned columns when they fit the width, otherwise one
  // "Header: value" record per row with a blank line between records.
  // rows[0] is the header row.
  void Table(const std::vector<std::vector<InlineText>>& rows, const std::vector<ColumnAlign>& alignments);

  // Wrapped lines of `text` with the given room on the first and later
  // lines (0: unlimited); exposed for tests and headings.
  std::vector<std::string> Wrap(const InlineText& text, int first_room, int rest_room);

  // The text so far: '\n' line endings, no trailing spaces, exactly one
  // newline at the end (or nothing when empty), valid UTF-8 with no
  // control character but the newlines (IsForbiddenCharacter in text.h).
  std::string Finish();

 private:
  struct Prefix {
    std::string first;
    std::string rest;
    bool used = false;
  };
  std::string CurrentPrefix(bool for_blank_line) const;
  // Room left on the next line and on the lines after it.
  int Room(bool first_line) const;
  void EmitLine(std::string_view content);
  void Columns(const std::vector<std::vector<std::string>>& cells, const std::vector<int>& widths,
               const std::vector<ColumnAlign>& alignments);

  int width_;
  std::unique_ptr<LineBreaker> breaker_;
  std::vector<Prefix> prefixes_;
  std::string out_;
  bool blank_pending_ = false;
};

}  // namespace publish
