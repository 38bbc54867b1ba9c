// The audio channel: every public page as an SSML 1.1 script for speech
// synthesis (OUT/audio/bins/collection-days.ssml), and with --audio-wav a
// WAV file spoken by espeak-ng beside each script.
#pragma once

#include <memory>
#include <string>

#include "libpublish/channel/channel.h"

namespace publish {

std::unique_ptr<Channel> MakeAudioChannel(const ChannelSettings& settings);

// "bins/collection-days.md" -> "bins/collection-days.ssml"; "bins/_index.md"
// -> "bins/index.ssml"; the home page "index.ssml".
std::string AudioScriptPath(const Page& page);

}  // namespace publish
