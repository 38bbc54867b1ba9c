// The text channel: every public page as UTF-8 plain text (.txt), wrapped
// to a chosen width, with links as numbered references listed at the end.
#pragma once

#include <memory>
#include <string>

#include "libpublish/channel/channel.h"

namespace publish {

// What a technician chooses for a build of the text channel.
struct TextOptions {
  int width = 72;  // columns to wrap at; 0: do not wrap
};

std::unique_ptr<Channel> MakeTextChannel(const TextOptions& options);

// One page as the text channel writes it, for applications that want a
// page as text without a build. `site` must have its links resolved.
// `cited`, when given, receives every address the text gives (see
// RenderedContents::links).
std::string RenderTextPage(const Site& site, const Page& page, const TextOptions& options,
                           std::vector<std::string>* cited = nullptr);

// Where the text channel writes a page, below its output folder:
// "bins/collection-days.txt", "bins/index.txt", "index.txt".
std::string TextOutputPath(const Page& page);

}  // namespace publish
