#include "mc/capture/document_pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>

#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "mc/capture/jpeg.hpp"

// stb's implementation lives in libstb.so (STACK.md): the header only.
#include <stb_image.h>

namespace mc::capture {

namespace {

cairo_status_t append_to_vector(void* closure, const unsigned char* data, unsigned int length) {
  auto* out = static_cast<std::vector<uint8_t>*>(closure);
  out->insert(out->end(), data, data + length);
  return CAIRO_STATUS_SUCCESS;
}

// Poppler prints every oddity of a damaged file to stderr: the caller reports what matters.
void silence_poppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

std::unique_ptr<poppler::document> load_pdf(const std::vector<uint8_t>& pdf) {
  silence_poppler();
  if (pdf.empty() || pdf.size() > static_cast<size_t>(INT32_MAX)) return nullptr;
  return std::unique_ptr<poppler::document>(
      poppler::document::load_from_raw_data(reinterpret_cast<const char*>(pdf.data()), static_cast<int>(pdf.size())));
}

std::string utf8_of(const poppler::ustring& text) {
  const poppler::byte_array bytes = text.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace

bool looks_like_pdf(const std::vector<uint8_t>& bytes) {
  return bytes.size() >= 5 && std::memcmp(bytes.data(), "%PDF-", 5) == 0;
}

std::vector<uint8_t> build_document_pdf(const std::vector<const CapturedPage*>& pages, const PdfMetadata& metadata) {
  if (pages.empty()) throw std::invalid_argument("a document PDF needs at least one page");
  std::vector<uint8_t> out;
  auto points = [](int pixels, int dpi) { return pixels * 72.0 / (dpi > 0 ? dpi : 200); };
  cairo_surface_t* pdf =
      cairo_pdf_surface_create_for_stream(append_to_vector, &out, points(pages.front()->width, pages.front()->dpi),
                                          points(pages.front()->height, pages.front()->dpi));
  if (cairo_surface_status(pdf) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(pdf);
    throw std::runtime_error("cairo could not start the PDF");
  }
  auto set = [pdf](cairo_pdf_metadata_t key, const std::string& value) {
    if (!value.empty()) cairo_pdf_surface_set_metadata(pdf, key, value.c_str());
  };
  set(CAIRO_PDF_METADATA_TITLE, metadata.title);
  set(CAIRO_PDF_METADATA_SUBJECT, metadata.subject);
  set(CAIRO_PDF_METADATA_KEYWORDS, metadata.keywords);
  set(CAIRO_PDF_METADATA_CREATOR, metadata.creator);
  set(CAIRO_PDF_METADATA_CREATE_DATE, metadata.created_at);
  cairo_t* cr = cairo_create(pdf);
  std::string failure;
  for (const CapturedPage* page : pages) {
    auto info = jpeg_info(page->jpeg);
    if (!info || info->width != page->width || info->height != page->height) {
      failure = "a page is not the JPEG it claims to be";
      break;
    }
    const int dpi = page->dpi > 0 ? page->dpi : 200;
    cairo_pdf_surface_set_size(pdf, points(page->width, dpi), points(page->height, dpi));
    // cairo does not decode JPEG: a blank surface carries the JPEG bytes as its MIME data, and the PDF surface
    // embeds them as they are (DCTDecode), its /Width, /Height and /ColorSpace from the JPEG's own header (grey:
    // DeviceGray). The pixels are never read, so the surface is one pixel stretched over the page: a surface of the
    // page's size cost a 15 MB allocation plus cairo's copy of it for the page's recording (up to 200 ms a page on
    // a loaded machine) for the same bytes in the PDF.
    cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    cairo_surface_set_mime_data(image, CAIRO_MIME_TYPE_JPEG, page->jpeg.data(), page->jpeg.size(), nullptr, nullptr);
    cairo_save(cr);
    cairo_scale(cr, 72.0 / dpi * page->width, 72.0 / dpi * page->height);
    cairo_set_source_surface(cr, image, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_show_page(cr);
    cairo_surface_destroy(image);  // the PDF surface keeps its own reference until the page is written
  }
  cairo_destroy(cr);
  cairo_surface_finish(pdf);
  const cairo_status_t status = cairo_surface_status(pdf);
  cairo_surface_destroy(pdf);
  if (!failure.empty()) throw std::runtime_error(failure);
  if (status != CAIRO_STATUS_SUCCESS) throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(status));
  return out;
}

std::optional<PdfInfo> inspect_pdf(const std::vector<uint8_t>& pdf, std::string& error) {
  if (!looks_like_pdf(pdf)) {
    error = "not a PDF (it does not start with %PDF-)";
    return std::nullopt;
  }
  auto document = load_pdf(pdf);
  if (!document) {
    error = "the PDF cannot be read (damaged or truncated)";
    return std::nullopt;
  }
  if (document->is_locked() || document->is_encrypted()) {
    error = "the PDF is password-protected";
    return std::nullopt;
  }
  PdfInfo info;
  info.pages = document->pages();
  if (info.pages <= 0) {
    error = "the PDF has no page";
    return std::nullopt;
  }
  info.title = utf8_of(document->info_key("Title"));
  info.subject = utf8_of(document->info_key("Subject"));
  info.keywords = utf8_of(document->info_key("Keywords"));
  return info;
}

std::optional<std::vector<uint8_t>> pdf_with_metadata(const std::vector<uint8_t>& pdf, const PdfMetadata& metadata,
                                                      std::string& error) {
  auto document = load_pdf(pdf);  // reads `pdf` in place: it outlives the document
  if (!document || document->is_locked()) {
    error = "the PDF cannot be read";
    return std::nullopt;
  }
  auto set = [&](bool (poppler::document::*setter)(const poppler::ustring&), const std::string& value) {
    return value.empty() || (document.get()->*setter)(poppler::ustring::from_utf8(value.c_str()));
  };
  if (!set(&poppler::document::set_title, metadata.title) || !set(&poppler::document::set_subject, metadata.subject) ||
      !set(&poppler::document::set_keywords, metadata.keywords)) {
    error = "poppler could not set the PDF's metadata";
    return std::nullopt;
  }
  // poppler saves to a file name only: a memory file's, so the citizen's document never lies on disk unsealed.
  const int fd = ::memfd_create("mc-attachment", MFD_CLOEXEC);
  if (fd < 0) {
    error = std::string("memfd_create: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::vector<uint8_t> out;
  struct stat info {};
  const bool saved = document->save("/proc/self/fd/" + std::to_string(fd));
  if (saved && ::fstat(fd, &info) == 0 && info.st_size > 0) {
    out.resize(static_cast<size_t>(info.st_size));
    size_t done = 0;
    while (done < out.size()) {
      const ssize_t got = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(done));
      if (got <= 0) break;
      done += static_cast<size_t>(got);
    }
    out.resize(done);
  }
  ::close(fd);
  if (!saved || out.empty() || !looks_like_pdf(out)) {
    error = "poppler could not write the PDF";
    return std::nullopt;
  }
  return out;
}

std::optional<Raster> render_pdf_page(const std::vector<uint8_t>& pdf, int index, double dpi) {
  auto document = load_pdf(pdf);
  if (!document || document->is_locked() || index < 0 || index >= document->pages()) return std::nullopt;
  std::unique_ptr<poppler::page> page(document->create_page(index));
  if (!page) return std::nullopt;
  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  renderer.set_image_format(poppler::image::format_argb32);
  poppler::image image = renderer.render_page(page.get(), dpi, dpi);
  if (!image.is_valid()) return std::nullopt;
  Raster out;
  out.width = image.width();
  out.height = image.height();
  out.channels = 3;
  out.dpi = static_cast<int>(std::lround(dpi));
  out.pixels.resize(out.row_bytes() * static_cast<size_t>(out.height));
  const char* data = image.const_data();
  for (int y = 0; y < out.height; ++y) {
    // format_argb32 is 32 bits a pixel, 0xAARRGGBB in the machine's byte order (opaque: the paper is white).
    // (format_rgb24 is packed 3 bytes a pixel in poppler-cpp 22, not cairo's RGB24.)
    const auto* row = reinterpret_cast<const uint32_t*>(data + static_cast<size_t>(y) * image.bytes_per_row());
    uint8_t* target = out.pixels.data() + static_cast<size_t>(y) * out.row_bytes();
    for (int x = 0; x < out.width; ++x) {
      target[3 * x] = static_cast<uint8_t>(row[x] >> 16);
      target[3 * x + 1] = static_cast<uint8_t>(row[x] >> 8);
      target[3 * x + 2] = static_cast<uint8_t>(row[x]);
    }
  }
  return out;
}

std::optional<CapturedPage> page_from_image_file(const std::vector<uint8_t>& bytes, int default_dpi,
                                                 std::string& error) {
  Raster raster;
  std::vector<uint8_t> jpeg;
  if (auto info = jpeg_info(bytes); info && (info->components == 1 || info->components == 3)) {
    // A JPEG goes in as it is: no second generation of compression.
    std::string decode_error;
    auto decoded = decode_jpeg(bytes, decode_error);
    if (!decoded) {
      error = "the JPEG cannot be decoded: " + decode_error;
      return std::nullopt;
    }
    raster = std::move(*decoded);
    jpeg = bytes;
  } else {
    int width = 0, height = 0, channels = 0;
    if (bytes.empty() || bytes.size() > static_cast<size_t>(INT32_MAX)) {
      error = "not an image";
      return std::nullopt;
    }
    stbi_uc* pixels =
        stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &width, &height, &channels, 0);
    if (!pixels) {
      error = std::string("not an image the kiosk can read (") + stbi_failure_reason() + ")";
      return std::nullopt;
    }
    raster.width = width;
    raster.height = height;
    raster.channels = channels <= 2 ? 1 : 3;
    raster.pixels.resize(raster.row_bytes() * static_cast<size_t>(height));
    for (size_t i = 0; i < static_cast<size_t>(width) * height; ++i)
      for (int c = 0; c < raster.channels; ++c) raster.pixels[i * raster.channels + c] = pixels[i * channels + c];
    stbi_image_free(pixels);
  }
  if (raster.dpi <= 0) raster.dpi = default_dpi;
  if (jpeg.empty()) jpeg = encode_jpeg(raster, raster.colour() ? kColourQuality : kGreyQuality);
  CapturedPage page;
  page.jpeg = std::move(jpeg);
  page.width = raster.width;
  page.height = raster.height;
  page.dpi = raster.dpi;
  page.colour = raster.colour();
  Raster preview = preview_of(raster, 600, 848);
  page.preview_width = preview.width;
  page.preview_height = preview.height;
  page.preview_rgb = std::move(preview.pixels);
  return page;
}

}  // namespace mc::capture
