#include "libpublish/base/json.h"

#include <exception>

#include "libpublish/base/text.h"

namespace publish {
namespace {

void AppendUnicodeEscape(std::string& out, unsigned value) {
  static const char* kHex = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 15];
}

// nlohmann leaves these raw inside strings. Outside strings JSON text holds
// only ASCII punctuation, digits, letters and spaces, so escaping them
// wherever they appear changes strings only.
bool NeedsEscape(int32_t code_point) {
  return code_point == '<' || code_point == '>' || code_point == '&' || IsForbiddenCharacter(code_point) ||
         code_point == 0x2028 || code_point == 0x2029 || code_point == 0xFFFD;
}

std::string EscapeForScripts(const std::string& dumped) {
  std::string out;
  out.reserve(dumped.size());
  size_t i = 0;
  while (i < dumped.size()) {
    DecodedCodePoint decoded = DecodeCodePoint(dumped, i);
    size_t length = decoded.length;
    if (decoded.code_point < 0) {
      AppendUnicodeEscape(out, 0xFFFD);  // cannot happen after kReplace; stays valid anyway
    } else if (!NeedsEscape(decoded.code_point)) {
      out.append(dumped, i, length);
    } else if (decoded.code_point > 0xFFFF) {
      // Beyond the BMP a noncharacter is written as a surrogate pair.
      unsigned value = static_cast<unsigned>(decoded.code_point) - 0x10000;
      AppendUnicodeEscape(out, 0xD800 + (value >> 10));
      AppendUnicodeEscape(out, 0xDC00 + (value & 0x3FF));
    } else {
      AppendUnicodeEscape(out, static_cast<unsigned>(decoded.code_point));
    }
    i += length;
  }
  return out;
}

}  // namespace

std::string JsonText(const Json& value, JsonLayout layout) {
  try {
    // kReplace: invalid UTF-8 becomes U+FFFD instead of an exception.
    std::string dumped =
        value.dump(layout == JsonLayout::kIndented ? 2 : -1, ' ', false, Json::error_handler_t::replace);
    if (layout == JsonLayout::kIndented) dumped += '\n';
    return EscapeForScripts(dumped);
  } catch (const std::exception&) {
    // Only allocation failure is left; a report of null is still JSON.
    return "null";
  }
}

}  // namespace publish
