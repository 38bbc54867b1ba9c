// Kiosk QR codes: each is read back by a real decoder (zbarimg) from the
// SVG rendered to pixels (rsvg-convert), so the code says what it claims.
#include <catch2/catch.hpp>
#include <filesystem>

#include "channels/kiosk/qr_code.h"
#include "test_support.h"

namespace fs = std::filesystem;
using publish::QrCodeSvg;
using publish::test::TempDir;

namespace {}  // namespace

TEST_CASE("QR code: an address reads back exactly from the picture", "[kiosk][qr]") {
  REQUIRE(fs::exists("/usr/bin/zbarimg"));  // scripts/setup installs zbar-tools and librsvg2-bin
  for (const std::string address :
       {"https://www.gov.uk/council-tax-bands", "mailto:council.tax@northbridge.example.gov.uk", "tel:+441632960000",
        "https://www.northbridge.example.gov.uk/cy/talu-treth-y-cyngor/?q=ŵŷ&a=1#top"}) {
    std::string error;
    auto svg = QrCodeSvg(address, "QR code for " + address, error);
    INFO(address << " " << error);
    REQUIRE(svg.has_value());
    CHECK(publish::test::DecodedQrCode(*svg) == address);
  }
}

TEST_CASE("QR code: the SVG is self-contained, labelled, and has its quiet zone", "[kiosk][qr]") {
  std::string error;
  auto svg = QrCodeSvg("https://example.gov.uk/", "Scan to open <example> & more", error);
  REQUIRE(svg.has_value());
  CHECK_THAT(*svg, Catch::StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 33 33\" role=\"img\""));
  CHECK_THAT(*svg, Catch::Contains("<title>Scan to open &lt;example&gt; &amp; more</title>"));
  CHECK(svg->find("href") == std::string::npos);  // nothing fetched
  // 23 bytes at level M need version 2, 25 modules; four of white on each
  // side make 33, and no dark module sits in the quiet zone.
  CHECK(svg->find("M0 ") == std::string::npos);
  CHECK(svg->find("M3 ") == std::string::npos);
  CHECK_THAT(*svg, Catch::Contains("M4 4h7v1h-7z"));  // the finder pattern's top edge
  TempDir work;
  publish::test::WriteFile(work / "code.svg", *svg);
  auto lint = publish::test::Run({"/usr/bin/xmllint", "--noout", (work / "code.svg").string()});
  CHECK(lint.exit_code == 0);
}

TEST_CASE("QR code: text too long for any QR code is an error, not a broken picture", "[kiosk][qr]") {
  std::string error;
  CHECK_FALSE(QrCodeSvg(std::string(3000, 'x'), "too long", error).has_value());
  CHECK(error == "the text is too long for a QR code");
  CHECK_FALSE(QrCodeSvg("", "empty", error).has_value());
  CHECK(error == "there is nothing to encode");
}
