#!/bin/sh
# Regenerates the Cairn app icon in every size the installers need (see IconMaker.java).
# Needs only a JDK 17+: `java File.java` compiles and runs the single-file program.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
java -Djava.awt.headless=true "$here/IconMaker.java" "$here"
# The Windows and macOS jpackage resource folders take the icon by the app's name.
cp "$here/cairn.ico" "$here/../installer/windows/Cairn.ico"
cp "$here/cairn.icns" "$here/../installer/macos/Cairn.icns"
