#include "channels/kiosk/qr_code.h"

#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "libpublish/base/escape.h"

namespace publish {
namespace {

struct QrCodeFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};
using QrCodePtr = std::unique_ptr<QRcode, QrCodeFree>;

constexpr int kQuietZone = 4;  // modules of white around the code, as the standard asks

}  // namespace

std::optional<std::string> QrCodeSvg(std::string_view text, std::string_view label, std::string& error) {
  if (text.empty()) {
    error = "there is nothing to encode";
    return std::nullopt;
  }
  std::string data(text);
  if (data.find('\0') != std::string::npos) {
    error = "the text holds a NUL byte";
    return std::nullopt;
  }
  // Level M recovers from 15% damage: a scratched or smudged screen.
  errno = 0;
  QrCodePtr code(QRcode_encodeString8bit(data.c_str(), 0, QR_ECLEVEL_M));
  if (!code) {
    error = errno == ERANGE ? "the text is too long for a QR code"
                            : std::string("cannot make a QR code: ") + std::strerror(errno == 0 ? EINVAL : errno);
    return std::nullopt;
  }
  const int width = code->width;
  const int size = width + 2 * kQuietZone;
  std::string path;
  path.reserve(static_cast<size_t>(width) * static_cast<size_t>(width));
  for (int y = 0; y < width; ++y) {
    // One rectangle per run of dark modules in a row.
    for (int x = 0; x < width;) {
      if ((code->data[y * width + x] & 1) == 0) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < width && (code->data[y * width + x + run] & 1) != 0) ++run;
      path += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) + "h" + std::to_string(run) +
              "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  std::string n = std::to_string(size);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + " " + n +
                    "\" role=\"img\" shape-rendering=\"crispEdges\" class=\"qr-code\"><title>" + EscapeXml(label) +
                    "</title><rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" +
                    path + "\"/></svg>";
  return svg;
}

}  // namespace publish
