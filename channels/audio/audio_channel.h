// The audio channel: every public page as an SSML 1.1 script for speech
// synthesis (OUT/audio/bins/collection-days.ssml), and with --audio-wav a
// WAV file spoken by espeak-ng beside each script.
#pragma once

#include <memory>
#include <string>

#include "libpublish/channel/channel.h"

namespace publish {

// What a technician chooses for a build of the audio channel.
struct AudioOptions {
  bool record_wav = false;  // also record each script with espeak-ng into a WAV beside it
};

std::unique_ptr<Channel> MakeAudioChannel(const AudioOptions& options);

// "bins/collection-days.md" -> "bins/collection-days.ssml"; "bins/_index.md"
// -> "bins/index.ssml"; the home page "index.ssml".
std::string AudioScriptPath(const Page& page);

}  // namespace publish
