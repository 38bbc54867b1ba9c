// Writes SSML 1.1 in the portable subset (speak, p, s, break, sub,
// say-as characters) and owns its structure, escaping and pauses, so the
// espeak-ng pitfalls are avoided by construction wherever text comes from.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace publish {

// One piece of spoken text, as the normaliser (spoken_words.h) hands it over.
struct SpokenPiece {
  enum class Kind {
    kWords,       // words and ordinary punctuation, spoken as they are
    kSub,         // `text` is the written form, `alias` what is said (<sub>)
    kCharacters,  // `text` spelt out letter by letter (<say-as characters>)
    kBreak,       // a pause of `break_ms` milliseconds (<break>)
  };
  Kind kind = Kind::kWords;
  std::string text;
  std::string alias;
  int break_ms = 0;

  static SpokenPiece Words(std::string text) { return {Kind::kWords, std::move(text), "", 0}; }
  static SpokenPiece Sub(std::string written, std::string alias) {
    return {Kind::kSub, std::move(written), std::move(alias), 0};
  }
  static SpokenPiece Characters(std::string text) { return {Kind::kCharacters, std::move(text), "", 0}; }
  static SpokenPiece Break(int ms) { return {Kind::kBreak, "", "", ms}; }
  bool operator==(const SpokenPiece&) const = default;
};

using Spoken = std::vector<SpokenPiece>;

inline void Append(Spoken& to, const Spoken& more) { to.insert(to.end(), more.begin(), more.end()); }

// Pauses the channel uses, in milliseconds.
inline constexpr int kHeadingPauseMs = 500;   // after a heading's paragraph
inline constexpr int kGroupPauseMs = 300;     // between a phone number's written groups
inline constexpr int kPostcodePauseMs = 200;  // between a postcode's outward and inward code
inline constexpr int kSectionPauseMs = 1000;  // a thematic break

// The rules it enforces (research notes, section 6.2):
// - every sentence is an <s> inside a <p>; empty ones are left out;
// - no break before anything is spoken, never two breaks in a row, break
//   times whole milliseconds between 100 and 3000;
// - no full stop right after a closing tag: a sentence that ends in an
//   inline element ends with the </s>, and written forms inside <sub> and
//   <say-as> carry no trailing punctuation;
// - alias attributes never need an entity (espeak-ng reads them literally):
//   & becomes "and", < > " are dropped; text is escaped with EscapeXml.
class SsmlWriter {
 public:
  // `language_tag` goes on <speak xml:lang>.
  explicit SsmlWriter(std::string language_tag);

  // Paragraphs open lazily: one that receives no sentence is not written.
  void StartParagraph();
  void EndParagraph();
  // One sentence, as it is (no splitting). Opens a paragraph for itself
  // when none is open.
  void Sentence(const Spoken& spoken);
  // Running text: split into sentences after . ! or ? followed by a space.
  void Sentences(const Spoken& spoken);
  // A pause between blocks. Written just before the next thing spoken, so
  // a pause at the very start or end, or next to another, merges away.
  void Pause(int ms);

  // The whole document. The writer is spent afterwards.
  std::string Finish();

 private:
  void FlushPause();
  void OpenParagraphIfWanted();

  std::string language_;
  std::string out_;
  bool paragraph_wanted_ = false;
  bool paragraph_open_ = false;
  bool auto_paragraph_ = false;  // opened by Sentence() itself
  bool spoken_anything_ = false;
  int pending_pause_ms_ = 0;
};

// The pieces as inline SSML (what goes inside an <s>), after the same
// clean-up the writer applies to a sentence. For tests and fragments.
std::string InlineSsml(const Spoken& spoken);

}  // namespace publish
