#include "libpublish/base/escape.h"

#include "libpublish/base/text.h"

namespace publish {
namespace {

std::string Escape(std::string_view text, bool apostrophe) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    unsigned char byte = static_cast<unsigned char>(c);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        if (apostrophe) {
          out += "&apos;";
          break;
        }
        [[fallthrough]];
      default:
        if ((byte >= 0x20 && byte < 0x7F) || c == '\t' || c == '\n' || c == '\r') {
          out += c;
          break;
        }
        // Not even as a character reference: XML 1.0 forbids &#x1b;, and a
        // terminal showing the file would obey it.
        DecodedCodePoint decoded = DecodeCodePoint(text, i);
        if (decoded.code_point < 0) {
          out += "\xEF\xBF\xBD";
        } else if (!IsForbiddenCharacter(decoded.code_point)) {
          out.append(text.substr(i, decoded.length));
        }
        i += decoded.length;
        continue;
    }
    ++i;
  }
  return out;
}

}  // namespace

std::string EscapeHtml(std::string_view text) { return Escape(text, false); }
std::string EscapeXml(std::string_view text) { return Escape(text, true); }

}  // namespace publish
