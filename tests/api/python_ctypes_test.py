#!/usr/bin/python3
"""Loads the C API's shared library with ctypes and renders one document to every channel."""
import ctypes
import sys

OK, CONTENT_ERRORS, BAD_ARGUMENTS = 0, 1, 2
NOTICE = ("---\ntitle: Road closure on High Street\n---\n\n"
          "High Street is closed from **3 March** while the water main is replaced.\n\n"
          "## Diversions\n\nFollow the signs along Station Road.\n").encode("utf-8")


class Options(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t), ("site_title", ctypes.c_char_p),
                ("base_url", ctypes.c_char_p), ("language", ctypes.c_char_p), ("text_width", ctypes.c_int)]


def main():
    lib = ctypes.CDLL(sys.argv[1])
    lib.publish_version.restype = ctypes.c_char_p
    lib.publish_render.restype = ctypes.c_int
    lib.publish_render.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                   ctypes.POINTER(Options), ctypes.POINTER(ctypes.c_void_p)]
    lib.publish_document_text.restype = ctypes.c_void_p
    lib.publish_document_text.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_size_t)]
    lib.publish_document_diagnostic_count.restype = ctypes.c_size_t
    lib.publish_document_diagnostic_count.argtypes = [ctypes.c_void_p]
    lib.publish_document_diagnostic.restype = ctypes.c_int
    lib.publish_document_diagnostic.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_int),
                                                ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int),
                                                ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_char_p)]
    lib.publish_document_free.restype = None
    lib.publish_document_free.argtypes = [ctypes.c_void_p]

    failures = []
    version = lib.publish_version().decode()
    if not version or not version[0].isdigit():
        failures.append(f"version {version!r}")

    options = Options(ctypes.sizeof(Options), b"Riverside Council", b"https://riverside.example.gov.uk/", b"en-GB", 0)
    expected = {"public": b"<!DOCTYPE html>", "intranet": b"<!DOCTYPE html>", "kiosk": b"<!DOCTYPE html>",
                "text": b"Station Road", "audio": b"<speak"}
    for channel, marker in expected.items():
        doc = ctypes.c_void_p()
        status = lib.publish_render(NOTICE, len(NOTICE), channel.encode(), ctypes.byref(options), ctypes.byref(doc))
        if status != OK or not doc:
            failures.append(f"{channel}: status {status}")
            continue
        length = ctypes.c_size_t()
        text = ctypes.string_at(lib.publish_document_text(doc, ctypes.byref(length)), length.value)
        if marker not in text or b"Station Road" not in text:
            failures.append(f"{channel}: {marker!r} or the body missing from {text[:200]!r}")
        if lib.publish_document_diagnostic_count(doc) != 0:
            failures.append(f"{channel}: unexpected diagnostics")
        lib.publish_document_free(doc)

    broken = b"---\ntitle: Bins\n---\n\n# Collection days\n"
    doc = ctypes.c_void_p()
    status = lib.publish_render(broken, len(broken), b"text", None, ctypes.byref(doc))
    if status != CONTENT_ERRORS or lib.publish_document_diagnostic_count(doc) < 1:
        failures.append(f"broken document: status {status}")
    else:
        severity, line, column = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        message, check_id = ctypes.c_char_p(), ctypes.c_char_p()
        lib.publish_document_diagnostic(doc, 0, ctypes.byref(severity), ctypes.byref(line), ctypes.byref(column),
                                        ctypes.byref(message), ctypes.byref(check_id))
        if (severity.value, line.value, check_id.value) != (1, 5, b"body-h1"):
            failures.append(f"broken document: {severity.value} {line.value} {check_id.value!r} {message.value!r}")
    lib.publish_document_free(doc)

    doc = ctypes.c_void_p()
    if lib.publish_render(NOTICE, len(NOTICE), b"fax", None, ctypes.byref(doc)) != BAD_ARGUMENTS or doc:
        failures.append("an unknown channel was not refused")

    for failure in failures:
        print("FAIL:", failure)
    print(f"publish {version}: {len(expected)} channels, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
