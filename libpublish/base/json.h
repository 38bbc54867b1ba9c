// JSON for machine-readable output (reports, JSON-LD): the one wrapper over
// nlohmann/json. Build a Json value, then write it with JsonText, which
// never throws and always gives valid JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace publish {

// Objects keep their keys in insertion order, so output reads as written.
using Json = nlohmann::ordered_json;

enum class JsonLayout { kCompact, kIndented };

// `value` as JSON text, safe inside an HTML <script> element: '<', '>' and
// '&' are written as \u escapes. Control characters, DEL, C1 controls,
// noncharacters and U+2028/U+2029 are \u escapes too, and each invalid
// UTF-8 sequence in a string becomes \ufffd, so the result is valid JSON
// (and valid UTF-8) whatever bytes the strings held. kIndented ends in a
// newline; kCompact is one line.
std::string JsonText(const Json& value, JsonLayout layout = JsonLayout::kCompact);

// One string as a quoted JSON string literal, escaped as JsonText does.
inline std::string JsonString(std::string_view text) { return JsonText(Json(std::string(text))); }

}  // namespace publish
