#include "libpublish/base/paths.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace publish {

std::optional<std::string> JoinAndNormalize(std::string_view base, std::string_view relative) {
  // Views into `base` and `relative`, in a list each thread reuses: a link
  // check joins hundreds of thousands of paths, so nothing is allocated
  // but the result.
  thread_local std::vector<std::string_view> parts;
  parts.clear();
  auto push_segments = [&](std::string_view text) -> bool {
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('/', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view segment = text.substr(start, end - start);
      if (segment == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else if (!segment.empty() && segment != ".") {
        parts.push_back(segment);
      }
      start = end + 1;
    }
    return true;
  };
  if (!relative.empty() && relative.front() == '/') {
    if (!push_segments(relative)) return std::nullopt;
  } else if (!push_segments(base) || !push_segments(relative)) {
    return std::nullopt;
  }
  size_t size = parts.empty() ? 0 : parts.size() - 1;
  for (std::string_view part : parts) size += part.size();
  std::string joined;
  joined.reserve(size);
  for (std::string_view part : parts) {
    if (!joined.empty()) joined += '/';
    joined += part;
  }
  return joined;
}

std::string ParentFolder(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

std::string FileName(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string Extension(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = name.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? std::string() : std::string(name.substr(dot));
}

std::optional<std::string> PercentDecode(std::string_view text) {
  auto is_control = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; };
  if (text.find('%') == std::string_view::npos) {  // most links: nothing to decode
    if (std::any_of(text.begin(), text.end(), is_control)) return std::nullopt;
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int high = hex(text[i + 1]);
      int low = hex(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    }
    if (is_control(c)) return std::nullopt;
    out += c;
  }
  return out;
}

namespace {

// %XX for every byte `plain` does not keep.
template <typename Plain>
std::string PercentEncode(std::string_view text, Plain plain) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (plain(text, i)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string PercentEncodePath(std::string_view path) {
  return PercentEncode(path, [](std::string_view text, size_t i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~' || c == '/' || c >= 0x80;
  });
}

std::string PercentEncodeUrl(std::string_view url) {
  return PercentEncode(url, [](std::string_view text, size_t i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    auto is_hex = [&](size_t at) { return at < text.size() && std::isxdigit(static_cast<unsigned char>(text[at])); };
    if (c == '%') return is_hex(i + 1) && is_hex(i + 2);  // an escape already there
    return std::isalnum(c) != 0 ||
           std::string_view(";/?:@&=+$,-_.!~*'()#").find(static_cast<char>(c)) != std::string_view::npos;
  });
}

bool IsSafeRelativePath(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.find('\\') != std::string_view::npos) return false;
  for (unsigned char c : path) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  auto normalized = JoinAndNormalize("", path);
  return normalized && *normalized == path;
}

bool IsWithin(const std::filesystem::path& path, const std::filesystem::path& folder) {
  auto mismatch = std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
  // A trailing separator ("out/") ends in an empty element.
  return mismatch.first == folder.end() || (std::next(mismatch.first) == folder.end() && mismatch.first->empty());
}

}  // namespace publish
