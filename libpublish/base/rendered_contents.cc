#include "libpublish/base/rendered_contents.h"

#include <algorithm>
#include <array>

#include "libpublish/base/text.h"

namespace publish {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return AsciiLower(x) == AsciiLower(y); });
}

// Elements whose start or end begins a new line of the page's text.
bool StartsBlock(std::string_view name, MarkupKind kind) {
  if (kind == MarkupKind::kSsml) return EqualsIgnoringCase(name, "p") || EqualsIgnoringCase(name, "s");
  static constexpr std::array<std::string_view, 29> kBlocks = {
      "address",    "article", "aside",  "blockquote", "br", "caption", "dd",      "div", "dl", "dt",
      "figcaption", "figure",  "footer", "form",       "h1", "h2",      "h3",      "h4",  "h5", "h6",
      "header",     "li",      "nav",    "ol",         "p",  "pre",     "section", "tr",  "ul"};
  for (std::string_view block : kBlocks) {
    if (EqualsIgnoringCase(name, block)) return true;
  }
  return false;
}

// Decodes the entity at `text[i]` (an '&') into `out` and returns the
// length it took; an '&' that starts no entity we write stands for itself.
size_t DecodeEntity(std::string_view text, size_t i, std::string& out) {
  size_t end = text.find(';', i);
  if (end == std::string_view::npos || end - i > 10) {
    out += '&';
    return 1;
  }
  std::string_view name = text.substr(i + 1, end - i - 1);
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kNamed = {
      {{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}}};
  for (const auto& [entity, replacement] : kNamed) {
    if (name == entity) {
      out += replacement;
      return end - i + 1;
    }
  }
  if (name.size() >= 2 && name[0] == '#') {
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    uint32_t value = 0;
    bool valid = !digits.empty();
    for (char c : digits) {
      int digit = c >= '0' && c <= '9'                                  ? c - '0'
                  : hex && AsciiLower(c) >= 'a' && AsciiLower(c) <= 'f' ? AsciiLower(c) - 'a' + 10
                                                                        : -1;
      if (digit < 0 || value > 0x10FFFF) {
        valid = false;
        break;
      }
      value = value * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
    }
    if (valid) {
      AppendCodePoint(value, out);
      return end - i + 1;
    }
  }
  out += '&';
  return 1;
}

std::string Decoded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '&') {
      i += DecodeEntity(text, i, out);
    } else {
      out += text[i++];
    }
  }
  return out;
}

class MarkupReader {
 public:
  MarkupReader(std::string_view markup, MarkupKind kind)
      : markup_(markup), kind_(kind), text_element_(kind == MarkupKind::kSsml ? "speak" : "main") {}

  RenderedContents Read() {
    while (pos_ < markup_.size()) {
      size_t next = markup_.find('<', pos_);
      if (next == std::string_view::npos) next = markup_.size();
      if (next > pos_) Text(markup_.substr(pos_, next - pos_));
      pos_ = next;
      if (pos_ < markup_.size()) Markup();
    }
    EndLine();
    return std::move(contents_);
  }

 private:
  void Text(std::string_view text) {
    if (text_depth_ == 0) return;
    std::string decoded = Decoded(text);
    for (char c : decoded) {
      if (IsSpace(c)) {
        pending_space_ = true;
        continue;
      }
      if (pending_space_ && !line_.empty()) line_ += ' ';
      pending_space_ = false;
      line_ += c;
    }
  }

  void EndLine() {
    pending_space_ = false;
    if (line_.empty()) return;
    if (!contents_.text.empty()) contents_.text += '\n';
    contents_.text += line_;
    line_.clear();
  }

  void SkipPast(std::string_view end) {
    size_t found = markup_.find(end, pos_);
    pos_ = found == std::string_view::npos ? markup_.size() : found + end.size();
  }

  void Markup() {
    if (markup_.compare(pos_, 4, "<!--") == 0) return SkipPast("-->");
    if (markup_.compare(pos_, 2, "<!") == 0 || markup_.compare(pos_, 2, "<?") == 0) return SkipPast(">");
    ++pos_;  // '<'
    bool closing = pos_ < markup_.size() && markup_[pos_] == '/';
    if (closing) ++pos_;
    size_t name_start = pos_;
    while (pos_ < markup_.size() && !IsSpace(markup_[pos_]) && markup_[pos_] != '>' && markup_[pos_] != '/') ++pos_;
    std::string_view name = markup_.substr(name_start, pos_ - name_start);
    if (name.empty()) {  // a stray '<': text, though our escapers never leave one
      Text("<");
      return;
    }
    bool self_closing = Attributes();
    if (StartsBlock(name, kind_)) EndLine();
    if (EqualsIgnoringCase(name, text_element_)) {
      if (closing) {
        if (text_depth_ > 0) --text_depth_;
      } else if (!self_closing) {
        ++text_depth_;
      }
    }
    if (!closing && (EqualsIgnoringCase(name, "script") || EqualsIgnoringCase(name, "style"))) {
      // Raw text: skip to the matching end tag, whatever it holds.
      std::string end = "</" + std::string(name);
      while (pos_ < markup_.size()) {
        size_t found = markup_.find("</", pos_);
        if (found == std::string_view::npos) {
          pos_ = markup_.size();
          break;
        }
        pos_ = found;
        if (EqualsIgnoringCase(markup_.substr(found, end.size()), end)) break;
        pos_ += 2;
      }
    }
  }

  // Reads a tag's attributes up to and past its '>'; true when it ends "/>".
  bool Attributes() {
    bool self_closing = false;
    while (pos_ < markup_.size()) {
      char c = markup_[pos_];
      if (c == '>') {
        ++pos_;
        return self_closing;
      }
      if (IsSpace(c) || c == '/') {
        self_closing = c == '/';
        ++pos_;
        continue;
      }
      self_closing = false;
      size_t name_start = pos_;
      while (pos_ < markup_.size() && !IsSpace(markup_[pos_]) && markup_[pos_] != '=' && markup_[pos_] != '>' &&
             markup_[pos_] != '/') {
        ++pos_;
      }
      std::string_view name = markup_.substr(name_start, pos_ - name_start);
      while (pos_ < markup_.size() && IsSpace(markup_[pos_])) ++pos_;
      if (pos_ >= markup_.size() || markup_[pos_] != '=') continue;  // an attribute without a value
      ++pos_;
      while (pos_ < markup_.size() && IsSpace(markup_[pos_])) ++pos_;
      std::string_view value;
      if (pos_ < markup_.size() && (markup_[pos_] == '"' || markup_[pos_] == '\'')) {
        char quote = markup_[pos_++];
        size_t end = markup_.find(quote, pos_);
        if (end == std::string_view::npos) end = markup_.size();
        value = markup_.substr(pos_, end - pos_);
        pos_ = std::min(end + 1, markup_.size());
      } else {
        size_t value_start = pos_;
        while (pos_ < markup_.size() && !IsSpace(markup_[pos_]) && markup_[pos_] != '>') ++pos_;
        value = markup_.substr(value_start, pos_ - value_start);
      }
      if (EqualsIgnoringCase(name, "id")) {
        contents_.ids.push_back(Decoded(value));
      } else if (EqualsIgnoringCase(name, "href") || EqualsIgnoringCase(name, "src") ||
                 EqualsIgnoringCase(name, "action")) {
        contents_.links.push_back(Decoded(value));
      }
    }
    return self_closing;
  }

  std::string_view markup_;
  MarkupKind kind_;
  std::string_view text_element_;
  size_t pos_ = 0;
  int text_depth_ = 0;
  std::string line_;
  bool pending_space_ = false;
  RenderedContents contents_;
};

}  // namespace

RenderedContents ReadRenderedMarkup(std::string_view markup, MarkupKind kind) {
  return MarkupReader(markup, kind).Read();
}

}  // namespace publish
