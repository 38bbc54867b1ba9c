#include "cli/common.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <thread>

#include "channels/registry.h"
#include "libpublish/base/paths.h"
#include "libpublish/base/site_files.h"
#include "libpublish/base/text.h"

namespace publish::cli {

int ExitCodeFor(Outcome outcome) {
  switch (outcome) {
    case Outcome::kSuccess:
      return kExitSuccess;
    case Outcome::kContentErrors:
      return kExitContentErrors;
    default:
      return kExitUsage;
  }
}

bool Today(Date& today, std::string& error) {
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (epoch != nullptr && *epoch != '\0') {
    std::string text = epoch;
    long long seconds = 0;
    auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (code != std::errc() || end != text.data() + text.size() || seconds < 0) {
      error = "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not '" + text + "'";
      return false;
    }
    today = Date::FromUnixSeconds(seconds);
    return true;
  }
  auto now = std::chrono::system_clock::now();
  today = Date::FromUnixSeconds(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  return true;
}

int DefaultJobs() {
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

bool MakeChannels(const std::vector<std::string>& names, const ChannelOptions& options,
                  std::vector<std::unique_ptr<Channel>>& channels, std::string& error) {
  std::vector<std::string> wanted = names.empty() ? AvailableChannelNames() : names;
  for (const auto& name : wanted) {
    bool duplicate = false;
    for (const auto& made : channels) duplicate = duplicate || made->Name() == name;
    if (duplicate) continue;
    auto channel = MakeChannel(name, options);
    if (!channel) {
      std::string known;
      for (const auto& available : AvailableChannelNames()) known += (known.empty() ? "" : ", ") + available;
      error =
          "unknown channel '" + name + "'" + DidYouMean(name, AvailableChannelNames()) + "; this build has: " + known;
      return false;
    }
    channels.push_back(std::move(channel));
  }
  return true;
}

std::optional<std::filesystem::path> NearestSiteAbove(const std::filesystem::path& start) {
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(start, error).lexically_normal();
  if (error) return std::nullopt;
  for (std::filesystem::path folder = absolute; !folder.empty(); folder = folder.parent_path()) {
    if (std::filesystem::exists(folder / "site.yaml", error)) return folder;
    if (folder == folder.root_path()) break;
  }
  return std::nullopt;
}

bool FindSite(const std::string& command, const std::string& given, std::filesystem::path& site, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code fs_error;
  if (given.empty()) {
    if (fs::exists("site.yaml", fs_error)) {
      site = ".";
      return true;
    }
    if (auto found = NearestSiteAbove(fs::current_path(fs_error))) {
      site = *found;
      return true;
    }
    error = "no site.yaml in " + VisiblyEscaped(fs::current_path(fs_error).string()) +
            " or any folder above it; run publish " + command +
            " in a site folder (one holding site.yaml and content/), or name one: publish " + command +
            " SITE [missing-site-config]";
    return false;
  }
  site = given;
  if (fs::is_regular_file(site, fs_error)) {
    error = VisiblyEscaped(given) + " is a file; publish " + command + " takes the site folder";
    if (auto above = NearestSiteAbove(site.parent_path().empty() ? fs::path(".") : site.parent_path())) {
      error += ": publish " + command + " " + VisiblyEscaped(above->string());
    }
    return false;
  }
  bool is_folder = fs::is_directory(site, fs_error);
  // Anything but "not there" (an I/O error, no permission) is said as it is.
  auto unreadable = [&](const fs::path& path) {
    error = "cannot read " + VisiblyEscaped(path.string()) + ": " + fs_error.message() + " [site-unreadable]";
    return false;
  };
  if (fs_error && fs_error != std::errc::no_such_file_or_directory && fs_error != std::errc::not_a_directory) {
    return unreadable(site);
  }
  if (!is_folder) {
    error = "the site folder does not exist: " + VisiblyEscaped(given);
    auto channels = AvailableChannelNames();
    if (std::find(channels.begin(), channels.end(), given) != channels.end()) {
      error += "; '" + given + "' is a channel: write --channel before each channel's name (--channel public " +
               "--channel " + given + ")";
    }
    return false;
  }
  // A site.yaml that is there but unusable (a pipe, unreadable) is the loader's to explain.
  if (fs::exists(fs::symlink_status(site / "site.yaml", fs_error))) return true;
  if (fs_error && fs_error != std::errc::no_such_file_or_directory) return unreadable(site / "site.yaml");
  error =
      "no site.yaml in " + VisiblyEscaped(given) + ", so it is not a site folder (one holding site.yaml and content/)";
  if (auto above = NearestSiteAbove(site)) {
    error += "; the site above it is " + VisiblyEscaped(above->string()) + ": publish " + command + " " +
             VisiblyEscaped(above->string());
  }
  error += " [missing-site-config]";
  return false;
}

DiagnosticStyle StyleFor(int fd) {
  DiagnosticStyle style;
  const char* term = std::getenv("TERM");
  if (::isatty(fd) == 0 || (term != nullptr && std::string_view(term) == "dumb")) return style;
  style.excerpt = true;
  // https://no-color.org: present and not empty turns colour off, nothing else.
  const char* no_color = std::getenv("NO_COLOR");
  style.colour = no_color == nullptr || *no_color == '\0';
  struct winsize size {};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col >= 20) style.width = size.ws_col;
  return style;
}

struct DiagnosticFormatter::Cache {
  std::map<std::string, std::vector<std::string>> lines;
};

DiagnosticFormatter::DiagnosticFormatter(std::filesystem::path site, DiagnosticStyle style)
    : site_(std::move(site)), style_(style), cache_(std::make_unique<Cache>()) {}
DiagnosticFormatter::~DiagnosticFormatter() = default;

const std::vector<std::string>* DiagnosticFormatter::LinesOf(const std::string& file) {
  auto found = cache_->lines.find(file);
  if (found != cache_->lines.end()) return &found->second;
  std::vector<std::string>& lines = cache_->lines[file];
  // Read as the loader reads, so nothing but a site file is ever opened.
  if (site_.empty() || !IsSafeRelativePath(file)) return &lines;
  DiskSiteFiles files(site_);
  auto text = files.ReadFile(file);
  if (!text) return &lines;
  std::string_view rest = *text;
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);
  // Lines end as the loader counts them: LF, CRLF or a lone CR.
  while (!rest.empty()) {
    size_t end = rest.find_first_of("\r\n");
    lines.emplace_back(rest.substr(0, end));
    if (end == std::string_view::npos) break;
    end += rest.substr(end, 2) == "\r\n" ? 2 : 1;
    rest.remove_prefix(end);
  }
  return &lines;
}

namespace {

constexpr const char* kBold = "\033[1m";
constexpr const char* kRed = "\033[1;31m";
constexpr const char* kMagenta = "\033[1;35m";
constexpr const char* kGreen = "\033[1;32m";
constexpr const char* kReset = "\033[0m";

// One character of a source line as a terminal shows it: a tab as one
// space (so the caret stays under its column), anything unsafe escaped.
struct ShownCharacter {
  std::string text;
  int width;
};

std::vector<ShownCharacter> ShownCharacters(std::string_view line) {
  std::vector<ShownCharacter> out;
  for (size_t offset = 0; offset < line.size();) {
    DecodedCodePoint decoded = DecodeCodePoint(line, offset);
    std::string_view bytes = line.substr(offset, decoded.length);
    std::string text = decoded.code_point == '\t' ? std::string(" ") : VisiblyEscaped(bytes);
    out.push_back({text, std::max(0, DisplayWidth(text))});
    offset += decoded.length;
  }
  return out;
}

}  // namespace

std::string DiagnosticFormatter::Excerpt(const Diagnostic& diagnostic) {
  if (!style_.excerpt || diagnostic.position.line <= 0) return "";
  const auto* lines = LinesOf(diagnostic.position.file);
  if (lines == nullptr || static_cast<size_t>(diagnostic.position.line) > lines->size()) return "";
  std::vector<ShownCharacter> shown = ShownCharacters((*lines)[static_cast<size_t>(diagnostic.position.line) - 1]);
  size_t caret = std::min(shown.size(), static_cast<size_t>(std::max(1, diagnostic.position.column) - 1));
  std::string number = std::to_string(diagnostic.position.line);
  std::string gutter = " " + number + " | ";
  std::string blank_gutter = " " + std::string(number.size(), ' ') + " | ";
  // A long line is shown as a window around the caret, cut with "…".
  int room = std::max(20, style_.width - static_cast<int>(gutter.size()) - 1);
  size_t begin = caret;
  int used = 0;
  while (begin > 0 && used + shown[begin - 1].width <= room / 3) used += shown[--begin].width;
  if (begin == 1 && shown[0].width <= 1) begin = 0;  // no "…" standing in for one character
  int limit = room - (begin > 0 ? 1 : 0);
  size_t end = begin;
  used = 0;
  for (; end < shown.size(); ++end) {
    bool last = end + 1 == shown.size();
    if (used + shown[end].width > limit - (last ? 0 : 1)) break;
    used += shown[end].width;
  }
  std::string text = begin > 0 ? "…" : "";
  int indent = begin > 0 ? 1 : 0;
  for (size_t i = begin; i < end; ++i) text += shown[i].text;
  for (size_t i = begin; i < caret && i < end; ++i) indent += shown[i].width;
  if (end < shown.size()) text += "…";
  std::string marker = std::string(static_cast<size_t>(indent), ' ');
  marker += style_.colour ? std::string(kGreen) + "^" + kReset : "^";
  return gutter + text + "\n" + blank_gutter + marker + "\n";
}

std::string DiagnosticFormatter::Format(const Diagnostic& diagnostic) {
  std::string line;
  if (style_.colour) {
    // The contract's parts, as FormatDiagnostic escapes them, in colour.
    const SourcePosition& at = diagnostic.position;
    std::string where = at.file.empty() ? std::string("<site>") : VisiblyEscaped(at.file);
    if (at.line > 0) where += ':' + std::to_string(at.line) + ':' + std::to_string(std::max(1, at.column));
    bool error = diagnostic.severity == Severity::kError;
    line = std::string(kBold) + where + ":" + kReset + " " + (error ? kRed : kMagenta) +
           (error ? "error:" : "warning:") + kReset + " " + kBold + VisiblyEscaped(diagnostic.message) + kReset + " [" +
           VisiblyEscaped(diagnostic.check_id) + "]";
  } else {
    line = FormatDiagnostic(diagnostic);
  }
  return line + "\n" + Excerpt(diagnostic);
}

void PrintDiagnostics(const Diagnostics& diagnostics, const std::filesystem::path& site) {
  DiagnosticFormatter formatter(site, StyleFor(STDERR_FILENO));
  for (const auto& diagnostic : diagnostics.Sorted()) std::fputs(formatter.Format(diagnostic).c_str(), stderr);
}

std::string PluralCount(size_t count, const char* singular, const char* plural) {
  return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

bool WriteWholeFile(const std::string& path, const std::string& contents, std::string& error) {
  std::string temporary = path + ".publish-" + std::to_string(::getpid());
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  size_t done = 0;
  bool ok = true;
  while (ok && done < contents.size()) {
    ssize_t written = ::write(fd, contents.data() + done, contents.size() - done);
    if (written < 0 && errno == EINTR) continue;
    ok = written > 0;
    if (ok) done += static_cast<size_t>(written);
  }
  if (!ok) error = std::strerror(errno);
  if (::close(fd) != 0 && ok) {
    error = std::strerror(errno);
    ok = false;
  }
  if (ok && ::rename(temporary.c_str(), path.c_str()) != 0) {
    error = std::strerror(errno);
    ok = false;
  }
  if (!ok) ::unlink(temporary.c_str());
  return ok;
}

}  // namespace publish::cli
