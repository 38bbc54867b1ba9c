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

  // `cited`, when given, receives every address the text gives, in order,
  // mail and phone addresses as URIs.
  std::string Render(std::vector<std::string>* cited) {
    cited_ = cited;
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
    Body();
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
      Cite(service.apply_url);
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
      if (!contact.email.empty()) {
        Labelled(chrome_.email, InlineText().Unbreakable(contact.email));
        Cite("mailto:" + contact.email);
      }
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
    std::string url = PageUrl(target, "");
    Cite(url);
    text.Words(target.meta.title).Glued(" [" + std::to_string(Reference(url)) + "]");
    return text;
  }

  void Cite(const std::string& address) {
    if (cited_ != nullptr) cited_->push_back(address);
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

  // The body ----------------------------------------------------------------

  // What the children of an entered node are, as the walk meets them.
  enum class Role {
    kBlocks,   // blocks: the body's, a quote's, a list item's
    kList,     // a list's items
    kInlines,  // inline content, gathered into text_
    kTable,    // a table's rows
    kRow,      // a row's cells
  };

  // What an entered node writes on its exit.
  enum class Close { kNothing, kParagraph, kHeading, kQuote, kList, kItem, kTable, kCell, kStrikethrough, kLink };

  // One node entered and not yet exited.
  struct Frame {
    const MdNode* node = nullptr;
    Role role = Role::kInlines;
    Close close = Close::kNothing;
    // kBlocks: inside a tight list item, where blocks follow each other
    // without blank lines. kList: the list itself is inside one.
    bool tight = false;
    int number = 0;           // kList: the next item's number
    size_t number_width = 0;  // kList: digits in the last item's number
    size_t items = 0;         // kList: items entered so far
    std::string address;      // link: where its reference points
  };

  // The body through the one Markdown walker. What a node is depends on its
  // parent (a list's child is an item, a row's a cell), so each frame says
  // what its children are.
  void Body() {
    WalkMarkdown(page_.body, [this](const MdNode& node, MdEvent event) {
      if (event == MdEvent::kExit) {
        Frame frame = std::move(open_.back());
        open_.pop_back();
        Exit(frame);
        return MdNext::kContinue;
      }
      Frame frame;
      frame.node = &node;
      MdNext next = Enter(node, frame);
      open_.push_back(std::move(frame));
      return next;
    });
  }

  // Writes what opens `node` and sets in `frame` what its children are and
  // what closes it.
  MdNext Enter(const MdNode& node, Frame& frame) {
    if (open_.empty()) {
      frame.role = Role::kBlocks;  // the body: whatever its type, its children are blocks
      return MdNext::kContinue;
    }
    Frame& parent = open_.back();
    switch (parent.role) {
      case Role::kBlocks:
        return Block(node, parent.tight, frame);
      case Role::kList:
        Item(node, parent, frame);
        return MdNext::kContinue;
      case Role::kInlines:
        return Inline(node, frame);
      case Role::kTable:
        rows_.emplace_back();
        frame.role = Role::kRow;
        return MdNext::kContinue;
      case Role::kRow:
        StartText(frame, Close::kCell);
        return MdNext::kContinue;
    }
    return MdNext::kContinue;
  }

  void Exit(const Frame& frame) {
    switch (frame.close) {
      case Close::kNothing:
        break;
      case Close::kParagraph:
        writer_.Paragraph(text_);
        break;
      case Close::kHeading:
        // ## is underlined with '-', ### and deeper with '~'.
        writer_.Heading(text_, frame.node->level <= 2 ? '-' : '~');
        writer_.BlankLine();
        break;
      case Close::kQuote:
        writer_.PopPrefix();
        writer_.BlankLine();
        break;
      case Close::kList:
        if (!frame.tight) writer_.BlankLine();
        break;
      case Close::kItem:
        writer_.PopPrefix();
        break;
      case Close::kTable:
        Table(*frame.node);
        break;
      case Close::kCell:
        rows_.back().push_back(std::move(text_));
        break;
      case Close::kStrikethrough:
        text_.Glued("]");
        break;
      case Close::kLink:
        // Numbered after its words, as a reader meets it.
        text_.Glued(" [" + std::to_string(Reference(frame.address)) + "]");
        break;
    }
  }

  // Inline content from here to the frame's exit goes into text_. One text
  // at a time is enough: nothing inside inline content is a block, and a
  // table's cells come one after another.
  void StartText(Frame& frame, Close close) {
    text_ = InlineText();
    frame.role = Role::kInlines;
    frame.close = close;
  }

  // `tight`: inside a tight list item, where blocks follow each other
  // without blank lines.
  MdNext Block(const MdNode& node, bool tight, Frame& frame) {
    switch (node.type) {
      case MdType::kParagraph:
        if (!tight) writer_.BlankLine();
        StartText(frame, Close::kParagraph);
        return MdNext::kContinue;
      case MdType::kHeading:
        writer_.BlankLine();
        StartText(frame, Close::kHeading);
        return MdNext::kContinue;
      case MdType::kBlockQuote:
        writer_.BlankLine();
        writer_.PushPrefix("> ", "> ");
        frame.role = Role::kBlocks;
        frame.close = Close::kQuote;
        return MdNext::kContinue;
      case MdType::kList:
        if (!tight) writer_.BlankLine();
        frame.role = Role::kList;
        frame.close = Close::kList;
        frame.tight = tight;
        frame.number = node.start;
        frame.number_width = std::to_string(node.start + static_cast<int>(node.children.size()) - 1).size();
        return MdNext::kContinue;
      case MdType::kCodeBlock:
        CodeBlock(node);
        return MdNext::kSkipChildren;
      case MdType::kThematicBreak:
        writer_.BlankLine();
        writer_.Rule();
        writer_.BlankLine();
        return MdNext::kSkipChildren;
      case MdType::kTable:
        frame.role = Role::kTable;
        frame.close = Close::kTable;
        return MdNext::kContinue;
      default:
        // Inline content where a block belongs: keep the words.
        if (!tight) writer_.BlankLine();
        StartText(frame, Close::kParagraph);
        return MdNext::kContinue;
    }
  }

  // Every child of a list is one of its items.
  void Item(const MdNode& item, Frame& list_frame, Frame& frame) {
    const MdNode& list = *list_frame.node;
    size_t index = list_frame.items++;
    if (!list.tight && index > 0) writer_.BlankLine();
    // Numbers are right-aligned so the items' text lines up past 9.
    std::string marker =
        list.ordered ? PaddedLeft(std::to_string(list_frame.number++) + ".", list_frame.number_width + 1) + " " : "- ";
    if (item.is_task) marker = (list.ordered ? marker : "") + (item.checked ? "[x] " : "[ ] ");
    writer_.PushPrefix(marker, std::string(static_cast<size_t>(DisplayWidth(marker)), ' '));
    frame.role = Role::kBlocks;
    frame.close = Close::kItem;
    frame.tight = list.tight;
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

  // On the table's exit: its cells are in rows_ by then.
  void Table(const MdNode& table) {
    std::vector<ColumnAlign> alignments;
    for (MdAlign align : table.alignments) {
      alignments.push_back(align == MdAlign::kRight    ? ColumnAlign::kRight
                           : align == MdAlign::kCenter ? ColumnAlign::kCentre
                                                       : ColumnAlign::kLeft);
    }
    writer_.BlankLine();
    writer_.Table(rows_, alignments);
    writer_.BlankLine();
    rows_.clear();
  }

  // Inlines ------------------------------------------------------------------

  // Whatever is inside inline content is inline too: a node with no words
  // of its own (emphasis, strong) gives its children's.
  MdNext Inline(const MdNode& node, Frame& frame) {
    frame.role = Role::kInlines;
    switch (node.type) {
      case MdType::kText:
      case MdType::kCode:
        text_.Words(node.literal);
        return MdNext::kSkipChildren;
      case MdType::kSoftBreak:
        text_.Words(" ");
        return MdNext::kSkipChildren;
      case MdType::kLineBreak:
        text_.LineBreak();
        return MdNext::kSkipChildren;
      case MdType::kStrikethrough:
        // Struck-out words read as plain words would say the opposite.
        text_.Words(std::string("[") + words_.deleted + ": ");
        frame.close = Close::kStrikethrough;
        return MdNext::kContinue;
      case MdType::kLink:
        return Link(node, frame);
      case MdType::kImage:
        Image(node);
        return MdNext::kSkipChildren;  // its words are the alt text
      default:
        return MdNext::kContinue;
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
        return site_.config.base_url + PercentEncodePath(link.asset_path) + PercentEncodeUrl(link.asset_suffix);
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

  MdNext Link(const MdNode& node, Frame& frame) {
    const PageLink* link = LinkOf(node);
    if (link == nullptr || link->kind == PageLink::Kind::kUnresolved)
      return MdNext::kContinue;  // broken links fail the build; keep the words
    std::string address = Address(*link);
    bool scheme_dropped = link->kind == PageLink::Kind::kMailto || link->kind == PageLink::Kind::kTel;
    Cite(scheme_dropped ? link->destination : address);
    std::string words = PlainText(node);
    if (WordsAreAddress(words, *link, address)) {
      text_.Unbreakable(words);
      return MdNext::kSkipChildren;
    }
    frame.address = std::move(address);
    frame.close = Close::kLink;
    return MdNext::kContinue;
  }

  void Image(const MdNode& node) {
    text_.Words(std::string("[") + words_.image + ": " + PlainText(node));
    text_.Glued("]");
    // A figure's caption is seen on the web page; keep it here too.
    if (!node.title.empty()) text_.Words(" " + node.title);
  }

  const Site& site_;
  const Page& page_;
  const ChromeText& chrome_;
  const TextWords& words_;
  TextWriter writer_;
  std::vector<std::string> references_;
  std::vector<std::string>* cited_ = nullptr;
  std::map<std::string, int> reference_numbers_;
  std::vector<Frame> open_;                    // the body's nodes entered and not yet exited
  InlineText text_;                            // the paragraph, heading or cell being gathered
  std::vector<std::vector<InlineText>> rows_;  // the table being gathered, a row of cells each
};

class TextBuild : public ChannelBuild {
 public:
  TextBuild(const Site& site, const TextOptions& options) : site_(site), options_(options) {}

  RenderedPage RenderPage(const Page& page, Diagnostics&) const override {
    RenderedPage rendered{&page, {}, {}, {}};
    std::string text =
        RenderTextPage(site_, page, options_, reads_back_contents() ? &rendered.contents.links : nullptr);
    if (reads_back_contents()) rendered.contents.text = text;
    rendered.files.push_back({TextOutputPath(page), std::move(text)});
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

std::string RenderTextPage(const Site& site, const Page& page, const TextOptions& options,
                           std::vector<std::string>* cited) {
  return PageRenderer(site, page, options).Render(cited);
}

std::string TextOutputPath(const Page& page) {
  if (page.is_section_index) return page.url_path + "index.txt";
  std::string path = page.url_path;
  if (!path.empty() && path.back() == '/') path.pop_back();
  return path + ".txt";
}

}  // namespace publish
