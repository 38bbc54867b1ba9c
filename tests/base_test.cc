#include <catch2/catch.hpp>

#include "libpublish/base/text.h"

using namespace publish;

TEST_CASE("Text: heading slugs are GitHub-style", "[text]") {
  CHECK(HeadingSlug("Pay your council tax") == "pay-your-council-tax");
  CHECK(HeadingSlug("What's new?") == "whats-new");
}
