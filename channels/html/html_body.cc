#include "channels/html/html_body.h"

#include "libpublish/base/paths.h"

namespace publish {

namespace {

const char* AlignClass(MdAlign align) {
  switch (align) {
    case MdAlign::kCenter:
      return " class=\"align-centre\"";
    case MdAlign::kRight:
      return " class=\"align-right\"";
    case MdAlign::kLeft:
      return " class=\"align-left\"";
    default:
      return "";
  }
}

class BodyWriter {
 public:
  BodyWriter(const Page& page, const HtmlLinkPolicy& links, const HtmlBodyOptions& options)
      : page_(page), links_(links), options_(options) {}

  std::string Render() {
    out_.reserve(4096);
    WalkMarkdown(page_.body, [this](const MdNode& node, MdEvent event) {
      if (event == MdEvent::kExit) {
        path_.pop_back();
        out_ += closers_.back();
        closers_.pop_back();
        return MdNext::kContinue;
      }
      std::string closer;
      MdNext next = Enter(node, closer);
      path_.push_back(&node);
      closers_.push_back(std::move(closer));
      return next;
    });
    return std::move(out_);
  }

 private:
  // The node's parent in the walk, or nullptr for the document.
  const MdNode* Parent() const { return path_.empty() ? nullptr : path_.back(); }

  // Writes what opens `node`, and sets what closes it after its children.
  MdNext Enter(const MdNode& node, std::string& closer) {
    switch (node.type) {
      case MdType::kDocument:
        return MdNext::kContinue;
      case MdType::kParagraph: {
        if (IsFigure(node)) {
          Figure(node.children.front());
          return MdNext::kSkipChildren;
        }
        // A tight list's items hold their words without paragraphs.
        const MdNode* item = Parent();
        bool tight =
            item != nullptr && item->type == MdType::kItem && path_.size() >= 2 && path_[path_.size() - 2]->tight;
        if (!tight) {
          out_ += "<p>";
          closer = "</p>\n";
        }
        return MdNext::kContinue;
      }
      case MdType::kHeading: {
        std::string tag = "h" + std::to_string(node.level);
        out_ += "<" + tag + " id=\"" + EscapeHtml(node.id) + "\">";
        closer = "</" + tag + ">\n";
        last_heading_ = PlainText(node);
        return MdNext::kContinue;
      }
      case MdType::kBlockQuote:
        out_ += "<blockquote>\n";
        closer = "</blockquote>\n";
        return MdNext::kContinue;
      case MdType::kList: {
        bool tasks = !node.children.empty() && node.children.front().is_task;
        std::string classes = tasks ? " class=\"task-list\"" : "";
        if (node.ordered) {
          out_ += "<ol" + classes + (node.start != 1 ? " start=\"" + std::to_string(node.start) + "\"" : "") + ">\n";
        } else {
          out_ += "<ul" + classes + ">\n";
        }
        closer = node.ordered ? "</ol>\n" : "</ul>\n";
        return MdNext::kContinue;
      }
      case MdType::kItem:
        if (node.is_task) {
          // A disabled checkbox has no label for assistive technology; state
          // the status in words instead, with a visual marker beside it.
          out_ += node.checked ? "<li class=\"task task--done\"><span class=\"task__marker\" "
                                 "aria-hidden=\"true\">&#x2611;</span>"
                               : "<li class=\"task\"><span class=\"task__marker\" aria-hidden=\"true\">&#x2610;</span>";
          out_ += "<span class=\"visually-hidden\">" +
                  EscapeHtml(node.checked ? options_.task_done : options_.task_to_do) + " </span>";
        } else {
          out_ += "<li>";
        }
        closer = "</li>\n";
        return MdNext::kContinue;
      case MdType::kCodeBlock: {
        // The language is the info string's first word, whatever the blank after it.
        std::string language = node.info.substr(0, node.info.find_first_of(" \t"));
        out_ += language.empty() ? "<pre><code>" : "<pre><code class=\"language-" + EscapeHtml(language) + "\">";
        out_ += EscapeHtml(node.literal);
        out_ += "</code></pre>\n";
        return MdNext::kContinue;
      }
      case MdType::kThematicBreak:
        out_ += "<hr>\n";
        return MdNext::kContinue;
      case MdType::kTable: {
        ++table_count_;
        std::string caption = last_heading_.empty() ? page_.meta.title : last_heading_;
        std::string caption_id = UnusedId("table-caption-" + std::to_string(table_count_));
        // Wide tables scroll inside a focusable region at narrow widths.
        out_ += "<div class=\"table-wrapper\" role=\"region\" aria-labelledby=\"" + caption_id + "\" tabindex=\"0\">\n";
        out_ += "<table>\n<caption id=\"" + caption_id + "\" class=\"visually-hidden\">" + EscapeHtml(caption) +
                "</caption>\n";
        table_in_body_ = false;
        closer = "</table>\n</div>\n";
        return MdNext::kContinue;
      }
      case MdType::kTableRow:
        if (node.header_row) {
          out_ += "<thead>\n<tr>";
          closer = "</tr>\n</thead>\n";
        } else {
          if (!table_in_body_) out_ += "<tbody>\n";
          table_in_body_ = true;
          out_ += "<tr>";
          closer = "</tr>\n";
          // The body's end closes with the table.
          if (&node == &Parent()->children.back()) closer += "</tbody>\n";
        }
        cell_index_ = 0;
        return MdNext::kContinue;
      case MdType::kTableCell: {
        const MdNode* row = Parent();
        const MdNode* table = path_.size() >= 2 ? path_[path_.size() - 2] : nullptr;
        size_t column = cell_index_++;
        const char* align =
            table != nullptr && column < table->alignments.size() ? AlignClass(table->alignments[column]) : "";
        out_ += row->header_row ? std::string("<th scope=\"col\"") + align + ">" : std::string("<td") + align + ">";
        closer = row->header_row ? "</th>" : "</td>";
        return MdNext::kContinue;
      }
      case MdType::kText:
        out_ += EscapeHtml(node.literal);
        return MdNext::kContinue;
      case MdType::kCode:
        out_ += "<code>" + EscapeHtml(node.literal) + "</code>";
        return MdNext::kContinue;
      case MdType::kSoftBreak:
        out_ += '\n';
        return MdNext::kContinue;
      case MdType::kLineBreak:
        out_ += "<br>\n";
        return MdNext::kContinue;
      case MdType::kEmphasis:
        out_ += "<em>";
        closer = "</em>";
        return MdNext::kContinue;
      case MdType::kStrong:
        out_ += "<strong>";
        closer = "</strong>";
        return MdNext::kContinue;
      case MdType::kStrikethrough:
        out_ += "<del>";
        closer = "</del>";
        return MdNext::kContinue;
      case MdType::kLink:
        Link(node, closer);
        return MdNext::kContinue;
      case MdType::kImage:
        Image(node);
        return MdNext::kSkipChildren;  // its words are the alt text
    }
    return MdNext::kContinue;
  }

  // An id of the renderer's own that no heading of the page has: headings
  // keep theirs, since links name them.
  std::string UnusedId(const std::string& wanted) const {
    std::string id = wanted;
    for (int n = 1; page_.HasHeadingId(id); ++n) id = wanted + "-" + std::to_string(n);
    return id;
  }

  const PageLink* LinkOf(const MdNode& node) const {
    if (node.link_index < 0 || static_cast<size_t>(node.link_index) >= page_.links.size()) return nullptr;
    return &page_.links[static_cast<size_t>(node.link_index)];
  }

  std::string Href(const PageLink& link) const {
    switch (link.kind) {
      case PageLink::Kind::kPage:
        return links_.PageUrl(*link.target, link.fragment);
      case PageLink::Kind::kAsset:
        return links_.AssetUrl(link.asset_path) + PercentEncodeUrl(link.asset_suffix);
      default:
        return PercentEncodeUrl(link.destination);
    }
  }

  static std::string TitleAttribute(const MdNode& node) {
    return node.title.empty() ? "" : " title=\"" + EscapeHtml(node.title) + "\"";
  }

  void Link(const MdNode& node, std::string& closer) {
    const PageLink* link = LinkOf(node);
    if (link == nullptr || link->kind == PageLink::Kind::kUnresolved)
      return;  // broken links fail the build; keep the words
    if (options_.divert_link) {
      std::string diverted = options_.divert_link(*link, PlainText(node));
      if (!diverted.empty()) {
        out_ += "<a href=\"" + EscapeHtml(diverted) + "\" class=\"diverted\"" + TitleAttribute(node) + ">";
        closer = "</a>";
        return;
      }
    }
    bool external = link->kind == PageLink::Kind::kExternal;
    out_ += "<a href=\"" + EscapeHtml(Href(*link)) + "\"" + TitleAttribute(node) +
            (external ? " class=\"external\" rel=\"external\"" : "") + ">";
    if (external) closer = "<span class=\"visually-hidden\"> " + EscapeHtml(options_.external_link_note) + "</span>";
    closer += "</a>";
  }

  // In a figure the title is the caption, so it is not repeated.
  void Image(const MdNode& node, bool in_figure = false) {
    const PageLink* link = LinkOf(node);
    if (!options_.external_images && (link == nullptr || link->kind != PageLink::Kind::kAsset)) {
      out_ += "<span class=\"image-text\">" + EscapeHtml(PlainText(node)) + "</span>";
      return;
    }
    std::string src =
        link != nullptr && link->kind != PageLink::Kind::kUnresolved ? Href(*link) : PercentEncodeUrl(node.url);
    out_ += "<img src=\"" + EscapeHtml(src) + "\" alt=\"" + EscapeHtml(PlainText(node)) + "\"" +
            (in_figure ? "" : TitleAttribute(node)) + ">";
  }

  static bool IsFigure(const MdNode& paragraph) {
    return paragraph.children.size() == 1 && paragraph.children.front().type == MdType::kImage &&
           !paragraph.children.front().title.empty();
  }

  void Figure(const MdNode& image) {
    out_ += "<figure>";
    Image(image, /*in_figure=*/true);
    out_ += "<figcaption>" + EscapeHtml(image.title) + "</figcaption></figure>\n";
  }

  const Page& page_;
  const HtmlLinkPolicy& links_;
  const HtmlBodyOptions& options_;
  std::string out_;
  std::vector<const MdNode*> path_;   // the nodes entered and not yet exited
  std::vector<std::string> closers_;  // what each of them writes on its exit
  std::string last_heading_;
  int table_count_ = 0;
  bool table_in_body_ = false;
  size_t cell_index_ = 0;
};

}  // namespace

std::string RenderHtmlBody(const Page& page, const HtmlLinkPolicy& links, const HtmlBodyOptions& options) {
  return BodyWriter(page, links, options).Render();
}

}  // namespace publish
