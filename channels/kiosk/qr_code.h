// QR codes as SVG images, for the kiosk: an address a resident cannot tap
// (an external site, an email, a phone number, a download) is shown as a
// code to scan with a phone. The only code that includes libqrencode.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace publish {

// `text` (UTF-8, as it is: an address) as a self-contained SVG image with a
// quiet zone of four modules, dark modules on white, and `label` as its
// accessible name (<title>). nullopt with `error` set when the text is too
// long for a QR code or cannot be encoded.
std::optional<std::string> QrCodeSvg(std::string_view text, std::string_view label, std::string& error);

}  // namespace publish
