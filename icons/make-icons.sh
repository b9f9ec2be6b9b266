#!/bin/sh
# Regenerates the Cairn app icon in every size the installers need (see IconMaker.java).
# Needs only a JDK 17+: `java File.java` compiles and runs the single-file program.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec java -Djava.awt.headless=true "$here/IconMaker.java" "$here"
