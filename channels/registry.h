// The built-in channels, by name: the one list of them. Adding a channel
// means a folder under channels/ and one line in registry.cc.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "channels/audio/audio_channel.h"
#include "channels/kiosk/kiosk_channel.h"
#include "channels/text/text_channel.h"
#include "libpublish/channel/channel.h"

namespace publish {

// What a technician chooses per build, each part read by its own channel.
struct ChannelOptions {
  TextOptions text;
  AudioOptions audio;
  KioskOptions kiosk;
  // Where root-relative addresses start in the public site and the
  // intranet ("" for the path of base_url and intranet_url): a preview
  // server serves them side by side. The kiosk's is kiosk.base_path.
  std::string public_base_path;
  std::string intranet_base_path;
};

// Names of the channels this build of the library can render, in order.
std::vector<std::string> AvailableChannelNames();
// What every available channel is, as data (BuildOptions::known_channels).
std::vector<ChannelInfo> AvailableChannels();
// A channel, or nullptr for an unknown name.
std::unique_ptr<Channel> MakeChannel(const std::string& name, const ChannelOptions& options = {});

}  // namespace publish
