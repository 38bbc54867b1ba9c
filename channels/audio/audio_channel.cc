#include "channels/audio/audio_channel.h"
#include "libpublish/base/check_ids.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <optional>

#include "channels/audio/espeak_synthesizer.h"
#include "channels/audio/spoken_words.h"
#include "channels/audio/ssml_writer.h"
#include "channels/html/chrome_text.h"

namespace publish {
namespace {

constexpr const char* kChannelName = "audio";

// Words the channel itself says, to make structure audible. Welsh is best
// effort (no mutation of the counted nouns) pending a Welsh speaker's review.
struct AudioText {
  const char* list_one;
  const char* list_many;  // %s: the count in words
  const char* numbered_one;
  const char* numbered_many;
  const char* pages_one;
  const char* pages_many;
  const char* table;  // %s: rows phrase, %s: columns phrase
  const char* row_one;
  const char* rows_many;
  const char* column_one;
  const char* columns_many;
  const char* row;  // "Row %s."
  const char* image;
  const char* code_omitted;
  const char* quote;
  const char* end_of_quote;
  const char* go_to;
};

const AudioText kEnglish{
    "A list of one item.",
    "A list of %s items.",
    "A numbered list of one item.",
    "A numbered list of %s items.",
    "A list of one page.",
    "A list of %s pages.",
    "A table with %s and %s.",
    "one row",
    "%s rows",
    "one column",
    "%s columns",
    "Row %s.",
    "Image:",
    "Code sample omitted.",
    "Quote.",
    "End of quote.",
    "Go to",
};

const AudioText kWelsh{
    "Rhestr o un eitem.",
    "Rhestr o %s eitem.",
    "Rhestr wedi'i rhifo o un eitem.",
    "Rhestr wedi'i rhifo o %s eitem.",
    "Rhestr o un dudalen.",
    "Rhestr o %s tudalen.",
    "Tabl gyda %s a %s.",
    "un rhes",
    "%s rhes",
    "un golofn",
    "%s colofn",
    "Rhes %s.",
    "Delwedd:",
    "Sampl cod wedi'i hepgor.",
    "Dyfyniad.",
    "Diwedd y dyfyniad.",
    "Ewch i",
};

bool IsWelshTag(const std::string& language) { return language == "cy" || language.rfind("cy-", 0) == 0; }

const AudioText& AudioTextFor(const std::string& language) { return IsWelshTag(language) ? kWelsh : kEnglish; }

std::string Fill(const char* pattern, const std::string& value) {
  std::string out = pattern;
  size_t at = out.find("%s");
  if (at != std::string::npos) out.replace(at, 2, value);
  return out;
}

// Monday = 0, for dates written without their weekday.
int WeekdayOf(const Date& date) {
  // Days from 1970-01-01 (a Thursday), after Howard Hinnant's days_from_civil.
  int y = date.year - (date.month <= 2 ? 1 : 0);
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  long days = static_cast<long>(era) * 146097 + doe - 719468;
  return static_cast<int>(((days + 3) % 7 + 7) % 7);
}

// Reads one page aloud: the Markdown tree walked into sentences.
class PageReader {
 public:
  // `holds`: whether the channel holds a page (for related services).
  PageReader(const Page& page, const std::vector<const Page*>& children, bool is_home,
             std::function<bool(const Page&)> holds)
      : page_(page),
        children_(children),
        is_home_(is_home),
        holds_(std::move(holds)),
        words_(page.language),
        writer_(page.language),
        chrome_(ChromeTextFor(page.language)),
        text_(AudioTextFor(page.language)) {}

  std::string Read() {
    const FrontMatter& meta = page_.meta;
    Heading(words_.Say(meta.title));
    if (meta.type == PageType::kNews && meta.date) {
      const Date& date = *meta.date;
      Say(std::string(chrome_.published) + " " + words_.Date(date.year, date.month, date.day, WeekdayOf(date)) + ".");
    }
    if (!meta.summary.empty()) Paragraph(words_.Say(meta.summary));
    if (meta.service) ServiceOpening(*meta.service);
    Body();
    if (page_.is_section_index) Listing();
    if (meta.updated) {
      const Date& date = *meta.updated;
      Say(std::string(chrome_.last_updated) + " " + words_.Date(date.year, date.month, date.day) + ".");
    }
    if (meta.service) ContactDetails(*meta.service);
    return writer_.Finish();
  }

 private:
  // -- structure ------------------------------------------------------------

  void Heading(const Spoken& spoken) {
    writer_.StartParagraph();
    writer_.Sentence(spoken);
    writer_.EndParagraph();
    writer_.Pause(kHeadingPauseMs);
  }

  void Paragraph(const Spoken& spoken) {
    writer_.StartParagraph();
    writer_.Sentences(spoken);
    writer_.EndParagraph();
  }

  // Words we compose ourselves, already in words (no normalising again:
  // "AM" must not be spelt out as an acronym).
  void Say(const std::string& sentence) { writer_.Sentence({SpokenPiece::Words(sentence)}); }

  // The page's own words, in one walk: what a node says first on enter
  // (its words whole, for a paragraph or heading), what closes it on exit.
  void Body() {
    WalkMarkdown(page_.body, [this](const MdNode& node, MdEvent event) {
      if (event == MdEvent::kEnter) return Enter(node);
      Exit(node);
      return MdNext::kContinue;
    });
  }

  // Inside a list, blocks are sentences of the list's paragraph.
  bool Inside() const { return !lists_.empty(); }

  MdNext Enter(const MdNode& node) {
    if (item_prefix_) {
      // An item's first child: the prefix starts its first sentence.
      std::string prefix = std::move(*item_prefix_);
      item_prefix_.reset();
      if (node.type == MdType::kParagraph) {
        Spoken spoken{SpokenPiece::Words(prefix)};
        Append(spoken, Inline(node));
        writer_.Sentences(spoken);
        return MdNext::kSkipChildren;
      }
      if (!prefix.empty()) writer_.Sentence({SpokenPiece::Words(prefix)});
    }
    switch (node.type) {
      case MdType::kParagraph:
        if (Inside()) {
          writer_.Sentences(Inline(node));
        } else {
          Paragraph(Inline(node));
        }
        return MdNext::kSkipChildren;
      case MdType::kHeading:
        if (Inside()) {
          writer_.Sentence(Inline(node));
        } else {
          Heading(Inline(node));
        }
        return MdNext::kSkipChildren;
      case MdType::kBlockQuote:
        writer_.Sentence({SpokenPiece::Words(text_.quote)});
        return MdNext::kContinue;
      case MdType::kList:
        List(node);
        return MdNext::kContinue;
      case MdType::kItem:
        Item(node);
        return MdNext::kContinue;
      case MdType::kCodeBlock:
        writer_.Sentence({SpokenPiece::Words(text_.code_omitted)});
        return MdNext::kSkipChildren;
      case MdType::kThematicBreak:
        if (!Inside()) {
          writer_.EndParagraph();
          writer_.Pause(kSectionPauseMs);
        }
        return MdNext::kSkipChildren;
      case MdType::kTable:
        Table(node);
        return MdNext::kContinue;
      case MdType::kTableRow:
        if (&node == table_header_) return MdNext::kSkipChildren;  // its cells label the others
        // Each row is a paragraph of "Header: value." records, so the
        // listener hears which column every value belongs to.
        if (!Inside()) writer_.StartParagraph();
        writer_.Sentence({SpokenPiece::Words(Fill(text_.row, Count(++table_rows_)))});
        cell_index_ = 0;
        return MdNext::kContinue;
      case MdType::kTableCell:
        Cell(node);
        return MdNext::kSkipChildren;
      default:
        return MdNext::kContinue;
    }
  }

  void Exit(const MdNode& node) {
    switch (node.type) {
      case MdType::kBlockQuote:
        writer_.Sentence({SpokenPiece::Words(text_.end_of_quote)});
        break;
      case MdType::kList:
        lists_.pop_back();
        if (!Inside()) writer_.EndParagraph();
        break;
      case MdType::kItem:
        item_prefix_.reset();  // an empty item says nothing
        break;
      case MdType::kTableRow:
        if (&node != table_header_ && !Inside()) writer_.EndParagraph();
        break;
      default:
        break;
    }
  }

  std::string Count(size_t n) const { return words_.Number(static_cast<long long>(n)); }

  void List(const MdNode& node) {
    if (!Inside()) writer_.StartParagraph();
    size_t count = node.children.size();
    const char* intro = node.ordered ? (count == 1 ? text_.numbered_one : text_.numbered_many)
                                     : (count == 1 ? text_.list_one : text_.list_many);
    writer_.Sentence({SpokenPiece::Words(Fill(intro, Count(count)))});
    lists_.push_back({node.ordered, node.start});
  }

  // Sets the prefix the item's first child starts with.
  void Item(const MdNode& item) {
    OpenList& list = lists_.back();
    std::string prefix;
    if (item.is_task) prefix = std::string(item.checked ? chrome_.task_done : chrome_.task_to_do) + " ";
    if (list.ordered) prefix += words_.Number(list.number++) + ": ";
    // The prefix starts the sentence: "One: Fill in the form."
    if (!prefix.empty() && prefix[0] >= 'a' && prefix[0] <= 'z') prefix[0] = static_cast<char>(prefix[0] - 'a' + 'A');
    item_prefix_ = std::move(prefix);
  }

  void Table(const MdNode& node) {
    // The first header row labels the values; every other row is read.
    // The intro counts the rows before the walk reaches them.
    auto header =
        std::find_if(node.children.begin(), node.children.end(), [](const MdNode& row) { return row.header_row; });
    table_header_ = header != node.children.end() ? &*header : nullptr;
    table_rows_ = 0;
    size_t rows = node.children.size() - (table_header_ != nullptr ? 1 : 0);
    size_t columns = table_header_ != nullptr ? table_header_->children.size() : node.alignments.size();
    std::string rows_phrase = rows == 1 ? text_.row_one : Fill(text_.rows_many, Count(rows));
    std::string columns_phrase = columns == 1 ? text_.column_one : Fill(text_.columns_many, Count(columns));
    std::string intro = text_.table;
    intro.replace(intro.find("%s"), 2, rows_phrase);
    intro.replace(intro.find("%s"), 2, columns_phrase);
    writer_.Sentence({SpokenPiece::Words(intro)});
  }

  void Cell(const MdNode& cell) {
    size_t column = cell_index_++;
    Spoken value = Inline(cell);
    if (value.empty()) return;
    Spoken record;
    if (table_header_ != nullptr && column < table_header_->children.size()) {
      Spoken label = Inline(table_header_->children[column]);
      if (!label.empty()) {
        record = label;
        record.push_back(SpokenPiece::Words(": "));
      }
    }
    Append(record, value);
    record.push_back(SpokenPiece::Words(". "));
    writer_.Sentences(record);
  }

  // -- inline text ----------------------------------------------------------

  struct Run {
    std::string text;
    TextHint hint = TextHint::kNone;
  };

  const PageLink* LinkOf(const MdNode& node) const {
    if (node.link_index < 0 || static_cast<size_t>(node.link_index) >= page_.links.size()) return nullptr;
    return &page_.links[static_cast<size_t>(node.link_index)];
  }

  static void Add(std::vector<Run>& runs, const std::string& text, TextHint hint) {
    if (runs.empty() || runs.back().hint != hint || hint != TextHint::kNone) runs.push_back({"", hint});
    runs.back().text += text;
  }

  // One node's part of the runs. A link read with a hint, and an image, are
  // read whole, so the walk skips their children.
  MdNext Collect(const MdNode& node, std::vector<Run>& runs) const {
    switch (node.type) {
      case MdType::kText:
      case MdType::kCode:
        Add(runs, node.literal, TextHint::kNone);
        break;
      case MdType::kSoftBreak:
        Add(runs, " ", TextHint::kNone);
        break;
      case MdType::kLineBreak:
        Add(runs, ", ", TextHint::kNone);
        break;
      case MdType::kLink: {
        // Links are spoken as their text only; a phone or e-mail link tells
        // us how to read its text.
        const PageLink* link = LinkOf(node);
        TextHint link_hint = TextHint::kNone;
        if (link != nullptr) {
          if (link->kind == PageLink::Kind::kTel) link_hint = TextHint::kPhone;
          if (link->kind == PageLink::Kind::kMailto) link_hint = TextHint::kEmail;
          if (link->kind == PageLink::Kind::kExternal && PlainText(node) == link->destination)
            link_hint = TextHint::kUrl;
        }
        if (link_hint == TextHint::kNone) break;
        Add(runs, PlainText(node), link_hint);
        runs.push_back({"", TextHint::kNone});
        return MdNext::kSkipChildren;
      }
      case MdType::kImage: {
        std::string alt = PlainText(node);
        if (!alt.empty()) Add(runs, std::string(" ") + text_.image + " " + alt + ". ", TextHint::kNone);
        return MdNext::kSkipChildren;
      }
      default:
        break;
    }
    return MdNext::kContinue;
  }

  // The words of a paragraph, heading or cell (none of which adds any of
  // its own), in runs of one hint each.
  Spoken Inline(const MdNode& node) const {
    std::vector<Run> runs;
    WalkMarkdown(node, [&](const MdNode& each, MdEvent event) {
      return event == MdEvent::kEnter ? Collect(each, runs) : MdNext::kContinue;
    });
    Spoken out;
    for (const Run& run : runs) {
      if (run.text.empty()) continue;
      if (!out.empty()) out.push_back(SpokenPiece::Words(" "));
      Append(out, words_.Say(run.text, run.hint));
    }
    return out;
  }

  // -- service pages and listings -------------------------------------------

  // What the service is (title and summary came first) and whether it can
  // be done online.
  void ServiceOpening(const ServiceInfo& service) {
    writer_.StartParagraph();
    const char* online = service.online == OnlineAvailability::kYes       ? chrome_.online_yes
                         : service.online == OnlineAvailability::kPartial ? chrome_.online_partial
                                                                          : chrome_.online_no;
    writer_.Sentence(words_.Say(online));
    if (service.online != OnlineAvailability::kNo && !service.apply_url.empty()) {
      Spoken go{SpokenPiece::Words(std::string(text_.go_to) + " ")};
      Append(go, words_.Url(service.apply_url));
      go.push_back(SpokenPiece::Words("."));
      writer_.Sentence(go);
    }
    if (!service.cost.empty()) Labelled(chrome_.cost, words_.Say(service.cost));
    if (!service.department.empty()) Labelled(chrome_.department, words_.Say(service.department));
    writer_.EndParagraph();
    if (!service.eligibility.empty()) {
      writer_.StartParagraph();
      if (service.eligibility.size() == 1) {
        Labelled(chrome_.who_can_use, words_.Say(service.eligibility.front()));
      } else {
        writer_.Sentence({SpokenPiece::Words(std::string(chrome_.who_can_use) + ".")});
        writer_.Sentence({SpokenPiece::Words(Fill(text_.list_many, Count(service.eligibility.size())))});
        for (const std::string& item : service.eligibility) writer_.Sentences(words_.Say(item));
      }
      writer_.EndParagraph();
    }
  }

  void Labelled(const char* label, const Spoken& value) {
    Spoken sentence{SpokenPiece::Words(std::string(label) + ": ")};
    Append(sentence, value);
    sentence.push_back(SpokenPiece::Words("."));
    writer_.Sentence(sentence);
  }

  // How to contact the council, last, so it is the freshest in mind.
  void ContactDetails(const ServiceInfo& service) {
    const publish::ServiceContact& contact = service.contact;
    if (!contact.phone.empty() || !contact.email.empty() || !contact.address.empty() || !service.hours.empty()) {
      Heading(words_.Say(chrome_.contact));
      writer_.StartParagraph();
      if (!contact.phone.empty()) Labelled(chrome_.phone, words_.Phone(contact.phone));
      if (!contact.email.empty()) Labelled(chrome_.email, words_.Email(contact.email));
      if (!contact.address.empty()) Labelled(chrome_.address, words_.Say(contact.address));
      for (const OpeningHours& hours : service.hours) {
        Labelled(chrome_.opening_hours, {SpokenPiece::Words(words_.Hours(hours))});
      }
      writer_.EndParagraph();
    }
    if (!page_.related.empty()) {
      std::vector<const Page*> related;
      for (const Page* target : page_.related) {
        if (target != nullptr && holds_(*target)) related.push_back(target);
      }
      if (related.empty()) return;
      Heading(words_.Say(chrome_.related_services));
      writer_.StartParagraph();
      writer_.Sentence(
          {SpokenPiece::Words(Fill(related.size() == 1 ? text_.pages_one : text_.pages_many, Count(related.size())))});
      for (const Page* target : related) writer_.Sentence(words_.Say(target->meta.title + "."));
      writer_.EndParagraph();
    }
  }

  // Landing pages: the pages in the section (the home page: the sections).
  void Listing() {
    if (children_.empty()) return;
    Heading(words_.Say(is_home_ ? chrome_.sections : chrome_.in_this_section));
    writer_.StartParagraph();
    writer_.Sentence({SpokenPiece::Words(
        Fill(children_.size() == 1 ? text_.pages_one : text_.pages_many, Count(children_.size())))});
    for (const Page* child : children_) {
      writer_.Sentence(words_.Say(child->meta.title + "."));
      if (!child->meta.summary.empty()) writer_.Sentences(words_.Say(child->meta.summary));
    }
    writer_.EndParagraph();
  }

  const Page& page_;
  const std::vector<const Page*>& children_;
  bool is_home_;
  std::function<bool(const Page&)> holds_;
  SpokenWords words_;
  SsmlWriter writer_;
  const ChromeText& chrome_;
  const AudioText& text_;

  // The walk's state. Lists nest; tables do not (cells hold inline text).
  struct OpenList {
    bool ordered;
    long number;  // the next item's
  };
  std::vector<OpenList> lists_;
  std::optional<std::string> item_prefix_;  // set on an item, taken by its first child
  const MdNode* table_header_ = nullptr;
  size_t table_rows_ = 0;  // rows read so far
  size_t cell_index_ = 0;
};

const ChannelInfo kInfo = [] {
  ChannelInfo info;
  info.name = kChannelName;
  info.page_extension = ".ssml";
  return info;
}();

class AudioBuild : public ChannelBuild {
 public:
  // Without a synthesizer, scripts only; with one, recordings too.
  AudioBuild(const Site& site, std::unique_ptr<EspeakSynthesizer> synthesizer)
      : site_(site), synthesizer_(std::move(synthesizer)) {}

  RenderedPage RenderPage(const Page& page, Diagnostics& diagnostics) const override {
    RenderedPage rendered{&page, {}, {}, {}};
    std::string script = Script(page);
    if (synthesizer_ != nullptr && script.size() > kMaxRecordedScriptBytes) {
      diagnostics.Error({page.source_path, 1, 1},
                        "the page is too long to record: its spoken script is " + std::to_string(script.size()) +
                            " bytes, at most " + std::to_string(kMaxRecordedScriptBytes) +
                            " (about 1 hour 45 minutes of speech); split it into several pages, or build without "
                            "--audio-wav",
                        checks::kPageTooLongToRecord);
      too_long_ = true;
    } else if (synthesizer_ != nullptr) {
      rendered.kept = script;
    }
    if (reads_back_contents()) rendered.contents = ReadRenderedMarkup(script, MarkupKind::kSsml);
    rendered.files.push_back({AudioScriptPath(page), std::move(script)});
    return rendered;
  }

  // Recordings are made here, one page after another in site order, not
  // beside each script: espeak-ng carries state from one utterance to the
  // next, so only a fixed order gives the same bytes on every build. Each is
  // written as soon as it is made, so memory does not grow with the site.
  bool Finish(const std::vector<RenderedPage>& pages, const FileWriter& write, Diagnostics& diagnostics) override {
    // A page too long to record fails the build: nothing is recorded.
    if (synthesizer_ == nullptr || too_long_) return true;
    for (const auto& rendered : pages) {
      const Page& page = *rendered.page;
      std::string wav, error;
      std::string path = AudioScriptPath(page);
      if (!synthesizer_->SynthesizeWav(rendered.kept, VoiceFor(page.language), wav, error)) {
        diagnostics.Error({page.source_path}, "cannot speak this page: " + error, checks::kAudioSynthesis);
        continue;
      }
      if (!write({path.substr(0, path.size() - 5) + ".wav", std::move(wav)})) return false;
    }
    return true;
  }

 private:
  std::string Script(const Page& page) const { return SpokenScript(site_, page, kChannelName); }

  const Site& site_;
  std::unique_ptr<EspeakSynthesizer> synthesizer_;
  mutable std::atomic<bool> too_long_{false};  // set by RenderPage, which runs in parallel
};

class AudioChannel : public Channel {
 public:
  explicit AudioChannel(const AudioOptions& options) : options_(options) {}

  const ChannelInfo& Info() const override { return kInfo; }

  std::unique_ptr<ChannelBuild> Begin(const Site& site, const SiteFiles&, Diagnostics& diagnostics) const override {
    std::unique_ptr<EspeakSynthesizer> synthesizer;
    if (options_.record_wav) {
      std::string error;
      synthesizer = EspeakSynthesizer::Create(error);
      if (!synthesizer) {
        diagnostics.Error({"site.yaml"}, "cannot write WAV files: " + error, checks::kAudioSynthesis);
        return nullptr;
      }
    }
    return std::make_unique<AudioBuild>(site, std::move(synthesizer));
  }

 private:
  AudioOptions options_;
};

}  // namespace

std::string AudioScriptPath(const Page& page) {
  // From the address, as the text channel does: pay.cy.md lands at cy/pay.ssml.
  if (page.is_section_index) return page.url_path + "index.ssml";
  std::string path = page.url_path;
  if (!path.empty() && path.back() == '/') path.pop_back();
  return path + ".ssml";
}

std::string SpokenScript(const Site& site, const Page& page, std::string_view channel) {
  // Landing pages list only the pages the channel holds: never an internal
  // page, never one taken out of it by `channels:`.
  auto holds = [&site, channel](const Page& target) { return site.Holds(channel, target); };
  std::vector<const Page*> children;
  for (const Page* child : page.children) {
    if (child != nullptr && holds(*child)) children.push_back(child);
  }
  PageReader reader(page, children, &page == site.home, holds);
  return reader.Read();
}

std::string VoiceFor(const std::string& language) { return IsWelshTag(language) ? "cy" : "en-gb"; }

std::unique_ptr<Channel> MakeAudioChannel(const AudioOptions& options) {
  return std::make_unique<AudioChannel>(options);
}

}  // namespace publish
