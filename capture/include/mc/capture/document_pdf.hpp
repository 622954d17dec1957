#pragma once
// One PDF per document of a dossier: one page per scanned page, each a JPEG embedded as it is (DCT, so
// `pdfimages -j` gives back the very bytes), at the size the page was scanned (pixels / dpi). Written with
// cairo's PDF surface; read back with poppler (page count, pages as pictures for the staff screen).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include "mc/capture/raster.hpp"
#include "mc/core/captured_page.hpp"

namespace mc::capture {

struct PdfMetadata {
  std::string title;                      // the document's name (tên giấy tờ), e.g. "Giấy khám sức khỏe"
  std::string subject;                    // the dossier code, e.g. "000.00.15.G12-260302-1001"
  std::string keywords;                   // the document code (mã thành phần hồ sơ), e.g. "TP2"
  std::string created_at;                 // ISO 8601 with offset, "2026-03-02T09:00:00+07:00"; empty: not written
  std::string creator = "Một Cửa Kiosk";  // i18n-exempt: the product's name in the PDF's Creator field
};

// Throws std::runtime_error when cairo fails (out of memory) or a page is not a JPEG.
std::vector<uint8_t> build_document_pdf(const std::vector<const CapturedPage*>& pages, const PdfMetadata& metadata);

struct PdfInfo {
  int pages = 0;
  std::string title, subject, keywords;
};
// nullopt (with `error`) when poppler cannot read it as a PDF, it is encrypted, or it has no page.
std::optional<PdfInfo> inspect_pdf(const std::vector<uint8_t>& pdf, std::string& error);

// A PDF given as it is (`kioskctl submit --attach TP2=FILE.pdf`) with the document's name, the dossier code and
// the document code set in its Title, Subject and Keywords, as the kiosk's own PDFs have them. poppler appends
// them as an incremental update: the original bytes (its pages, any signature) stay as they were, in front.
// Written through a memory file (memfd), never to disk in the clear. nullopt (with `error`) when poppler cannot
// read or write it.
std::optional<std::vector<uint8_t>> pdf_with_metadata(const std::vector<uint8_t>& pdf, const PdfMetadata& metadata,
                                                      std::string& error);

// Page `index` (0-based) drawn at `dpi` as RGB, for the staff screen. nullopt when it cannot be drawn.
std::optional<Raster> render_pdf_page(const std::vector<uint8_t>& pdf, int index, double dpi);

// A photo or a scan in a file (JPEG as it is; PNG and other formats stb_image reads, encoded as JPEG),
// as a page for build_document_pdf: `kioskctl submit --attach TP2=photo.jpg`. dpi: the file's own when it
// says, else `default_dpi`. nullopt (with `error`) when it is not an image.
std::optional<CapturedPage> page_from_image_file(const std::vector<uint8_t>& bytes, int default_dpi,
                                                 std::string& error);

// "%PDF-" at the start: what the kiosk accepts as a PDF before poppler has a look.
bool looks_like_pdf(const std::vector<uint8_t>& bytes);

}  // namespace mc::capture
