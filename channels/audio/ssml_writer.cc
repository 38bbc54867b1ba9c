#include "channels/audio/ssml_writer.h"

#include <algorithm>

#include "libpublish/base/escape.h"

namespace publish {
namespace {

constexpr int kMinBreakMs = 100;
constexpr int kMaxBreakMs = 3000;
// say-as characters is only reliable across engines for short tokens.
constexpr size_t kMaxCharacters = 8;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsPunctuation(char c) { return c == ',' || c == ';' || c == ':' || c == '.' || c == '!' || c == '?'; }
bool IsSentenceEnd(char c) { return c == '.' || c == '!' || c == '?'; }
// Letters, digits and any non-ASCII byte (words in other scripts) are heard.
bool IsHeard(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
}
bool HasHeard(std::string_view text) { return std::any_of(text.begin(), text.end(), IsHeard); }

std::string Trim(std::string_view text) {
  size_t start = 0, end = text.size();
  while (start < end && IsSpace(text[start])) ++start;
  while (end > start && IsSpace(text[end - 1])) --end;
  return std::string(text.substr(start, end - start));
}

int ClampBreak(int ms) { return std::clamp(ms, kMinBreakMs, kMaxBreakMs); }

// One space between words, none before punctuation, one mark where
// several meet (", ." is "."), and a space after a mark before a word.
std::string TidyWords(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (IsSpace(c)) {
      pending_space = true;
      continue;
    }
    if (IsPunctuation(c)) {
      char last = out.empty() ? '\0' : out.back();
      if (IsPunctuation(last)) {
        // The stronger mark wins: a full stop over a comma, never the reverse.
        if (IsSentenceEnd(c) && !IsSentenceEnd(last)) out.back() = c;
        pending_space = false;
        continue;
      }
      out += c;
      pending_space = false;
      continue;
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += c;
  }
  if (pending_space && !out.empty()) out += ' ';
  return out;
}

std::string StripTrailingPunctuation(std::string text) {
  while (!text.empty() && (IsPunctuation(text.back()) || IsSpace(text.back()))) text.pop_back();
  return text;
}

std::string StripLeadingPunctuation(std::string text) {
  size_t start = 0;
  while (start < text.size() && (IsPunctuation(text[start]) || IsSpace(text[start]))) ++start;
  return text.substr(start);
}

// Attribute values must never need an entity: espeak-ng does not decode
// them ("&amp;" is read "and amp").
std::string SafeAlias(std::string_view alias) {
  std::string out;
  for (char c : alias) {
    if (c == '&') {
      out += " and ";
    } else if (c == '<' || c == '>' || c == '"') {
      out += ' ';
    } else {
      out += c;
    }
  }
  std::string tidy;
  for (char c : out) {
    if (IsSpace(c) && (tidy.empty() || tidy.back() == ' ')) continue;
    tidy += IsSpace(c) ? ' ' : c;
  }
  return StripTrailingPunctuation(Trim(tidy));
}

bool IsInline(const SpokenPiece& piece) {
  return piece.kind == SpokenPiece::Kind::kSub || piece.kind == SpokenPiece::Kind::kCharacters;
}

bool IsAudible(const SpokenPiece& piece) {
  switch (piece.kind) {
    case SpokenPiece::Kind::kWords:
      return HasHeard(piece.text);
    case SpokenPiece::Kind::kSub:
      return !piece.alias.empty();
    case SpokenPiece::Kind::kCharacters:
      return !piece.text.empty();
    case SpokenPiece::Kind::kBreak:
      return false;
  }
  return false;
}

// The clean-up every sentence gets before it is written.
Spoken CleanSentence(const Spoken& input) {
  // 1. Normalise each piece and merge neighbouring words.
  Spoken pieces;
  for (const SpokenPiece& original : input) {
    SpokenPiece piece = original;
    switch (piece.kind) {
      case SpokenPiece::Kind::kSub:
        piece.text = StripTrailingPunctuation(Trim(piece.text));
        piece.alias = SafeAlias(piece.alias);
        if (piece.alias.empty()) piece = SpokenPiece::Words(piece.text);
        if (piece.text.empty()) piece = SpokenPiece::Words(piece.alias);
        break;
      case SpokenPiece::Kind::kCharacters: {
        std::string kept;
        for (char c : piece.text) {
          if (IsHeard(c)) kept += c;
        }
        if (kept.size() > kMaxCharacters) {
          // Too long for say-as everywhere: letters as separate words.
          std::string spaced;
          for (char c : kept) spaced += (spaced.empty() ? "" : " ") + std::string(1, c);
          piece = SpokenPiece::Words(spaced);
        } else {
          piece.text = kept;
          if (kept.empty()) continue;
        }
        break;
      }
      case SpokenPiece::Kind::kBreak:
        piece.break_ms = ClampBreak(piece.break_ms);
        break;
      case SpokenPiece::Kind::kWords:
        break;
    }
    if (piece.kind == SpokenPiece::Kind::kWords && !pieces.empty() && pieces.back().kind == SpokenPiece::Kind::kWords) {
      pieces.back().text += piece.text;
    } else {
      pieces.push_back(std::move(piece));
    }
  }
  // 2. Tidy words; nothing but silence may sit between two breaks.
  Spoken tidy;
  for (SpokenPiece& piece : pieces) {
    if (piece.kind == SpokenPiece::Kind::kWords) {
      piece.text = TidyWords(piece.text);
      // A full stop right after a closing tag is read "dot" by espeak-ng.
      if (!tidy.empty() && IsInline(tidy.back())) {
        std::string rest = Trim(piece.text);
        if (!rest.empty() && rest.front() == '.') piece.text = rest.substr(1);
      }
      if (Trim(piece.text).empty()) continue;
    }
    if (piece.kind == SpokenPiece::Kind::kBreak) {
      // Drop silent words since the last break, then merge the two.
      size_t back = tidy.size();
      while (back > 0 && tidy[back - 1].kind == SpokenPiece::Kind::kWords && !IsAudible(tidy[back - 1])) --back;
      if (back > 0 && tidy[back - 1].kind == SpokenPiece::Kind::kBreak) {
        tidy.resize(back);
        tidy.back().break_ms = std::max(tidy.back().break_ms, piece.break_ms);
        continue;
      }
    }
    tidy.push_back(std::move(piece));
  }
  // 3. No break or punctuation before the first word.
  while (!tidy.empty() && !IsAudible(tidy.front())) tidy.erase(tidy.begin());
  if (!tidy.empty() && tidy.front().kind == SpokenPiece::Kind::kWords) {
    tidy.front().text = StripLeadingPunctuation(tidy.front().text);
  }
  // 4. The end: no trailing break or silence; no trailing comma; and after
  //    an inline element no punctuation at all (the </s> ends it).
  while (!tidy.empty() && !IsAudible(tidy.back())) tidy.pop_back();
  if (!tidy.empty() && tidy.back().kind == SpokenPiece::Kind::kWords) {
    std::string& text = tidy.back().text;
    text = Trim(text);
    while (!text.empty() && (text.back() == ',' || text.back() == ';' || text.back() == ':')) {
      text.pop_back();
      text = Trim(text);
    }
  }
  return tidy;
}

std::string Write(const Spoken& clean) {
  std::string out;
  bool first = true;
  for (const SpokenPiece& piece : clean) {
    std::string text = piece.kind == SpokenPiece::Kind::kWords ? Trim(piece.text) : "";
    bool glue = piece.kind == SpokenPiece::Kind::kWords && !text.empty() && IsPunctuation(text.front());
    if (!first && !glue) out += ' ';
    first = false;
    switch (piece.kind) {
      case SpokenPiece::Kind::kWords:
        out += EscapeXml(text);
        break;
      case SpokenPiece::Kind::kSub:
        out += "<sub alias=\"" + EscapeXml(piece.alias) + "\">" + EscapeXml(piece.text) + "</sub>";
        break;
      case SpokenPiece::Kind::kCharacters:
        out += "<say-as interpret-as=\"characters\">" + EscapeXml(piece.text) + "</say-as>";
        break;
      case SpokenPiece::Kind::kBreak:
        out += "<break time=\"" + std::to_string(piece.break_ms) + "ms\"/>";
        break;
    }
  }
  return out;
}

}  // namespace

std::string InlineSsml(const Spoken& spoken) { return Write(CleanSentence(spoken)); }

SsmlWriter::SsmlWriter(std::string language_tag) : language_(std::move(language_tag)) {
  out_ = "<speak version=\"1.1\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"" + EscapeXml(language_) +
         "\">\n";
}

void SsmlWriter::StartParagraph() {
  EndParagraph();
  paragraph_wanted_ = true;
  auto_paragraph_ = false;
}

void SsmlWriter::EndParagraph() {
  if (paragraph_open_) out_ += "</p>\n";
  paragraph_open_ = false;
  paragraph_wanted_ = false;
  auto_paragraph_ = false;
}

void SsmlWriter::FlushPause() {
  if (pending_pause_ms_ > 0 && spoken_anything_) {
    out_ += "<break time=\"" + std::to_string(ClampBreak(pending_pause_ms_)) + "ms\"/>\n";
  }
  pending_pause_ms_ = 0;
}

void SsmlWriter::OpenParagraphIfWanted() {
  if (paragraph_open_) return;
  FlushPause();
  out_ += "<p>\n";
  paragraph_open_ = true;
}

void SsmlWriter::Sentence(const Spoken& spoken) {
  Spoken clean = CleanSentence(spoken);
  if (clean.empty()) return;
  if (!paragraph_wanted_ && !paragraph_open_) {
    paragraph_wanted_ = true;
    auto_paragraph_ = true;
  }
  if (paragraph_open_) FlushPause();
  OpenParagraphIfWanted();
  out_ += "<s>" + Write(clean) + "</s>\n";
  spoken_anything_ = true;
  if (auto_paragraph_) EndParagraph();
}

void SsmlWriter::Sentences(const Spoken& spoken) {
  Spoken current;
  for (size_t i = 0; i < spoken.size(); ++i) {
    const SpokenPiece& piece = spoken[i];
    if (piece.kind != SpokenPiece::Kind::kWords) {
      current.push_back(piece);
      continue;
    }
    const std::string& text = piece.text;
    size_t start = 0;
    for (size_t k = 0; k < text.size(); ++k) {
      if (!IsSentenceEnd(text[k])) continue;
      bool at_end = k + 1 == text.size();
      bool followed_by_space = !at_end && IsSpace(text[k + 1]);
      bool last_piece = at_end && i + 1 == spoken.size();
      if (!followed_by_space && !last_piece) continue;
      current.push_back(SpokenPiece::Words(text.substr(start, k + 1 - start)));
      Sentence(current);
      current.clear();
      start = k + 1;
    }
    if (start < text.size()) current.push_back(SpokenPiece::Words(text.substr(start)));
  }
  if (!current.empty()) Sentence(current);
}

void SsmlWriter::Pause(int ms) { pending_pause_ms_ = std::max(pending_pause_ms_, ms); }

std::string SsmlWriter::Finish() {
  EndParagraph();
  out_ += "</speak>\n";
  return std::move(out_);
}

}  // namespace publish
