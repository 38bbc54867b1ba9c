// Resolves every link, image, related entry and alias of a site against its
// pages, headings and files, and enforces the visibility rules.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "libpublish/base/diagnostics.h"
#include "libpublish/content/site.h"

namespace publish {

// Fills PageLink::kind/target/fragment/asset_path and Page::related;
// reports broken links, missing fragments, public-to-internal links, bad
// mailto:/tel: forms, http: warnings and aliases that are no site path.
// `hook`, when set, stands in for resolving one page's links and related
// entries: `resolve` does it afresh, adding that page's findings to the
// Diagnostics it is given; an incremental build instead keeps a page's
// resolution while nothing it reads has changed.
using PageLinkHook =
    std::function<void(Page& page, const std::function<void(Diagnostics&)>& resolve, Diagnostics& diagnostics)>;
void ResolveLinks(Site& site, Diagnostics& diagnostics, int jobs = 1, const PageLinkHook& hook = {});

// No two things the build writes (pages, aliases' redirect pages, static,
// content and theme files, generated files) may take one output path, and
// none may need a folder where another writes a file; no index.html under
// content/. Reads only the site's pages, their addresses and its files.
void CheckOutputPaths(const Site& site, Diagnostics& diagnostics);

// An alias as a normalised site path ("/counciltax/pay.aspx"), or nullopt
// when it is not a safe path.
std::optional<std::string> NormalizeAlias(const std::string& alias);

// The file an alias's redirect page is written to, below a channel's
// root: "/old/" and "/old" -> "old/index.html"; "/a.aspx" -> "a.aspx".
std::string AliasOutputFile(const std::string& alias_path);

}  // namespace publish
