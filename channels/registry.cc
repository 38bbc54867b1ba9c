#include "channels/registry.h"

#include <functional>
#include <utility>

#include "channels/public/public_channel.h"

namespace publish {
namespace {

const std::vector<std::pair<std::string, std::function<std::unique_ptr<Channel>()>>>& Factories() {
  static const std::vector<std::pair<std::string, std::function<std::unique_ptr<Channel>()>>> factories{
      {"public", MakePublicChannel},
  };
  return factories;
}

}  // namespace

std::vector<std::string> AvailableChannelNames() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : Factories()) names.push_back(name);
  return names;
}

std::unique_ptr<Channel> MakeChannel(const std::string& name) {
  for (const auto& [known, factory] : Factories()) {
    if (known == name) return factory();
  }
  return nullptr;
}

}  // namespace publish
