#include "channels/text/text_channel.h"

#include <cctype>
#include <map>

#include "channels/html/chrome_text.h"
#include "channels/text/text_writer.h"
#include "libpublish/base/paths.h"
#include "libpublish/base/text.h"
#include "libpublish/content/service_words.h"

namespace publish {
namespace {

constexpr const char* kChannelName = "text";

// Words only the text channel needs; the rest come from the HTML chrome so
// every channel says "Opening hours" the same way.
struct TextWords {
  const char* references;
  const char* image;
  const char* deleted;
};

const TextWords kEnglishWords{"References", "Image", "deleted"};
const TextWords kWelshWords{"Cyfeiriadau", "Delwedd", "wedi'i ddileu"};

const TextWords& TextWordsFor(const std::string& language) {
  if (language == "cy" || language.rfind("cy-", 0) == 0) return kWelshWords;
  return kEnglishWords;
}

const ChannelInfo kInfo = [] {
  ChannelInfo info;
  info.name = kChannelName;
  info.page_extension = ".txt";
  return info;
}();

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string WithoutScheme(const std::string& destination) {
  size_t colon = destination.find(':');
  return colon == std::string::npos ? destination : destination.substr(colon + 1);
}

// "https://www.gov.uk/" and "www.gov.uk" name the same place for a reader.
std::string LooseUrl(std::string_view url) {
  std::string out = AsciiLower(url);
  for (const char* scheme : {"https://", "http://"}) {
    if (out.rfind(scheme, 0) == 0) out.erase(0, std::char_traits<char>::length(scheme));
  }
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

bool LooksLikePhoneNumber(std::string_view text) {
  bool digit = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != ' ' && c != '+' && c != '(' && c != ')' && c != '-') {
      return false;
    }
  }
  return digit;
}

std::string PaddedLeft(const std::string& text, size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

// One page, rendered once: walks the Markdown tree into the writer and
// numbers the references as they first appear.
class PageRenderer {
 public:
  PageRenderer(const Site& site, const Page& page, const TextOptions& options)
      : site_(site),
        page_(page),
        chrome_(ChromeTextFor(page.language)),
        words_(TextWordsFor(page.language)),
        writer_(options.width, page.language) {}

  std::string Render() {
    writer_.Heading(InlineText().Words(page_.meta.title), '=');
    if (!page_.meta.summary.empty()) {
      writer_.BlankLine();
      writer_.Paragraph(InlineText().Words(page_.meta.summary));
    }
    if (page_.meta.type == PageType::kNews && page_.meta.date) {
      writer_.BlankLine();
      Labelled(chrome_.published, InlineText().Words(DateWords(*page_.meta.date)));
    }
    if (page_.meta.service) ServiceLines(*page_.meta.service);
    Blocks(page_.body, false);
    if (page_.is_section_index) Listing();
    if (page_.meta.service) Related();
    if (page_.meta.updated) {
      writer_.BlankLine();
      Labelled(chrome_.last_updated, InlineText().Words(DateWords(*page_.meta.updated)));
    }
    References();
    return writer_.Finish();
  }

 private:
  std::string DateWords(const Date& date) const { return LongDate(date.year, date.month, date.day, page_.language); }

  // "Label: value", later lines indented by two.
  void Labelled(const std::string& label, const InlineText& value) {
    InlineText line;
    line.Words(label).Glued(":").Words(" ").Append(value);
    writer_.PushPrefix("", "  ");
    writer_.Paragraph(line);
    writer_.PopPrefix();
  }

  // A label with several values: one line each, as a list under it.
  void LabelledList(const std::string& label, const std::vector<std::string>& values) {
    if (values.size() == 1) {
      Labelled(label, InlineText().Words(values.front()));
      return;
    }
    writer_.Paragraph(InlineText().Words(label).Glued(":"));
    for (const auto& value : values) ListItem("- ", InlineText().Words(value));
  }

  void ListItem(const std::string& marker, const InlineText& text) {
    writer_.PushPrefix(marker, std::string(static_cast<size_t>(DisplayWidth(marker)), ' '));
    writer_.Paragraph(text);
    writer_.PopPrefix();
  }

  // The service at a glance, straight after the summary: whether and where
  // it can be done online, then what it costs and who it is for, then how
  // to get in touch.
  void ServiceLines(const ServiceInfo& service) {
    writer_.BlankLine();
    writer_.Paragraph(InlineText().Words(service.online == OnlineAvailability::kYes       ? chrome_.online_yes
                                         : service.online == OnlineAvailability::kPartial ? chrome_.online_partial
                                                                                          : chrome_.online_no));
    if (service.online != OnlineAvailability::kNo && !service.apply_url.empty()) {
      Labelled(chrome_.start_now, InlineText().Unbreakable(service.apply_url));
    }
    if (!service.cost.empty() || !service.eligibility.empty() || !service.department.empty()) {
      writer_.BlankLine();
      if (!service.cost.empty()) Labelled(chrome_.cost, InlineText().Words(service.cost));
      if (!service.eligibility.empty()) LabelledList(chrome_.who_can_use, service.eligibility);
      if (!service.department.empty()) Labelled(chrome_.department, InlineText().Words(service.department));
    }
    const ServiceContact& contact = service.contact;
    if (!contact.phone.empty() || !contact.email.empty() || !contact.address.empty() || !service.hours.empty()) {
      writer_.BlankLine();
      if (!contact.phone.empty()) Labelled(chrome_.phone, InlineText().Words(contact.phone));
      if (!contact.email.empty()) Labelled(chrome_.email, InlineText().Unbreakable(contact.email));
      if (!contact.address.empty()) Labelled(chrome_.address, InlineText().Words(contact.address));
      if (!service.hours.empty()) {
        std::vector<std::string> hours;
        for (const auto& line : service.hours) hours.push_back(HoursInWords(line, page_.language));
        LabelledList(chrome_.opening_hours, hours);
      }
    }
  }

  // Landing pages list the pages they hold; the home page lists sections.
  void Listing() {
    std::vector<const Page*> children;
    for (const Page* child : page_.children) {
      if (child != nullptr && site_.Holds(kChannelName, *child)) children.push_back(child);
    }
    if (children.empty()) return;
    bool any_summary = false;
    for (const Page* child : children) any_summary = any_summary || !child->meta.summary.empty();
    Section(&page_ == site_.home ? chrome_.sections : chrome_.in_this_section);
    for (const Page* child : children) {
      // Summaries make each entry a small paragraph; space them apart.
      if (any_summary) writer_.BlankLine();
      writer_.PushPrefix("- ", "  ");
      writer_.Paragraph(PageReference(*child));
      if (!child->meta.summary.empty()) writer_.Paragraph(InlineText().Words(child->meta.summary));
      writer_.PopPrefix();
    }
  }

  void Related() {
    std::vector<const Page*> related;
    for (const Page* target : page_.related) {
      // Reached at its public address even when the text channel leaves it out.
      if (target != nullptr && target->IsPublic()) related.push_back(target);
    }
    if (related.empty()) return;
    Section(chrome_.related_services);
    for (const Page* target : related) ListItem("- ", PageReference(*target));
  }

  InlineText PageReference(const Page& target) {
    InlineText text;
    text.Words(target.meta.title).Glued(" [" + std::to_string(Reference(PageUrl(target, ""))) + "]");
    return text;
  }

  void References() {
    if (references_.empty()) return;
    Section(words_.references);
    size_t widest = ("[" + std::to_string(references_.size()) + "]").size();
    for (size_t i = 0; i < references_.size(); ++i) {
      writer_.Verbatim(PaddedLeft("[" + std::to_string(i + 1) + "]", widest) + " " + references_[i]);
    }
  }

  void Section(const std::string& title) {
    writer_.BlankLine();
    writer_.Heading(InlineText().Words(title), '-');
    writer_.BlankLine();
  }

  int Reference(const std::string& url) {
    auto [it, added] = reference_numbers_.try_emplace(url, static_cast<int>(references_.size()) + 1);
    if (added) references_.push_back(url);
    return it->second;
  }

  std::string PageUrl(const Page& target, const std::string& fragment) const {
    std::string url = site_.config.base_url + PercentEncodePath(target.url_path);
    return fragment.empty() ? url : url + "#" + PercentEncodePath(fragment);
  }

  // Blocks -------------------------------------------------------------------

  // `tight`: inside a tight list item, where blocks follow each other
  // without blank lines.
  void Blocks(const MdNode& node, bool tight) {
    for (const auto& child : node.children) Block(child, tight);
  }

  void Block(const MdNode& node, bool tight) {
    switch (node.type) {
      case MdType::kParagraph:
        if (!tight) writer_.BlankLine();
        writer_.Paragraph(Inlines(node));
        break;
      case MdType::kHeading:
        // ## is underlined with '-', ### and deeper with '~'.
        writer_.BlankLine();
        writer_.Heading(Inlines(node), node.level <= 2 ? '-' : '~');
        writer_.BlankLine();
        break;
      case MdType::kBlockQuote:
        writer_.BlankLine();
        writer_.PushPrefix("> ", "> ");
        Blocks(node, false);
        writer_.PopPrefix();
        writer_.BlankLine();
        break;
      case MdType::kList:
        List(node, tight);
        break;
      case MdType::kCodeBlock:
        CodeBlock(node);
        break;
      case MdType::kThematicBreak:
        writer_.BlankLine();
        writer_.Rule();
        writer_.BlankLine();
        break;
      case MdType::kTable:
        Table(node);
        break;
      default:
        // Inline content where a block belongs: keep the words.
        if (!tight) writer_.BlankLine();
        writer_.Paragraph(Inlines(node));
        break;
    }
  }

  void List(const MdNode& list, bool tight) {
    if (!tight) writer_.BlankLine();
    size_t number_width = std::to_string(list.start + static_cast<int>(list.children.size()) - 1).size();
    int number = list.start;
    for (size_t i = 0; i < list.children.size(); ++i) {
      const MdNode& item = list.children[i];
      if (!list.tight && i > 0) writer_.BlankLine();
      // Numbers are right-aligned so the items' text lines up past 9.
      std::string marker = list.ordered ? PaddedLeft(std::to_string(number++) + ".", number_width + 1) + " " : "- ";
      if (item.is_task) marker = (list.ordered ? marker : "") + (item.checked ? "[x] " : "[ ] ");
      writer_.PushPrefix(marker, std::string(static_cast<size_t>(DisplayWidth(marker)), ' '));
      Blocks(item, list.tight);
      writer_.PopPrefix();
    }
    if (!tight) writer_.BlankLine();
  }

  void CodeBlock(const MdNode& node) {
    writer_.BlankLine();
    std::string_view code = node.literal;
    while (!code.empty() && code.back() == '\n') code.remove_suffix(1);
    size_t start = 0;
    while (start <= code.size()) {
      size_t end = code.find('\n', start);
      if (end == std::string_view::npos) end = code.size();
      std::string line = "    ";
      int column = 0;
      // Tabs become spaces: a reader's tab stops are not ours.
      for (char c : code.substr(start, end - start)) {
        if (c == '\t') {
          int spaces = 4 - column % 4;
          line.append(static_cast<size_t>(spaces), ' ');
          column += spaces;
        } else if (c != '\r') {
          line += c;
          if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column;
        }
      }
      writer_.Verbatim(line);
      start = end + 1;
    }
    writer_.BlankLine();
  }

  void Table(const MdNode& table) {
    std::vector<std::vector<InlineText>> rows;
    for (const auto& row : table.children) {
      rows.emplace_back();
      for (const auto& cell : row.children) rows.back().push_back(Inlines(cell));
    }
    std::vector<ColumnAlign> alignments;
    for (MdAlign align : table.alignments) {
      alignments.push_back(align == MdAlign::kRight    ? ColumnAlign::kRight
                           : align == MdAlign::kCenter ? ColumnAlign::kCentre
                                                       : ColumnAlign::kLeft);
    }
    writer_.BlankLine();
    writer_.Table(rows, alignments);
    writer_.BlankLine();
  }

  // Inlines ------------------------------------------------------------------

  InlineText Inlines(const MdNode& node) {
    InlineText text;
    for (const auto& child : node.children) Inline(child, text);
    return text;
  }

  void Inline(const MdNode& node, InlineText& out) {
    switch (node.type) {
      case MdType::kText:
      case MdType::kCode:
        out.Words(node.literal);
        break;
      case MdType::kSoftBreak:
        out.Words(" ");
        break;
      case MdType::kLineBreak:
        out.LineBreak();
        break;
      case MdType::kStrikethrough:
        // Struck-out words read as plain words would say the opposite.
        out.Words(std::string("[") + words_.deleted + ": ");
        for (const auto& child : node.children) Inline(child, out);
        out.Glued("]");
        break;
      case MdType::kLink:
        Link(node, out);
        break;
      case MdType::kImage:
        Image(node, out);
        break;
      default:
        for (const auto& child : node.children) Inline(child, out);
        break;
    }
  }

  const PageLink* LinkOf(const MdNode& node) const {
    if (node.link_index < 0 || static_cast<size_t>(node.link_index) >= page_.links.size()) return nullptr;
    return &page_.links[static_cast<size_t>(node.link_index)];
  }

  // The address a reader types or follows: a page's and an asset's public
  // URL, an email address or phone number without its scheme.
  std::string Address(const PageLink& link) const {
    switch (link.kind) {
      case PageLink::Kind::kPage:
        return PageUrl(*link.target, link.fragment);
      case PageLink::Kind::kAsset:
        return site_.config.base_url + PercentEncodePath(link.asset_path);
      case PageLink::Kind::kMailto:
      case PageLink::Kind::kTel:
        return WithoutScheme(link.destination);
      default:
        return link.destination;
    }
  }

  // Whether the link's words already are its address, so a reference would
  // only repeat it.
  static bool WordsAreAddress(const std::string& words, const PageLink& link, const std::string& address) {
    std::string trimmed = words;
    while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
    while (!trimmed.empty() && trimmed.front() == ' ') trimmed.erase(0, 1);
    if (trimmed.empty()) return false;
    if (link.kind == PageLink::Kind::kTel) {
      return LooksLikePhoneNumber(trimmed) && TelUri(trimmed) == "tel:" + WithoutScheme(link.destination);
    }
    if (link.kind == PageLink::Kind::kMailto) return AsciiLower(trimmed) == AsciiLower(address);
    return LooseUrl(trimmed) == LooseUrl(address) || LooseUrl(trimmed) == LooseUrl(link.destination);
  }

  void Link(const MdNode& node, InlineText& out) {
    const PageLink* link = LinkOf(node);
    if (link == nullptr || link->kind == PageLink::Kind::kUnresolved) {
      for (const auto& child : node.children) Inline(child, out);  // broken links fail the build; keep the words
      return;
    }
    std::string address = Address(*link);
    std::string words = PlainText(node);
    if (WordsAreAddress(words, *link, address)) {
      out.Unbreakable(words);
      return;
    }
    for (const auto& child : node.children) Inline(child, out);
    out.Glued(" [" + std::to_string(Reference(address)) + "]");
  }

  void Image(const MdNode& node, InlineText& out) {
    out.Words(std::string("[") + words_.image + ": " + PlainText(node));
    out.Glued("]");
    // A figure's caption is seen on the web page; keep it here too.
    if (!node.title.empty()) out.Words(" " + node.title);
  }

  const Site& site_;
  const Page& page_;
  const ChromeText& chrome_;
  const TextWords& words_;
  TextWriter writer_;
  std::vector<std::string> references_;
  std::map<std::string, int> reference_numbers_;
};

class TextBuild : public ChannelBuild {
 public:
  TextBuild(const Site& site, const TextOptions& options) : site_(site), options_(options) {}

  RenderedPage RenderPage(const Page& page, Diagnostics&) const override {
    RenderedPage rendered{&page, {}, {}};
    rendered.files.push_back({TextOutputPath(page), RenderTextPage(site_, page, options_)});
    return rendered;
  }

  // Assets stay on the public site; references point there.
  bool Finish(const std::vector<RenderedPage>&, const FileWriter&, Diagnostics&) override { return true; }

 private:
  const Site& site_;
  TextOptions options_;
};

class TextChannel : public Channel {
 public:
  explicit TextChannel(const TextOptions& options) : options_(options) {}

  const ChannelInfo& Info() const override { return kInfo; }

  std::unique_ptr<ChannelBuild> Begin(const Site& site, const SiteFiles&, Diagnostics&) const override {
    return std::make_unique<TextBuild>(site, options_);
  }

 private:
  TextOptions options_;
};

}  // namespace

std::unique_ptr<Channel> MakeTextChannel(const TextOptions& options) { return std::make_unique<TextChannel>(options); }

std::string RenderTextPage(const Site& site, const Page& page, const TextOptions& options) {
  return PageRenderer(site, page, options).Render();
}

std::string TextOutputPath(const Page& page) {
  if (page.is_section_index) return page.url_path + "index.txt";
  std::string path = page.url_path;
  if (!path.empty() && path.back() == '/') path.pop_back();
  return path + ".txt";
}

}  // namespace publish
