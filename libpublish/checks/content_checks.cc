#include "libpublish/checks/content_checks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "libpublish/base/check_ids.h"
#include "libpublish/base/parallel.h"
#include "libpublish/base/text.h"

namespace publish {
namespace {

const std::vector<std::string> kVagueLinkTexts{"click here", "here", "read more", "more", "this page", "link", "click"};

// GOV.UK's limits: longer sentences lose readers, longer titles and
// summaries are cut in search results, longer alt text is tiring to hear.
constexpr int kMaxSentenceWords = 25;
constexpr size_t kMaxTitleCharacters = 65;
constexpr size_t kMaxSummaryCharacters = 160;
constexpr size_t kMaxAltCharacters = 150;
// Below this many words a reading-ease score says little about a page.
constexpr int kMinWordsForReadingEase = 100;

// ASCII lower case keeps byte offsets, so words found in the original text
// can be looked up in the lowered copy; the lists matched are English.
std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Trimmed(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

bool LooksLikeWebAddress(std::string_view text) {
  std::string lower = AsciiLower(Trimmed(text));
  return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0 || lower.rfind("www.", 0) == 0;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

// A heuristic, not a dictionary: each group of vowels (a, e, i, o, u, y) is
// a syllable, less a silent final "e" ("make", but not "table") and a
// silent "-ed" ("asked", but not "wanted"); never fewer than one. It
// miscounts some words ("create", "business") by one, which moves a page's
// score a little, not its band.
int SyllableCount(std::string_view lower_word) {
  int groups = 0;
  bool in_vowel = false;
  for (char c : lower_word) {
    bool vowel = IsVowel(c);
    if (vowel && !in_vowel) ++groups;
    in_vowel = vowel;
  }
  size_t n = lower_word.size();
  if (groups > 1 && n > 2 && lower_word[n - 1] == 'e' && !IsVowel(lower_word[n - 2]) &&
      !(lower_word[n - 2] == 'l' && !IsVowel(lower_word[n - 3]))) {
    --groups;
  } else if (groups > 1 && n > 3 && lower_word.substr(n - 2) == "ed" && !IsVowel(lower_word[n - 3]) &&
             lower_word[n - 3] != 't' && lower_word[n - 3] != 'd') {
    --groups;
  }
  return std::max(1, groups);
}

// The site's words to avoid, indexed by first word so each word of a page
// costs one lookup.
class WordsToAvoid {
 public:
  explicit WordsToAvoid(const std::vector<WordToAvoid>& words) {
    for (const auto& word : words) {
      Entry entry{{}, &word};
      size_t start = 0;
      while (start <= word.phrase.size()) {
        size_t end = std::min(word.phrase.find(' ', start), word.phrase.size());
        if (end > start) entry.words.push_back(word.phrase.substr(start, end - start));
        start = end + 1;
      }
      if (!entry.words.empty()) by_first_word_[entry.words.front()].push_back(std::move(entry));
    }
  }

  struct Entry {
    std::vector<std::string> words;
    const WordToAvoid* word;
  };
  const std::vector<Entry>* StartingWith(std::string_view first_word) const {
    auto found = by_first_word_.find(first_word);
    return found == by_first_word_.end() ? nullptr : &found->second;
  }

 private:
  std::map<std::string, std::vector<Entry>, std::less<>> by_first_word_;
};

// ICU iterators are costly to make: one per thread, for every page it checks.
TextSegmenter& ThreadSegmenter() {
  thread_local TextSegmenter segmenter("en");
  return segmenter;
}

// The words of one block as a reader meets them, and where its source lines start.
struct BlockText {
  std::string text;
  std::vector<size_t> line_starts;  // offsets in `text` where a later source line begins
};

BlockText CollectBlockText(const MdNode& block) {
  BlockText out;
  WalkMarkdown(block, [&](const MdNode& node, MdEvent event) {
    if (event != MdEvent::kEnter) return MdNext::kContinue;
    switch (node.type) {
      case MdType::kText:
      case MdType::kCode:
        out.text += node.literal;
        break;
      case MdType::kSoftBreak:
      case MdType::kLineBreak:
        out.text += ' ';
        out.line_starts.push_back(out.text.size());
        break;
      case MdType::kImage:
        return MdNext::kSkipChildren;  // alt text is not part of the sentence
      case MdType::kLink:
        // A web address as link text is one "word" to a reader, not a dozen
        // (it has its own warning).
        if (LooksLikeWebAddress(PlainText(node))) {
          out.text += "address";
          return MdNext::kSkipChildren;
        }
        break;
      default:
        break;
    }
    return MdNext::kContinue;
  });
  return out;
}

std::string Quoted(std::string_view text, size_t max_words) {
  std::string out;
  size_t words = 0;
  bool in_space = true;
  for (char c : text.substr(0, std::min<size_t>(text.size(), 400))) {
    bool space = c == ' ' || c == '\t' || c == '\n';
    if (!space && in_space && ++words > max_words) return Trimmed(out) + "...";
    in_space = space;
    out += c;
  }
  // A run without spaces is cut too, so a message stays one readable line.
  if (size_t cut = PrefixWithinWidth(out, 60); cut < out.size()) return Trimmed(out.substr(0, cut)) + "...";
  return Trimmed(out);
}

class PageChecker {
 public:
  PageChecker(const Page& page, const PlainEnglishConfig& plain_english, const WordsToAvoid& words_to_avoid,
              Diagnostics& diagnostics)
      : page_(page),
        plain_english_(plain_english),
        words_to_avoid_(words_to_avoid),
        diagnostics_(diagnostics),
        // Sentence length, reading ease and the word list are English rules.
        english_(page.language.rfind("en", 0) == 0 &&
                 (page.language.size() == 2 || page.language[2] == '-' || page.language[2] == '_')) {}

  void Walk(const MdNode& root) {
    WalkMarkdown(root, [this](const MdNode& node, MdEvent event) {
      if (event != MdEvent::kEnter) return;
      if (node.type == MdType::kHeading) CheckHeading(node);
      if (node.type == MdType::kImage) CheckImage(node);
      if (node.type == MdType::kLink) CheckLinkText(node);
      if (node.type == MdType::kParagraph && english_) CheckPlainEnglish(node);
    });
    if (english_) CheckReadingEase();
  }

 private:
  SourcePosition At(const MdNode& node) const { return {page_.source_path, node.line, node.column}; }

  void CheckHeading(const MdNode& node) {
    if (node.level == 1) {
      diagnostics_.Error(At(node), "the page title is the only level 1 heading; start body headings at ## (level 2)",
                         checks::kBodyH1);
    } else if (node.level > previous_level_ + 1) {
      std::string hashes(static_cast<size_t>(previous_level_ + 1), '#');
      diagnostics_.Error(At(node),
                         "heading level " + std::to_string(node.level) + " skips a level after level " +
                             std::to_string(previous_level_) + "; use " + hashes + " here",
                         checks::kHeadingSkip);
    }
    if (PlainText(node).find_first_not_of(" \t") == std::string::npos) {
      diagnostics_.Error(At(node), "the heading is empty; give it words or remove it", checks::kEmptyHeading);
    }
    previous_level_ = std::max(1, node.level);
  }

  void CheckImage(const MdNode& node) {
    std::string alt = PlainText(node);
    if (alt.find_first_not_of(" \t") == std::string::npos) {
      diagnostics_.Error(
          At(node), "the image has no alt text; describe it in the brackets: ![what the image shows](" + node.url + ")",
          checks::kImageAlt);
      return;
    }
    std::string trimmed = Trimmed(alt);
    if (LooksLikeFileName(trimmed)) {
      diagnostics_.Warning(At(node),
                           "the alt text '" + trimmed +
                               "' is a file name, which tells nobody what the image shows; describe it: "
                               "![what the image shows](" +
                               node.url + ")",
                           checks::kAltTextFileName);
      return;
    }
    std::string lower = AsciiLower(trimmed);
    for (std::string_view prefix : {"image of ", "an image of ", "picture of ", "a picture of ", "photo of ",
                                    "a photo of ", "photograph of ", "a photograph of "}) {
      if (lower.rfind(prefix, 0) != 0) continue;
      std::string rest = trimmed.substr(prefix.size());
      if (!rest.empty() && rest[0] >= 'a' && rest[0] <= 'z') rest[0] = static_cast<char>(rest[0] - 'a' + 'A');
      diagnostics_.Warning(At(node),
                           "the alt text starts '" + trimmed.substr(0, prefix.size() - 1) +
                               "'; screen readers already say it is an image, so start with what it shows: '" + rest +
                               "'",
                           checks::kAltTextImageOf);
      break;
    }
    size_t length = CodePointCount(trimmed);
    if (length > kMaxAltCharacters) {
      diagnostics_.Warning(At(node),
                           "the alt text is " + std::to_string(length) + " characters long; keep it under " +
                               std::to_string(kMaxAltCharacters) +
                               " and put the detail in a caption or the text next to the image",
                           checks::kAltTextTooLong);
    }
  }

  // "IMG_1234.jpg", "map.png", "DSC01234": what a camera or a folder calls
  // the file, not what it shows.
  static bool LooksLikeFileName(const std::string& alt) {
    if (alt.find(' ') != std::string::npos) return false;
    std::string lower = AsciiLower(alt);
    size_t dot = lower.rfind('.');
    if (dot != std::string::npos && dot > 0) {
      std::string extension = lower.substr(dot + 1);
      for (const char* known : {"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "tif", "tiff", "avif", "heic"}) {
        if (extension == known) return true;
      }
    }
    for (std::string_view camera : {"img", "dsc", "dscn", "dcim", "pxl", "image", "photo"}) {
      if (lower.rfind(camera, 0) != 0) continue;
      std::string_view rest = std::string_view(lower).substr(camera.size());
      if (!rest.empty() && (rest[0] == '_' || rest[0] == '-')) rest.remove_prefix(1);
      if (!rest.empty() &&
          std::all_of(rest.begin(), rest.end(), [](char c) { return (c >= '0' && c <= '9') || c == '_'; })) {
        return true;
      }
    }
    return false;
  }

  void CheckLinkText(const MdNode& node) {
    bool has_image = std::any_of(node.children.begin(), node.children.end(),
                                 [](const MdNode& child) { return child.type == MdType::kImage; });
    std::string text = PlainText(node);
    if (!has_image && text.find_first_not_of(" \t") == std::string::npos) {
      diagnostics_.Error(At(node), "the link has no text; say where it goes in the brackets", checks::kEmptyLinkText);
      return;
    }
    std::string lower = ToLower(text);
    while (!lower.empty() && (lower.back() == '.' || lower.back() == ' ')) lower.pop_back();
    if (std::find(kVagueLinkTexts.begin(), kVagueLinkTexts.end(), lower) != kVagueLinkTexts.end()) {
      diagnostics_.Warning(At(node),
                           "link text '" + text + "' does not say where the link goes; describe the destination",
                           checks::kVagueLinkText);
      return;
    }
    if (has_image) return;
    // Autolinks count too: a screen reader reads the address out either way.
    if (LooksLikeWebAddress(text)) {
      diagnostics_.Warning(At(node),
                           "the link text is the web address '" + Trimmed(text) +
                               "', which screen readers read out character by character; write words that say "
                               "where it goes, such as [the page's name](" +
                               node.url + ")",
                           checks::kBareUrlLinkText);
      return;
    }
    // A link that did not resolve has its own error; its place is unknown.
    if (node.link_index >= 0 && static_cast<size_t>(node.link_index) < page_.links.size() &&
        page_.links[static_cast<size_t>(node.link_index)].kind == PageLink::Kind::kUnresolved) {
      return;
    }
    std::string destination = LinkIdentity(node);
    auto [first, inserted] =
        link_texts_.try_emplace(ToLower(Trimmed(text)), SeenLink{destination, node.url, node.line});
    if (!inserted && first->second.destination != destination) {
      diagnostics_.Warning(At(node),
                           "the link text '" + Trimmed(text) + "' is also used on line " +
                               std::to_string(first->second.line) + " for a link to '" + first->second.url +
                               "'; links with the same words must go to the same place, so say where each goes",
                           checks::kAmbiguousLinkText);
    }
  }

  // Where a link leads, once resolved: two spellings of one page are the same place.
  std::string LinkIdentity(const MdNode& node) const {
    if (node.link_index >= 0 && static_cast<size_t>(node.link_index) < page_.links.size()) {
      const PageLink& link = page_.links[static_cast<size_t>(node.link_index)];
      if (link.kind == PageLink::Kind::kPage && link.target != nullptr) {
        // Another section of the same page is close enough to share words.
        return "page:" + link.target->source_path;
      }
      if (link.kind == PageLink::Kind::kAsset) return "asset:" + link.asset_path;
    }
    std::string url = node.url;
    if (url.size() > 1 && url.back() == '/') url.pop_back();
    return "url:" + url;
  }

  void CheckPlainEnglish(const MdNode& paragraph) {
    BlockText block = CollectBlockText(paragraph);
    ThreadSegmenter().Segment(block.text, segmented_);
    std::string lower = AsciiLower(block.text);
    auto line_of = [&](size_t offset) {
      auto later = std::upper_bound(block.line_starts.begin(), block.line_starts.end(), offset);
      return paragraph.line + static_cast<int>(later - block.line_starts.begin());
    };
    // The paragraph's column: inline markup hides where on the line a sentence starts.
    auto at = [&](size_t offset) { return SourcePosition{page_.source_path, line_of(offset), paragraph.column}; };

    std::vector<int> words_in(segmented_.sentences.size(), 0);
    for (size_t w = 0; w < segmented_.words.size(); ++w) {
      const SegmentedWord& word = segmented_.words[w];
      ++words_in[word.sentence];
      std::string_view lower_word = std::string_view(lower).substr(word.span.begin, word.span.end - word.span.begin);
      syllables_ += SyllableCount(lower_word);
      if (const auto* entries = words_to_avoid_.StartingWith(lower_word)) {
        for (const auto& entry : *entries) {
          if (w + entry.words.size() > segmented_.words.size()) continue;
          bool matches = true;
          for (size_t k = 1; k < entry.words.size() && matches; ++k) {
            TextSpan previous = segmented_.words[w + k - 1].span;
            TextSpan next = segmented_.words[w + k].span;
            // Words of a phrase stand next to each other: "in order, to" is not "in order to".
            std::string_view between = std::string_view(lower).substr(previous.end, next.begin - previous.end);
            matches = between.find_first_not_of(" -") == std::string_view::npos &&
                      std::string_view(lower).substr(next.begin, next.end - next.begin) == entry.words[k];
          }
          if (!matches) continue;
          size_t end = segmented_.words[w + entry.words.size() - 1].span.end;
          std::string as_written = block.text.substr(word.span.begin, end - word.span.begin);
          SourcePosition position = at(word.span.begin);
          if (!reported_words_.insert({position.line, entry.word->phrase}).second) continue;
          diagnostics_.Warning(position,
                               "'" + as_written + "' is on the list of words to avoid; write '" +
                                   entry.word->suggestion + "' instead, or say exactly what you mean",
                               checks::kWordToAvoid);
        }
      }
    }
    for (size_t i = 0; i < segmented_.sentences.size(); ++i) {
      if (words_in[i] == 0) continue;
      ++sentences_;
      words_ += words_in[i];
      if (words_in[i] <= kMaxSentenceWords) continue;
      TextSpan sentence = segmented_.sentences[i];
      diagnostics_.Warning(
          at(sentence.begin),
          "the sentence starting '" +
              Quoted(std::string_view(block.text).substr(sentence.begin, sentence.end - sentence.begin), 6) + "' has " +
              std::to_string(words_in[i]) + " words; split it (" + std::to_string(kMaxSentenceWords) +
              " words at most) or make it a list",
          checks::kLongSentence);
    }
  }

  void CheckReadingEase() {
    if (words_ < kMinWordsForReadingEase || sentences_ == 0) return;
    double words_per_sentence = static_cast<double>(words_) / sentences_;
    double syllables_per_word = static_cast<double>(syllables_) / words_;
    double score = 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word;
    if (score >= plain_english_.reading_ease_minimum) return;
    char detail[160];
    std::snprintf(detail, sizeof detail, "%.0f words a sentence and %.1f syllables a word", words_per_sentence,
                  syllables_per_word);
    diagnostics_.Warning({page_.source_path, page_.body_first_line, 1},
                         "the page is hard to read: its reading ease is " +
                             std::to_string(static_cast<int>(std::lround(score))) + " (Flesch; the site asks for " +
                             std::to_string(plain_english_.reading_ease_minimum) + " or more) with " + detail +
                             "; use shorter sentences and everyday words",
                         checks::kHardToRead);
  }

  struct SeenLink {
    std::string destination;
    std::string url;  // as written
    int line;
  };

  const Page& page_;
  const PlainEnglishConfig& plain_english_;
  const WordsToAvoid& words_to_avoid_;
  Diagnostics& diagnostics_;
  bool english_;
  int previous_level_ = 1;
  std::map<std::string, SeenLink> link_texts_;            // lower-case link text -> its first link
  std::set<std::pair<int, std::string>> reported_words_;  // (line, phrase): once a line
  SegmentedText segmented_;                               // reused from paragraph to paragraph
  int words_ = 0;
  int sentences_ = 0;
  int syllables_ = 0;
};

// Whether the site named `check` in `checks:` (as error or warning).
bool TurnedOn(const SeverityOverrides& severities, const Check& check) {
  auto found = severities.find(check.id);
  return found != severities.end() && found->second.has_value();
}

void CheckFrontMatter(const Page& page, const SeverityOverrides& severities, Diagnostics& diagnostics) {
  const FrontMatter& meta = page.meta;
  size_t title_length = CodePointCount(meta.title);
  if (title_length > kMaxTitleCharacters) {
    diagnostics.Warning(meta.title_position,
                        "the title is " + std::to_string(title_length) + " characters long; keep it to " +
                            std::to_string(kMaxTitleCharacters) +
                            " (search results cut longer titles) with the most important words first",
                        checks::kTitleTooLong);
  }
  // Opt-in for now (`checks: {missing-summary: warning}`): most existing
  // pages and test sites have no summary, so on by default it would bury
  // every other warning.
  if (Trimmed(meta.summary).empty()) {
    if (!meta.title.empty() && TurnedOn(severities, checks::kMissingSummary)) {
      diagnostics.Warning(meta.title_position,
                          "the page has no 'summary'; add one sentence saying what the page is for (search "
                          "results and listings show it)",
                          checks::kMissingSummary);
    }
  } else if (size_t length = CodePointCount(meta.summary); length > kMaxSummaryCharacters) {
    diagnostics.Warning(meta.summary_position,
                        "the summary is " + std::to_string(length) + " characters long; keep it to " +
                            std::to_string(kMaxSummaryCharacters) + " (search results cut longer summaries)",
                        checks::kSummaryTooLong);
  }
  // Opt-in for now, like missing-summary: many offline services list their
  // contacts in the body rather than in 'contact:'.
  if (meta.service && meta.service->online == OnlineAvailability::kNo &&
      TurnedOn(severities, checks::kOfflineServiceNoContact)) {
    const ServiceContact& contact = meta.service->contact;
    if (contact.phone.empty() && contact.email.empty() && contact.address.empty()) {
      diagnostics.Warning(meta.service->online_position,
                          "the service cannot be done online and gives no phone, email or address, so residents "
                          "have no way to use it; add 'contact:' with at least one of them",
                          checks::kOfflineServiceNoContact);
    }
  }
}

void CheckPageWith(const Page& page, const Date& today, const PlainEnglishConfig& plain_english,
                   const SeverityOverrides& severities, const WordsToAvoid& words_to_avoid, Diagnostics& diagnostics) {
  // A page whose front matter failed has had its one error; its body (often
  // a '# Title' written in place of the front matter) is checked once that is fixed.
  if (page.is_generated || page.front_matter_failed) return;
  PageChecker(page, plain_english, words_to_avoid, diagnostics).Walk(page.body);
  CheckFrontMatter(page, severities, diagnostics);
  if (page.meta.review_by && *page.meta.review_by < today) {
    diagnostics.Warning(page.meta.review_by_position,
                        "the page was due for review on " + page.meta.review_by->ToIso() +
                            "; check it is still right, then set a new 'review_by' date",
                        checks::kReviewOverdue);
  }
}

// Each later page whose title another page already has, naming the first.
void CheckUniqueTitles(const Site& site, Diagnostics& diagnostics) {
  std::unordered_map<std::string, const Page*> first_with_title;
  first_with_title.reserve(site.pages.size());
  for (const auto& page : site.pages) {
    if (page->is_generated || page->meta.title.empty()) continue;
    auto [first, inserted] = first_with_title.try_emplace(ToLower(Trimmed(page->meta.title)), page.get());
    if (inserted) continue;
    diagnostics.Warning(page->meta.title_position,
                        "the title '" + page->meta.title + "' is also the title of " + first->second->source_path +
                            "; give each page a title that says how it differs",
                        checks::kDuplicateTitle);
  }
}

}  // namespace

void CheckPage(const Page& page, const Date& today, Diagnostics& diagnostics) {
  CheckPage(page, today, PlainEnglishConfig{}, diagnostics);
}

void CheckPage(const Page& page, const Date& today, const PlainEnglishConfig& plain_english, Diagnostics& diagnostics,
               const SeverityOverrides& severities) {
  CheckPageWith(page, today, plain_english, severities, WordsToAvoid(plain_english.words_to_avoid), diagnostics);
}

void CheckSite(const Site& site, Diagnostics& diagnostics, int jobs, const PageCheckHook& hook) {
  const PlainEnglishConfig& plain_english = site.config.plain_english;
  WordsToAvoid words_to_avoid(plain_english.words_to_avoid);
  ParallelFor(site.pages.size(), jobs, [&](size_t i) {
    const Page& page = *site.pages[i];
    auto check = [&](Diagnostics& out) {
      CheckPageWith(page, site.today, plain_english, site.config.check_severities, words_to_avoid, out);
    };
    if (hook) {
      hook(page, check, diagnostics);
    } else {
      check(diagnostics);
    }
  });
  CheckUniqueTitles(site, diagnostics);
}

}  // namespace publish
