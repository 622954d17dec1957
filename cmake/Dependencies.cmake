# Every dependency comes from Debian's packages (scripts/setup.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)                                  # SQLite::SQLite3
find_package(nlohmann_json 3.11 REQUIRED)                       # nlohmann_json::nlohmann_json
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus) # PkgConfig::TOMLPP
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
find_package(CURL REQUIRED)                                     # CURL::libcurl
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
find_package(ZXing REQUIRED)                                    # ZXing::ZXing
pkg_check_modules(V4L2 REQUIRED IMPORTED_TARGET libv4l2)
find_package(Freetype REQUIRED)                                 # Freetype::Freetype
pkg_check_modules(PQ REQUIRED IMPORTED_TARGET libpq)          # PkgConfig::PQ: the office database
find_package(Cups)                                              # optional: CUPS raw queue transport
# Document capture (capture/): SANE scanners, libjpeg-turbo, cairo's PDF surface, poppler to read PDFs back.
pkg_check_modules(SANE REQUIRED IMPORTED_TARGET sane-backends)  # PkgConfig::SANE
find_package(JPEG REQUIRED)                                     # JPEG::JPEG (libjpeg62-turbo)
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo)         # PkgConfig::CAIRO
pkg_check_modules(POPPLER_CPP REQUIRED IMPORTED_TARGET poppler-cpp)
pkg_check_modules(ESPEAK REQUIRED IMPORTED_TARGET espeak-ng)    # PkgConfig::ESPEAK (mc_voice)
find_package(SDL2 REQUIRED CONFIG)                              # SDL2::SDL2: the kiosk, and mc_voice's audio output
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo cairo-pdf)  # PDF forms (mc_documents)
find_package(OpenSSL 3 REQUIRED)                                # OpenSSL::Crypto (ID-card chip: BAC, PACE, CMS)
pkg_check_modules(PCSCLITE REQUIRED IMPORTED_TARGET libpcsclite) # PC/SC card readers
pkg_check_modules(OPENJP2 REQUIRED IMPORTED_TARGET libopenjp2)  # JPEG 2000 face images on the chip

# stb's implementations live in libstb.so: include the headers without *_IMPLEMENTATION.
find_library(STB_LIBRARY stb REQUIRED)
add_library(mc_stb INTERFACE)
target_include_directories(mc_stb INTERFACE /usr/include/stb)
target_link_libraries(mc_stb INTERFACE ${STB_LIBRARY})

if(MC_BUILD_UI)
  find_package(OpenGL REQUIRED)                                 # OpenGL::GL
  pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)       # PkgConfig::IMGUI
  # libimgui.a is static and gcc links --as-needed: its dependencies must follow it.
  target_link_libraries(PkgConfig::IMGUI INTERFACE Freetype::Freetype SDL2::SDL2 ${CMAKE_DL_LIBS})
endif()

if(MC_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)                               # Catch2::Catch2
  include(Catch)
  # CTest splits a discovered test name at ';' and then runs a name Catch does not know: without
  # `--warn NoTests` that "passes" having run nothing. Every discovered test fails instead when it runs none.
  function(catch_discover_tests target)
    _catch_discover_tests(${target} ${ARGN} EXTRA_ARGS --warn NoTests)
  endfunction()
endif()

set(MC_FONT_REGULAR /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf CACHE FILEPATH "Regular UI/receipt font")
set(MC_FONT_BOLD /usr/share/fonts/truetype/noto/NotoSans-Bold.ttf CACHE FILEPATH "Bold UI/receipt font")
