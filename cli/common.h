// What the commands share: exit codes, "today", channel choice, and
// printing diagnostics to stderr.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "channels/registry.h"
#include "libpublish/base/date.h"
#include "libpublish/base/diagnostics.h"
#include "libpublish/channel/channel.h"
#include "libpublish/pipeline/pipeline.h"

namespace publish::cli {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitContentErrors = 1;
inline constexpr int kExitUsage = 2;

int ExitCodeFor(Outcome outcome);
// SOURCE_DATE_EPOCH when set (reproducible builds), else the clock.
// Returns false with a message when SOURCE_DATE_EPOCH is malformed.
bool Today(Date& today, std::string& error);
int DefaultJobs();
// Makes the named channels (all available ones when `names` is empty).
// Returns false with a message naming the unknown one.
bool MakeChannels(const std::vector<std::string>& names, const ChannelOptions& options,
                  std::vector<std::unique_ptr<Channel>>& channels, std::string& error);
void PrintDiagnostics(const Diagnostics& diagnostics);
std::string PluralCount(size_t count, const char* singular, const char* plural);
// A file that appears whole or not at all: written beside its place,
// checked through close (a full disk shows only there), then renamed over.
bool WriteWholeFile(const std::string& path, const std::string& contents, std::string& error);

}  // namespace publish::cli
