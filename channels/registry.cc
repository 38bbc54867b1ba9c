#include "channels/registry.h"

#include <functional>
#include <utility>

#include "channels/audio/audio_channel.h"
#include "channels/intranet/intranet_channel.h"
#include "channels/kiosk/kiosk_channel.h"
#include "channels/public/public_channel.h"
#include "channels/text/text_channel.h"

namespace publish {
namespace {

using Factory = std::function<std::unique_ptr<Channel>(const ChannelOptions&)>;

const std::vector<std::pair<std::string, Factory>>& Factories() {
  static const std::vector<std::pair<std::string, Factory>> factories{
      {"public", [](const ChannelOptions& options) { return MakePublicChannel(options.public_base_path); }},
      {"intranet", [](const ChannelOptions& options) { return MakeIntranetChannel(options.intranet_base_path); }},
      {"kiosk", [](const ChannelOptions& options) { return MakeKioskChannel(options.kiosk); }},
      {"text", [](const ChannelOptions& options) { return MakeTextChannel(options.text); }},
      {"audio", [](const ChannelOptions& options) { return MakeAudioChannel(options.audio); }},
  };
  return factories;
}

}  // namespace

std::vector<std::string> AvailableChannelNames() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : Factories()) names.push_back(name);
  return names;
}

std::vector<ChannelInfo> AvailableChannels() {
  std::vector<ChannelInfo> infos;
  for (const auto& [name, factory] : Factories()) infos.push_back(factory({})->Info());
  return infos;
}

std::unique_ptr<Channel> MakeChannel(const std::string& name, const ChannelOptions& options) {
  for (const auto& [known, factory] : Factories()) {
    if (known == name) return factory(options);
  }
  return nullptr;
}

}  // namespace publish
