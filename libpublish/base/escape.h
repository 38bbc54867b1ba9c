// Escaping text for HTML and XML output (pages, sitemaps, SSML, reports).
#pragma once

#include <string>
#include <string_view>

namespace publish {

// Both drop the characters no output may carry (see IsForbiddenCharacter in
// text.h) and replace invalid UTF-8 with U+FFFD, so whatever a caller passes
// the result is well-formed.

// & < > " escaped: safe in HTML text and double-quoted attributes.
std::string EscapeHtml(std::string_view text);
// As EscapeHtml, and ' as &apos;: safe anywhere in XML.
std::string EscapeXml(std::string_view text);

}  // namespace publish
