// The pages and assets the preview server adds of its own: the errors
// overlay and the reload script injected into served HTML, and the
// previews of the text and audio channels.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "libpublish/base/diagnostics.h"

namespace publish::cli {

// Below this path the server answers for itself; a site never has it (its
// hidden names are never published).
inline constexpr std::string_view kPreviewRoot = "/.preview/";

// Served at /.preview/live.js and /.preview/live.css: same-origin files,
// so a page's Content-Security-Policy of 'self' lets them run.
extern const char kLiveScript[];
extern const char kLiveStylesheet[];

// The overlay listing `errors` (nothing when there are none), accessible:
// a labelled region with a heading, dismissed by its button or Escape.
std::string ErrorsOverlay(const std::vector<Diagnostic>& errors, bool kept_last_good);
// `html` with the overlay, the stylesheet and the reload script (which
// knows the build it came from) put before its </body>.
std::string WithLiveReload(std::string html, uint64_t generation, const std::vector<Diagnostic>& errors,
                           bool kept_last_good);

// A page of the preview's own in a plain layout, with the live parts.
std::string PreviewPage(const std::string& title, const std::string& body_html, uint64_t generation,
                        const std::vector<Diagnostic>& errors, bool kept_last_good);
// The text channel's file as a person reads it: monospace, at its width.
std::string TextPreviewBody(const std::string& path, std::string_view text);
// The SSML script shown, with a play control for its speech.
std::string AudioPreviewBody(const std::string& path, std::string_view ssml, const std::string& speech_url);
// A list of links (address, words) under a heading.
std::string LinkListBody(const std::string& intro, const std::vector<std::pair<std::string, std::string>>& links);

}  // namespace publish::cli
