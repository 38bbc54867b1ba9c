// A JSON string literal for machine-readable output (JSON-LD, reports).
#pragma once

#include <string>
#include <string_view>

#include "libpublish/base/text.h"

namespace publish {

// Quoted and escaped; '<', '>' and '&' are escaped too, so the result is
// safe inside an HTML <script> element. Control characters, DEL, C1
// controls, noncharacters and U+2028/U+2029 are written as \u escapes and
// each invalid UTF-8 sequence as \ufffd, so the result is valid JSON (and
// valid UTF-8) whatever bytes come in.
inline std::string JsonString(std::string_view text) {
  static const char* kHex = "0123456789abcdef";
  auto unicode_escape = [](std::string& out, unsigned value) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 15];
  };
  std::string out = "\"";
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F || c == '<' || c == '>' || c == '&') {
          unicode_escape(out, c);
        } else if (c < 0x80) {
          out += static_cast<char>(c);
        } else {
          DecodedCodePoint decoded = DecodeCodePoint(text, i);
          if (decoded.code_point < 0) {
            unicode_escape(out, 0xFFFD);
          } else if (IsForbiddenCharacter(decoded.code_point) || decoded.code_point == 0x2028 ||
                     decoded.code_point == 0x2029) {
            // Beyond the BMP a noncharacter is a surrogate pair.
            unsigned value = static_cast<unsigned>(decoded.code_point);
            if (value > 0xFFFF) {
              value -= 0x10000;
              unicode_escape(out, 0xD800 + (value >> 10));
              unicode_escape(out, 0xDC00 + (value & 0x3FF));
            } else {
              unicode_escape(out, value);
            }
          } else {
            out.append(text.substr(i, decoded.length));
          }
          i += decoded.length;
          continue;
        }
    }
    ++i;
  }
  return out + "\"";
}

}  // namespace publish
