// The kiosk: the home page and the sections in `kiosk.sections`, made for
// a touch screen in a council office. Large targets, Home, Back and "Ask a
// member of staff" at the foot of every screen, no way off the kiosk (an
// address it cannot open becomes a QR code with the address written out),
// self-contained under OUT/kiosk/, an idle reset that leaves nothing of a
// visit behind, and with recordings a "Listen" control on every page.
#pragma once

#include <memory>
#include <string>

#include "libpublish/channel/channel.h"

namespace publish {

// What a technician chooses for a build of the kiosk.
struct KioskOptions {
  // Record every page read aloud for its Listen control (slow: speech).
  bool record = false;
  // Where recordings are kept between builds, keyed by their script, so a
  // rebuild records only what changed; "" keeps none.
  std::string recordings_cache;
  // Where the kiosk's root-relative addresses start: "/" for a kiosk
  // served at its own root, "/kiosk/" beside the public site in a preview.
  std::string base_path = "/";
};

std::unique_ptr<Channel> MakeKioskChannel(const KioskOptions& options);

}  // namespace publish
