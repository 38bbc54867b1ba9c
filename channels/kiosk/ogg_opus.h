// Speech as Ogg Opus, for the kiosk's recordings (browsers play
// audio/ogg; codecs=opus): the only code that includes libopusenc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace publish {

// 16-bit mono samples at `sample_rate` (espeak-ng's 22,050 Hz is resampled
// to Opus's 48 kHz) as an Ogg Opus file. Deterministic: the same samples
// give the same bytes on every run with the same libopus and libopusenc
// (a fixed stream serial number, no dated or random tags). nullopt with
// `error` set for a rate outside 8-192 kHz or when the encoder fails.
std::optional<std::string> EncodeOggOpus(const std::vector<short>& samples, int sample_rate, std::string& error);

// Everything besides the samples that decides EncodeOggOpus's bytes: its
// settings and the versions of libopus and libopusenc. A cache of
// recordings keys on it, so a change of either re-records.
std::string OggOpusEncoderId();

// True when `data` is one whole Ogg Opus stream: pages back to back with
// good checksums, the first holding the OpusHead header, the last marked
// end of stream. Catches a truncated or damaged file without decoding it.
bool IsCompleteOggOpus(std::string_view data);

}  // namespace publish
