#include "channels/audio/audio_channel.h"

#include <algorithm>
#include <atomic>
#include <functional>

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
    for (const MdNode& block : page_.body.children) Block(block, false);
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

  void Block(const MdNode& node, bool inside) {
    switch (node.type) {
      case MdType::kParagraph:
        if (inside) {
          writer_.Sentences(Inline(node));
        } else {
          Paragraph(Inline(node));
        }
        break;
      case MdType::kHeading:
        if (inside) {
          writer_.Sentence(Inline(node));
        } else {
          Heading(Inline(node));
        }
        break;
      case MdType::kBlockQuote:
        writer_.Sentence({SpokenPiece::Words(text_.quote)});
        for (const MdNode& child : node.children) Block(child, inside);
        writer_.Sentence({SpokenPiece::Words(text_.end_of_quote)});
        break;
      case MdType::kList:
        List(node, inside);
        break;
      case MdType::kCodeBlock:
        writer_.Sentence({SpokenPiece::Words(text_.code_omitted)});
        break;
      case MdType::kThematicBreak:
        if (!inside) {
          writer_.EndParagraph();
          writer_.Pause(kSectionPauseMs);
        }
        break;
      case MdType::kTable:
        Table(node, inside);
        break;
      default:
        for (const MdNode& child : node.children) Block(child, inside);
        break;
    }
  }

  std::string Count(size_t n) const { return words_.Number(static_cast<long long>(n)); }

  void List(const MdNode& node, bool inside) {
    if (!inside) writer_.StartParagraph();
    size_t count = node.children.size();
    const char* intro = node.ordered ? (count == 1 ? text_.numbered_one : text_.numbered_many)
                                     : (count == 1 ? text_.list_one : text_.list_many);
    writer_.Sentence({SpokenPiece::Words(Fill(intro, Count(count)))});
    long number = node.start;
    for (const MdNode& item : node.children) {
      std::string prefix;
      if (item.is_task) prefix = std::string(item.checked ? chrome_.task_done : chrome_.task_to_do) + " ";
      if (node.ordered) prefix += words_.Number(number++) + ": ";
      // The prefix starts the sentence: "One: Fill in the form."
      if (!prefix.empty() && prefix[0] >= 'a' && prefix[0] <= 'z') prefix[0] = static_cast<char>(prefix[0] - 'a' + 'A');
      bool first = true;
      for (const MdNode& child : item.children) {
        if (first && child.type == MdType::kParagraph) {
          Spoken spoken{SpokenPiece::Words(prefix)};
          Append(spoken, Inline(child));
          writer_.Sentences(spoken);
        } else {
          if (first && !prefix.empty()) writer_.Sentence({SpokenPiece::Words(prefix)});
          Block(child, true);
        }
        first = false;
      }
    }
    if (!inside) writer_.EndParagraph();
  }

  void Table(const MdNode& node, bool inside) {
    const MdNode* header = nullptr;
    std::vector<const MdNode*> rows;
    for (const MdNode& row : node.children) {
      if (row.header_row && header == nullptr) {
        header = &row;
      } else {
        rows.push_back(&row);
      }
    }
    size_t columns = header != nullptr ? header->children.size() : node.alignments.size();
    std::string rows_phrase = rows.size() == 1 ? text_.row_one : Fill(text_.rows_many, Count(rows.size()));
    std::string columns_phrase = columns == 1 ? text_.column_one : Fill(text_.columns_many, Count(columns));
    std::string intro = text_.table;
    intro.replace(intro.find("%s"), 2, rows_phrase);
    intro.replace(intro.find("%s"), 2, columns_phrase);
    writer_.Sentence({SpokenPiece::Words(intro)});
    size_t number = 0;
    for (const MdNode* row : rows) {
      // Each row is a paragraph of "Header: value." records, so the
      // listener hears which column every value belongs to.
      if (!inside) writer_.StartParagraph();
      writer_.Sentence({SpokenPiece::Words(Fill(text_.row, Count(++number)))});
      for (size_t c = 0; c < row->children.size(); ++c) {
        Spoken value = Inline(row->children[c]);
        if (value.empty()) continue;
        Spoken record;
        if (header != nullptr && c < header->children.size()) {
          Spoken label = Inline(header->children[c]);
          if (!label.empty()) {
            record = label;
            record.push_back(SpokenPiece::Words(": "));
          }
        }
        Append(record, value);
        record.push_back(SpokenPiece::Words(". "));
        writer_.Sentences(record);
      }
      if (!inside) writer_.EndParagraph();
    }
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

  void Collect(const MdNode& node, std::vector<Run>& runs, TextHint hint) const {
    switch (node.type) {
      case MdType::kText:
      case MdType::kCode:
        Add(runs, node.literal, hint);
        break;
      case MdType::kSoftBreak:
        Add(runs, " ", hint);
        break;
      case MdType::kLineBreak:
        Add(runs, ", ", hint);
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
        if (link_hint == TextHint::kNone) {
          for (const MdNode& child : node.children) Collect(child, runs, hint);
        } else {
          Add(runs, PlainText(node), link_hint);
          runs.push_back({"", TextHint::kNone});
        }
        break;
      }
      case MdType::kImage: {
        std::string alt = PlainText(node);
        if (!alt.empty()) Add(runs, std::string(" ") + text_.image + " " + alt + ". ", hint);
        break;
      }
      default:
        for (const MdNode& child : node.children) Collect(child, runs, hint);
        break;
    }
  }

  Spoken Inline(const MdNode& node) const {
    std::vector<Run> runs;
    for (const MdNode& child : node.children) Collect(child, runs, TextHint::kNone);
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
    RenderedPage rendered{&page, {}, {}};
    std::string script = Script(page);
    if (synthesizer_ != nullptr && script.size() > kMaxRecordedScriptBytes) {
      diagnostics.Error({page.source_path, 1, 1},
                        "the page is too long to record: its spoken script is " + std::to_string(script.size()) +
                            " bytes, at most " + std::to_string(kMaxRecordedScriptBytes) +
                            " (about 1 hour 45 minutes of speech); split it into several pages, or build without "
                            "--audio-wav",
                        "page-too-long-to-record");
      too_long_ = true;
    } else if (synthesizer_ != nullptr) {
      rendered.kept = script;
    }
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
        diagnostics.Error({page.source_path}, "cannot speak this page: " + error, "audio-synthesis");
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
        diagnostics.Error({"site.yaml"}, "cannot write WAV files: " + error, "audio-synthesis");
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
  std::string path = page.content_path;
  if (path.size() >= 3 && path.compare(path.size() - 3, 3, ".md") == 0) path.resize(path.size() - 3);
  if (path == "_index") return "index.ssml";
  const std::string index = "/_index";
  if (path.size() > index.size() && path.compare(path.size() - index.size(), index.size(), index) == 0) {
    path.replace(path.size() - index.size(), index.size(), "/index");
  }
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
