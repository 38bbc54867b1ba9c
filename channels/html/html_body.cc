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
    Children(page_.body, false);
    return std::move(out_);
  }

 private:
  void Children(const MdNode& node, bool tight) {
    for (const auto& child : node.children) Node(child, tight);
  }

  void Node(const MdNode& node, bool tight) {
    switch (node.type) {
      case MdType::kParagraph:
        if (IsFigure(node)) {
          Figure(node.children.front());
        } else if (tight) {
          Children(node, false);
        } else {
          out_ += "<p>";
          Children(node, false);
          out_ += "</p>\n";
        }
        break;
      case MdType::kHeading: {
        std::string tag = "h" + std::to_string(node.level);
        out_ += "<" + tag + " id=\"" + EscapeHtml(node.id) + "\">";
        Children(node, false);
        out_ += "</" + tag + ">\n";
        last_heading_ = PlainText(node);
        break;
      }
      case MdType::kBlockQuote:
        out_ += "<blockquote>\n";
        Children(node, false);
        out_ += "</blockquote>\n";
        break;
      case MdType::kList:
        List(node);
        break;
      case MdType::kItem:
        Item(node, tight);
        break;
      case MdType::kCodeBlock: {
        // The language is the info string's first word, whatever the blank after it.
        std::string language = node.info.substr(0, node.info.find_first_of(" \t"));
        out_ += language.empty() ? "<pre><code>" : "<pre><code class=\"language-" + EscapeHtml(language) + "\">";
        out_ += EscapeHtml(node.literal);
        out_ += "</code></pre>\n";
        break;
      }
      case MdType::kThematicBreak:
        out_ += "<hr>\n";
        break;
      case MdType::kTable:
        Table(node);
        break;
      case MdType::kText:
        out_ += EscapeHtml(node.literal);
        break;
      case MdType::kCode:
        out_ += "<code>" + EscapeHtml(node.literal) + "</code>";
        break;
      case MdType::kSoftBreak:
        out_ += '\n';
        break;
      case MdType::kLineBreak:
        out_ += "<br>\n";
        break;
      case MdType::kEmphasis:
        Wrap("em", node);
        break;
      case MdType::kStrong:
        Wrap("strong", node);
        break;
      case MdType::kStrikethrough:
        Wrap("del", node);
        break;
      case MdType::kLink:
        Link(node);
        break;
      case MdType::kImage:
        Image(node);
        break;
      default:
        Children(node, tight);
        break;
    }
  }

  void Wrap(const char* tag, const MdNode& node) {
    out_ += std::string("<") + tag + ">";
    Children(node, false);
    out_ += std::string("</") + tag + ">";
  }

  void List(const MdNode& node) {
    bool tasks = !node.children.empty() && node.children.front().is_task;
    std::string classes = tasks ? " class=\"task-list\"" : "";
    if (node.ordered) {
      out_ += "<ol" + classes + (node.start != 1 ? " start=\"" + std::to_string(node.start) + "\"" : "") + ">\n";
    } else {
      out_ += "<ul" + classes + ">\n";
    }
    for (const auto& item : node.children) Node(item, node.tight);
    out_ += node.ordered ? "</ol>\n" : "</ul>\n";
  }

  void Item(const MdNode& node, bool tight) {
    if (node.is_task) {
      // A disabled checkbox has no label for assistive technology; state
      // the status in words instead, with a visual marker beside it.
      out_ += node.checked
                  ? "<li class=\"task task--done\"><span class=\"task__marker\" aria-hidden=\"true\">&#x2611;</span>"
                  : "<li class=\"task\"><span class=\"task__marker\" aria-hidden=\"true\">&#x2610;</span>";
      out_ += "<span class=\"visually-hidden\">" + EscapeHtml(node.checked ? options_.task_done : options_.task_to_do) +
              " </span>";
    } else {
      out_ += "<li>";
    }
    Children(node, tight);
    out_ += "</li>\n";
  }

  void Table(const MdNode& node) {
    ++table_count_;
    std::string caption = last_heading_.empty() ? page_.meta.title : last_heading_;
    std::string caption_id = UnusedId("table-caption-" + std::to_string(table_count_));
    // Wide tables scroll inside a focusable region at narrow widths.
    out_ += "<div class=\"table-wrapper\" role=\"region\" aria-labelledby=\"" + caption_id + "\" tabindex=\"0\">\n";
    out_ +=
        "<table>\n<caption id=\"" + caption_id + "\" class=\"visually-hidden\">" + EscapeHtml(caption) + "</caption>\n";
    bool in_body = false;
    for (const auto& row : node.children) {
      if (row.header_row) {
        out_ += "<thead>\n<tr>";
      } else {
        if (!in_body) out_ += "<tbody>\n";
        in_body = true;
        out_ += "<tr>";
      }
      for (size_t i = 0; i < row.children.size(); ++i) {
        const char* align = i < node.alignments.size() ? AlignClass(node.alignments[i]) : "";
        out_ += row.header_row ? std::string("<th scope=\"col\"") + align + ">" : std::string("<td") + align + ">";
        Children(row.children[i], false);
        out_ += row.header_row ? "</th>" : "</td>";
      }
      out_ += row.header_row ? "</tr>\n</thead>\n" : "</tr>\n";
    }
    if (in_body) out_ += "</tbody>\n";
    out_ += "</table>\n</div>\n";
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
        return links_.AssetUrl(link.asset_path);
      default:
        return PercentEncodeUrl(link.destination);
    }
  }

  static std::string TitleAttribute(const MdNode& node) {
    return node.title.empty() ? "" : " title=\"" + EscapeHtml(node.title) + "\"";
  }

  void Link(const MdNode& node) {
    const PageLink* link = LinkOf(node);
    if (link == nullptr || link->kind == PageLink::Kind::kUnresolved) {
      Children(node, false);  // broken links fail the build; keep the words
      return;
    }
    if (options_.divert_link) {
      std::string diverted = options_.divert_link(*link, PlainText(node));
      if (!diverted.empty()) {
        out_ += "<a href=\"" + EscapeHtml(diverted) + "\" class=\"diverted\"" + TitleAttribute(node) + ">";
        Children(node, false);
        out_ += "</a>";
        return;
      }
    }
    bool external = link->kind == PageLink::Kind::kExternal;
    out_ += "<a href=\"" + EscapeHtml(Href(*link)) + "\"" + TitleAttribute(node) +
            (external ? " class=\"external\" rel=\"external\"" : "") + ">";
    Children(node, false);
    if (external) out_ += "<span class=\"visually-hidden\"> " + EscapeHtml(options_.external_link_note) + "</span>";
    out_ += "</a>";
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
  std::string last_heading_;
  int table_count_ = 0;
};

}  // namespace

std::string RenderHtmlBody(const Page& page, const HtmlLinkPolicy& links, const HtmlBodyOptions& options) {
  return BodyWriter(page, links, options).Render();
}

}  // namespace publish
