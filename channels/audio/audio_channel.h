// The audio channel: every public page as an SSML 1.1 script for speech
// synthesis (OUT/audio/bins/collection-days.ssml), and with --audio-wav a
// WAV file spoken by espeak-ng beside each script.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "libpublish/channel/channel.h"

namespace publish {

// The longest script recorded (as WAV, or as the kiosk's Listen), in bytes
// of SSML: about 1 hour 45 minutes of speech and 280 MB of 16-bit samples
// at espeak-ng's 22,050 Hz (the sample site's longest script is 6 KB).
// Checked as each page is rendered, before any recording.
inline constexpr size_t kMaxRecordedScriptBytes = 100'000;

// What a technician chooses for a build of the audio channel.
struct AudioOptions {
  bool record_wav = false;  // also record each script with espeak-ng into a WAV beside it
};

std::unique_ptr<Channel> MakeAudioChannel(const AudioOptions& options);

// "bins/collection-days.md" -> "bins/collection-days.ssml"; "bins/_index.md"
// -> "bins/index.ssml"; the home page "index.ssml".
std::string AudioScriptPath(const Page& page);

// The SSML script of `page` as `channel` reads it: its listing names only
// the pages that channel holds. The kiosk records the same script.
std::string SpokenScript(const Site& site, const Page& page, std::string_view channel);
// The espeak-ng voice for a page language: "cy" for Welsh, else "en-gb".
std::string VoiceFor(const std::string& language);

}  // namespace publish
