#!/usr/bin/env bash
# Builds the Cairn installer for the OS this runs on, with jpackage, into target/installer/:
#   Linux   -> cairn_<version>_<arch>.deb  (GTK/GL/Xtst added to Depends, see linux/control; the
#              menu entry best-effort, see linux/postinst and linux/prerm)
#   macOS   -> Cairn-<version>.dmg          (see macos/README.md)
#   Windows -> Cairn-<version>.msi          (Git Bash/MSYS; needs WiX, see windows/README.md)
# Input: target/cairn-app.jar, the app and its libraries in one jar, built first with
# `mvn -q -B -DskipTests package` (main class dev.cairn.Main); the installed app has it as
# cairn.jar. (target/cairn.jar is only the launcher that `java -jar` relaunches from: the
# installers' launchers start the app's JVM with its options themselves.) The app version is the pom's, without a -SNAPSHOT/-qualifier suffix,
# because jpackage accepts only dotted numbers.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/target/cairn-app.jar"
out="$root/target/installer"
main_class=dev.cairn.Main

# Modules the app needs at run time whatever jdeps sees in today's code: JavaFX and AWT
# (java.desktop), the SDK's HTTP and TLS (java.net.http, jdk.crypto.ec is loaded as a provider
# and invisible to jdeps), the Sandbox's server (jdk.httpserver), logback (java.naming, java.sql,
# java.management), Jackson/JavaFX internals (jdk.unsupported), scripting and flight recorder.
base_modules=java.base,java.desktop,java.logging,java.xml,java.net.http,jdk.httpserver,jdk.crypto.ec,java.naming,java.sql,jdk.unsupported,java.scripting,jdk.jfr,java.management,jdk.localedata,jdk.charsets,jdk.zipfs

if [[ ! -f "$jar" ]]; then
    echo "error: $jar is missing; run 'mvn -q -B -DskipTests package' first" >&2
    exit 1
fi
command -v jpackage >/dev/null || { echo "error: jpackage not found (needs a JDK 17+ on PATH)" >&2; exit 1; }

version=$(sed -n 's:.*<version>\([0-9][0-9.]*\).*</version>.*:\1:p' "$root/pom.xml" | head -n 1)
if [[ -z "$version" ]]; then
    echo "error: no project version found in pom.xml" >&2
    exit 1
fi

# jdeps finds what the bytecode uses; the fixed list adds what is loaded reflectively.
modules=$base_modules
if deps=$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps "$jar" 2>/dev/null) && [[ -n "$deps" ]]; then
    modules=$(printf '%s,%s' "$base_modules" "$deps" | tr ',' '\n' | sort -u | paste -sd, -)
else
    echo "note: jdeps could not analyse the jar; using the fixed module list" >&2
fi

# The app's JVM options (see dev.cairn.DesktopJvm) come from the jar, where the build copied them
# from the pom; the launcher passes them, so the app needs no relaunch. Lines that start with
# "linux:" are for Linux only, as DesktopJvm reads them.
java_options=()
cds_dump_options=()
opts_dir=$(mktemp -d)
(cd "$opts_dir" && jar xf "$jar" dev/cairn/desktop-jvm.options)
while read -r line; do
    if [[ "$line" == linux:* ]]; then
        [[ "$(uname -s)" == Linux ]] || continue
        line=${line#linux:}
    fi
    [[ -z "${line// }" || "$line" == \#* ]] && continue
    for opt in $line; do
        java_options+=(--java-options "$opt")
        cds_dump_options+=("$opt")
    done
done < "$opts_dir/dev/cairn/desktop-jvm.options"
rm -rf "$opts_dir"

# Class data sharing (see dev.cairn.DesktopJvm): the launcher maps the classes a start loads from
# an AppCDS archive beside the jar, $APPDIR/cairn.jsa, when there is one that matches
# (-Xshare:auto: a missing or stale archive is ignored). A JDK 17 archive names the jar's absolute
# path and the runtime it was made with, so the one `mvn package` made cannot travel: on Linux the
# package's postinst makes it at install time from the class list `mvn package` recorded
# (target/cairn.classlist), with the installed runtime's java and the desktop JVM options (an
# archive is used only by a JVM with the same compressed-oops setting, which ZGC turns off).
# Elsewhere there is no such step yet: the app starts as without an archive.
# Mapped at the address it was made for (dev.cairn.DesktopJvm.MAP_AT_ITS_ADDRESS): relocating it
# to a random one, this JDK's default, costs most of what the archive saves.
java_options+=(--java-options "-XX:+UnlockDiagnosticVMOptions" --java-options "-XX:ArchiveRelocationMode=0")
# The launcher gives the options itself: the app never relaunches (and does not even look).
java_options+=(--java-options "-Dcairn.relaunch=false")
java_options+=(--java-options "-XX:SharedArchiveFile=\$APPDIR/cairn.jsa" --java-options "-Xshare:auto")

# jpackage copies its whole --input folder into the app: the jar, and on Linux what postinst needs.
rm -rf "$out"
mkdir -p "$out/input"
cp "$jar" "$out/input/cairn.jar"
jlink_options="--strip-debug --no-header-files --no-man-pages --strip-native-commands"
if [[ "$(uname -s)" == Linux && -f "$root/target/cairn.classlist" ]]; then
    cp "$root/target/cairn.classlist" "$out/input/"
    printf '%s\n' "${cds_dump_options[*]}" > "$out/input/cairn.cds-options"
    # postinst runs the runtime's own java to make the archive: keep bin/java (about 20 KB).
    jlink_options="--strip-debug --no-header-files --no-man-pages"
elif [[ "$(uname -s)" == Linux ]]; then
    echo "note: target/cairn.classlist is missing (packaged with -Dcds.skip=true?); the app will start without a CDS archive" >&2
fi

# `cairn --version` prints the jar's Implementation-Version, and "development build" without
# one (a jar from `mvn package`): the installed app's jar carries the package's version.
printf 'Implementation-Version: %s\n' "$version" > "$out/version.mf"
jar --update --file "$out/input/cairn.jar" --manifest "$out/version.mf"
rm "$out/version.mf"

# The package name is lower-case on Linux (Debian policy); the app name on macOS/Windows.
case "$(uname -s)" in
    Linux) name=cairn ;;
    *) name=Cairn ;;
esac

common=(
    --name "$name"
    --app-version "$version"
    --vendor "Cairn"
    --description "Guided, visible, reversible AWS environments"
    --input "$out/input"
    --main-jar cairn.jar
    --main-class "$main_class"
    "${java_options[@]}"
    --add-modules "$modules"
    --jlink-options "$jlink_options"
    --dest "$out"
)

case "$(uname -s)" in
    Linux)
        jpackage "${common[@]}" \
            --type deb \
            --icon "$root/icons/cairn-256.png" \
            --resource-dir "$root/installer/linux" \
            --linux-package-name cairn \
            --linux-deb-maintainer "cairn@localhost" \
            --linux-menu-group Development \
            --linux-app-category devel \
            --linux-shortcut
        ;;
    Darwin)
        jpackage "${common[@]}" \
            --type dmg \
            --icon "$root/icons/cairn.icns" \
            --resource-dir "$root/installer/macos" \
            --mac-package-identifier dev.cairn.app \
            --mac-package-name Cairn
        ;;
    MINGW* | MSYS* | CYGWIN*)
        jpackage "${common[@]}" \
            --type msi \
            --icon "$root/icons/cairn.ico" \
            --resource-dir "$root/installer/windows" \
            --win-menu --win-menu-group Cairn \
            --win-shortcut --win-dir-chooser \
            --win-upgrade-uuid 6f1c1a52-6b1e-4c53-9d0e-2b1f4d0c7a11
        ;;
    *)
        echo "error: no installer recipe for $(uname -s)" >&2
        exit 1
        ;;
esac

rm -rf "$out/input"
ls -l "$out"
