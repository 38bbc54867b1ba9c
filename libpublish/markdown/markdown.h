// Markdown as our own immutable tree: the only code that includes
// cmark-gfm. Every channel walks this tree; none sees cmark.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "libpublish/base/diagnostics.h"

namespace publish {

enum class MdType {
  kDocument,
  kParagraph,
  kHeading,
  kBlockQuote,
  kList,
  kItem,
  kCodeBlock,
  kThematicBreak,
  kTable,
  kTableRow,
  kTableCell,
  kText,
  kCode,
  kEmphasis,
  kStrong,
  kStrikethrough,
  kLink,
  kImage,
  kSoftBreak,
  kLineBreak,
};

enum class MdAlign { kNone, kLeft, kCenter, kRight };

struct MdNode {
  MdType type = MdType::kDocument;
  std::string literal;              // text, code, code block
  std::string url;                  // link, image destination as written
  std::string title;                // link, image title
  std::string info;                 // code block info string
  int level = 0;                    // heading level
  bool ordered = false;             // list
  int start = 1;                    // ordered list start
  bool tight = true;                // list
  bool is_task = false;             // item of a task list
  bool checked = false;             // checked task
  bool header_row = false;          // table row
  std::vector<MdAlign> alignments;  // table columns
  int line = 0;                     // 1-based, in the page file
  int column = 0;                   // 1-based, code points; for links, of the destination
  int link_index = -1;              // link, image: index into the page's link list
  std::string id;                   // heading: unique id within the page
  std::vector<MdNode> children;
};

// Limits on one table, checked on the source before cmark-gfm parses it
// (its tree costs about 1 KB a cell, and each row takes time quadratic in
// the columns) and again, exactly, on its tree [table-too-large]. A table
// beyond them is left out of the page.
inline constexpr size_t kMaxTableRows = 100'000;
inline constexpr size_t kMaxTableColumns = 2'000;
inline constexpr size_t kMaxTableCells = 200'000;
// cmark-gfm 0.29 walks back over every image opener '![' still open each
// time a link closes, so a paragraph of "![[]()" repeated takes time
// quadratic in its length (100,000 times: over a minute). The walk is
// counted on the source before parsing; a paragraph that would cost more
// steps than this (about 4,500 images left open before as many links, some
// 50 ms) is refused [unclosed-images] and left out of the page.
inline constexpr size_t kMaxImageBracketSteps = 10'000'000;

// The one walk over a Markdown tree, as cmark's iterator: every node in
// document order, entered before its children and exited after them (a
// leaf too: Enter, then Exit). Returning kSkipChildren on Enter goes
// straight to the node's Exit. Every consumer (links, heading ids, checks,
// renderers) walks with this rather than a recursion of its own; it keeps
// its own stack, so depth costs no call stack.
enum class MdEvent { kEnter, kExit };
enum class MdNext { kContinue, kSkipChildren };

// `visit(node, event)` returns MdNext (or nothing: continue). `Node` is
// MdNode or const MdNode; the tree's shape must not change during a walk.
template <typename Node, typename Visit>
void WalkMarkdown(Node& root, Visit&& visit) {
  struct Frame {
    Node* node;
    size_t next_child;
  };
  auto enter = [&](Node& node) {
    if constexpr (std::is_same_v<decltype(visit(node, MdEvent::kEnter)), MdNext>) {
      return visit(node, MdEvent::kEnter) == MdNext::kContinue;
    } else {
      visit(node, MdEvent::kEnter);
      return true;
    }
  };
  std::vector<Frame> stack;
  stack.reserve(16);
  if (enter(root)) {
    stack.push_back({&root, 0});
  } else {
    visit(root, MdEvent::kExit);
    return;
  }
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.next_child == top.node->children.size()) {
      Node* done = top.node;
      stack.pop_back();
      visit(*done, MdEvent::kExit);
      continue;
    }
    Node& child = top.node->children[top.next_child++];
    if (enter(child)) {
      stack.push_back({&child, 0});  // `top` is not used past this point
    } else {
      visit(child, MdEvent::kExit);
    }
  }
}

// Text of a node and its descendants, as plain words (for heading ids,
// alt text, titles).
std::string PlainText(const MdNode& node);

// Parses a page body. `first_line` is the file line the body starts on, so
// positions point into the page file. Raw HTML is reported as an error
// [raw-html] and dropped from the tree.
MdNode ParseMarkdown(std::string_view body, const std::string& file, int first_line, Diagnostics& diagnostics);

}  // namespace publish
