// Escaping text for HTML and XML output (pages, sitemaps, SSML, reports).
#pragma once

#include <string>
#include <string_view>

namespace publish {

// & < > " escaped: safe in HTML text and double-quoted attributes.
std::string EscapeHtml(std::string_view text);
// As EscapeHtml, and ' as &apos;: safe anywhere in XML.
std::string EscapeXml(std::string_view text);

}  // namespace publish
