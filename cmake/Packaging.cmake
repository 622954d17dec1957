# The Debian package mot-cua-kiosk_<version>_amd64.deb, built by CPack:
#   cmake --build build --target package        (writes build/packages/mot-cua-kiosk_<version>_amd64.deb)
#
# Layout (Debian's, bookworm):
#   /usr/bin/kioskctl, /usr/bin/mot-cua-kiosk     the tool and the kiosk application (built as `kiosk`)
#   /usr/share/mot-cua-kiosk/                    assets/ without deploy/ (found beside the programs at run time)
#   /etc/mot-cua-kiosk/kiosk.toml                the example site configuration, a conffile
#   /lib/systemd/system/mot-cua-kiosk.service    the kiosk session; /usr/lib/systemd/user/mot-cua-counter.service
#   /usr/share/doc/mot-cua-kiosk/                copyright, changelog, examples/prometheus/ (alert rules)
# The `kiosk` user and /var/lib/mot-cua-kiosk come from the maintainer scripts in packaging/debian/.
#
# Install components: "common" (everything but the programs), "release" (the programs of this build).
# tests/package/ adds "upgrade_test" (EXCLUDE_FROM_ALL): the same programs relinked as version N+1 with one
# more queue schema step, packaged with "common" by its own CPack configuration.
include(GNUInstallDirs)

set(MC_PACKAGE_NAME mot-cua-kiosk)
set(MC_PACKAGE_MAINTAINER "Một Cửa Kiosk developers <kiosk@mot-cua.example.org>")
set(MC_PACKAGE_DOC_DIR ${CMAKE_INSTALL_DATAROOTDIR}/doc/${MC_PACKAGE_NAME})
set(MC_PACKAGE_SOURCE_DIR ${CMAKE_SOURCE_DIR}/packaging/debian)
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# mc_package_files(VERSION COMPONENT OUTPUT_DIR): the version-specific files of one package (preinst and
# changelog.gz) in OUTPUT_DIR, and an install rule for the changelog in COMPONENT. Sets
# MC_PACKAGE_CONTROL_EXTRA in the caller to the control files to pass to CPack.
function(mc_package_files version component output_dir)
  set(MC_PACKAGE_VERSION ${version})
  string(TIMESTAMP MC_PACKAGE_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
  configure_file(${MC_PACKAGE_SOURCE_DIR}/preinst.in ${output_dir}/preinst @ONLY
                 FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ
                                  WORLD_EXECUTE)
  configure_file(${MC_PACKAGE_SOURCE_DIR}/changelog.in ${output_dir}/changelog @ONLY)
  # Debian wants it compressed with gzip -9n (no name, no time stamp in the header).
  execute_process(COMMAND gzip -9nc ${output_dir}/changelog OUTPUT_FILE ${output_dir}/changelog.gz
                  COMMAND_ERROR_IS_FATAL ANY)
  install(FILES ${output_dir}/changelog.gz DESTINATION ${MC_PACKAGE_DOC_DIR} COMPONENT ${component}
          ${ARGN})
  set(MC_PACKAGE_CONTROL_EXTRA
      ${output_dir}/preinst ${MC_PACKAGE_SOURCE_DIR}/postinst ${MC_PACKAGE_SOURCE_DIR}/prerm
      ${MC_PACKAGE_SOURCE_DIR}/postrm ${MC_PACKAGE_SOURCE_DIR}/conffiles
      PARENT_SCOPE)
endfunction()

# mc_install_programs(COMPONENT KIOSK_TARGET KIOSKCTL_TARGET [EXCLUDE_FROM_ALL]): the two programs under
# their installed names, stripped by CPack.
function(mc_install_programs component kiosk_target kioskctl_target)
  install(TARGETS ${kioskctl_target} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT ${component} ${ARGN})
  if(TARGET ${kiosk_target})
    install(TARGETS ${kiosk_target} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT ${component} ${ARGN})
    # `kiosk` is too general a name for /usr/bin; install(TARGETS) cannot rename, and only it strips.
    get_target_property(built_name ${kiosk_target} OUTPUT_NAME)
    if(NOT built_name)
      set(built_name ${kiosk_target})
    endif()
    if(NOT built_name STREQUAL MC_PACKAGE_NAME)
      install(CODE "file(RENAME \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/${built_name}\"
                                \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/${MC_PACKAGE_NAME}\")"
              COMPONENT ${component} ${ARGN})
    endif()
  endif()
endfunction()

# --- common: everything but the programs
install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/ DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/${MC_PACKAGE_NAME}
        COMPONENT common PATTERN deploy EXCLUDE)
install(FILES ${CMAKE_SOURCE_DIR}/assets/deploy/kiosk.example.toml DESTINATION /etc/${MC_PACKAGE_NAME}
        RENAME kiosk.toml COMPONENT common)
install(FILES ${CMAKE_SOURCE_DIR}/assets/deploy/mot-cua-kiosk.service DESTINATION /lib/systemd/system
        COMPONENT common)
install(FILES ${CMAKE_SOURCE_DIR}/assets/deploy/mot-cua-counter.service
        DESTINATION lib/systemd/user COMPONENT common)
install(FILES ${MC_PACKAGE_SOURCE_DIR}/copyright DESTINATION ${MC_PACKAGE_DOC_DIR} COMPONENT common)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/packaging)  # a fresh build tree has none yet
foreach(page kioskctl.1 mot-cua-kiosk.1)
  execute_process(COMMAND gzip -9nc ${MC_PACKAGE_SOURCE_DIR}/${page} OUTPUT_FILE ${CMAKE_BINARY_DIR}/packaging/${page}.gz
                  COMMAND_ERROR_IS_FATAL ANY)
  install(FILES ${CMAKE_BINARY_DIR}/packaging/${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT common)
endforeach()
if(EXISTS ${CMAKE_SOURCE_DIR}/assets/deploy/prometheus)
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/deploy/prometheus DESTINATION ${MC_PACKAGE_DOC_DIR}/examples
          COMPONENT common)
endif()

# --- release: the programs of this build
mc_install_programs(release kiosk kioskctl)
mc_package_files(${PROJECT_VERSION} release ${CMAKE_BINARY_DIR}/packaging/release)

# --- CPack
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${MC_PACKAGE_NAME})
set(CPACK_PACKAGE_VENDOR "Một Cửa Kiosk developers")
set(CPACK_PACKAGE_CONTACT ${MC_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
# /etc and /lib/systemd are absolute destinations: CPack stages everything under DESTDIR, with this prefix.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "self-service kiosk for Vietnam's one-stop offices (bộ phận một cửa)")
# The long description; CPack puts the summary above it and formats it for the control file.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "A full-screen touch application that guides a citizen through filing an
administrative procedure, reads the QR code of the citizen ID card, keeps
every dossier in an encrypted local queue synced to the ministry's one-stop
system, and prints the official receipt on a thermal printer. Also a staff
mode for counter officers, queue tickets and a waiting-room display.

kioskctl is the command-line tool for IT officers: status, queue, sync,
configuration checks and Prometheus metrics.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${MC_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://mot-cua.example.org/")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What dpkg-shlibdeps cannot see: the maintainer scripts' adduser, the fonts the UI and receipts load by path.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, fonts-noto-core")
# cage runs the kiosk session; mesa renders where the machine has no other GL driver; pcscd is the daemon the
# ID card's chip reader is reached through (libpcsclite only talks to it).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "cage, libgl1-mesa-dri, libegl-mesa0, libglx-mesa0, pcscd")
# node_exporter reads the metrics file; CUPS serves the office's A4/A5 printer (printer.office_queue).
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "prometheus-node-exporter, cups")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${MC_PACKAGE_CONTROL_EXTRA})
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
