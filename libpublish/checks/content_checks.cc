#include "libpublish/checks/content_checks.h"

#include <algorithm>

#include "libpublish/base/check_ids.h"
#include "libpublish/base/parallel.h"
#include "libpublish/base/text.h"

namespace publish {
namespace {

const std::vector<std::string> kVagueLinkTexts{"click here", "here", "read more", "more", "this page", "link", "click"};

class PageChecker {
 public:
  PageChecker(const Page& page, Diagnostics& diagnostics) : page_(page), diagnostics_(diagnostics) {}

  void Walk(const MdNode& root) {
    WalkMarkdown(root, [this](const MdNode& node, MdEvent event) {
      if (event != MdEvent::kEnter) return;
      if (node.type == MdType::kHeading) CheckHeading(node);
      if (node.type == MdType::kImage) CheckImage(node);
      if (node.type == MdType::kLink) CheckLinkText(node);
    });
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
    }
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
    }
  }

  const Page& page_;
  Diagnostics& diagnostics_;
  int previous_level_ = 1;
};

}  // namespace

void CheckPage(const Page& page, const Date& today, Diagnostics& diagnostics) {
  if (page.is_generated) return;
  PageChecker(page, diagnostics).Walk(page.body);
  if (page.meta.review_by && *page.meta.review_by < today) {
    diagnostics.Warning(page.meta.review_by_position,
                        "the page was due for review on " + page.meta.review_by->ToIso() +
                            "; check it is still right, then set a new 'review_by' date",
                        checks::kReviewOverdue);
  }
}

void CheckSite(const Site& site, Diagnostics& diagnostics, int jobs) {
  ParallelFor(site.pages.size(), jobs, [&](size_t i) { CheckPage(*site.pages[i], site.today, diagnostics); });
}

}  // namespace publish
