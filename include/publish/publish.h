/* The C API for embedding libpublish: render one Markdown document to one channel. */
#ifndef PUBLISH_PUBLISH_H
#define PUBLISH_PUBLISH_H

#include <stddef.h>

#if defined(PUBLISH_C_BUILDING)
#define PUBLISH_API __attribute__((visibility("default")))
#else
#define PUBLISH_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* What a call returned. */
typedef enum publish_status {
  PUBLISH_OK = 0,             /* rendered; the document may still carry warnings */
  PUBLISH_CONTENT_ERRORS = 1, /* the document has errors: see its diagnostics; no text */
  PUBLISH_BAD_ARGUMENTS = 2,  /* a NULL pointer, an unknown channel or a bad struct_size */
  PUBLISH_INTERNAL_ERROR = 3  /* the library failed (out of memory, a bug); nothing rendered */
} publish_status;

/* How serious a diagnostic is. */
typedef enum publish_severity { PUBLISH_WARNING = 0, PUBLISH_ERROR = 1 } publish_severity;

/* Settings for one render. Set struct_size to sizeof(publish_options) and
   leave every field you do not use zeroed (NULL / 0): fields are only ever
   added at the end, so a caller built against an older header keeps
   working. Strings are UTF-8, NUL-terminated, and only read during the call. */
typedef struct publish_options {
  size_t struct_size;     /* sizeof(publish_options) as the caller knows it */
  const char* site_title; /* the site's name in page chrome; NULL: "Council" */
  const char* base_url;   /* absolute public address, e.g. "https://example.gov.uk/"; NULL: https://example.invalid/ */
  const char* language;   /* BCP 47 tag, e.g. "en-GB"; NULL: the library's default */
  int text_width;         /* columns the text channel wraps at; 0: its default (72); -1: no wrapping */
} publish_options;

/* The result of a render: the rendered bytes and the diagnostics. Opaque. */
typedef struct publish_document publish_document;

/* Renders `length` bytes of UTF-8 Markdown at `markdown` (with or without a
   "---" front matter block; NULL is allowed when length is 0) to the
   channel named `channel_name` ("public", "intranet", "kiosk", "text" or
   "audio"). A document without front matter is titled by its opening
   "# heading" (which then is not repeated in the body) or else by the site
   title. `options` may be NULL for the defaults. On PUBLISH_OK and
   PUBLISH_CONTENT_ERRORS, *out receives a document the caller frees with
   publish_document_free; on any other status *out is set to NULL (when
   `out` itself is not NULL). A document the channel does not hold (e.g.
   `visibility: internal` rendered to "public") is a content error with the
   check id "not-in-channel". Never prints and keeps no state between calls:
   safe to call from many threads at once. */
PUBLISH_API publish_status publish_render(const char* markdown, size_t length, const char* channel_name,
                                          const publish_options* options, publish_document** out);

/* The rendered bytes (HTML, plain text or SSML), NUL-terminated, valid until
   the document is freed; their length without the NUL goes to *length when
   `length` is not NULL. Empty when the render had errors or doc is NULL. */
PUBLISH_API const char* publish_document_text(const publish_document* doc, size_t* length);

/* How many diagnostics the render produced (0 for a NULL doc). */
PUBLISH_API size_t publish_document_diagnostic_count(const publish_document* doc);

/* Diagnostic `index` (0 <= index < count): each output pointer that is not
   NULL receives its severity, 1-based line and column in the document (0
   when it has none), message and stable check id (e.g. "body-h1").
   The strings are NUL-terminated UTF-8 and live as long as the document.
   Returns PUBLISH_BAD_ARGUMENTS for a NULL doc or an index out of range. */
PUBLISH_API publish_status publish_document_diagnostic(const publish_document* doc, size_t index,
                                                       publish_severity* severity, int* line, int* column,
                                                       const char** message, const char** check_id);

/* Frees a document from publish_render; NULL is ignored. */
PUBLISH_API void publish_document_free(publish_document* doc);

/* The library's version, e.g. "0.1.0"; a static string. */
PUBLISH_API const char* publish_version(void);

#ifdef __cplusplus
}
#endif

#endif /* PUBLISH_PUBLISH_H */
