// SHA-256 digests, for cache keys: the only code that includes OpenSSL.
#pragma once

#include <string>
#include <string_view>

namespace publish {

// The SHA-256 digest of `data` as 64 lower-case hex digits. OpenSSL's
// digest cannot fail for in-memory data short of running out of memory;
// then the result is "" (no key ever matches it).
std::string Sha256Hex(std::string_view data);

}  // namespace publish
