#include "cli/common.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "channels/registry.h"

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

void PrintDiagnostics(const Diagnostics& diagnostics) {
  for (const auto& diagnostic : diagnostics.Sorted())
    std::fprintf(stderr, "%s\n", FormatDiagnostic(diagnostic).c_str());
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
