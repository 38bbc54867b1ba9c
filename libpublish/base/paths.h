// Site-relative paths: joining, normalising, and refusing any path that
// would leave its root. All paths use '/' and never start with it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace publish {

// Joins `relative` onto the folder `base` and resolves "." and "..".
// Returns nullopt when the result would climb above the root.
std::optional<std::string> JoinAndNormalize(std::string_view base, std::string_view relative);
// "a/b/c.md" -> "a/b"; "c.md" -> "".
std::string ParentFolder(std::string_view path);
// "a/b/c.md" -> "c.md".
std::string FileName(std::string_view path);
// "c.md" -> ".md"; "" when there is none.
std::string Extension(std::string_view path);
// Decodes %XX escapes in a link path; nullopt when malformed or when it
// decodes to a NUL or another control character.
std::optional<std::string> PercentDecode(std::string_view text);
// Escapes the characters a URL path cannot carry as they are.
std::string PercentEncodePath(std::string_view path);
// Escapes what a URL written by an editor cannot carry as it is (spaces,
// backslashes, quotes, brackets, non-ASCII bytes), keeping its reserved
// characters and any %XX escape already there, as CommonMark renderers do.
std::string PercentEncodeUrl(std::string_view url);
// True for a normalised relative path that stays below its root.
bool IsSafeRelativePath(std::string_view path);
// True when `path` is `folder` or below it (both absolute and normal).
bool IsWithin(const std::filesystem::path& path, const std::filesystem::path& folder);

}  // namespace publish
