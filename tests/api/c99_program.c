/* Built as C99 and run by ctest (CApi.C99Program): the C API used from plain C. */
#include <string.h>

#include "publish/publish.h"

int main(void) {
  static const char kNotice[] = "---\ntitle: Road closure\n---\n\nHigh Street is closed.\n";
  publish_options options = {sizeof(publish_options), "Council", "https://example.gov.uk/", "en-GB", 0};
  publish_document* doc = NULL;
  size_t length = 0;
  const char* text;
  int ok;
  if (publish_render(kNotice, strlen(kNotice), "text", &options, &doc) != PUBLISH_OK) return 1;
  text = publish_document_text(doc, &length);
  ok = length == strlen(text) && strstr(text, "High Street is closed.") != NULL;
  publish_document_free(doc);
  return ok && publish_version()[0] != '\0' ? 0 : 1;
}
