// The built-in channels, by name. Adding a channel means a folder under
// channels/ and one line in registry.cc.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "libpublish/channel/channel.h"

namespace publish {

// Names of the channels this build of the library can render, in order.
std::vector<std::string> AvailableChannelNames();
// A fresh channel for one build, or nullptr for an unknown name.
std::unique_ptr<Channel> MakeChannel(const std::string& name, const ChannelSettings& settings = {});

}  // namespace publish
